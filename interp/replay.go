package interp

import (
	"bytes"
	"fmt"

	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
)

// ReplayError reports a history that Decide would not have produced.
type ReplayError struct {
	Code    string // one of the Replay* codes
	EventID int64
	Msg     string
}

// Codes of ReplayError.
const (
	// ReplayEmpty: there are no events.
	ReplayEmpty = "EMPTY_HISTORY"
	// ReplayNotStarted: the first event is not ExecutionStarted.
	ReplayNotStarted = "NOT_STARTED"
	// ReplayUnexpected: no input explains the event, or it differs from
	// what Decide produced at that point.
	ReplayUnexpected = "UNEXPECTED_EVENT"
	// ReplayIncomplete: the history ends in the middle of a decision.
	ReplayIncomplete = "INCOMPLETE_DECISION"
	// ReplayBadEvent: an event cannot be decoded (e.g. its payload is not
	// JSON).
	ReplayBadEvent = "BAD_EVENT"
	// ReplayOutsideHistory: the input behind the event is not in the
	// history: a Distributed Map's MapRunSucceeded, whose output (the
	// children's) AWS does not record in the parent.
	ReplayOutsideHistory = "OUTSIDE_HISTORY"
)

func (e *ReplayError) Error() string {
	return fmt.Sprintf("interp: replay: %s at event %d: %s", e.Code, e.EventID, e.Msg)
}

// Replay rebuilds the state of an execution from its history. exec gives
// what the history does not record: the ARNs, names and the seed.
func Replay(m *machine.Machine, exec Execution, events []history.Event) (*State, error) {
	if len(events) == 0 {
		return nil, &ReplayError{Code: ReplayEmpty, Msg: "the history has no events"}
	}
	if events[0].Type != history.ExecutionStarted {
		return nil, &ReplayError{Code: ReplayNotStarted, EventID: events[0].ID, Msg: "the first event is " + string(events[0].Type) + ", not ExecutionStarted"}
	}
	s := New(m)
	s.Execution = exec
	var err error
	for _, e := range events {
		if s, err = Apply(m, s, e); err != nil {
			return nil, err
		}
	}
	if len(s.replay) > 0 {
		return nil, &ReplayError{Code: ReplayIncomplete, EventID: s.replay[0].ID, Msg: "the history ends before event " + string(s.replay[0].Type) + " of the same decision"}
	}
	return s, nil
}

// Apply folds one history event into the state. The first event of each
// decision is matched to the input that caused it (see the package
// documentation) and Decide is re-run at the event's time; the decision's
// other events are then checked one by one against what Decide produced.
// Before the first event, s must carry the Execution (see Replay).
func Apply(m *machine.Machine, s *State, e history.Event) (*State, error) {
	if len(s.replay) > 0 {
		want := s.replay[0]
		if !sameEvent(want, e) {
			return nil, &ReplayError{Code: ReplayUnexpected, EventID: e.ID, Msg: "recorded " + describe(e) + " but the decision produced " + describe(want)}
		}
		ns := *s
		ns.replay = s.replay[1:]
		return &ns, nil
	}
	cands, err := candidates(s, e)
	if err != nil {
		return nil, err
	}
	for _, in := range cands {
		dec, err := Decide(m, s, in, Env{Now: e.Timestamp, Seed: s.Execution.Seed})
		if err != nil || len(dec.Events) == 0 || !sameEvent(dec.Events[0], e) {
			continue
		}
		dec.State.replay = dec.Events[1:]
		return dec.State, nil
	}
	return nil, &ReplayError{Code: ReplayUnexpected, EventID: e.ID, Msg: "no input explains " + describe(e) + " here"}
}

func describe(e history.Event) string {
	b, _ := history.AppendJSON(nil, e)
	if len(b) > 300 {
		b = append(b[:300], "..."...)
	}
	return string(b)
}

