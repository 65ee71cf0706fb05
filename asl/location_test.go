package asl

import (
	"os"
	"testing"
)

func TestDiagnosticLocation(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"state_unknown_field", "/States/A"},
		{"no_terminal_state", ""},
		{"choice_rule_next_missing_target", "/States/A/Choices[0]/Next"},
		{"catch_next_missing_target", "/States/A/Catch[0]/Next"},
		{"choice_default_missing_target", "/States/A/Default"},
		{"jsonpath_state_output", "/States/A"},
		{"jsonpath_state_in_jsonata_machine", "/States/A"},
		{"map_processor_query_language", "/States/A/ItemProcessor"},
		{"choice_rule_missing_next", "/States/A/Choices[0]"},
		{"parallel_branch_no_terminal", ""},
		{"state_unreachable", "/States/B"},
		{"retry_backoff_rate_below_one", "/States/A/Retry[0]/BackoffRate"},
	} {
		data, err := os.ReadFile("testdata/invalid/" + tc.file + ".asl.json")
		if err != nil {
			t.Fatal(err)
		}
		_, ds := Parse(data)
		if len(ds) != 1 {
			t.Errorf("%s: want one diagnostic, got %d", tc.file, len(ds))
			continue
		}
		if ds[0].Location != tc.want {
			t.Errorf("%s: Location = %q, want %q", tc.file, ds[0].Location, tc.want)
		}
	}
}

func TestSourceLocation(t *testing.T) {
	src := NewSource([]byte(`{"States":{"a/b~c":{"Branches":[{"States":{"0":{}}}]}}}`))
	for ptr, want := range map[string]string{
		"":                                     "",
		"/States/a~1b~0c":                      "/States/a/b~c",
		"/States/a~1b~0c/Branches/0/States/0":  "/States/a/b~c/Branches[0]/States/0",
		"/States/a~1b~0c/Branches/0/Missing/1": "/States/a/b~c/Branches[0]/Missing/1",
		"/States/a~1b~0c/Branches/7/States":    "/States/a/b~c/Branches[7]/States",
	} {
		if got := src.Location(ptr); got != want {
			t.Errorf("Location(%q) = %q, want %q", ptr, got, want)
		}
	}
	if d := src.Diagnostic("X", "/States/a~1b~0c", "m"); d.Location != "/States/a/b~c" {
		t.Errorf("Diagnostic Location = %q", d.Location)
	}
}
