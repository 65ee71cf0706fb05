package runner

import (
	"context"
	"errors"

	"github.com/stepd/stepd/jsonv"
)

// Task is one attempt of a Task state, as the engine dispatches it.
type Task struct {
	ExecutionARN    string
	StateMachineARN string
	// TestCase names the MockConfigFile test case the execution runs
	// ("" when it runs none).
	TestCase  string
	TaskID    string
	StateName string
	Resource  string
	Input     jsonv.Value
	// TaskToken completes the task through SendTask* when the runner
	// reports Pending.
	TaskToken        string
	TimeoutSeconds   int64
	HeartbeatSeconds int64
	Attempt          int
	// RoleArn is the role named by the Task's Credentials field, to be
	// assumed for the call ("" when not set).
	RoleArn string
}

// Result is what one attempt produced: Output, or a failure named by Error
// (with Cause), or Pending when the result will come through the task
// token later.
//
// Pending means the service call was made and the task now waits: an
// activity waits for a worker (ActivityStarted comes when one takes it),
// a .waitForTaskToken task for SendTask* with its token, a .sync task for
// the job it submitted. With Pending, Output is the submitting call's
// response (nil if there is none): the engine records TaskStarted, then
// TaskSubmitted with Output, as AWS does for .sync and .waitForTaskToken
// integrations.
type Result struct {
	Output  jsonv.Value
	Error   string
	Cause   string
	Pending bool
}

// Failed reports whether the attempt failed.
func (r Result) Failed() bool { return r.Error != "" }

// ErrTaskCancelled is the cause of a Run context the engine cancels
// because the interpreter no longer wants the task (its branch failed, it
// timed out, the execution stopped), as opposed to the engine shutting
// down. Runners that started work elsewhere (a nested execution) stop it
// only for this cause: context.Cause(ctx) == ErrTaskCancelled.
var ErrTaskCancelled = errors.New("runner: the task was cancelled")

// Runner runs task attempts. Run returns an error only when it could not
// try (the engine retries the dispatch later); a task that ran and failed
// is a Result with Error set. Run must honour ctx: the engine cancels it
// when the task is no longer wanted or the engine stops.
type Runner interface {
	Run(ctx context.Context, t *Task) (Result, error)
}

// Func adapts a function to Runner.
type Func func(ctx context.Context, t *Task) (Result, error)

// Run calls f.
func (f Func) Run(ctx context.Context, t *Task) (Result, error) { return f(ctx, t) }

// Forgetter is implemented by runners that keep per-execution state; the
// engine calls Forget when an execution closes.
type Forgetter interface {
	Forget(executionARN string)
}
