package sfnapi_test

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
)

// passChain is a machine of n Pass states.
func passChain(n int) string {
	var b strings.Builder
	b.WriteString(`{"StartAt":"S0","States":{`)
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`"S` + itoa(i) + `":{"Type":"Pass"`)
		if i == n-1 {
			b.WriteString(`,"End":true}`)
		} else {
			b.WriteString(`,"Next":"S` + itoa(i+1) + `"}`)
		}
	}
	b.WriteString("}}")
	return b.String()
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func (h *harness) createMachine(name, definition string, typ types.StateMachineType) string {
	out := must(h.client.CreateStateMachine(h.ctx, &sfn.CreateStateMachineInput{Name: aws.String(name), Definition: aws.String(definition), RoleArn: aws.String(role), Type: typ}))
	return aws.ToString(out.StateMachineArn)
}

// waitDone waits until the execution closed, polling DescribeExecution as
// a client would (the engine closes it asynchronously).
func (h *harness) waitDone(arn string) *sfn.DescribeExecutionOutput {
	for {
		d := must(h.client.DescribeExecution(h.ctx, &sfn.DescribeExecutionInput{ExecutionArn: aws.String(arn)}))
		if d.Status != types.ExecutionStatusRunning {
			return d
		}
		select {
		case <-h.ctx.Done():
			h.t.Fatal("execution did not close")
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func TestExecutions(t *testing.T) {
	h := newHarness(t)
	c := h.client
	sm := h.createMachine("Chain", passChain(3), "")
	start := must(c.StartExecution(h.ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(sm), Name: aws.String("one"), Input: aws.String(`{"a":"<&>"}`)}))
	if got, want := aws.ToString(start.ExecutionArn), "arn:aws:states:us-east-1:123456789012:execution:Chain:one"; got != want {
		t.Fatalf("execution arn %s, want %s", got, want)
	}
	d := h.waitDone(*start.ExecutionArn)
	if d.Status != types.ExecutionStatusSucceeded || aws.ToString(d.Output) != `{"a":"<&>"}` || aws.ToString(d.StateMachineArn) != sm || d.StopDate == nil {
		t.Fatalf("describe: %+v", d)
	}
	// Same name, closed execution: already exists.
	_, err := c.StartExecution(h.ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(sm), Name: aws.String("one")})
	wantCode(t, err, "ExecutionAlreadyExists")
	_, err = c.StartExecution(h.ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(sm), Name: aws.String("bad name")})
	wantCode(t, err, "InvalidName")
	_, err = c.StartExecution(h.ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(sm), Input: aws.String("{")})
	wantCode(t, err, "InvalidExecutionInput")
	_, err = c.StartExecution(h.ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(sm + "Nope")})
	wantCode(t, err, "StateMachineDoesNotExist")
	_, err = c.StartExecution(h.ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String("arn:aws:states:us-east-1:123456789012:activity:x")})
	wantCode(t, err, "InvalidArn")

	hist := must(c.GetExecutionHistory(h.ctx, &sfn.GetExecutionHistoryInput{ExecutionArn: start.ExecutionArn}))
	if n := len(hist.Events); n != 8 || hist.Events[0].Type != types.HistoryEventTypeExecutionStarted || hist.Events[n-1].Type != types.HistoryEventTypeExecutionSucceeded {
		t.Fatalf("history: %d events", n)
	}
	if got := aws.ToString(hist.Events[0].ExecutionStartedEventDetails.Input); got != `{"a":"<&>"}` {
		t.Fatalf("started input %s", got)
	}
	// Paged in reverse, two at a time.
	var ids []int64
	var token *string
	for {
		page := must(c.GetExecutionHistory(h.ctx, &sfn.GetExecutionHistoryInput{ExecutionArn: start.ExecutionArn, ReverseOrder: true, MaxResults: 3, NextToken: token, IncludeExecutionData: aws.Bool(false)}))
		for _, e := range page.Events {
			ids = append(ids, e.Id)
			if e.ExecutionStartedEventDetails != nil && e.ExecutionStartedEventDetails.Input != nil {
				t.Fatal("includeExecutionData=false kept the input")
			}
		}
		if token = page.NextToken; token == nil {
			break
		}
	}
	if len(ids) != 8 || ids[0] != 8 || ids[7] != 1 {
		t.Fatalf("reverse ids %v", ids)
	}
	_, err = c.GetExecutionHistory(h.ctx, &sfn.GetExecutionHistoryInput{ExecutionArn: aws.String(*start.ExecutionArn + "x")})
	wantCode(t, err, "ExecutionDoesNotExist")

	for range 3 {
		must(c.StartExecution(h.ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(sm)}))
	}
	list := must(c.ListExecutions(h.ctx, &sfn.ListExecutionsInput{StateMachineArn: aws.String(sm), MaxResults: 2}))
	if len(list.Executions) != 2 || list.NextToken == nil {
		t.Fatalf("list: %+v", list)
	}
	rest := must(c.ListExecutions(h.ctx, &sfn.ListExecutionsInput{StateMachineArn: aws.String(sm), MaxResults: 2, NextToken: list.NextToken}))
	if len(rest.Executions) != 2 {
		t.Fatalf("rest: %+v", rest)
	}
	_, err = c.ListExecutions(h.ctx, &sfn.ListExecutionsInput{StateMachineArn: aws.String(sm), NextToken: aws.String("forged.token")})
	wantCode(t, err, "InvalidToken")
	_, err = c.ListExecutions(h.ctx, &sfn.ListExecutionsInput{StateMachineArn: aws.String(sm + "Nope")})
	wantCode(t, err, "StateMachineDoesNotExist")

	forExec := must(c.DescribeStateMachineForExecution(h.ctx, &sfn.DescribeStateMachineForExecutionInput{ExecutionArn: start.ExecutionArn}))
	if aws.ToString(forExec.Definition) != passChain(3) {
		t.Fatalf("for execution: %+v", forExec)
	}
}

