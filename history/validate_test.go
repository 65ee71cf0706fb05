package history

import (
	"errors"
	"testing"
)

// chain builds a history of the given types with ids 1..n, each event
// pointing to the one before it.
func chain(types ...EventType) []Event {
	out := make([]Event, len(types))
	for i, typ := range types {
		out[i] = Event{ID: int64(i) + 1, PreviousEventID: int64(i), Timestamp: sampleTime, Type: typ, Details: sampleDetails(typ)}
	}
	return out
}

func TestValidate(t *testing.T) {
	edit := func(events []Event, f func([]Event)) []Event { f(events); return events }
	tests := []struct {
		name    string
		events  []Event
		code    Code
		eventID int64
	}{
		{"ok", chain(ExecutionStarted, PassStateEntered, PassStateExited, ExecutionSucceeded), "", 0},
		{"ok started only", chain(ExecutionStarted), "", 0},
		{"ok redriven twice", chain(ExecutionStarted, TaskStateEntered, ExecutionFailed, ExecutionRedriven, ExecutionTimedOut, ExecutionRedriven, TaskStateExited, ExecutionSucceeded), "", 0},
		{"ok aborted then redriven", chain(ExecutionStarted, ExecutionAborted, ExecutionRedriven), "", 0},
		{"ok details nil", edit(chain(ExecutionStarted, PassStateEntered), func(e []Event) { e[1].Details = nil }), "", 0},
		{"ok parallel branches point back", edit(chain(ExecutionStarted, ParallelStateEntered, ParallelStateStarted, PassStateEntered, PassStateEntered),
			func(e []Event) { e[4].PreviousEventID = 3 }), "", 0},
		{"empty", nil, CodeEmpty, 0},
		{"first not started", chain(PassStateEntered), CodeFirstEvent, 1},
		{"started twice", chain(ExecutionStarted, ExecutionStarted), CodeFirstEvent, 2},
		{"first previous not zero", edit(chain(ExecutionStarted), func(e []Event) { e[0].PreviousEventID = 1 }), CodePreviousEvent, 1},
		{"id gap", edit(chain(ExecutionStarted, PassStateEntered, PassStateExited), func(e []Event) { e[2].ID = 4 }), CodeIDGap, 4},
		{"id zero", edit(chain(ExecutionStarted), func(e []Event) { e[0].ID = 0 }), CodeIDGap, 0},
		{"previous points forward", edit(chain(ExecutionStarted, PassStateEntered), func(e []Event) { e[1].PreviousEventID = 2 }), CodePreviousEvent, 2},
		{"previous zero later", edit(chain(ExecutionStarted, PassStateEntered), func(e []Event) { e[1].PreviousEventID = 0 }), CodePreviousEvent, 2},
		{"previous negative", edit(chain(ExecutionStarted, PassStateEntered), func(e []Event) { e[1].PreviousEventID = -1 }), CodePreviousEvent, 2},
		{"unknown type", edit(chain(ExecutionStarted, PassStateEntered), func(e []Event) { e[1].Type = "Bogus" }), CodeUnknownType, 2},
		{"details mismatch", edit(chain(ExecutionStarted, PassStateEntered), func(e []Event) { e[1].Details = &TaskStartedEventDetails{} }), CodeDetailsMismatch, 2},
		{"event after success", chain(ExecutionStarted, ExecutionSucceeded, PassStateEntered), CodeAfterClose, 3},
		{"event after failure", chain(ExecutionStarted, ExecutionFailed, PassStateEntered), CodeAfterClose, 3},
		{"two closes", chain(ExecutionStarted, ExecutionFailed, ExecutionAborted), CodeAfterClose, 3},
		{"redrive while running", chain(ExecutionStarted, ExecutionRedriven), CodeRedrive, 2},
		{"redrive after success", chain(ExecutionStarted, ExecutionSucceeded, ExecutionRedriven), CodeRedrive, 3},
		{"redrive twice", chain(ExecutionStarted, ExecutionFailed, ExecutionRedriven, ExecutionRedriven), CodeRedrive, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(tt.events)
			if tt.code == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			var he *Error
			if !errors.As(err, &he) {
				t.Fatalf("got %v, want code %s", err, tt.code)
			}
			if he.Code != tt.code || he.EventID != tt.eventID {
				t.Errorf("got %s at event %d (%v), want %s at event %d", he.Code, he.EventID, err, tt.code, tt.eventID)
			}
			if !errors.Is(err, &Error{Code: tt.code}) {
				t.Error("errors.Is does not match the bare code")
			}
		})
	}
}

func TestErrorText(t *testing.T) {
	err := Validate(chain(ExecutionStarted, ExecutionSucceeded, PassStateEntered))
	want := "EventAfterExecutionClosed (event 3): PassStateEntered after ExecutionSucceeded"
	if err == nil || err.Error() != want {
		t.Errorf("got %q, want %q", err, want)
	}
}
