package asl

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the .want files of testdata/invalid")

func render(ds Diagnostics) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

func TestParseValid(t *testing.T) {
	files, _ := filepath.Glob("testdata/valid/*.asl.json")
	if len(files) == 0 {
		t.Fatal("no valid test cases")
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".asl.json"), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			sm, ds := Parse(data)
			if len(ds) != 0 {
				t.Fatalf("want no diagnostics, got:\n%s", render(ds))
			}
			if sm == nil || sm.States.Len() == 0 {
				t.Fatal("no machine")
			}
		})
	}
}

func TestParseInvalid(t *testing.T) {
	files, _ := filepath.Glob("testdata/invalid/*.asl.json")
	if len(files) == 0 {
		t.Fatal("no invalid test cases")
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".asl.json"), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			_, ds := Parse(data)
			got := render(ds)
			wantFile := strings.TrimSuffix(f, ".asl.json") + ".want"
			if *update {
				if err := os.WriteFile(wantFile, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatalf("%v (run go test ./asl -update)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("diagnostics differ (-want +got):\n%s", diff)
			}
			if !ds.HasErrors() && !strings.HasPrefix(filepath.Base(f), "warning_") {
				t.Errorf("an invalid case must produce at least one error")
			}
		})
	}
}
