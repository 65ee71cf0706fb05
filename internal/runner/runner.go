package runner

import (
	"context"

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
}

// Result is what one attempt produced: Output, or a failure named by Error
// (with Cause), or Pending when the result will come through the task
// token later.
type Result struct {
	Output  jsonv.Value
	Error   string
	Cause   string
	Pending bool
}

// Failed reports whether the attempt failed.
func (r Result) Failed() bool { return r.Error != "" }

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
