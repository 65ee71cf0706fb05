package awssdk

import (
	"context"

	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/jsonv"
)

// snsPublish serves arn:aws:states:::sns:publish[.waitForTaskToken]. A
// Message that is not a string is sent as its JSON text.
func (r *Runner) snsPublish(ctx context.Context, t *runner.Task) (runner.Result, error) {
	params := t.Input
	if o, ok := params.(*jsonv.Object); ok {
		if msg, ok := o.Get("Message"); ok {
			params = withMember(o, "Message", asJSONText(msg))
		}
	}
	return r.optimizedCall(ctx, t, "sns", "Publish", params, "SNS", "AmazonSNS", true)
}
