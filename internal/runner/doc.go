// Package runner is the task runner port of the engine: a Runner performs
// one attempt of a Task state and reports its result, a States.* error, or
// that the result will arrive later through the task token (activities,
// .waitForTaskToken).
//
// Router picks a runner from the resource ARN. This package holds the
// runners the engine needs first: Mock (answers from a MockConfigFile
// script) and Activities (a queue workers long-poll). Lambda, HTTP, nested
// executions and AWS SDK calls come later; until then Router fails those
// tasks with States.Runtime naming the resource.
package runner
