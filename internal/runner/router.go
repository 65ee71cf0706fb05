package runner

import (
	"context"

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
	// Lambda serves function ARNs (arn:aws:lambda:…:function:NAME) and
	// arn:aws:states:::lambda:invoke[.waitForTaskToken].
	Lambda Runner
	// HTTP serves arn:aws:states:::http:invoke.
	HTTP Runner
	// Executions serves arn:aws:states:::states:startExecution[.sync,
	// .sync:2, .waitForTaskToken] (nested executions).
	Executions Runner
	// AWS serves the other AWS service integrations (dynamodb, sqs, sns,
	// events, aws-sdk:*).
	AWS Runner
	// Fallback, when set, runs every task nothing else serves (tests and
	// embedders use it for in-process functions).
	Fallback Runner
}

// Run dispatches t to the runner its resource names.
func (r *Router) Run(ctx context.Context, t *Task) (Result, error) {
	if r.Mock != nil && r.Mock.Mocks(t) {
		return r.Mock.Run(ctx, t)
	}
	if run := r.runnerFor(t.Resource); run != nil {
		return run.Run(ctx, t)
	}
	// A .waitForTaskToken task whose service call nobody makes would wait
	// for a token no one ever receives: it fails like any other unserved
	// resource.
	return Unsupported(t.Resource), nil
}

// Serves reports whether a runner other than Mock serves resource.
func (r *Router) Serves(resource string) bool { return r.runnerFor(resource) != nil }

func (r *Router) runnerFor(resource string) Runner {
	res := ParseResource(resource)
	switch {
	case res.Kind == KindActivity && r.Activities != nil:
		return r.Activities
	case (res.Kind == KindFunction || res.Service == "lambda") && r.Lambda != nil:
		return r.Lambda
	case res.Service == "http" && r.HTTP != nil:
		return r.HTTP
	case res.Service == "states" && r.Executions != nil:
		return r.Executions
	case res.Kind == KindIntegration && r.AWS != nil:
		return r.AWS
	case r.Fallback != nil:
		return r.Fallback
	}
	return nil
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
	return Result{Error: stepd.ErrorRuntime, Cause: "stepd cannot run the resource " + resource + ": no task runner serves it (declare the function, connection or AWS endpoint in stepd.yaml, mock it with --mock-config, or use an activity)"}
}
