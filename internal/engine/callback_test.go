package engine

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/jsonv"
)

// sqsCallback is a .waitForTaskToken task with a 10 s heartbeat.
const sqsCallback = `{"StartAt":"Send","States":{"Send":{"Type":"Task",
	"Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","HeartbeatSeconds":10,
	"Parameters":{"MessageBody":{"token.$":"$$.Task.Token"}},"End":true}}}`

// newCallbackHarness runs over a SQLite file; its runner "sends" each
// message, hands the token to tokens and leaves the task waiting.
func newCallbackHarness(t *testing.T) (*harness, chan string) {
	t.Helper()
	s := openSQLite(t, filepath.Join(t.TempDir(), "stepd.db"))
	t.Cleanup(func() { s.Close() })
	tokens := make(chan string, 4)
	send := runner.Func(func(_ context.Context, task *runner.Task) (runner.Result, error) {
		body, _ := task.Input.(*jsonv.Object).Get("MessageBody")
		token, _ := body.(*jsonv.Object).Get("token")
		tokens <- token.(string)
		return runner.Result{Pending: true, Output: jsonv.MustParse(`{"MessageId":"m-1"}`)}, nil
	})
	return newHarness(t, harnessOptions{store: s, fallback: send}), tokens
}

// waitEvent waits until arn's history has an event of type typ.
func (h *harness) waitEvent(arn string, typ history.EventType) history.Event {
	h.t.Helper()
	for {
		events, err := h.e.FullHistory(h.ctx, arn)
		if err != nil {
			h.t.Fatal(err)
		}
		for _, ev := range events {
			if ev.Type == typ {
				return ev
			}
		}
		select {
		case <-h.ctx.Done():
			h.t.Fatalf("%s: no %s event", arn, typ)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	var ee *Error
	if !errors.As(err, &ee) || ee.Code != code {
		t.Fatalf("%s: got %v, want %s", what, err, code)
	}
}

func TestCallbackHeartbeatTimeout(t *testing.T) {
	h, tokens := newCallbackHarness(t)
	sm := h.machine("cb", store.TypeStandard, sqsCallback)
	ex := h.start(sm, "e", `{}`)
	token := <-tokens
	sub := h.waitEvent(ex.ARN, history.TaskSubmitted)
	if d := sub.Details.(*history.TaskOutputDetails); d.Output != `{"MessageId":"m-1"}` || d.Resource != "sendMessage.waitForTaskToken" {
		t.Fatalf("TaskSubmitted %+v", d)
	}
	h.waitTimers(h.e.standard, 1)
	h.clock.Advance(10 * time.Second) // no heartbeat came
	done := h.wait(ex.ARN)
	if done.Status != store.StatusFailed || done.Error != "States.HeartbeatTimeout" {
		t.Fatalf("%+v", done)
	}
	types := h.history(ex.ARN)
	wantTaskEvents(t, types, "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskTimedOut")
	// The worker answers too late: AWS says the task timed out.
	wantCode(t, "success after timeout", h.e.SendTaskSuccess(h.ctx, token, []byte(`{}`)), CodeTaskTimedOut)
	wantCode(t, "failure after timeout", h.e.SendTaskFailure(h.ctx, token, "E", "c"), CodeTaskTimedOut)
	wantCode(t, "heartbeat after timeout", h.e.SendTaskHeartbeat(h.ctx, token), CodeTaskTimedOut)
	wantCode(t, "unknown token", h.e.SendTaskSuccess(h.ctx, "0123456789abcdef0123456789abcdef", []byte(`{}`)), CodeTaskDoesNotExist)
	if after := h.history(ex.ARN); len(after) != len(types) {
		t.Fatalf("late answers changed the history: %v", after)
	}
}

func TestCallbackHeartbeatsKeepTheTaskAlive(t *testing.T) {
	h, tokens := newCallbackHarness(t)
	sm := h.machine("cb", store.TypeStandard, sqsCallback)
	ex := h.start(sm, "e", `{}`)
	token := <-tokens
	h.waitEvent(ex.ARN, history.TaskSubmitted)
	h.waitTimers(h.e.standard, 1)
	for range 3 {
		h.clock.Advance(6 * time.Second)
		if err := h.e.SendTaskHeartbeat(h.ctx, token); err != nil {
			t.Fatal(err)
		}
		// 12, 18, 24 s: past the first deadline, within each new one.
		if _, err := h.e.standard.timers.runOnce(h.ctx); err != nil {
			t.Fatal(err)
		}
		if got, _ := h.e.DescribeExecution(h.ctx, ex.ARN); got.Status != store.StatusRunning {
			t.Fatalf("%s %s", got.Status, got.Error)
		}
	}
	if err := h.e.SendTaskSuccess(h.ctx, token, []byte(`{"delivered":true}`)); err != nil {
		t.Fatal(err)
	}
	done := h.wait(ex.ARN)
	if done.Status != store.StatusSucceeded || string(done.Output) != `{"delivered":true}` {
		t.Fatalf("%+v", done)
	}
	wantTaskEvents(t, h.history(ex.ARN), "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded")
	// A task that ended normally is gone: TaskDoesNotExist, as before.
	wantCode(t, "success after success", h.e.SendTaskSuccess(h.ctx, token, []byte(`{}`)), CodeTaskDoesNotExist)
}

// TestCallbackUnservedResourceFails: nobody makes the service call of a
// .waitForTaskToken task no runner serves, so it fails instead of waiting
// forever.
func TestCallbackUnservedResourceFails(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	sm := h.machine("cb", store.TypeStandard, sqsCallback)
	done := h.wait(h.start(sm, "e", `{}`).ARN)
	if done.Status != store.StatusFailed || done.Error != "States.Runtime" {
		t.Fatalf("%+v", done)
	}
}

// TestCallbackBeforeDispatchRecordsTaskStarted: the token's holder answers
// before the dispatch that made the call is recorded (here nothing
// dispatches at all); the history still shows the task started.
func TestCallbackBeforeDispatchRecordsTaskStarted(t *testing.T) {
	h := newHarness(t, harnessOptions{noStart: true})
	sm := h.machine("cb", store.TypeStandard, sqsCallback)
	ex := h.start(sm, "e", `{}`)
	got, err := h.e.DescribeExecution(h.ctx, ex.ARN)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := decodeSnapshot(got.Snapshot)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.e.SendTaskFailure(h.ctx, snap.State.Root.TaskToken, "Nope", "early"); err != nil {
		t.Fatal(err)
	}
	done, _ := h.e.DescribeExecution(h.ctx, ex.ARN)
	if done.Status != store.StatusFailed || done.Error != "Nope" {
		t.Fatalf("%+v", done)
	}
	wantTaskEvents(t, h.history(ex.ARN), "TaskScheduled", "TaskStarted", "TaskFailed")
}
