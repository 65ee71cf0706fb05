package interp

import (
	"time"

	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/jsonv"
)

// Env is the outside world as of one Decide call.
type Env struct {
	// Now is the time of the input; it stamps every event of the decision.
	// Events have millisecond precision, so Now is truncated to it.
	Now time.Time
	// Seed is entropy for the execution. It is read at StartExecution only
	// and kept in the State (Execution.Seed); later draws derive from it.
	Seed uint64
	// Observer, when set, sees every state's data flow (TestState's
	// inspectionData). It changes nothing the decision produces.
	Observer Observer
	// Preset, when set, imposes TestState's variables, context object and
	// retry count. Only TestState sets it.
	Preset *Preset
}

// Execution identifies one execution; AWS's history does not record these,
// so the shell keeps them with the execution and hands them to Replay.
type Execution struct {
	ExecutionArn     string
	Name             string
	StateMachineArn  string
	StateMachineName string
	RoleArn          string
	// Seed is set from Env.Seed by StartExecution.
	Seed uint64
}

// Input is something that happened: one of StartExecution, TaskStarted,
// TaskSubmitted, TaskSucceeded, TaskFailed, TaskHeartbeat, TimerFired, StopExecution,
// RedriveExecution, MapRunEnded (maprun.go).
type Input interface{ isInput() }

// StartExecution starts the execution with its input.
type StartExecution struct {
	Execution
	Input jsonv.Value
}

// TaskStarted reports that the worker for a dispatched task picked it up.
// WorkerName is the activity worker's name (GetActivityTask), if any.
type TaskStarted struct {
	TaskID     string
	WorkerName string
}

// TaskSubmitted reports that a .sync or .waitForTaskToken integration
// submitted its work (AWS's TaskSubmitted event); Output is the response of
// the submitting call.
type TaskSubmitted struct {
	TaskID string
	Output jsonv.Value
}

// TaskSucceeded reports a task's result.
type TaskSucceeded struct {
	TaskID string
	Output jsonv.Value
}

// TaskFailed reports a task's failure with the error name and cause.
type TaskFailed struct {
	TaskID       string
	Error, Cause string
}

// TaskHeartbeat reports a heartbeat (SendTaskHeartbeat): the heartbeat
// timer restarts.
type TaskHeartbeat struct{ TaskID string }

// TimerFired reports that a timer started by a StartTimer effect is due:
// a Wait state, a retry back-off, a task timeout or heartbeat, or the
// execution timeout. The interpreter knows which.
type TimerFired struct{ TimerID string }

// StopExecution aborts a running execution (StopExecution API), or with
// Failed fails it: AWS fails an execution whose state machine was deleted
// at its next transition (ExecutionFailed, States.Runtime).
type StopExecution struct {
	Error, Cause string
	Failed       bool
}

// RedriveExecution restarts a failed, timed-out or aborted execution from
// the states that did not succeed.
type RedriveExecution struct{}

func (StartExecution) isInput()   {}
func (TaskStarted) isInput()      {}
func (TaskSubmitted) isInput()    {}
func (TaskSucceeded) isInput()    {}
func (TaskFailed) isInput()       {}
func (TaskHeartbeat) isInput()    {}
func (TimerFired) isInput()       {}
func (StopExecution) isInput()    {}
func (RedriveExecution) isInput() {}

// Effect is what the shell must do: one of DispatchTask, CancelTask,
// StartTimer, CancelTimer, CloseExecution, StartMapRun, CancelMapRun,
// RedriveMapRun (maprun.go).
type Effect interface{ isEffect() }

// DispatchTask asks the shell to run one attempt of a Task state.
type DispatchTask struct {
	TaskID    string
	StateName string
	Resource  string
	// Input is the effective parameters sent to the resource.
	Input     jsonv.Value
	TaskToken string
	// TimeoutSeconds and HeartbeatSeconds are 0 when not set; the
	// interpreter runs its own timers for them.
	TimeoutSeconds   int64
	HeartbeatSeconds int64
	// Attempt counts from 1.
	Attempt int
	// RoleArn is the role of the Task's Credentials field ("" when not
	// set): the shell assumes it for the call.
	RoleArn string
}

// CancelTask tells the shell a dispatched task is no longer wanted (its
// branch failed, the execution stopped, it timed out).
type CancelTask struct{ TaskID string }

// StartTimer asks for a TimerFired input at Due. A StartTimer for an id
// that is already pending moves that timer to the new Due (heartbeats).
type StartTimer struct {
	TimerID string
	Due     time.Time
}

// CancelTimer withdraws a timer.
type CancelTimer struct{ TimerID string }

// CloseExecution reports the end of the execution.
type CloseExecution struct {
	Status       string // SUCCEEDED, FAILED, TIMED_OUT or ABORTED
	Output       jsonv.Value
	Error, Cause string
}

func (DispatchTask) isEffect()   {}
func (CancelTask) isEffect()     {}
func (StartTimer) isEffect()     {}
func (CancelTimer) isEffect()    {}
func (CloseExecution) isEffect() {}

// Decision is the result of Decide.
type Decision struct {
	State   *State
	Events  []history.Event
	Effects []Effect
}

// Execution statuses, as DescribeExecution reports them.
const (
	StatusRunning   = "RUNNING"
	StatusSucceeded = "SUCCEEDED"
	StatusFailed    = "FAILED"
	StatusTimedOut  = "TIMED_OUT"
	StatusAborted   = "ABORTED"
)