const waitMachine = `{"StartAt":"W","States":{"W":{"Type":"Task","Resource":"arn:aws:states:us-east-1:123456789012:activity:work","TimeoutSeconds":60,"End":true}}}`

func TestStopAndRedrive(t *testing.T) {
	h := newHarness(t)
	c := h.client
	must(c.CreateActivity(h.ctx, &sfn.CreateActivityInput{Name: aws.String("work")}))
	sm := h.createMachine("Waits", waitMachine, "")
	start := must(c.StartExecution(h.ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(sm), Name: aws.String("w1"), Input: aws.String(`{"x":1}`)}))
	// Idempotent start: same name and input while running.
	again := must(c.StartExecution(h.ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(sm), Name: aws.String("w1"), Input: aws.String(`{"x":1}`)}))
	if *again.ExecutionArn != *start.ExecutionArn {
		t.Fatalf("idempotent start gave %s", *again.ExecutionArn)
	}
	_, err := c.StartExecution(h.ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(sm), Name: aws.String("w1"), Input: aws.String(`{"x":2}`)})
	wantCode(t, err, "ExecutionAlreadyExists")
	running := must(c.ListExecutions(h.ctx, &sfn.ListExecutionsInput{StateMachineArn: aws.String(sm), StatusFilter: types.ExecutionStatusRunning}))
	if len(running.Executions) != 1 {
		t.Fatalf("running: %+v", running)
	}
	_, err = c.RedriveExecution(h.ctx, &sfn.RedriveExecutionInput{ExecutionArn: start.ExecutionArn})
	wantCode(t, err, "ExecutionNotRedrivable")
	stop := must(c.StopExecution(h.ctx, &sfn.StopExecutionInput{ExecutionArn: start.ExecutionArn, Error: aws.String("Halt"), Cause: aws.String("test")}))
	if stop.StopDate == nil {
		t.Fatal("no stop date")
	}
	d := h.waitDone(*start.ExecutionArn)
	if d.Status != types.ExecutionStatusAborted || aws.ToString(d.Error) != "Halt" || d.RedriveStatus != types.ExecutionRedriveStatusRedrivable {
		t.Fatalf("stopped: %+v", d)
	}
	must(c.RedriveExecution(h.ctx, &sfn.RedriveExecutionInput{ExecutionArn: start.ExecutionArn}))
	task := must(c.GetActivityTask(h.ctx, &sfn.GetActivityTaskInput{ActivityArn: aws.String("arn:aws:states:us-east-1:123456789012:activity:work"), WorkerName: aws.String("w")}))
	if task.TaskToken == nil || aws.ToString(task.Input) != `{"x":1}` {
		t.Fatalf("task: %+v", task)
	}
	must(c.SendTaskSuccess(h.ctx, &sfn.SendTaskSuccessInput{TaskToken: task.TaskToken, Output: aws.String(`{"done":true}`)}))
	d = h.waitDone(*start.ExecutionArn)
	if d.Status != types.ExecutionStatusSucceeded || d.RedriveCount == nil || *d.RedriveCount != 1 {
		t.Fatalf("redriven: %+v", d)
	}
	_, err = c.StopExecution(h.ctx, &sfn.StopExecutionInput{ExecutionArn: aws.String(*start.ExecutionArn + "x")})
	wantCode(t, err, "ExecutionDoesNotExist")
}

func TestStartSyncExecution(t *testing.T) {
	h := newHarness(t)
	c := h.client
	express := h.createMachine("Fast", passChain(10), types.StateMachineTypeExpress)
	standard := h.createMachine("Slow", passChain(1), "")
	out := must(c.StartSyncExecution(h.ctx, &sfn.StartSyncExecutionInput{StateMachineArn: aws.String(express), Input: aws.String(`{"n":1}`)}))
	if out.Status != types.SyncExecutionStatusSucceeded || aws.ToString(out.Output) != `{"n":1}` ||
		!strings.HasPrefix(aws.ToString(out.ExecutionArn), "arn:aws:states:us-east-1:123456789012:express:Fast:") {
		t.Fatalf("sync: %+v", out)
	}
	_, err := c.StartSyncExecution(h.ctx, &sfn.StartSyncExecutionInput{StateMachineArn: aws.String(standard)})
	wantCode(t, err, "StateMachineTypeNotSupported")
	_, err = c.StartSyncExecution(h.ctx, &sfn.StartSyncExecutionInput{StateMachineArn: aws.String(express + "Nope")})
	wantCode(t, err, "StateMachineDoesNotExist")
	_, err = c.ListExecutions(h.ctx, &sfn.ListExecutionsInput{StateMachineArn: aws.String(express)})
	wantCode(t, err, "StateMachineTypeNotSupported")
}
