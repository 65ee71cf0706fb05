package awssdk

import (
	"context"

	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/jsonv"
)

// sqsSendMessage serves arn:aws:states:::sqs:sendMessage[.waitForTaskToken].
// A MessageBody that is not a string is sent as its JSON text (the usual
// callback body {"Input.$": "$", "TaskToken.$": "$$.Task.Token"}).
func (r *Runner) sqsSendMessage(ctx context.Context, t *runner.Task) (runner.Result, error) {
	params := t.Input
	if o, ok := params.(*jsonv.Object); ok {
		if body, ok := o.Get("MessageBody"); ok {
			params = withMember(o, "MessageBody", asJSONText(body))
		}
	}
	return r.optimizedCall(ctx, t, "sqs", "SendMessage", params, "SQS", "AmazonSQS", true)
}
