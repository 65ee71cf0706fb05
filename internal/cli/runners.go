package cli

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/internal/runner/awssdk"
	"github.com/stepd/stepd/internal/runner/httptask"
	"github.com/stepd/stepd/internal/runner/lambda"
	"github.com/stepd/stepd/local"
)

// runnerSettings are the config file's sections for task runners.
type runnerSettings struct {
	// Functions are local Lambda functions, by name.
	Functions map[string]lambda.Function `yaml:"functions"`
	// Connections are the HTTP Task's named connections (EventBridge
	// connection names in Authentication.ConnectionArn).
	Connections map[string]httptask.Connection `yaml:"connections"`
	// AWS turns on the AWS service integrations (and Lambda functions not
	// declared under functions:) against its endpoints, or real AWS. Nil
	// when the file has no aws: section: no call leaves the machine then.
	AWS *awssdk.Config `yaml:"aws"`
}

// runners builds the task runners the config file declares into router.
// The returned function releases them (function processes).
func (s *settings) runners(router *runner.Router, log *slog.Logger, region, account string) (func(), error) {
	var closers []func()
	release := func() {
		for _, c := range closers {
			c()
		}
	}
	if s.Runners.AWS != nil {
		aws, err := awssdk.New(*s.Runners.AWS, awssdk.Options{Logger: log, Region: region})
		if err != nil {
			return nil, fmt.Errorf("config file: %w", err)
		}
		router.AWS = aws
		closers = append(closers, aws.Close)
		router.Lambda = aws // functions not declared locally
	}
	if len(s.Runners.Functions) > 0 {
		opts := lambda.Options{BaseDir: s.Dir, Logger: log, Region: region, Account: account}
		if router.AWS != nil {
			opts.Remote = router.AWS
		}
		host, err := lambda.New(s.Runners.Functions, opts)
		if err != nil {
			release()
			return nil, fmt.Errorf("config file: %w", err)
		}
		router.Lambda = host
		closers = append(closers, host.Close)
	}
	httpRunner, err := httptask.New(s.Runners.Connections, httptask.Options{Logger: log, Region: region})
	if err != nil {
		release()
		return nil, fmt.Errorf("config file: %w", err)
	}
	router.HTTP = httpRunner
	closers = append(closers, httpRunner.Close)
	return release, nil
}

// localTasks runs stepd run's Task states on the router's runners. A
// callback task (.waitForTaskToken, activities) cannot complete here:
// nothing can send its token.
func localTasks(r *runner.Router) func(ctx context.Context, t local.Task) (local.TaskResult, error) {
	return func(ctx context.Context, t local.Task) (local.TaskResult, error) {
		if !r.Serves(t.Resource) {
			return local.TaskResult{}, &local.UnmockedTaskError{State: t.StateName, Resource: t.Resource}
		}
		res, err := r.Run(ctx, &runner.Task{
			ExecutionARN: t.ExecutionArn, StateMachineARN: t.StateMachineArn, StateName: t.StateName,
			Resource: t.Resource, Input: t.Input, TaskToken: t.TaskToken, TimeoutSeconds: t.TimeoutSeconds,
			HeartbeatSeconds: t.HeartbeatSeconds, Attempt: t.Attempt, RoleArn: t.RoleArn,
		})
		switch {
		case err != nil:
			return local.TaskResult{}, err
		case res.Pending:
			return local.TaskResult{}, fmt.Errorf("Task state %q waits for a task token (%s): stepd run cannot deliver one; run it under stepd serve and complete it with SendTaskSuccess", t.StateName, t.Resource)
		}
		return local.TaskResult{Output: res.Output, Error: res.Error, Cause: res.Cause}, nil
	}
}
