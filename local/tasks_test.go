package local_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/local"
)

// Two Parallel branches call tasks that each wait for the other to have
// started: the run finishes only if Options.Tasks calls overlap.
func TestTasksRunConcurrently(t *testing.T) {
	def := []byte(`{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
	  {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:a","End":true}}},
	  {"StartAt":"B","States":{"B":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:b","End":true}}}]}}}`)
	var started sync.WaitGroup
	started.Add(2)
	tasks := func(ctx context.Context, task local.Task) (local.TaskResult, error) {
		started.Done()
		started.Wait()
		return local.TaskResult{Output: jsonv.MustParse(`"` + task.StateName + `"`)}, nil
	}
	res, err := local.Run(context.Background(), def, jsonv.MustParse(`{}`), local.Options{Start: start, Tasks: tasks})
	if err != nil {
		t.Fatal(err)
	}
	if got := jsonv.String(res.Output); res.Status != "SUCCEEDED" || got != `["A","B"]` {
		t.Fatalf("%s %s (%s %s)", res.Status, got, res.Error, res.Cause)
	}
}

func TestTaskFailureIsCaught(t *testing.T) {
	def := []byte(`{"StartAt":"T","States":{
	  "T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","Parameters":{"n.$":"$.n"},
	       "Catch":[{"ErrorEquals":["Custom"],"ResultPath":"$.err","Next":"Caught"}],"End":true},
	  "Caught":{"Type":"Pass","End":true}}}`)
	var got local.Task
	tasks := func(ctx context.Context, task local.Task) (local.TaskResult, error) {
		got = task
		return local.TaskResult{Error: "Custom", Cause: "boom"}, nil
	}
	res, err := local.Run(context.Background(), def, jsonv.MustParse(`{"n":3}`), local.Options{Start: start, Tasks: tasks, StateMachineName: "m"})
	if err != nil {
		t.Fatal(err)
	}
	if out := jsonv.String(res.Output); out != `{"n":3,"err":{"Error":"Custom","Cause":"boom"}}` {
		t.Fatalf("output %s", out)
	}
	if got.StateName != "T" || jsonv.String(got.Input) != `{"n":3}` || got.Attempt != 1 ||
		!strings.HasPrefix(got.ExecutionArn, "arn:aws:states:us-east-1:123456789012:execution:m:") {
		t.Fatalf("task %+v", got)
	}
}

// A task that outlives its TimeoutSeconds is withdrawn: its context ends
// and the state fails with States.Timeout.
func TestTaskTimeoutCancelsTheCall(t *testing.T) {
	def := []byte(`{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:slow","TimeoutSeconds":1,"End":true}}}`)
	cancelled := make(chan struct{})
	tasks := func(ctx context.Context, task local.Task) (local.TaskResult, error) {
		<-ctx.Done()
		close(cancelled)
		return local.TaskResult{}, ctx.Err()
	}
	res, err := local.Run(context.Background(), def, jsonv.MustParse(`{}`), local.Options{Start: start, Tasks: tasks})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "FAILED" || res.Error != "States.Timeout" {
		t.Fatalf("%s %s %s", res.Status, res.Error, res.Cause)
	}
	<-cancelled // Run waits for its tasks before returning
}

func TestTaskErrorEndsTheRun(t *testing.T) {
	def := []byte(`{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::http:invoke","End":true}}}`)
	want := errors.New("no runner")
	_, err := local.Run(context.Background(), def, jsonv.MustParse(`{}`), local.Options{Start: start, Tasks: func(context.Context, local.Task) (local.TaskResult, error) {
		return local.TaskResult{}, want
	}})
	if !errors.Is(err, want) {
		t.Fatalf("err %v", err)
	}
}
