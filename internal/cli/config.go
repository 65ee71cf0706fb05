package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/alecthomas/kong"
	"gopkg.in/yaml.v3"
)

// ConfigFileDefault is read from the working directory when present;
// --config names another file. Its keys are flag names (listen, data-dir,
// …); flags and environment variables take precedence over it.
const ConfigFileDefault = "stepd.yaml"

// settings is the whole config file: flag values, and the sections that
// configure task runners.
type settings struct {
	// Dir is the config file's directory; relative paths in the sections
	// resolve against it.
	Dir string `yaml:"-"`

	Runners runnerSettings `yaml:",inline"`
	// Flags holds every other key: flag names, checked by configResolver.
	Flags map[string]any `yaml:",inline"`
}

// decodeSettings reads a config file. Keys inside the runner sections are
// checked strictly; top-level keys are checked against the flags later.
func decodeSettings(r io.Reader) (*settings, error) {
	var s settings
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil && err != io.EOF {
		return nil, fmt.Errorf("config file: %w", err)
	}
	if f, ok := r.(interface{ Name() string }); ok {
		s.Dir = filepath.Dir(f.Name())
	}
	return &s, nil
}

// loadConfig is kong's configuration loader for stepd.yaml. Unknown keys are
// errors, so a typo cannot silently fall back to a default.
func loadConfig(r io.Reader) (kong.Resolver, error) {
	s, err := decodeSettings(r)
	if err != nil {
		return nil, err
	}
	return configResolver(s.Flags), nil
}

type configResolver map[string]any

func (c configResolver) Validate(app *kong.Application) error {
	known := map[string]bool{}
	_ = kong.Visit(app, func(node kong.Visitable, next kong.Next) error {
		if flag, ok := node.(*kong.Flag); ok {
			known[flag.Name] = true
		}
		return next(nil)
	})
	var unknown []string
	for key := range c {
		if !known[key] {
			unknown = append(unknown, key)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return fmt.Errorf("config file: unknown setting %s (settings are flag names, e.g. listen, data-dir)", strings.Join(unknown, ", "))
	}
	return nil
}

func (c configResolver) Resolve(_ *kong.Context, _ *kong.Path, flag *kong.Flag) (any, error) {
	v, ok := c[flag.Name]
	if !ok {
		return nil, nil
	}
	// kong consults resolvers before environment variables; stepd's order
	// is flags > environment > file > defaults, so a set variable wins.
	for _, env := range flag.Envs {
		if _, set := os.LookupEnv(env); set {
			return nil, nil
		}
	}
	// kong parses resolved values as text, like flag values.
	switch v.(type) {
	case map[string]any, []any:
		return nil, fmt.Errorf("config file: %s must be a single value", flag.Name)
	}
	return fmt.Sprint(v), nil
}
