package lambda

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"gopkg.in/yaml.v3"
)

// loadFunctions reads a stepd.yaml's functions: section the way the CLI
// does: yaml.v3 with unknown keys refused.
func loadFunctions(t *testing.T, path string) map[string]Function {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var file map[string]yaml.Node
	if err := yaml.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	node, ok := file["functions"]
	if !ok {
		t.Fatalf("%s has no functions:", path)
	}
	section, err := yaml.Marshal(&node)
	if err != nil {
		t.Fatal(err)
	}
	var functions map[string]Function
	dec := yaml.NewDecoder(bytes.NewReader(section))
	dec.KnownFields(true)
	if err := dec.Decode(&functions); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if err := ValidateFunctions(functions); err != nil {
		t.Fatal(err)
	}
	return functions
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestExamples runs each example's workflow on its declared functions,
// through the engine, with the example's input.
func TestExamples(t *testing.T) {
	for _, tc := range []struct {
		dir    string
		input  string // "" for the example's input.json
		output string
		python bool
	}{
		{dir: "go-function", output: `{"orderId":"o-1001","status":"charged","charged":42,"attempt":2}`},
		{dir: "go-function", input: `{"orderId":"o-9","amount":5000}`, output: `{"orderId":"o-9","status":"declined","error":{"errorMessage":"5000 is over the card limit","errorType":"PaymentDeclined"}}`},
		{dir: "python-function", output: `{"greeting":"Hello, Ada!","function":"greet"}`, python: true},
		{dir: "python-function", input: `{}`, output: `{"greeting":"Hello, whoever you are!"}`, python: true},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			if tc.python {
				if _, err := exec.LookPath("python3"); err != nil {
					t.Skip("python3 is not on PATH")
				}
			}
			dir := filepath.Join("..", "..", "..", "examples", tc.dir)
			functions := loadFunctions(t, filepath.Join(dir, "stepd.yaml"))
			h, logs := newHost(t, functions, Options{BaseDir: dir})
			e, sm := engineWith(t, h, readFile(t, filepath.Join(dir, "workflow.asl.json")))
			input := tc.input
			if input == "" {
				input = readFile(t, filepath.Join(dir, "input.json"))
			}
			ex := execute(t, e, sm, input)
			if ex.Status != "SUCCEEDED" || string(ex.Output) != tc.output {
				t.Fatalf("%s %s %s %s\nwant output %s\nlogs:\n%s", ex.Status, ex.Output, ex.Error, ex.Cause, tc.output, logs.String())
			}
		})
	}
}
