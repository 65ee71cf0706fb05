package runner

import (
	"context"
	"strings"

	"github.com/stepd/stepd"
)

// Router picks the runner for a task from its resource ARN. Nil fields
// mean the kind of resource is not served.
type Router struct {
	// Mock, when set, answers every task whose state it scripts, whatever
	// the resource (as Step Functions Local does).
	Mock *Mock
	// Activities serves arn:aws:states:…:activity:NAME.
	Activities *Activities
	// Fallback, when set, runs every task nothing else serves (tests and
	// embedders use it for in-process functions).
	Fallback Runner
}

// Run dispatches t to the runner its resource names.
func (r *Router) Run(ctx context.Context, t *Task) (Result, error) {
	if r.Mock != nil && r.Mock.Mocks(t) {
		return r.Mock.Run(ctx, t)
	}
	switch {
	case IsActivity(t.Resource) && r.Activities != nil:
		return r.Activities.Run(ctx, t)
	case r.Fallback != nil:
		return r.Fallback.Run(ctx, t)
	case IsCallback(t.Resource):
		// The service call behind .waitForTaskToken is not served yet; the
		// task still waits for SendTask* with its token.
		return Result{Pending: true}, nil
	}
	return Unsupported(t.Resource), nil
}

// Forget passes on to the runners that keep per-execution state.
func (r *Router) Forget(executionARN string) {
	if r.Mock != nil {
		r.Mock.Forget(executionARN)
	}
	if f, ok := r.Fallback.(Forgetter); ok {
		f.Forget(executionARN)
	}
}

// Unsupported is the failure of a task whose resource no runner serves.
func Unsupported(resource string) Result {
	return Result{Error: stepd.ErrorRuntime, Cause: "stepd cannot run the resource " + resource + " yet: no task runner serves it (mock it with --mock-config, or use an activity)"}
}

// IsActivity reports whether resource is an activity ARN.
func IsActivity(resource string) bool {
	parts := strings.SplitN(resource, ":", 7)
	return len(parts) >= 7 && parts[0] == "arn" && parts[2] == "states" && parts[5] == "activity"
}

// IsCallback reports whether resource waits for a task token
// (.waitForTaskToken), or is an activity: both complete through SendTask*.
func IsCallback(resource string) bool {
	return strings.HasSuffix(resource, ".waitForTaskToken") || IsActivity(resource)
}
