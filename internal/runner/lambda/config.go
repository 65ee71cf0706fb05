package lambda

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Function is one locally hosted function, as declared under functions:
// in stepd.yaml. It runs either a command that speaks the Lambda Runtime
// API (a Go binary built with aws-lambda-go, a custom runtime's bootstrap)
// or a Python handler through stepd's own runtime client.
type Function struct {
	// Command is the process to start (argv). Relative paths in it are
	// looked up from Dir, like a shell started there would.
	Command []string `yaml:"command"`
	// Runtime is "python3" when Handler names a Python function.
	Runtime string `yaml:"runtime"`
	// Handler is module.function for the python3 runtime.
	Handler string `yaml:"handler"`
	// Dir is the working directory; relative to the config file's
	// directory. The config file's directory when empty.
	Dir string `yaml:"dir"`
	// Env is added to the process environment (after the Lambda variables,
	// so it may override AWS_REGION and the like, but not the Runtime API
	// address).
	Env map[string]string `yaml:"env"`
	// Timeout is the invocation time limit in seconds; TimeoutDefault when
	// zero (not set).
	Timeout Seconds `yaml:"timeout"`
	// Concurrency caps the instances running at once; ConcurrencyDefault
	// when zero.
	Concurrency int `yaml:"concurrency"`
	// Warm is how many idle instances are kept between invocations;
	// WarmDefault when nil. 0 starts a process per invocation.
	Warm *int `yaml:"warm"`
}

// Defaults for Function.
const (
	TimeoutDefault     = 3 // Lambda's default
	ConcurrencyDefault = 10
	WarmDefault        = 1
	// TimeoutMax is Lambda's upper bound (15 minutes).
	TimeoutMax = 900
)

// Seconds is a whole number of seconds in the config file.
type Seconds int

// UnmarshalYAML refuses fractions, text and values below 1 with a message
// that names the line (the decoder knows no more of where it is).
func (s *Seconds) UnmarshalYAML(n *yaml.Node) error {
	// Decoding into an int would truncate 2.5 to 2.
	i, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || err != nil || i < 1 || i > TimeoutMax {
		return fmt.Errorf("line %d: timeout: must be a whole number of seconds from 1 to %d, got %s", n.Line, TimeoutMax, n.Value)
	}
	*s = Seconds(i)
	return nil
}

// RuntimePython3 is the one runtime stepd hosts itself; anything else runs
// as a command.
const RuntimePython3 = "python3"

var (
	functionNameRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	pythonNameRE   = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)
)

// reservedEnv are variables the host sets to reach the instance; letting
// env override them would cut the process off from its invocations.
var reservedEnv = []string{"AWS_LAMBDA_RUNTIME_API", "_HANDLER", "AWS_LAMBDA_FUNCTION_NAME", "LAMBDA_TASK_ROOT"}

// Validate checks one function's settings; name is its key under
// functions:. Errors name the key, as functions.NAME.FIELD.
func (f Function) Validate(name string) error {
	key := "functions." + name
	var errs []error
	bad := func(field, format string, args ...any) {
		k := key
		if field != "" {
			k += "." + field
		}
		errs = append(errs, fmt.Errorf("%s: %s", k, fmt.Sprintf(format, args...)))
	}
	if !functionNameRE.MatchString(name) {
		bad("", "a function name is 1 to 64 letters, digits, hyphens (-) or underscores (_)")
	}
	switch {
	case len(f.Command) > 0 && (f.Runtime != "" || f.Handler != ""):
		bad("", "set command, or runtime and handler, not both")
	case len(f.Command) > 0:
		if strings.TrimSpace(f.Command[0]) == "" {
			bad("command", "the first element (the program) must not be empty")
		}
	case f.Runtime == "" && f.Handler == "":
		bad("", "set command, or runtime and handler")
	case f.Runtime == "":
		bad("runtime", "required with handler (runtime: %s)", RuntimePython3)
	case f.Runtime != RuntimePython3:
		bad("runtime", "unknown runtime %q: stepd hosts %s handlers itself; run any other runtime with command", f.Runtime, RuntimePython3)
	case f.Handler == "":
		bad("handler", "required with runtime %s (module.function)", f.Runtime)
	case !strings.Contains(f.Handler, ".") || !pythonNameRE.MatchString(f.Handler):
		bad("handler", "%q must be module.function (for example app.handler)", f.Handler)
	}
	if f.Timeout < 0 || f.Timeout > TimeoutMax {
		bad("timeout", "must be a whole number of seconds from 1 to %d, got %d", TimeoutMax, f.Timeout)
	}
	if f.Concurrency < 0 {
		bad("concurrency", "must be at least 1, got %d", f.Concurrency)
	}
	if f.Warm != nil && *f.Warm < 0 {
		bad("warm", "must be 0 or more, got %d", *f.Warm)
	} else if f.Warm != nil && *f.Warm > f.concurrency() {
		bad("warm", "%d idle instances exceed concurrency %d", *f.Warm, f.concurrency())
	}
	for _, k := range slices.Sorted(maps.Keys(f.Env)) {
		switch {
		case k == "" || strings.ContainsAny(k, "=\x00"):
			bad("env", "%q is not a valid variable name", k)
		case slices.Contains(reservedEnv, k):
			bad("env."+k, "is set by stepd to reach the function and cannot be overridden")
		}
	}
	return errors.Join(errs...)
}

// ValidateFunctions checks every function, in name order.
func ValidateFunctions(functions map[string]Function) error {
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(functions)) {
		if err := functions[name].Validate(name); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (f Function) timeout() int {
	if f.Timeout == 0 {
		return TimeoutDefault
	}
	return int(f.Timeout)
}

func (f Function) concurrency() int {
	if f.Concurrency == 0 {
		return ConcurrencyDefault
	}
	return f.Concurrency
}

func (f Function) warm() int {
	if f.Warm == nil {
		return min(WarmDefault, f.concurrency())
	}
	return *f.Warm
}
