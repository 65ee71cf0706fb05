package history

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stepd/stepd/jsonv"
)

func TestForLogLeavesSmallPayloads(t *testing.T) {
	for _, typ := range Types() {
		e := sampleEvent(typ)
		if got := ForLog(e); got.Details != e.Details {
			t.Errorf("%s: small event was copied", typ)
		}
	}
}

func TestForLogTruncates(t *testing.T) {
	tests := []struct {
		name    string
		payload string
		wantLen int
	}{
		{"ascii", strings.Repeat("a", 300*1024), LogPayloadLimit},
		{"exactly at the limit", strings.Repeat("a", LogPayloadLimit), LogPayloadLimit},
		{"escapes count twice", strings.Repeat(`"`, 200*1024), LogPayloadLimit / 2},
		{"control characters count six", strings.Repeat("\x01", 50*1024), LogPayloadLimit / 6},
		{"multi-byte runes stay whole", strings.Repeat("€", 100*1024), LogPayloadLimit / 3 * 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := &StateEnteredEventDetails{Name: "S", Input: tt.payload, InputDetails: NotTruncated()}
			e := Event{ID: 2, PreviousEventID: 1, Timestamp: sampleTime, Type: TaskStateEntered, Details: orig}
			got := ForLog(e).Details.(*StateEnteredEventDetails)
			if len(got.Input) != tt.wantLen {
				t.Errorf("cut to %d bytes, want %d", len(got.Input), tt.wantLen)
			}
			if !utf8.ValidString(got.Input) {
				t.Error("cut inside a character")
			}
			if jsonv.Size(got.Input)-2 > LogPayloadLimit {
				t.Errorf("escaped size %d over the limit", jsonv.Size(got.Input)-2)
			}
			cut := len(tt.payload) != tt.wantLen
			if got.InputDetails.Truncated != cut {
				t.Errorf("truncated = %v, want %v", got.InputDetails.Truncated, cut)
			}
			if orig.Input != tt.payload || orig.InputDetails.Truncated {
				t.Error("ForLog modified its argument")
			}
		})
	}
}

func TestForLogEveryPayloadShape(t *testing.T) {
	big := strings.Repeat("x", LogPayloadLimit+1)
	cases := []Details{
		&ExecutionStartedEventDetails{Input: big},
		&ActivityScheduledEventDetails{Resource: "r", Input: big},
		&LambdaFunctionScheduledEventDetails{Resource: "r", Input: big},
		&OutputDetails{Output: big},
		&TaskOutputDetails{ResourceType: "lambda", Resource: "invoke", Output: big},
		&StateExitedEventDetails{Name: "S", Output: big},
	}
	for _, d := range cases {
		e := ForLog(Event{Details: d})
		wire := string(appendDetailsJSON(nil, e.Details))
		if !strings.Contains(wire, `Details":{"truncated":true}`) || len(wire) > LogPayloadLimit+200 {
			t.Errorf("%T not truncated: %d bytes", d, len(wire))
		}
	}
}

func TestForLogVariables(t *testing.T) {
	half := strings.Repeat("v", LogPayloadLimit/2)
	d := &StateExitedEventDetails{Name: "S", Output: "{}", AssignedVariables: Variables{{"a", `"` + half + `"`}, {"b", `"` + half + `"`}, {"c", "1"}}}
	got := ForLog(Event{Details: d}).Details.(*StateExitedEventDetails)
	if len(got.AssignedVariables) != 1 || got.AssignedVariables[0].Name != "a" {
		t.Errorf("kept %d variables", len(got.AssignedVariables))
	}
	if got.AssignedVariablesDetails == nil || !got.AssignedVariablesDetails.Truncated {
		t.Error("assignedVariablesDetails not marked")
	}
	if got.OutputDetails != nil || got.Output != "{}" {
		t.Error("output touched")
	}
	if len(d.AssignedVariables) != 3 {
		t.Error("ForLog modified its argument")
	}
}
