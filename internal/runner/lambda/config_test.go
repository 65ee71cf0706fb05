package lambda

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		yaml string
		want string // "" when valid
	}{
		{"greet", "command: [./greet]", ""},
		{"greet", "runtime: python3\nhandler: app.handler\ntimeout: 900\nconcurrency: 2\nwarm: 0", ""},
		{"greet", "dir: x", "functions.greet: set command, or runtime and handler"},
		{"greet", "command: [x]\nruntime: python3\nhandler: a.b", "functions.greet: set command, or runtime and handler, not both"},
		{"greet", "command: ['']", "functions.greet.command: the first element (the program) must not be empty"},
		{"greet", "handler: app.handler", "functions.greet.runtime: required with handler (runtime: python3)"},
		{"greet", "runtime: nodejs20.x\nhandler: index.handler", `functions.greet.runtime: unknown runtime "nodejs20.x": stepd hosts python3 handlers itself; run any other runtime with command`},
		{"greet", "runtime: python3", "functions.greet.handler: required with runtime python3 (module.function)"},
		{"greet", "runtime: python3\nhandler: app", `functions.greet.handler: "app" must be module.function (for example app.handler)`},
		{"greet", "command: [x]\ntimeout: -1", "line 2: timeout: must be a whole number of seconds from 1 to 900, got -1"},
		{"greet", "command: [x]\ntimeout: 0", "line 2: timeout: must be a whole number of seconds from 1 to 900, got 0"},
		{"greet", "command: [x]\ntimeout: 2.5", "line 2: timeout: must be a whole number of seconds from 1 to 900, got 2.5"},
		{"greet", "command: [x]\ntimeout: soon", "line 2: timeout: must be a whole number of seconds from 1 to 900, got soon"},
		{"greet", "command: [x]\ntimeout: 901", "line 2: timeout: must be a whole number of seconds from 1 to 900, got 901"},
		{"greet", "command: [x]\nconcurrency: -2", "functions.greet.concurrency: must be at least 1, got -2"},
		{"greet", "command: [x]\nwarm: -1", "functions.greet.warm: must be 0 or more, got -1"},
		{"greet", "command: [x]\nconcurrency: 2\nwarm: 3", "functions.greet.warm: 3 idle instances exceed concurrency 2"},
		{"greet", "command: [x]\nenv: {AWS_LAMBDA_RUNTIME_API: x}", "functions.greet.env.AWS_LAMBDA_RUNTIME_API: is set by stepd to reach the function and cannot be overridden"},
		{"bad name", "command: [x]", "functions.bad name: a function name is 1 to 64 letters, digits, hyphens (-) or underscores (_)"},
	} {
		var f Function
		dec := yaml.NewDecoder(strings.NewReader(tc.yaml))
		dec.KnownFields(true)
		err := dec.Decode(&f)
		if err == nil {
			err = f.Validate(tc.name)
		}
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("%q:\n got %q\nwant %q", tc.yaml, got, tc.want)
		}
	}
}

func TestValidateFunctionsAndNew(t *testing.T) {
	var cfg struct {
		Functions map[string]Function `yaml:"functions"`
	}
	dec := yaml.NewDecoder(strings.NewReader("functions:\n  b: {timeout: 5}\n  a: {command: [x], warm: -1}\n"))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil {
		t.Fatal(err)
	}
	want := "functions.a.warm: must be 0 or more, got -1\nfunctions.b: set command, or runtime and handler"
	if err := ValidateFunctions(cfg.Functions); err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
	if _, err := New(cfg.Functions, Options{}); err == nil || err.Error() != want {
		t.Fatalf("New: %v", err)
	}
	// Unknown keys are the decoder's to refuse.
	dec = yaml.NewDecoder(strings.NewReader("functions:\n  a: {command: [x], memory: 128}\n"))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err == nil || !strings.Contains(err.Error(), "field memory not found") {
		t.Fatalf("memory: %v", err)
	}
	if _, err := New(map[string]Function{"a": {Command: []string{"x"}, Dir: "no/such/dir"}}, Options{BaseDir: t.TempDir()}); err == nil || !strings.HasPrefix(err.Error(), "functions.a.dir: ") {
		t.Fatalf("dir: %v", err)
	}
}

func TestValidateGoValues(t *testing.T) {
	// Values built in Go skip the decoder's checks; Validate still holds.
	for _, tc := range []struct {
		f    Function
		want string
	}{
		{Function{Command: []string{"x"}, Timeout: -1}, "functions.f.timeout: must be a whole number of seconds from 1 to 900, got -1"},
		{Function{Command: []string{"x"}, Timeout: 901}, "functions.f.timeout: must be a whole number of seconds from 1 to 900, got 901"},
	} {
		if err := tc.f.Validate("f"); err == nil || err.Error() != tc.want {
			t.Errorf("got %v, want %s", err, tc.want)
		}
	}
}
