// Package sfnapi serves the AWS Step Functions API (AWS JSON 1.0) over
// HTTP: POST / with Content-Type application/x-amz-json-1.0 and
// X-Amz-Target AWSStepFunctions.<Action>. Each action has one typed request
// and response with AWS's field names (timestamps as epoch seconds); domain
// and store errors become AWS's error envelope {"__type","message"} with
// HTTP 400 here and only here. Pagination tokens are the store's cursors
// sealed with an HMAC (Options.TokenKey, random per process by default) and
// bound to the listing that issued them.
//
// TestState (teststate*.go) runs one state through the interpreter with an
// interp.Observer collecting inspectionData; Task states without a mock
// call their resource through Options.Tasks, the engine's runner.Router.
//
// # The sync- host prefix
//
// AWS SDKs send StartSyncExecution and TestState to a host prefixed with
// "sync-" (sync-states.us-east-1.amazonaws.com), and they do so even when
// given an explicit endpoint. Verified here (Go SDK v2 service/sfn v1.41,
// botocore 1.43): against http://127.0.0.1:8083 both send to
// "sync-127.0.0.1", and against http://localhost:8083 botocore sends to
// "sync-localhost", neither of which resolves on a stock Linux resolver.
// The handler accepts any Host header, so the only thing to do is keep the
// client from renaming the host:
//
//   - AWS CLI and boto3: AWS_DISABLE_HOST_PREFIX_INJECTION=true in the
//     environment, or disable_host_prefix_injection = true in ~/.aws/config,
//     or in code botocore.config.Config(inject_host_prefix=False).
//   - Go SDK v2: a middleware that marks the context, for example
//     APIOptions: []func(*middleware.Stack) error{func(s *middleware.Stack) error {
//     return s.Initialize.Add(middleware.InitializeMiddlewareFunc("noHostPrefix",
//     func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
//     return next.HandleInitialize(smithyhttp.DisableEndpointHostPrefix(ctx, true), in)
//     }), middleware.Before)}} (see harness_test.go).
//   - Or make the prefixed name resolve: an /etc/hosts line
//     "127.0.0.1 sync-localhost" and the endpoint http://localhost:8083.
//
// Every other action is sent to the endpoint unchanged.
package sfnapi
