package history

// Kind groups event types by what they describe.
type Kind uint8

const (
	KindUnknown Kind = iota
	// KindExecution: ExecutionStarted, -Succeeded, -Failed, -Aborted,
	// -TimedOut and ExecutionRedriven.
	KindExecution
	// KindStateEntered: every XxxStateEntered; details *StateEnteredEventDetails.
	KindStateEntered
	// KindStateExited: every XxxStateExited; details *StateExitedEventDetails.
	KindStateExited
	// KindStateProgress: what happens inside a state between entry and exit
	// without a task (MapStateStarted, ParallelStateFailed,
	// TaskStateAborted, WaitStateAborted, ...).
	KindStateProgress
	// KindTask: TaskScheduled, TaskStarted, TaskSucceeded, ... (service
	// integrations and the generic task path).
	KindTask
	// KindActivity: ActivityScheduled, ActivityStarted, ...
	KindActivity
	// KindLambda: the legacy LambdaFunctionXxx events.
	KindLambda
	// KindMapIteration: MapIterationStarted, -Succeeded, -Failed, -Aborted.
	KindMapIteration
	// KindMapRun: the Distributed Map run events.
	KindMapRun
	// KindEvaluation: EvaluationFailed (a JSONata or variable evaluation
	// error inside a state).
	KindEvaluation
)

var kindNames = [...]string{
	KindUnknown:       "Unknown",
	KindExecution:     "Execution",
	KindStateEntered:  "StateEntered",
	KindStateExited:   "StateExited",
	KindStateProgress: "StateProgress",
	KindTask:          "Task",
	KindActivity:      "Activity",
	KindLambda:        "Lambda",
	KindMapIteration:  "MapIteration",
	KindMapRun:        "MapRun",
	KindEvaluation:    "Evaluation",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Unknown"
}
