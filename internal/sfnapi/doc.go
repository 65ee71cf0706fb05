// Package sfnapi serves the AWS Step Functions API (AWS JSON 1.0) over
// HTTP: POST / with Content-Type application/x-amz-json-1.0 and
// X-Amz-Target AWSStepFunctions.<Action>. Each action has one typed request
// and response with AWS's field names; domain and store errors become
// AWS's error envelope {"__type","message"} with HTTP 400 here and only
// here.
//
// Host prefixes: AWS SDKs send StartSyncExecution and TestState to a host
// prefixed with "sync-" (sync-states.REGION.amazonaws.com). When a client
// is given an explicit endpoint such as http://127.0.0.1:8083 the Go SDK v2
// still prefixes the host ("sync-127.0.0.1" does not resolve); set
// sfn.Options.EndpointOptions... or, simplest, pass
// `func(o *sfn.Options) { o.DisableHostPrefix = true }` (Go SDK v2) or
// `botocore.config.Config(inject_host_prefix=False)` (boto3). With a
// hostname endpoint such as http://localhost:8083 the prefixed name
// sync-localhost resolves to loopback on most systems (RFC 6761 treats
// *.localhost as loopback; glibc and systemd-resolved do). The handler
// itself accepts any Host header, so either way the request is served.
package sfnapi
