package history

// EventType is one of the values of the API's HistoryEventType enum.
type EventType string

// The HistoryEventType values, in the order of the API reference.
const (
	ActivityFailed               EventType = "ActivityFailed"
	ActivityScheduled            EventType = "ActivityScheduled"
	ActivityScheduleFailed       EventType = "ActivityScheduleFailed"
	ActivityStarted              EventType = "ActivityStarted"
	ActivitySucceeded            EventType = "ActivitySucceeded"
	ActivityTimedOut             EventType = "ActivityTimedOut"
	ChoiceStateEntered           EventType = "ChoiceStateEntered"
	ChoiceStateExited            EventType = "ChoiceStateExited"
	ExecutionAborted             EventType = "ExecutionAborted"
	ExecutionFailed              EventType = "ExecutionFailed"
	ExecutionStarted             EventType = "ExecutionStarted"
	ExecutionSucceeded           EventType = "ExecutionSucceeded"
	ExecutionTimedOut            EventType = "ExecutionTimedOut"
	FailStateEntered             EventType = "FailStateEntered"
	LambdaFunctionFailed         EventType = "LambdaFunctionFailed"
	LambdaFunctionScheduled      EventType = "LambdaFunctionScheduled"
	LambdaFunctionScheduleFailed EventType = "LambdaFunctionScheduleFailed"
	LambdaFunctionStarted        EventType = "LambdaFunctionStarted"
	LambdaFunctionStartFailed    EventType = "LambdaFunctionStartFailed"
	LambdaFunctionSucceeded      EventType = "LambdaFunctionSucceeded"
	LambdaFunctionTimedOut       EventType = "LambdaFunctionTimedOut"
	MapIterationAborted          EventType = "MapIterationAborted"
	MapIterationFailed           EventType = "MapIterationFailed"
	MapIterationStarted          EventType = "MapIterationStarted"
	MapIterationSucceeded        EventType = "MapIterationSucceeded"
	MapStateAborted              EventType = "MapStateAborted"
	MapStateEntered              EventType = "MapStateEntered"
	MapStateExited               EventType = "MapStateExited"
	MapStateFailed               EventType = "MapStateFailed"
	MapStateStarted              EventType = "MapStateStarted"
	MapStateSucceeded            EventType = "MapStateSucceeded"
	ParallelStateAborted         EventType = "ParallelStateAborted"
	ParallelStateEntered         EventType = "ParallelStateEntered"
	ParallelStateExited          EventType = "ParallelStateExited"
	ParallelStateFailed          EventType = "ParallelStateFailed"
	ParallelStateStarted         EventType = "ParallelStateStarted"
	ParallelStateSucceeded       EventType = "ParallelStateSucceeded"
	PassStateEntered             EventType = "PassStateEntered"
	PassStateExited              EventType = "PassStateExited"
	SucceedStateEntered          EventType = "SucceedStateEntered"
	SucceedStateExited           EventType = "SucceedStateExited"
	TaskFailed                   EventType = "TaskFailed"
	TaskScheduled                EventType = "TaskScheduled"
	TaskStarted                  EventType = "TaskStarted"
	TaskStartFailed              EventType = "TaskStartFailed"
	TaskStateAborted             EventType = "TaskStateAborted"
	TaskStateEntered             EventType = "TaskStateEntered"
	TaskStateExited              EventType = "TaskStateExited"
	TaskSubmitFailed             EventType = "TaskSubmitFailed"
	TaskSubmitted                EventType = "TaskSubmitted"
	TaskSucceeded                EventType = "TaskSucceeded"
	TaskTimedOut                 EventType = "TaskTimedOut"
	WaitStateAborted             EventType = "WaitStateAborted"
	WaitStateEntered             EventType = "WaitStateEntered"
	WaitStateExited              EventType = "WaitStateExited"
	MapRunAborted                EventType = "MapRunAborted"
	MapRunFailed                 EventType = "MapRunFailed"
	MapRunStarted                EventType = "MapRunStarted"
	MapRunSucceeded              EventType = "MapRunSucceeded"
	ExecutionRedriven            EventType = "ExecutionRedriven"
	MapRunRedriven               EventType = "MapRunRedriven"
	EvaluationFailed             EventType = "EvaluationFailed"
)

// shape names the details struct an event type carries.
type shape uint8

const (
	shapeNone shape = iota
	shapeError
	shapeActivityScheduled
	shapeActivityStarted
	shapeOutput
	shapeTaskError
	shapeTaskScheduled
	shapeTaskStarted
	shapeTaskOutput
	shapeExecutionStarted
	shapeExecutionRedriven
	shapeMapStateStarted
	shapeMapIteration
	shapeLambdaScheduled
	shapeStateEntered
	shapeStateExited
	shapeMapRunStarted
	shapeMapRunRedriven
	shapeEvaluationFailed
)

