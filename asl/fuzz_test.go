package asl

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics, always returns either a machine
// or a diagnostic for malformed input, and keeps to its diagnostic cap.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.asl.json")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(strings.Repeat(`{"Not":`, 5000) + `{}` + strings.Repeat(`}`, 5000)))
	f.Fuzz(func(t *testing.T, data []byte) {
		sm, ds := Parse(data)
		if sm == nil && len(ds) == 0 {
			t.Fatal("nil machine without diagnostics")
		}
		if len(ds) > MaxDiagnostics+1 {
			t.Fatalf("%d diagnostics, cap is %d", len(ds), MaxDiagnostics)
		}
		for _, d := range ds {
			if d.Line < 1 || d.Column < 1 || d.Code == "" {
				t.Fatalf("bad diagnostic %+v", d)
			}
		}
		_ = Expressions(sm)
		Walk(sm, func(st State, _ *Scope) bool { _ = Transitions(st); return true })
	})
}
