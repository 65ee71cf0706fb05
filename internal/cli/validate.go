package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/stepd/stepd/asl"
)

type validateCmd struct {
	Files  []string `arg:"" name:"file" help:"Definition files (.json, .asl.json, .yaml, .yml)." type:"existingfile"`
	Format string   `help:"Output format: text, or json (the ValidateStateMachineDefinition response)." enum:"text,json" default:"text"`
}

// validateResponse is the shape of AWS's ValidateStateMachineDefinition
// response, one per file.
type validateResponse struct {
	File        string               `json:"file,omitempty"`
	Result      string               `json:"result"`
	Diagnostics []validateDiagnostic `json:"diagnostics"`
	Truncated   bool                 `json:"truncated"`
}

type validateDiagnostic struct {
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
	Location string `json:"location,omitempty"`
}

func (c *validateCmd) Run(g *Globals) error {
	failed := false
	var responses []validateResponse
	for _, file := range c.Files {
		diags, err := validateFile(file)
		if err != nil {
			return err
		}
		if diags.HasErrors() {
			failed = true
		}
		switch c.Format {
		case "json":
			responses = append(responses, toResponse(file, diags))
		default:
			for _, d := range diags {
				fmt.Fprintf(g.stdout, "%s:%s\n", file, d)
			}
		}
	}
	if c.Format == "json" {
		enc := json.NewEncoder(g.stdout)
		enc.SetIndent("", "  ")
		var out any = responses
		if len(responses) == 1 {
			out = responses[0]
		}
		if err := enc.Encode(out); err != nil {
			return err
		}
	}
	if failed {
		return exitError{1}
	}
	return nil
}

// validateFile reads one definition and returns every diagnostic, positioned
// in the file as written (YAML positions for YAML files).
func validateFile(file string) (asl.Diagnostics, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	ext := strings.ToLower(filepath.Ext(file))
	if ext != ".yaml" && ext != ".yml" {
		return checkDefinition(data), nil
	}
	js, positions, err := yamlToJSON(data)
	if err != nil {
		return asl.Diagnostics{{Severity: asl.SeverityError, Code: "INVALID_YAML_DESCRIPTION", Line: 1, Column: 1, Message: err.Error()}}, nil
	}
	diags := checkDefinition(js)
	for i := range diags {
		p := nearestPosition(positions, diags[i].Path)
		diags[i].Line, diags[i].Column = p.Line, p.Column
	}
	return diags, nil
}

// nearestPosition finds the position of pointer, or of its nearest parent
// when the pointer names a missing field.
func nearestPosition(positions map[string]position, pointer string) position {
	for {
		if p, ok := positions[pointer]; ok {
			return p
		}
		i := strings.LastIndexByte(pointer, '/')
		if i < 0 {
			return position{1, 1}
		}
		pointer = pointer[:i]
	}
}

// checkDefinition runs every create-time check AWS runs.
func checkDefinition(data []byte) asl.Diagnostics {
	_, diags := asl.Parse(data)
	return diags
}

// maxDiagnostics is ValidateStateMachineDefinition's default maxResults.
const maxDiagnostics = 100

func toResponse(file string, diags asl.Diagnostics) validateResponse {
	r := validateResponse{File: file, Result: "OK", Diagnostics: []validateDiagnostic{}}
	if diags.HasErrors() {
		r.Result = "FAIL"
	}
	for i, d := range diags {
		if i == maxDiagnostics {
			r.Truncated = true
			break
		}
		r.Diagnostics = append(r.Diagnostics, validateDiagnostic{Severity: string(d.Severity), Code: d.Code, Message: d.Message, Location: d.Location})
	}
	return r
}