// typeInfo is one row of the type table.
type typeInfo struct {
	typ EventType
	// code is the storage code: stable forever, never reused.
	code uint8
	// field is the HistoryEvent member holding the details, "" if none.
	field string
	shape shape
	kind  Kind
}

// types is the type table, indexed by storage code - 1. New AWS types are
// appended with the next code; codes are never renumbered.
var types = [...]typeInfo{
	{ActivityFailed, 1, "activityFailedEventDetails", shapeError, KindActivity},
	{ActivityScheduled, 2, "activityScheduledEventDetails", shapeActivityScheduled, KindActivity},
	{ActivityScheduleFailed, 3, "activityScheduleFailedEventDetails", shapeError, KindActivity},
	{ActivityStarted, 4, "activityStartedEventDetails", shapeActivityStarted, KindActivity},
	{ActivitySucceeded, 5, "activitySucceededEventDetails", shapeOutput, KindActivity},
	{ActivityTimedOut, 6, "activityTimedOutEventDetails", shapeError, KindActivity},
	{ChoiceStateEntered, 7, "stateEnteredEventDetails", shapeStateEntered, KindStateEntered},
	{ChoiceStateExited, 8, "stateExitedEventDetails", shapeStateExited, KindStateExited},
	{ExecutionAborted, 9, "executionAbortedEventDetails", shapeError, KindExecution},
	{ExecutionFailed, 10, "executionFailedEventDetails", shapeError, KindExecution},
	{ExecutionStarted, 11, "executionStartedEventDetails", shapeExecutionStarted, KindExecution},
	{ExecutionSucceeded, 12, "executionSucceededEventDetails", shapeOutput, KindExecution},
	{ExecutionTimedOut, 13, "executionTimedOutEventDetails", shapeError, KindExecution},
	{FailStateEntered, 14, "stateEnteredEventDetails", shapeStateEntered, KindStateEntered},
	{LambdaFunctionFailed, 15, "lambdaFunctionFailedEventDetails", shapeError, KindLambda},
	{LambdaFunctionScheduled, 16, "lambdaFunctionScheduledEventDetails", shapeLambdaScheduled, KindLambda},
	{LambdaFunctionScheduleFailed, 17, "lambdaFunctionScheduleFailedEventDetails", shapeError, KindLambda},
	{LambdaFunctionStarted, 18, "", shapeNone, KindLambda},
	{LambdaFunctionStartFailed, 19, "lambdaFunctionStartFailedEventDetails", shapeError, KindLambda},
	{LambdaFunctionSucceeded, 20, "lambdaFunctionSucceededEventDetails", shapeOutput, KindLambda},
	{LambdaFunctionTimedOut, 21, "lambdaFunctionTimedOutEventDetails", shapeError, KindLambda},
	{MapIterationAborted, 22, "mapIterationAbortedEventDetails", shapeMapIteration, KindMapIteration},
	{MapIterationFailed, 23, "mapIterationFailedEventDetails", shapeMapIteration, KindMapIteration},
	{MapIterationStarted, 24, "mapIterationStartedEventDetails", shapeMapIteration, KindMapIteration},
	{MapIterationSucceeded, 25, "mapIterationSucceededEventDetails", shapeMapIteration, KindMapIteration},
	{MapStateAborted, 26, "", shapeNone, KindStateProgress},
	{MapStateEntered, 27, "stateEnteredEventDetails", shapeStateEntered, KindStateEntered},
	{MapStateExited, 28, "stateExitedEventDetails", shapeStateExited, KindStateExited},
	{MapStateFailed, 29, "", shapeNone, KindStateProgress},
	{MapStateStarted, 30, "mapStateStartedEventDetails", shapeMapStateStarted, KindStateProgress},
	{MapStateSucceeded, 31, "", shapeNone, KindStateProgress},
	{ParallelStateAborted, 32, "", shapeNone, KindStateProgress},
	{ParallelStateEntered, 33, "stateEnteredEventDetails", shapeStateEntered, KindStateEntered},
	{ParallelStateExited, 34, "stateExitedEventDetails", shapeStateExited, KindStateExited},
	{ParallelStateFailed, 35, "", shapeNone, KindStateProgress},
	{ParallelStateStarted, 36, "", shapeNone, KindStateProgress},
	{ParallelStateSucceeded, 37, "", shapeNone, KindStateProgress},
	{PassStateEntered, 38, "stateEnteredEventDetails", shapeStateEntered, KindStateEntered},
	{PassStateExited, 39, "stateExitedEventDetails", shapeStateExited, KindStateExited},
	{SucceedStateEntered, 40, "stateEnteredEventDetails", shapeStateEntered, KindStateEntered},
	{SucceedStateExited, 41, "stateExitedEventDetails", shapeStateExited, KindStateExited},
	{TaskFailed, 42, "taskFailedEventDetails", shapeTaskError, KindTask},
	{TaskScheduled, 43, "taskScheduledEventDetails", shapeTaskScheduled, KindTask},
	{TaskStarted, 44, "taskStartedEventDetails", shapeTaskStarted, KindTask},
	{TaskStartFailed, 45, "taskStartFailedEventDetails", shapeTaskError, KindTask},
	{TaskStateAborted, 46, "", shapeNone, KindStateProgress},
	{TaskStateEntered, 47, "stateEnteredEventDetails", shapeStateEntered, KindStateEntered},
	{TaskStateExited, 48, "stateExitedEventDetails", shapeStateExited, KindStateExited},
	{TaskSubmitFailed, 49, "taskSubmitFailedEventDetails", shapeTaskError, KindTask},
	{TaskSubmitted, 50, "taskSubmittedEventDetails", shapeTaskOutput, KindTask},
	{TaskSucceeded, 51, "taskSucceededEventDetails", shapeTaskOutput, KindTask},
	{TaskTimedOut, 52, "taskTimedOutEventDetails", shapeTaskError, KindTask},
	{WaitStateAborted, 53, "", shapeNone, KindStateProgress},
	{WaitStateEntered, 54, "stateEnteredEventDetails", shapeStateEntered, KindStateEntered},
	{WaitStateExited, 55, "stateExitedEventDetails", shapeStateExited, KindStateExited},
	{MapRunAborted, 56, "", shapeNone, KindMapRun},
	{MapRunFailed, 57, "mapRunFailedEventDetails", shapeError, KindMapRun},
	{MapRunStarted, 58, "mapRunStartedEventDetails", shapeMapRunStarted, KindMapRun},
	{MapRunSucceeded, 59, "", shapeNone, KindMapRun},
	{ExecutionRedriven, 60, "executionRedrivenEventDetails", shapeExecutionRedriven, KindExecution},
	{MapRunRedriven, 61, "mapRunRedrivenEventDetails", shapeMapRunRedriven, KindMapRun},
	{EvaluationFailed, 62, "evaluationFailedEventDetails", shapeEvaluationFailed, KindEvaluation},
}

