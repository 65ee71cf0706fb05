package asl

import (
	"fmt"
	"sort"
	"strings"
)

// Severity grades a Diagnostic like AWS's ValidateStateMachineDefinition.
type Severity string

// Severities.
const (
	SeverityError   Severity = "ERROR"
	SeverityWarning Severity = "WARNING"
)

// Diagnostic is one problem found in a definition. Path is the JSON pointer
// of the offending value; Line and Column (1-based, columns in runes) locate
// it in the source.
type Diagnostic struct {
	Severity Severity
	Code     string
	Path     string
	Line     int
	Column   int
	Message  string
	// Location is where AWS's ValidateStateMachineDefinition would report
	// the problem, in its own notation ("/States/C/Choices[0]/Next"); AWS
	// sometimes names the enclosing object rather than the field, and gives
	// no location at all for a machine without a terminal state ("").
	Location string
}

// String renders "LINE:COL: CODE: message (at /pointer)".
func (d Diagnostic) String() string {
	at := d.Path
	if at == "" {
		at = "/"
	}
	s := fmt.Sprintf("%d:%d: %s: %s (at %s)", d.Line, d.Column, d.Code, d.Message, at)
	if d.Severity == SeverityWarning {
		s += " [warning]"
	}
	return s
}

// Diagnostics is a list of problems, sorted by source position.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic is an error (not a warning).
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity != SeverityWarning {
			return true
		}
	}
	return false
}

// Errors returns only the error diagnostics.
func (ds Diagnostics) Errors() Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Severity != SeverityWarning {
			out = append(out, d)
		}
	}
	return out
}

// Error joins the diagnostics one per line, so Diagnostics can be returned
// as an error (use Err to get a nil error when there are no errors).
func (ds Diagnostics) Error() string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

// Err returns ds as an error when it holds at least one error, else nil.
func (ds Diagnostics) Err() error {
	if ds.HasErrors() {
		return ds
	}
	return nil
}

// Sort orders diagnostics by line, column, then path, code and message, so
// output is stable.
func (ds Diagnostics) Sort() {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Message < b.Message
	})
}
