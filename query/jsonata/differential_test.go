package jsonata

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stepd/stepd/jsonv"
)

// TestDifferential evaluates testdata/differential/cases.txt with both this
// package and the reference jsonata-js 2.0.6 (run by node) and compares
// results as JSON text (so member order counts) or error codes. It runs
// only where node and the npm module (npm ci in that directory) exist.
func TestDifferential(t *testing.T) {
	t.Run("cases", func(t *testing.T) {
		differential(t, "cases.txt", "input.json")
	})
	t.Run("keyorder", func(t *testing.T) {
		differential(t, "keyorder.txt", "")
	})
	for _, name := range []string{"arrayinput", "scalarinput", "nullinput"} {
		t.Run(name, func(t *testing.T) {
			differential(t, name+".txt", "")
		})
	}
}

func differential(t *testing.T, casesFile, inputFile string) {
	dir := filepath.Join("testdata", "differential")
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "jsonata", "package.json")); err != nil {
		t.Skip("jsonata-js not installed: run npm ci in " + dir)
	}
	src, err := os.ReadFile(filepath.Join(dir, casesFile))
	if err != nil {
		t.Fatal(err)
	}
	inputText := []byte(`{"b":1,"2":2,"a":{"10":1,"x":2,"1":3}}`)
	if first, _, _ := strings.Cut(string(src), "\n"); strings.HasPrefix(first, "# input: ") {
		inputText = []byte(strings.TrimPrefix(first, "# input: "))
	}
	if inputFile != "" {
		inputText, err = os.ReadFile(filepath.Join(dir, inputFile))
		if err != nil {
			t.Fatal(err)
		}
	}
	var exprs []string
	for _, line := range strings.Split(string(src), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "# ") {
			exprs = append(exprs, line)
		}
	}
	type jsCase struct {
		Expr  string          `json:"expr"`
		Input json.RawMessage `json:"input"`
	}
	var cases []jsCase
	for _, e := range exprs {
		cases = append(cases, jsCase{Expr: e, Input: inputText})
	}
	payload, _ := json.Marshal(cases)
	cmd := exec.Command(node, "run.js")
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(payload)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var ref []struct {
		Result    *string `json:"result"`
		Undefined bool    `json:"undefined"`
		Code      string  `json:"code"`
		Message   string  `json:"message"`
		Position  *int    `json:"position"`
	}
	if err := json.Unmarshal(out, &ref); err != nil {
		t.Fatal(err)
	}
	input := jsonv.MustParse(string(inputText))
	for i, expr := range exprs {
		want := ref[i]
		var got string
		e, err := Compile(expr)
		if err == nil {
			var v jsonv.Value
			var defined bool
			v, defined, err = e.Evaluate(input, nil, &Options{NowMillis: 1_700_000_000_000})
			if err == nil {
				if defined {
					got = "result " + jsonv.String(v)
				} else {
					got = "undefined"
				}
			}
		}
		if err != nil {
			je := err.(*Error)
			got = "error " + je.Code
			if want.Code == je.Code {
				if want.Message != je.Message {
					t.Errorf("%s\n got message: %s\nwant message: %s", expr, je.Message, want.Message)
				}
				if want.Position != nil && *want.Position != je.Position {
					t.Errorf("%s\n got position %d, want %d", expr, je.Position, *want.Position)
				}
			}
		}
		var w string
		switch {
		case want.Code != "":
			w = "error " + want.Code
		case want.Undefined:
			w = "undefined"
		default:
			w = "result " + jsonv.String(jsonv.MustParse(*want.Result))
		}
		if w == "error JSERROR" && strings.HasPrefix(got, "error ") {
			continue // jsonata-js let a JavaScript error through; any error agrees
		}
		if got != w {
			t.Errorf("%s\n got: %s\nwant: %s", expr, got, w)
		}
	}
}

// TestDifferentialSuite runs every suite case through jsonata-js as well
// and compares the exact JSON text (member order included) of results, and
// the message and position of errors.
func TestDifferentialSuite(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	dir := filepath.Join("testdata", "differential")
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "jsonata", "package.json")); err != nil {
		t.Skip("jsonata-js not installed: run npm ci in " + dir)
	}
	all := loadSuite(t)
	type jsCase struct {
		Expr     string                     `json:"expr"`
		Input    json.RawMessage            `json:"input,omitempty"`
		Bindings map[string]json.RawMessage `json:"bindings,omitempty"`
	}
	var cases []suiteCase
	var payload []jsCase
	for _, c := range all {
		if c.Timelimit > 0 || c.Depth > 0 {
			continue
		}
		in := c.Data
		if c.Dataset != "" {
			data, err := os.ReadFile(filepath.Join(suiteDir, "datasets", c.Dataset+".json"))
			if err != nil {
				t.Fatal(err)
			}
			in = data
		}
		if string(in) == "null" && c.Dataset == "" {
			in = nil
		}
		cases = append(cases, c)
		payload = append(payload, jsCase{Expr: c.Expr, Input: in, Bindings: c.Bindings})
	}
	data, _ := json.Marshal(payload)
	cmd := exec.Command(node, "run.js")
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var ref []struct {
		Result    *string `json:"result"`
		Undefined bool    `json:"undefined"`
		Code      string  `json:"code"`
		Message   string  `json:"message"`
		Position  *int    `json:"position"`
	}
	if err := json.Unmarshal(out, &ref); err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		want := ref[i]
		var input jsonv.Value = Undefined
		if len(payload[i].Input) > 0 {
			input = jsonv.MustParse(string(payload[i].Input))
		}
		bindings := map[string]jsonv.Value{}
		for k, raw := range c.Bindings {
			bindings[k] = jsonv.MustParse(string(raw))
		}
		var got string
		e, err := Compile(c.Expr)
		if err == nil {
			var v jsonv.Value
			var defined bool
			v, defined, err = e.Evaluate(input, bindings, &Options{NowMillis: 1_700_000_000_000})
			if err == nil {
				got = "undefined"
				if defined {
					got = "result " + jsonv.String(v)
				}
			}
		}
		if err != nil {
			je := err.(*Error)
			got = "error " + je.Code
			if want.Code == je.Code && want.Message != je.Message {
				t.Errorf("%s: %s\n got message: %s\nwant message: %s", c.Name, c.Expr, je.Message, want.Message)
			}
			if want.Code == je.Code && want.Position != nil && *want.Position != je.Position {
				t.Errorf("%s: %s\n got position %d, want %d", c.Name, c.Expr, je.Position, *want.Position)
			}
		}
		var w string
		switch {
		case want.Code != "":
			w = "error " + want.Code
		case want.Undefined:
			w = "undefined"
		default:
			w = "result " + jsonv.String(jsonv.MustParse(*want.Result))
		}
		if got != w && !(w == "error JSERROR" && strings.HasPrefix(got, "error ")) {
			t.Errorf("%s: %s\n got: %.300s\nwant: %.300s", c.Name, c.Expr, got, w)
		}
	}
}
