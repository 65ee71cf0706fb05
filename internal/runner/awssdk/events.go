package awssdk

import (
	"context"

	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/jsonv"
)

// eventsPutEvents serves arn:aws:states:::events:putEvents[.waitForTaskToken].
// As at AWS: a Detail that is not a string is sent as its JSON text; the
// state machine's and the execution's ARNs are appended to each entry's
// Resources; the response is the API's (no SdkHttpMetadata); and a
// response with FailedEntryCount > 0 fails the task with
// EventBridge.FailedEntry, the response as Cause.
func (r *Runner) eventsPutEvents(ctx context.Context, t *runner.Task) (runner.Result, error) {
	params := t.Input
	if o, ok := params.(*jsonv.Object); ok {
		if v, ok := o.Get("Entries"); ok {
			if entries, ok := v.([]jsonv.Value); ok {
				params = withMember(o, "Entries", r.withResources(entries, t))
			}
		}
	}
	res, err := r.optimizedCall(ctx, t, "eventbridge", "PutEvents", params, "EventBridge", "AmazonEventBridge", false)
	if err != nil || res.Failed() {
		return res, err
	}
	if n, ok := res.Output.(*jsonv.Object).Get("FailedEntryCount"); ok {
		if c, _ := n.(jsonv.Number).Int64(); c > 0 {
			return runner.Result{Error: "EventBridge.FailedEntry", Cause: jsonv.String(res.Output)}, nil
		}
	}
	return res, nil
}

func (r *Runner) withResources(entries []jsonv.Value, t *runner.Task) []jsonv.Value {
	out := make([]jsonv.Value, len(entries))
	for i, e := range entries {
		o, ok := e.(*jsonv.Object)
		if !ok {
			out[i] = e // the decoder names the bad entry
			continue
		}
		if d, ok := o.Get("Detail"); ok {
			o = withMember(o, "Detail", asJSONText(d))
		}
		var resources []jsonv.Value
		if old, ok := o.Get("Resources"); ok {
			if a, ok := old.([]jsonv.Value); ok {
				resources = append(resources, a...)
			} else {
				out[i] = o
				continue
			}
		}
		for _, arn := range []string{t.StateMachineARN, t.ExecutionARN} {
			if arn != "" {
				resources = append(resources, arn)
			}
		}
		out[i] = withMember(o, "Resources", resources)
	}
	return out
}
