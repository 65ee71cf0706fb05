package runner

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/stepd/stepd/internal/clock"
	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/memory"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/mock"
)

func TestResourceKinds(t *testing.T) {
	tests := []struct {
		resource           string
		activity, callback bool
	}{
		{"arn:aws:states:us-east-1:123456789012:activity:work", true, true},
		{"arn:aws:states:::sqs:sendMessage.waitForTaskToken", false, true},
		{"arn:aws:states:::lambda:invoke", false, false},
		{"arn:aws:lambda:us-east-1:123456789012:function:f", false, false},
	}
	for _, tt := range tests {
		if got := IsActivity(tt.resource); got != tt.activity {
			t.Errorf("IsActivity(%s) = %v", tt.resource, got)
		}
		if got := IsCallback(tt.resource); got != tt.callback {
			t.Errorf("IsCallback(%s) = %v", tt.resource, got)
		}
	}
}

func TestRouterUnsupportedResourceFailsWithStatesRuntime(t *testing.T) {
	r := &Router{}
	got, err := r.Run(context.Background(), &Task{StateName: "S", Resource: "arn:aws:states:::lambda:invoke"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Error != "States.Runtime" || got.Cause == "" {
		t.Fatalf("got %+v", got)
	}
	// Nobody makes the SQS call, so nobody could ever send the token back.
	got, _ = r.Run(context.Background(), &Task{StateName: "S", Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken"})
	if got.Pending || got.Error != "States.Runtime" || !strings.Contains(got.Cause, "sqs:sendMessage.waitForTaskToken") {
		t.Fatalf("unserved callback task: %+v", got)
	}
	// A runner for the family serves it and says it waits.
	r.AWS = Func(func(context.Context, *Task) (Result, error) { return Result{Pending: true}, nil })
	got, _ = r.Run(context.Background(), &Task{StateName: "S", Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken"})
	if !got.Pending {
		t.Fatalf("served callback task not pending: %+v", got)
	}
}

func TestRouterMockScriptFirst(t *testing.T) {
	s := mock.NewScript().Return("A", jsonv.MustParse(`{"x":1}`)).Throw("A", "Boom", "bad")
	r := &Router{Mock: NewMockScript(s)}
	ctx := context.Background()
	task := &Task{StateName: "A", Resource: "arn:aws:states:::lambda:invoke"}
	first, _ := r.Run(ctx, task)
	second, _ := r.Run(ctx, task)
	if jsonv.String(first.Output) != `{"x":1}` || second.Error != "Boom" || second.Cause != "bad" {
		t.Fatalf("got %+v then %+v", first, second)
	}
	other, _ := r.Run(ctx, &Task{StateName: "B", Resource: "arn:aws:states:::lambda:invoke"})
	if other.Error != "States.Runtime" {
		t.Fatalf("unmocked state: %+v", other)
	}
}

func TestMockConfigPerExecutionScripts(t *testing.T) {
	cfg, err := mock.Parse([]byte(`{"StateMachines":{"M":{"TestCases":{"Happy":{"A":"R"}}}},
		"MockedResponses":{"R":{"0":{"Return":{"n":0}},"1":{"Return":{"n":1}}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	m := NewMock(cfg)
	ctx := context.Background()
	run := func(exec string) string {
		task := &Task{ExecutionARN: exec, StateMachineARN: "arn:aws:states:us-east-1:1:stateMachine:M", TestCase: "Happy", StateName: "A"}
		if !m.Mocks(task) {
			t.Fatal("not mocked")
		}
		r, _ := m.Run(ctx, task)
		return jsonv.String(r.Output)
	}
	got := []string{run("e1"), run("e1"), run("e2")}
	if diff := cmp.Diff([]string{`{"n":0}`, `{"n":1}`, `{"n":0}`}, got); diff != "" {
		t.Fatal(diff)
	}
	m.Forget("e1")
	if run("e1") != `{"n":0}` {
		t.Fatal("Forget kept the script")
	}
	if m.Mocks(&Task{ExecutionARN: "e3", StateMachineARN: "arn:aws:states:us-east-1:1:stateMachine:M", StateName: "A"}) {
		t.Fatal("an execution without a test case is mocked")
	}
}

func TestActivitiesPollWakesWhenWorkArrives(t *testing.T) {
	s := memory.New()
	a := NewActivities(s, clock.NewFake(time.Unix(0, 0)))
	ctx := context.Background()
	const arn = "arn:aws:states:us-east-1:1:activity:work"
	got := make(chan *store.ActivityTask)
	go func() {
		task, err := a.Poll(ctx, arn, "w1")
		if err != nil {
			t.Error(err)
		}
		got <- task
	}()
	res, err := a.Run(ctx, &Task{ExecutionARN: "e", Resource: arn, TaskToken: "tok", Input: jsonv.MustParse(`{"a":1}`)})
	if err != nil || !res.Pending {
		t.Fatalf("Run = %+v, %v", res, err)
	}
	// A second dispatch of the same token (after a crash) is harmless.
	if _, err := a.Run(ctx, &Task{ExecutionARN: "e", Resource: arn, TaskToken: "tok"}); err != nil {
		t.Fatal(err)
	}
	task := <-got
	if task == nil || task.TaskToken != "tok" || task.WorkerName != "w1" || string(task.Input) != `{"a":1}` {
		t.Fatalf("polled %+v", task)
	}
}

// Another node queues a task in the shared store: its Notify cannot reach
// this process, so a waiting Poll finds it on its next recheck.
func TestActivitiesPollRechecksTheStore(t *testing.T) {
	s := memory.New()
	fc := clock.NewFake(time.Unix(0, 0))
	here, other := NewActivities(s, fc), NewActivities(s, fc)
	here.Recheck = time.Second
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	const arn = "arn:aws:states:us-east-1:1:activity:work"
	got := make(chan *store.ActivityTask)
	go func() {
		task, err := here.Poll(ctx, arn, "w1")
		if err != nil {
			t.Error(err)
		}
		got <- task
	}()
	if !fc.WaitTimers(1, ctx.Done()) {
		t.Fatal("the poll never armed its recheck")
	}
	if _, err := other.Run(ctx, &Task{ExecutionARN: "e", Resource: arn, TaskToken: "tok", Input: jsonv.MustParse(`{}`)}); err != nil {
		t.Fatal(err)
	}
	fc.Advance(time.Second)
	if task := <-got; task == nil || task.TaskToken != "tok" {
		t.Fatalf("polled %+v", task)
	}
}

func TestActivitiesPollEndsWithContext(t *testing.T) {
	a := NewActivities(memory.New(), clock.Real{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	task, err := a.Poll(ctx, "arn:aws:states:us-east-1:1:activity:none", "w")
	if task != nil || err != nil {
		t.Fatalf("got %v, %v", task, err)
	}
}