var typeIndex = func() map[EventType]*typeInfo {
	m := make(map[EventType]*typeInfo, len(types))
	for i := range types {
		m[types[i].typ] = &types[i]
	}
	return m
}()

// info returns the table row of t, or nil for an unknown type.
func (t EventType) info() *typeInfo { return typeIndex[t] }

// infoByCode returns the table row of a storage code, or nil.
func infoByCode(c uint8) *typeInfo {
	if c == 0 || int(c) > len(types) {
		return nil
	}
	return &types[c-1]
}

// Types lists every event type, in the order of the API reference.
func Types() []EventType {
	out := make([]EventType, len(types))
	for i := range types {
		out[i] = types[i].typ
	}
	return out
}

// Valid reports whether t is one of the API's HistoryEventType values.
func (t EventType) Valid() bool { return t.info() != nil }

// DetailsField is the HistoryEvent member that carries t's details
// ("stateEnteredEventDetails", ...), or "" if t carries none.
func (t EventType) DetailsField() string {
	if i := t.info(); i != nil {
		return i.field
	}
	return ""
}

// Kind groups t for the interpreter and the console; KindUnknown for an
// unknown type.
func (t EventType) Kind() Kind {
	if i := t.info(); i != nil {
		return i.kind
	}
	return KindUnknown
}

// Closes reports whether t ends the execution (succeeded, failed, aborted or
// timed out). Only ExecutionRedriven may follow such an event, and only when
// it is not ExecutionSucceeded.
func (t EventType) Closes() bool {
	switch t {
	case ExecutionSucceeded, ExecutionFailed, ExecutionAborted, ExecutionTimedOut:
		return true
	}
	return false
}

// StateType is the ASL state type ("Task", "Map", ...) whose entry or exit t
// records, or "" when t is not a StateEntered or StateExited event.
func (t EventType) StateType() string {
	switch t.Kind() {
	case KindStateEntered:
		return string(t[:len(t)-len("StateEntered")])
	case KindStateExited:
		return string(t[:len(t)-len("StateExited")])
	}
	return ""
}
