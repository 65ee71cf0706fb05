package awssdk

import (
	"context"

	"github.com/stepd/stepd/internal/runner"
)

// dynamoDB serves arn:aws:states:::dynamodb:ACTION for one of the four
// optimized item actions: the parameters are the API's (AttributeValues as
// {"S": "x"}), the response the API's plus SdkHttpMetadata, and errors are
// DynamoDB.CODE (DynamoDB.ConditionalCheckFailedException).
func dynamoDB(op string) func(r *Runner, ctx context.Context, t *runner.Task) (runner.Result, error) {
	return func(r *Runner, ctx context.Context, t *runner.Task) (runner.Result, error) {
		return r.optimizedCall(ctx, t, "dynamodb", op, t.Input, "DynamoDB", "AmazonDynamoDBv2", true)
	}
}
