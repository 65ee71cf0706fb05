package history

import (
	"strconv"
	"time"
)

// Event is one HistoryEvent. Timestamp has millisecond precision on every
// encoding; whoever creates the event sets it (this package never reads the
// clock). Details is nil or the struct Type carries (Type.DetailsField).
//
// Events are values: treat the Details they point to as immutable once the
// event is appended.
type Event struct {
	ID              int64
	PreviousEventID int64
	Timestamp       time.Time
	Type            EventType
	Details         Details
}

// check reports whether e's type is known and its details fit it.
func (e *Event) check() (*typeInfo, error) {
	info := e.Type.info()
	if info == nil {
		return nil, newError(CodeUnknownType, e.ID, "unknown event type "+quote(string(e.Type)))
	}
	if e.Details != nil && e.Details.shape() != info.shape {
		return nil, newError(CodeDetailsMismatch, e.ID, string(e.Type)+" cannot carry "+shapeName(e.Details.shape()))
	}
	return info, nil
}

// StateName is the name of the state the event is about, when its details
// say: StateEntered / StateExited, MapIteration (the Map state) and
// EvaluationFailed events.
func (e *Event) StateName() string {
	switch d := e.Details.(type) {
	case *StateEnteredEventDetails:
		return d.Name
	case *StateExitedEventDetails:
		return d.Name
	case *MapIterationEventDetails:
		return d.Name
	case *EvaluationFailedEventDetails:
		return d.State
	}
	return ""
}

// Failure returns the error and cause recorded by a failure, abort or
// time-out event; ok is false for events that carry none.
func (e *Event) Failure() (errName, cause string, ok bool) {
	switch d := e.Details.(type) {
	case *ErrorDetails:
		return d.Error, d.Cause, true
	case *TaskErrorDetails:
		return d.Error, d.Cause, true
	case *EvaluationFailedEventDetails:
		return d.Error, d.Cause, true
	}
	return "", "", false
}

// NotTruncated is the inputDetails / outputDetails AWS sends next to every
// payload in GetExecutionHistory: {"truncated": false}. Each call returns a
// fresh value.
func NotTruncated() *DataDetails { return &DataDetails{} }

var shapeNames = [...]string{
	shapeNone:              "no details",
	shapeError:             "ErrorDetails",
	shapeActivityScheduled: "ActivityScheduledEventDetails",
	shapeActivityStarted:   "ActivityStartedEventDetails",
	shapeOutput:            "OutputDetails",
	shapeTaskError:         "TaskErrorDetails",
	shapeTaskScheduled:     "TaskScheduledEventDetails",
	shapeTaskStarted:       "TaskStartedEventDetails",
	shapeTaskOutput:        "TaskOutputDetails",
	shapeExecutionStarted:  "ExecutionStartedEventDetails",
	shapeExecutionRedriven: "ExecutionRedrivenEventDetails",
	shapeMapStateStarted:   "MapStateStartedEventDetails",
	shapeMapIteration:      "MapIterationEventDetails",
	shapeLambdaScheduled:   "LambdaFunctionScheduledEventDetails",
	shapeStateEntered:      "StateEnteredEventDetails",
	shapeStateExited:       "StateExitedEventDetails",
	shapeMapRunStarted:     "MapRunStartedEventDetails",
	shapeMapRunRedriven:    "MapRunRedrivenEventDetails",
	shapeEvaluationFailed:  "EvaluationFailedEventDetails",
}

func shapeName(s shape) string {
	if int(s) < len(shapeNames) {
		return shapeNames[s]
	}
	return "unknown details"
}

// quote quotes s for an error message, shortened: s may be hostile input.
func quote(s string) string {
	const max = 64
	if len(s) > max {
		return strconv.Quote(s[:max]) + "..."
	}
	return strconv.Quote(s)
}
