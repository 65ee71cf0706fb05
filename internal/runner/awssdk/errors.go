package awssdk

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"

	"github.com/stepd/stepd"
	"github.com/stepd/stepd/internal/runner"
)

// serviceError is what a service answered when a call failed.
type serviceError struct {
	// name is the exception's name: the SDK's modeled error type
	// (QueueDoesNotExist, NoSuchKey, ConditionalCheckFailedException), or
	// the wire error code when the SDK has no type for it.
	name    string
	code    string // the wire error code
	message string
	status  int
	// requestID and hostID (S3's x-amz-id-2) identify the request.
	requestID, hostID string
}

// inspect finds the service's answer in err; ok is false when the call got
// none (the endpoint could not be reached, the context ended).
func inspect(err error) (e serviceError, ok bool) {
	var api smithy.APIError
	if !errors.As(err, &api) {
		return e, false
	}
	e.code, e.message = api.ErrorCode(), api.ErrorMessage()
	e.name = e.code
	if t := reflect.TypeOf(api); t.Kind() == reflect.Pointer && strings.HasSuffix(t.Elem().PkgPath(), "/types") {
		e.name = t.Elem().Name()
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		e.status, e.requestID = re.HTTPStatusCode(), re.ServiceRequestID()
	}
	var host interface{ ServiceHostID() string }
	if errors.As(err, &host) {
		e.hostID = host.ServiceHostID()
	}
	return e, true
}

// exceptionName adds the Exception suffix AWS puts on every aws-sdk
// integration error name, whether or not the service's own name has it
// (S3's NoSuchKey is S3.NoSuchKeyException).
func exceptionName(name string) string {
	if strings.HasSuffix(name, "Exception") {
		return name
	}
	return name + "Exception"
}

// sdkFailure is the result of a failed aws-sdk integration call:
// Error SERVICE.NAMEException, Cause as the AWS SDK for Java 2.x words
// it ("… (Service: S3, Status Code: 404, Request ID: …)").
func sdkFailure(ctx context.Context, prefix string, err error) (runner.Result, error) {
	e, ok := inspect(err)
	if !ok {
		return noAnswer(ctx, err)
	}
	cause := fmt.Sprintf("%s (Service: %s, Status Code: %d, Request ID: %s", e.message, prefix, e.status, e.requestID)
	if e.hostID != "" {
		cause += ", Extended Request ID: " + e.hostID
	}
	return runner.Result{Error: prefix + "." + exceptionName(e.name), Cause: cause + ")"}, nil
}

// optimizedFailure is the result of a failed optimized integration call:
// Error PREFIX.NAME (DynamoDB.ConditionalCheckFailedException), Cause as
// the AWS SDK for Java 1.x words it ("… (Service: AmazonDynamoDBv2;
// Status Code: 400; Error Code: …; Request ID: …; Proxy: null)").
func optimizedFailure(ctx context.Context, prefix, javaService string, err error) (runner.Result, error) {
	e, ok := inspect(err)
	if !ok {
		return noAnswer(ctx, err)
	}
	cause := fmt.Sprintf("%s (Service: %s; Status Code: %d; Error Code: %s; Request ID: %s; Proxy: null)",
		e.message, javaService, e.status, e.code, e.requestID)
	return runner.Result{Error: prefix + "." + exceptionName(e.name), Cause: cause}, nil
}

// noAnswer is a call that got no answer from the service. When the engine
// ended the context the result does not matter; report that the attempt
// could not be made so nothing is recorded for it.
func noAnswer(ctx context.Context, err error) (runner.Result, error) {
	if ctx.Err() != nil {
		return runner.Result{}, context.Cause(ctx)
	}
	return runner.Result{Error: stepd.ErrorTaskFailed, Cause: err.Error()}, nil
}

// paramFailure is a Task whose parameters do not fit the API.
func paramFailure(err error) runner.Result {
	return runner.Result{Error: stepd.ErrorRuntime, Cause: err.Error()}
}