func sameEvent(a, b history.Event) bool {
	x, err1 := history.AppendJSON(nil, a)
	y, err2 := history.AppendJSON(nil, b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

// candidates lists the inputs that could have caused event e.
func candidates(s *State, e history.Event) ([]Input, error) {
	bad := func(msg string) error { return &ReplayError{Code: ReplayBadEvent, EventID: e.ID, Msg: msg} }
	parse := func(text string) (jsonv.Value, error) {
		if text == "" {
			return nil, nil
		}
		v, err := jsonv.Parse([]byte(text))
		if err != nil {
			return nil, bad("payload is not JSON: " + err.Error())
		}
		return v, nil
	}
	if s.Status == "" {
		if e.Type != history.ExecutionStarted {
			return nil, &ReplayError{Code: ReplayNotStarted, EventID: e.ID, Msg: "the first event is " + string(e.Type) + ", not ExecutionStarted"}
		}
		d, _ := e.Details.(*history.ExecutionStartedEventDetails)
		if d == nil {
			return nil, bad("ExecutionStarted without details")
		}
		in, err := parse(d.Input)
		if err != nil {
			return nil, err
		}
		exec := s.Execution
		exec.RoleArn = d.RoleArn
		return []Input{StartExecution{Execution: exec, Input: in}}, nil
	}
	var tasks []string
	timers := s.PendingTimers()
	find(s.Root, nil, func(t *Thread) bool {
		if t.TaskID != "" && t.Phase == PhaseTask {
			tasks = append(tasks, t.TaskID)
		}
		return false
	})
	var out []Input
	switch e.Type {
	case history.TaskStarted, history.LambdaFunctionStarted, history.ActivityStarted:
		var worker string
		if d, ok := e.Details.(*history.ActivityStartedEventDetails); ok {
			worker = d.WorkerName
		}
		for _, id := range tasks {
			out = append(out, TaskStarted{TaskID: id, WorkerName: worker})
		}
	case history.TaskSubmitted:
		var text string
		if d, ok := e.Details.(*history.TaskOutputDetails); ok {
			text = d.Output
		}
		v, err := parse(text)
		if err != nil {
			return nil, err
		}
		for _, id := range tasks {
			out = append(out, TaskSubmitted{TaskID: id, Output: v})
		}
	case history.TaskSucceeded, history.LambdaFunctionSucceeded, history.ActivitySucceeded:
		var text string
		switch d := e.Details.(type) {
		case *history.TaskOutputDetails:
			text = d.Output
		case *history.OutputDetails:
			text = d.Output
		}
		v, err := parse(text)
		if err != nil {
			return nil, err
		}
		for _, id := range tasks {
			out = append(out, TaskSucceeded{TaskID: id, Output: v})
		}
	case history.TaskFailed, history.LambdaFunctionFailed, history.ActivityFailed:
		name, cause, _ := e.Failure()
		for _, id := range tasks {
			out = append(out, TaskFailed{TaskID: id, Error: name, Cause: cause})
		}
	case history.MapRunSucceeded:
		return nil, &ReplayError{Code: ReplayOutsideHistory, EventID: e.ID, Msg: "the output of a Map Run is not in the parent's history"}
	case history.MapRunFailed:
		// A run's success cannot be replayed: its output is not in the
		// history (MapRunSucceeded has no details).
		name, cause, _ := e.Failure()
		find(s.Root, nil, func(t *Thread) bool {
			if t.Phase == PhaseMapRun {
				out = append(out, MapRunEnded{MapRunARN: t.MapRun, Status: StatusFailed, Error: name, Cause: cause})
			}
			return false
		})
	case history.ExecutionAborted:
		name, cause, _ := e.Failure()
		out = append(out, StopExecution{Error: name, Cause: cause})
	case history.ExecutionFailed:
		// Only an execution failed from outside starts a decision with it
		// (its state machine was deleted); a failing state's decision
		// records it after the state's own events.
		name, cause, _ := e.Failure()
		out = append(out, StopExecution{Error: name, Cause: cause, Failed: true})
	case history.ExecutionRedriven:
		out = append(out, RedriveExecution{})
	default:
		for _, id := range timers {
			out = append(out, TimerFired{TimerID: id})
		}
	}
	return out, nil
}
