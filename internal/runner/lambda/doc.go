// Package lambda hosts functions locally through the AWS Lambda Runtime
// API, for Task states that call Lambda: function ARNs
// (arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]) and
// arn:aws:states:::lambda:invoke[.waitForTaskToken].
//
// Each function declared under functions: in stepd.yaml gets a pool of
// processes. Every process (an instance) has its own Runtime API server on
// 127.0.0.1 and finds it in AWS_LAMBDA_RUNTIME_API, so an unmodified
// aws-lambda-go binary, a custom runtime's bootstrap, or stepd's embedded
// Python runtime client (shim.py) serves invocations exactly as in Lambda:
// GET /next, then POST /response or /error.
//
// Failures come back as Step Functions reports them: a function error is
// named by its errorType with the error object as the cause; a timeout is
// Lambda.Unknown, and so is a process that exits mid-invocation (the
// cause keeps Lambda's Runtime.ExitError report).
// Functions not declared locally go to Options.Remote, or fail with
// Lambda.ResourceNotFoundException. A function's output goes to the log,
// and with LogType Tail its last 4 KB come back in LogResult.
//
// Files: config.go (Function, validation), host.go (Host, Run), pool.go
// (instances per function, queueing), instance.go (one process),
// runtimeapi.go (the HTTP endpoints), invoke.go (lambda:invoke parameters,
// response shape, error mapping), logtail.go (LogType Tail), shim.py (the
// Python runtime client).
package lambda
