package history

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/*.json from what the codec produces")

// renderHistory writes a GetExecutionHistory response body the way the
// golden files hold it: compact events, one per line.
func renderHistory(t *testing.T, events []Event) []byte {
	t.Helper()
	out := []byte("{\"events\":[\n")
	for i, e := range events {
		if i > 0 {
			out = append(out, ",\n"...)
		}
		var err error
		if out, err = AppendJSON(out, e); err != nil {
			t.Fatal(err)
		}
	}
	return append(out, "\n]}\n"...)
}

// The golden histories are hand-written in AWS's wire form (following the
// API reference and the developer guide's example histories). Each must
// survive Unmarshal / Marshal byte for byte, the storage codec event for
// event, and Validate.
func TestGoldenHistories(t *testing.T) {
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var page struct {
				Events []Event `json:"events"`
			}
			if err := json.Unmarshal(data, &page); err != nil {
				t.Fatal(err)
			}
			got := renderHistory(t, page.Events)
			if *update {
				if err := os.WriteFile(file, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if !bytes.Equal(got, data) {
				t.Errorf("wire round trip differs (-want +got):\n%s", cmp.Diff(string(data), string(got)))
			}
			if err := Validate(page.Events); err != nil {
				t.Errorf("Validate: %v", err)
			}
			decoded := make([]Event, len(page.Events))
			for i, e := range page.Events {
				rec, err := Encode(e)
				if err != nil {
					t.Fatal(err)
				}
				if decoded[i], err = Decode(rec); err != nil {
					t.Fatal(err)
				}
			}
			if diff := cmp.Diff(page.Events, decoded); diff != "" {
				t.Errorf("storage round trip (-want +got):\n%s", diff)
			}
			if again := renderHistory(t, decoded); !bytes.Equal(again, data) {
				t.Errorf("wire form after storage differs:\n%s", cmp.Diff(string(data), string(again)))
			}
		})
	}
}
