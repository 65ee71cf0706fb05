package history

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// goldenEvents returns every event of the golden histories, to seed fuzzing.
func goldenEvents(tb testing.TB) []Event {
	tb.Helper()
	files, _ := filepath.Glob("testdata/*.json")
	var all []Event
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			tb.Fatal(err)
		}
		var page struct {
			Events []Event `json:"events"`
		}
		if err := json.Unmarshal(data, &page); err != nil {
			tb.Fatal(err)
		}
		all = append(all, page.Events...)
	}
	return all
}

func FuzzUnmarshalJSON(f *testing.F) {
	for _, e := range goldenEvents(f) {
		wire, err := AppendJSON(nil, e)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(wire)
	}
	for _, typ := range Types() {
		wire, _ := AppendJSON(nil, sampleEvent(typ))
		f.Add(wire)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var e Event
		if err := json.Unmarshal(data, &e); err != nil {
			return
		}
		wire, err := AppendJSON(nil, e)
		if err != nil {
			t.Fatalf("parsed event does not marshal: %v", err)
		}
		var back Event
		if err := json.Unmarshal(wire, &back); err != nil {
			t.Fatalf("re-parse %s: %v", wire, err)
		}
		if !cmp.Equal(e, back) {
			t.Fatalf("re-parse differs: %s", cmp.Diff(e, back))
		}
		if _, err := Encode(e); err != nil && e.ID >= 0 && e.PreviousEventID >= 0 {
			t.Fatalf("parsed event does not encode: %v", err)
		}
	})
}
