// Package runner is the task runner port of the engine: a Runner performs
// one attempt of a Task state and reports its result, a States.* error, or
// that the result will arrive later through the task token (activities,
// .waitForTaskToken, .sync).
//
// Router picks a runner from the resource ARN (ParseResource). This
// package holds the runners every engine has — Mock (answers from a
// MockConfigFile script) and Activities (a queue workers long-poll) — and
// its subpackages the ones a config file turns on: lambda (local
// functions through the Lambda Runtime API), httptask (arn:aws:states:::
// http:invoke with named connections) and awssdk (AWS service
// integrations through aws-sdk-go-v2). Nested executions are served by
// the engine itself (engine.Executions), since they are executions. A
// resource no runner serves fails with States.Runtime naming it.
package runner
