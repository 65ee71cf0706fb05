package interp

import (
	"strings"

	"github.com/stepd/stepd/jsonv"
	"testing"
	"time"

	"github.com/stepd/stepd/machine"
)

// StringMatches: https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
// ("*" matches any run of characters; "\\*" a literal star).
func TestGlobMatch(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"log-*.txt", "log-2024.txt", true},
		{"log-*.txt", "log-.txt", true},
		{"log-*.txt", "log-2024.csv", false},
		{"*", "", true},
		{"*", "anything", true},
		{"a*b*c", "abc", true},
		{"a*b*c", "aXbYc", true},
		{"a*b*c", "aXbY", false},
		{`a\*b`, "a*b", true},
		{`a\*b`, "axb", false},
		{`a\\b`, `a\b`, true},
		{"exact", "exact", true},
		{"exact", "exactly", false},
		{"*.*.*", "a.b", false},
		{"*.*.*", "a.b.c", true},
	}
	for _, tt := range tests {
		if got := globMatch(tt.pattern, tt.s); got != tt.want {
			t.Errorf("globMatch(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.want)
		}
	}
}

// Error names: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
func TestErrorMatches(t *testing.T) {
	tests := []struct {
		list []string
		name string
		want bool
	}{
		{[]string{"States.ALL"}, "Custom", true},
		{[]string{"States.ALL"}, "States.Timeout", true},
		{[]string{"States.ALL"}, "States.Runtime", false},
		{[]string{"States.ALL"}, "States.DataLimitExceeded", false},
		{[]string{"States.DataLimitExceeded"}, "States.DataLimitExceeded", true},
		{[]string{"States.TaskFailed"}, "Lambda.ServiceException", true},
		{[]string{"States.TaskFailed"}, "States.Timeout", false},
		{[]string{"States.TaskFailed"}, "States.HeartbeatTimeout", true},
		{[]string{"States.Runtime"}, "States.Runtime", false},
		{[]string{"A", "B"}, "B", true},
		{[]string{"a"}, "A", false},
	}
	for _, tt := range tests {
		if got := errorMatches(tt.list, tt.name); got != tt.want {
			t.Errorf("errorMatches(%v, %q) = %v, want %v", tt.list, tt.name, got, tt.want)
		}
	}
}

// Back-off: IntervalSeconds × BackoffRate^attempt, capped by MaxDelaySeconds.
func TestBackoff(t *testing.T) {
	d := &decider{s: &State{}}
	r := &machine.Retrier{IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 5, MaxDelaySeconds: 10}
	var got []time.Duration
	for i := int64(0); i < 5; i++ {
		got = append(got, d.backoff(r, i))
	}
	want := []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second, 10 * time.Second, 10 * time.Second}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("backoff = %v, want %v", got, want)
		}
	}
	r.JitterFull = true
	d.rng.State = 7
	for i := int64(0); i < 50; i++ {
		if j := d.backoff(r, 1); j < 0 || j > 4*time.Second {
			t.Fatalf("jittered delay %v outside [0, 4s]", j)
		}
	}
}

// TestEncodeMatchesJSONV: the memoising encoder writes exactly what
// jsonv.Marshal writes, also when parts are shared between values.
func TestEncodeMatchesJSONV(t *testing.T) {
	shared := jsonv.MustParse(`{"items":[` + strings.Repeat(`{"k":"v\u00e9\n","n":1.50},`, 20) + `{"z":null}],"s":"\u2028<>&"}`)
	a := jsonv.ObjectOf("shared", shared, "x", jsonv.Int(1))
	b := jsonv.ObjectOf("x", true, "shared", shared, "arr", []jsonv.Value{shared, shared, "s"})
	d := &decider{}
	for _, v := range []jsonv.Value{shared, a, b, a, shared, []jsonv.Value{}, nil, "str"} {
		if got, want := d.encode(v), jsonv.String(v); got != want {
			t.Fatalf("encode = %s\nwant %s", got, want)
		}
	}
}
