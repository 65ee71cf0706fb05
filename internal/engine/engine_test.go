package engine

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/internal/clock"
	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/memory"
	"github.com/stepd/stepd/interp"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
	"github.com/stepd/stepd/mock"
)

const smPrefix = "arn:aws:states:us-east-1:123456789012:stateMachine:"

type harness struct {
	t      *testing.T
	e      *Engine
	store  store.Store
	clock  *clock.Fake
	script *mock.Script
	ctx    context.Context
}

type harnessOptions struct {
	store    store.Store
	fallback runner.Runner
	noStart  bool
	// keepExpress keeps closed Express executions (Options.KeepClosedExpress).
	keepExpress bool
	// clock is shared with another harness (another node); a new one if nil.
	clock *clock.Fake
}

func newHarness(t *testing.T, o harnessOptions) *harness {
	t.Helper()
	s := o.store
	if s == nil {
		s = memory.New()
	}
	fc := o.clock
	if fc == nil {
		fc = clock.NewFake(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	}
	script := mock.NewScript()
	acts := runner.NewActivities(s, fc)
	router := &runner.Router{Mock: runner.NewMockScript(script), Activities: acts, Fallback: o.fallback}
	e := New(Options{Store: s, Runner: router, Activities: acts, Clock: fc, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), KeepClosedExpress: o.keepExpress})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	if !o.noStart {
		if err := e.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(e.Stop)
	}
	return &harness{t: t, e: e, store: s, clock: fc, script: script, ctx: ctx}
}

func (h *harness) machine(name, typ, definition string) string {
	h.t.Helper()
	arn := smPrefix + name
	err := h.store.Tx(h.ctx, func(tx store.Tx) error {
		_, err := tx.StateMachineCreate(h.ctx, &store.StateMachineCreateParams{
			ARN: arn, Name: name, Type: typ, Definition: definition, RoleARN: "arn:aws:iam::123456789012:role/r", RevisionID: "r1", Now: h.clock.Now(),
		})
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return arn
}

func (h *harness) start(sm, name, input string) *store.Execution {
	h.t.Helper()
	ex, err := h.e.StartExecution(h.ctx, &StartParams{StateMachineARN: sm, Name: name, Input: []byte(input)})
	if err != nil {
		h.t.Fatal(err)
	}
	return ex
}

func (h *harness) wait(arn string) *store.Execution {
	h.t.Helper()
	ex, err := h.e.WaitForClose(h.ctx, arn)
	if err != nil {
		h.t.Fatalf("waiting for %s: %v", arn, err)
	}
	return ex
}

// history returns the execution's event types after checking the history
// is well built.
func (h *harness) history(arn string) []string {
	h.t.Helper()
	events, err := h.e.FullHistory(h.ctx, arn)
	if err != nil {
		h.t.Fatal(err)
	}
	if err := history.Validate(events); err != nil {
		h.t.Fatalf("history of %s: %v", arn, err)
	}
	types := make([]string, len(events))
	for i, ev := range events {
		types[i] = string(ev.Type)
	}
	h.replay(arn, events)
	return types
}

// replay checks the stored snapshot is the fold of the stored history.
func (h *harness) replay(arn string, events []history.Event) {
	h.t.Helper()
	ex, err := h.e.DescribeExecution(h.ctx, arn)
	if err != nil {
		h.t.Fatal(err)
	}
	snap, err := decodeSnapshot(ex.Snapshot)
	if err != nil {
		h.t.Fatal(err)
	}
	m, diags := machine.Load(ex.Definition)
	if diags.HasErrors() {
		h.t.Fatal(diags)
	}
	got, err := interp.Replay(m, snap.State.Execution, events)
	var re *interp.ReplayError
	if errors.As(err, &re) && re.Code == interp.ReplayOutsideHistory {
		return // a Distributed Map that succeeded: its output is not in the history
	}
	if err != nil {
		h.t.Fatalf("replaying %s: %v", arn, err)
	}
	if got.Status != snap.State.Status || got.LastEventID != snap.State.LastEventID || got.Counter != snap.State.Counter {
		h.t.Fatalf("%s: replay gives %s/%d/%d, snapshot %s/%d/%d", arn, got.Status, got.LastEventID, got.Counter,
			snap.State.Status, snap.State.LastEventID, snap.State.Counter)
	}
}

func (h *harness) waitTimers(c *core, n int) {
	h.t.Helper()
	if !c.timers.waitPending(n, h.ctx.Done()) {
		h.t.Fatalf("%d timers never became pending", n)
	}
}

const taskPass = `{"StartAt":"T","States":{
	"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Next":"P"},
	"P":{"Type":"Pass","Result":{"done":true},"ResultPath":"$.p","End":true}}}`

func TestTaskThenPassSucceeds(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.script.Return("T", jsonv.MustParse(`{"x":1}`))
	sm := h.machine("m", store.TypeStandard, taskPass)
	ex := h.start(sm, "e1", `{"in":1}`)
	if ex.Status != store.StatusRunning || ex.ARN != "arn:aws:states:us-east-1:123456789012:execution:m:e1" {
		t.Fatalf("started %+v", ex)
	}
	done := h.wait(ex.ARN)
	if done.Status != store.StatusSucceeded || string(done.Output) != `{"x":1,"p":{"done":true}}` {
		t.Fatalf("closed %s with %s", done.Status, done.Output)
	}
	want := []string{"ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded",
		"TaskStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"}
	if diff := cmp.Diff(want, h.history(ex.ARN)); diff != "" {
		t.Fatal(diff)
	}
	if h.e.standard.cache.len() != 0 {
		t.Fatal("a closed execution stayed cached")
	}
}

func TestStartIsIdempotentForTheSameInput(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	sm := h.machine("m", store.TypeStandard, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}}`)
	a := h.start(sm, "same", `{"a":1}`)
	b := h.start(sm, "same", `{ "a" : 1 }`)
	if a.ARN != b.ARN {
		t.Fatal("different executions")
	}
	_, err := h.e.StartExecution(h.ctx, &StartParams{StateMachineARN: sm, Name: "same", Input: []byte(`{"a":2}`)})
	var ee *Error
	if !errors.As(err, &ee) || ee.Code != CodeExecutionAlreadyExists {
		t.Fatalf("got %v", err)
	}
	_, err = h.e.StartExecution(h.ctx, &StartParams{StateMachineARN: smPrefix + "nope"})
	if !errors.As(err, &ee) || ee.Code != CodeStateMachineDoesNotExist {
		t.Fatalf("got %v", err)
	}
	_, err = h.e.DescribeExecution(h.ctx, "arn:aws:states:us-east-1:123456789012:execution:m:nope")
	if !errors.As(err, &ee) || ee.Code != CodeExecutionDoesNotExist {
		t.Fatalf("got %v", err)
	}
}

func TestWaitStateFiresOnTimer(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	sm := h.machine("w", store.TypeStandard, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":10,"Next":"P"},"P":{"Type":"Pass","End":true}}}`)
	ex := h.start(sm, "e", `{}`)
	h.waitTimers(h.e.standard, 1)
	h.clock.Advance(9 * time.Second)
	if n, _ := h.e.standard.timers.runOnce(h.ctx); n != 0 {
		t.Fatalf("fired %d timers early", n)
	}
	h.clock.Advance(time.Second)
	done := h.wait(ex.ARN)
	if done.Status != store.StatusSucceeded {
		t.Fatal(done.Status)
	}
	want := []string{"ExecutionStarted", "WaitStateEntered", "WaitStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"}
	if diff := cmp.Diff(want, h.history(ex.ARN)); diff != "" {
		t.Fatal(diff)
	}
}

func TestRetryBackoffTimer(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.script.Throw("T", "Flaky", "once").Return("T", jsonv.MustParse(`"ok"`))
	sm := h.machine("r", store.TypeStandard, `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
		"Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":2,"MaxAttempts":1}],"End":true}}}`)
	ex := h.start(sm, "e", `{}`)
	h.waitTimers(h.e.standard, 1)
	h.clock.Advance(2 * time.Second)
	done := h.wait(ex.ARN)
	if done.Status != store.StatusSucceeded || string(done.Output) != `"ok"` {
		t.Fatalf("%s %s", done.Status, done.Output)
	}
	h.history(ex.ARN)
}

func TestStopExecutionAbortsAndWithdrawsTimers(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	sm := h.machine("w", store.TypeStandard, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":100,"End":true}}}`)
	ex := h.start(sm, "e", `{}`)
	stopped, err := h.e.StopExecution(h.ctx, ex.ARN, "Oops", "by test")
	if err != nil {
		t.Fatal(err)
	}
	if stopped.Status != store.StatusAborted || stopped.Error != "Oops" || stopped.StopDate.IsZero() {
		t.Fatalf("%+v", stopped)
	}
	var rows []store.OutboxRow
	_ = h.store.ReadTx(h.ctx, func(tx store.Tx) error {
		rows, _ = tx.TimerDue(h.ctx, &store.TimerDueParams{Now: h.clock.Now().Add(time.Hour), Limit: 10})
		return nil
	})
	if len(rows) != 0 {
		t.Fatalf("timers left: %v", rows)
	}
	types := h.history(ex.ARN)
	if types[len(types)-1] != "ExecutionAborted" {
		t.Fatal(types)
	}
	// Stopping again leaves it as it is.
	again, err := h.e.StopExecution(h.ctx, ex.ARN, "", "")
	if err != nil || again.Status != store.StatusAborted {
		t.Fatal(again, err)
	}
}

func TestRedriveAfterFailure(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.script.Throw("T", "Boom", "first run").Return("T", jsonv.MustParse(`{"ok":true}`))
	sm := h.machine("m", store.TypeStandard, taskPass)
	ex := h.start(sm, "e", `{}`)
	if done := h.wait(ex.ARN); done.Status != store.StatusFailed || done.Error != "Boom" {
		t.Fatalf("%+v", done)
	}
	if _, err := h.e.RedriveExecution(h.ctx, ex.ARN); err != nil {
		t.Fatal(err)
	}
	done := h.wait(ex.ARN)
	if done.Status != store.StatusSucceeded || done.RedriveCount != 1 {
		t.Fatalf("%+v", done)
	}
	h.history(ex.ARN)
	var ee *Error
	if _, err := h.e.RedriveExecution(h.ctx, ex.ARN); !errors.As(err, &ee) || ee.Code != CodeExecutionNotRedrivable {
		t.Fatalf("redriving a success: %v", err)
	}
}

func TestTaskTokenCallback(t *testing.T) {
	// The runner "sends the message" and leaves the task waiting for its token.
	pending := runner.Func(func(context.Context, *runner.Task) (runner.Result, error) { return runner.Result{Pending: true}, nil })
	h := newHarness(t, harnessOptions{fallback: pending})
	sm := h.machine("cb", store.TypeStandard, `{"StartAt":"T","States":{"T":{"Type":"Task",
		"Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","Parameters":{"token.$":"$$.Task.Token"},"End":true}}}`)
	ex := h.start(sm, "e", `{}`)
	var token string
	// The token row is written with the transition that schedules the task.
	err := h.store.ReadTx(h.ctx, func(tx store.Tx) error {
		snap, err := tx.ExecutionGet(h.ctx, &store.ExecutionGetParams{ARN: ex.ARN})
		if err != nil {
			return err
		}
		s, err := decodeSnapshot(snap.Snapshot)
		token = s.State.Root.TaskToken
		return err
	})
	if err != nil || token == "" {
		t.Fatal(token, err)
	}
	var ee *Error
	if err := h.e.SendTaskSuccess(h.ctx, "nope", []byte(`{}`)); !errors.As(err, &ee) || ee.Code != CodeTaskDoesNotExist {
		t.Fatalf("unknown token: %v", err)
	}
	if err := h.e.SendTaskSuccess(h.ctx, token, []byte(`{"r":1}`)); err != nil {
		t.Fatal(err)
	}
	done := h.wait(ex.ARN)
	if done.Status != store.StatusSucceeded || string(done.Output) != `{"r":1}` {
		t.Fatalf("%s %s", done.Status, done.Output)
	}
	if err := h.e.SendTaskSuccess(h.ctx, token, []byte(`{}`)); !errors.As(err, &ee) || ee.Code != CodeTaskDoesNotExist {
		t.Fatalf("token after close: %v", err)
	}
	h.history(ex.ARN)
}

const activityARN = "arn:aws:states:us-east-1:123456789012:activity:work"

func TestActivityPollAndComplete(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	sm := h.machine("a", store.TypeStandard, `{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"`+activityARN+`","End":true}}}`)
	polled := make(chan *ActivityTask, 1)
	go func() {
		task, err := h.e.PollActivityTask(h.ctx, activityARN, "worker-1")
		if err != nil {
			t.Error(err)
		}
		polled <- task
	}()
	ex := h.start(sm, "e", `{"job":7}`)
	task := <-polled
	if task == nil || string(task.Input) != `{"job":7}` {
		t.Fatalf("polled %+v", task)
	}
	if err := h.e.SendTaskFailure(h.ctx, task.TaskToken, "WorkerError", "it broke"); err != nil {
		t.Fatal(err)
	}
	done := h.wait(ex.ARN)
	if done.Status != store.StatusFailed || done.Error != "WorkerError" {
		t.Fatalf("%+v", done)
	}
	want := []string{"ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ActivityStarted", "ActivityFailed", "ExecutionFailed"}
	if diff := cmp.Diff(want, h.history(ex.ARN)); diff != "" {
		t.Fatal(diff)
	}
	events, err := h.e.FullHistory(h.ctx, ex.ARN)
	if err != nil {
		t.Fatal(err)
	}
	if d, ok := events[3].Details.(*history.ActivityStartedEventDetails); !ok || d.WorkerName != "worker-1" {
		t.Fatalf("ActivityStarted details %#v", events[3].Details)
	}
}

func TestActivityHeartbeatTimeout(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	sm := h.machine("a", store.TypeStandard, `{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"`+activityARN+`","HeartbeatSeconds":5,"End":true}}}`)
	ex := h.start(sm, "e", `{}`)
	task, err := h.e.PollActivityTask(h.ctx, activityARN, "w")
	if err != nil || task == nil {
		t.Fatal(task, err)
	}
	h.clock.Advance(4 * time.Second)
	if err := h.e.SendTaskHeartbeat(h.ctx, task.TaskToken); err != nil {
		t.Fatal(err)
	}
	// The heartbeat moved the deadline to 9 s: nothing fires at 5 s.
	h.clock.Advance(time.Second)
	if _, err := h.e.standard.timers.runOnce(h.ctx); err != nil {
		t.Fatal(err)
	}
	if ex, _ := h.e.DescribeExecution(h.ctx, ex.ARN); ex.Status != store.StatusRunning {
		t.Fatal(ex.Status)
	}
	h.clock.Advance(4 * time.Second)
	done := h.wait(ex.ARN)
	if done.Status != store.StatusFailed || done.Error != "States.HeartbeatTimeout" {
		t.Fatalf("%+v", done)
	}
	h.history(ex.ARN)
}

// A timer row read just before a heartbeat replaced it (a slow timer loop,
// or another node) must not fire the heartbeat timeout early.
func TestStaleHeartbeatTimerDoesNotFire(t *testing.T) {
	h := newHarness(t, harnessOptions{noStart: true})
	sm := h.machine("a", store.TypeStandard, `{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"`+activityARN+`","HeartbeatSeconds":5,"End":true}}}`)
	ex := h.start(sm, "e", `{}`)
	if _, err := h.e.standard.dispatcher.runOnce(h.ctx); err != nil {
		t.Fatal(err)
	}
	h.e.standard.dispatcher.wait()
	task, err := h.e.PollActivityTask(h.ctx, activityARN, "w")
	if err != nil || task == nil {
		t.Fatal(task, err)
	}
	h.clock.Advance(5 * time.Second)
	var stale []store.OutboxRow
	if err := h.store.ReadTx(h.ctx, func(tx store.Tx) error {
		stale, err = tx.TimerDue(h.ctx, &store.TimerDueParams{Now: h.clock.Now(), Limit: 10})
		return err
	}); err != nil || len(stale) != 1 {
		t.Fatal(stale, err)
	}
	if err := h.e.SendTaskHeartbeat(h.ctx, task.TaskToken); err != nil {
		t.Fatal(err)
	}
	if failed := h.e.standard.timers.fire(h.ctx, stale); len(failed) != 0 {
		t.Fatal(failed)
	}
	if ex, _ := h.e.DescribeExecution(h.ctx, ex.ARN); ex.Status != store.StatusRunning {
		t.Fatalf("the replaced heartbeat timer fired: %s", ex.Status)
	}
	h.clock.Advance(5 * time.Second)
	if n, err := h.e.standard.timers.runOnce(h.ctx); err != nil || n != 1 {
		t.Fatal(n, err)
	}
	if ex, _ := h.e.DescribeExecution(h.ctx, ex.ARN); ex.Status != store.StatusFailed || ex.Error != "States.HeartbeatTimeout" {
		t.Fatalf("%+v", ex)
	}
}

// As on AWS, an execution whose state machine was deleted fails at its
// next transition (States.Runtime), while StopExecution still stops one.
func TestDeletedStateMachineFailsItsExecutions(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	sm := h.machine("gone", store.TypeStandard, `{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"`+activityARN+`","End":true}}}`)
	ex := h.start(sm, "e", `{}`)
	task, err := h.e.PollActivityTask(h.ctx, activityARN, "w")
	if err != nil || task == nil {
		t.Fatal(task, err)
	}
	stopped := h.start(sm, "s", `{}`)
	if err := h.store.Tx(h.ctx, func(tx store.Tx) error { return tx.StateMachineDelete(h.ctx, &store.StateMachineDeleteParams{ARN: sm}) }); err != nil {
		t.Fatal(err)
	}
	h.e.ForgetStateMachine(sm)
	if _, err := h.e.StopExecution(h.ctx, stopped.ARN, "E", "C"); err != nil {
		t.Fatal(err)
	}
	if done := h.wait(stopped.ARN); done.Status != store.StatusAborted {
		t.Fatalf("stopped: %s", done.Status)
	}
	if err := h.e.SendTaskSuccess(h.ctx, task.TaskToken, []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	done := h.wait(ex.ARN)
	if done.Status != store.StatusFailed || done.Error != "States.Runtime" || done.Cause != "State machine gone has been deleted." {
		t.Fatalf("%+v", done)
	}
	types := h.history(ex.ARN)
	if types[len(types)-1] != "ExecutionFailed" {
		t.Fatal(types)
	}
}

func TestExpressStartSync(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.script.Return("T", jsonv.MustParse(`{"y":2}`))
	sm := h.machine("x", store.TypeExpress, taskPass)
	done, err := h.e.StartSyncExecution(h.ctx, &StartParams{StateMachineARN: sm, Name: "s"})
	if err != nil {
		t.Fatal(err)
	}
	if done.Status != store.StatusSucceeded || string(done.Output) != `{"y":2,"p":{"done":true}}` {
		t.Fatalf("%+v", done)
	}
	var ee *Error
	std := h.machine("std", store.TypeStandard, taskPass)
	if _, err := h.e.StartSyncExecution(h.ctx, &StartParams{StateMachineARN: std}); !errors.As(err, &ee) || ee.Code != CodeStateMachineTypeNotSupported {
		t.Fatalf("sync on standard: %v", err)
	}
}

func TestExpressDurationLimit(t *testing.T) {
	h := newHarness(t, harnessOptions{keepExpress: true})
	sm := h.machine("x", store.TypeExpress, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}`)
	ex := h.start(sm, "e", `{}`)
	h.waitTimers(h.e.express, 2)
	h.clock.Advance(ExpressLimitDefault)
	done := h.wait(ex.ARN)
	if done.Status != store.StatusTimedOut {
		t.Fatalf("%+v", done)
	}
	// The engine, not the interpreter, ends it, so the history does not
	// replay; Express histories are never replayed (they live in memory).
	events, err := h.e.FullHistory(h.ctx, ex.ARN)
	if err != nil {
		t.Fatal(err)
	}
	if err := history.Validate(events); err != nil {
		t.Fatal(err)
	}
	if last := events[len(events)-1]; last.Type != history.ExecutionTimedOut {
		t.Fatal(last.Type)
	}
}

func TestHistoryLimitFailsTheExecution(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 25,000 events")
	}
	var calls atomic.Int64
	echo := runner.Func(func(ctx context.Context, task *runner.Task) (runner.Result, error) {
		calls.Add(1)
		return runner.Result{Output: jsonv.MustParse(`{}`)}, nil
	})
	h := newHarness(t, harnessOptions{fallback: echo})
	sm := h.machine("loop", store.TypeStandard, `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Next":"C"},
		"C":{"Type":"Choice","Choices":[{"Variable":"$.never","IsPresent":true,"Next":"S"}],"Default":"T"},"S":{"Type":"Succeed"}}}`)
	ex := h.start(sm, "e", `{}`)
	done := h.wait(ex.ARN)
	if done.Status != store.StatusFailed || done.Error != "States.Runtime" {
		t.Fatalf("%+v", done)
	}
	types := h.history(ex.ARN)
	if len(types) > 25001 || types[len(types)-1] != "ExecutionFailed" {
		t.Fatal(len(types), types[len(types)-1])
	}
}

func TestDispatcherRunOnceAndVersionConflict(t *testing.T) {
	s := memory.New()
	h := newHarness(t, harnessOptions{store: s, noStart: true})
	other := newHarness(t, harnessOptions{store: s, noStart: true})
	h.script.Return("T", jsonv.MustParse(`{}`))
	sm := h.machine("m", store.TypeStandard, taskPass)
	ex := h.start(sm, "e", `{}`)
	// Another engine on the same store stops it: h's cached snapshot is stale.
	if _, err := other.e.StopExecution(h.ctx, ex.ARN, "", ""); err != nil {
		t.Fatal(err)
	}
	n, err := h.e.standard.dispatcher.runOnce(h.ctx)
	if err != nil || n != 0 {
		t.Fatalf("claimed %d, %v: the stop withdrew the task", n, err)
	}
	// A late result for the withdrawn task goes through the conflict and is ignored.
	err = h.e.standard.transition(h.ctx, ex.ARN, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	done, _ := h.e.DescribeExecution(h.ctx, ex.ARN)
	if done.Status != store.StatusAborted {
		t.Fatal(done.Status)
	}
	h.history(ex.ARN)

	ex2 := h.start(sm, "e2", `{}`)
	if n, err := h.e.standard.dispatcher.runOnce(h.ctx); err != nil || n != 1 {
		t.Fatalf("claimed %d, %v", n, err)
	}
	h.e.standard.dispatcher.wait()
	if done := h.wait(ex2.ARN); done.Status != store.StatusSucceeded {
		t.Fatal(done.Status)
	}
}

func TestHandedOffTaskIsNotRunTwice(t *testing.T) {
	var runs atomic.Int64
	started, release := make(chan struct{}, 1), make(chan struct{})
	blocking := runner.Func(func(ctx context.Context, task *runner.Task) (runner.Result, error) {
		runs.Add(1)
		started <- struct{}{}
		<-release
		return runner.Result{Output: jsonv.MustParse(`{}`)}, nil
	})
	s := memory.New()
	h := newHarness(t, harnessOptions{store: s, fallback: blocking, noStart: true})
	h.e.opts.SingleNode = true
	if err := h.e.Start(h.ctx); err != nil {
		t.Fatal(err)
	}
	defer h.e.Stop()
	sm := h.machine("m", store.TypeStandard, taskPass)
	ex := h.start(sm, "e", `{}`)
	<-started
	defer func() {
		select {
		case <-release:
		default:
			close(release)
		}
	}()
	// The sweep claims the ready row (unless the loop's first sweep did)
	// but sees it running here.
	if _, err := h.e.standard.dispatcher.runOnce(h.ctx); err != nil {
		t.Fatal(err)
	}
	close(release)
	if done := h.wait(ex.ARN); done.Status != store.StatusSucceeded {
		t.Fatal(done.Status)
	}
	if runs.Load() != 1 {
		t.Fatalf("ran %d times", runs.Load())
	}
}

func TestExecutionTimeoutSeconds(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	sm := h.machine("to", store.TypeStandard, `{"TimeoutSeconds":5,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":100,"End":true}}}`)
	ex := h.start(sm, "e", `{}`)
	h.waitTimers(h.e.standard, 2)
	h.clock.Advance(5 * time.Second)
	done := h.wait(ex.ARN)
	if done.Status != store.StatusTimedOut || done.Error != "States.Timeout" {
		t.Fatalf("%+v", done)
	}
	types := h.history(ex.ARN)
	if types[len(types)-1] != "ExecutionTimedOut" {
		t.Fatal(types)
	}
}

func TestStopDeletesQueuedActivityTask(t *testing.T) {
	h := newHarness(t, harnessOptions{noStart: true})
	sm := h.machine("a", store.TypeStandard, `{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"`+activityARN+`","End":true}}}`)
	ex := h.start(sm, "e", `{}`)
	if n, err := h.e.standard.dispatcher.runOnce(h.ctx); err != nil || n != 1 {
		t.Fatalf("claimed %d, %v", n, err)
	}
	h.e.standard.dispatcher.wait()
	if _, err := h.e.StopExecution(h.ctx, ex.ARN, "", ""); err != nil {
		t.Fatal(err)
	}
	err := h.store.Tx(h.ctx, func(tx store.Tx) error {
		_, err := tx.ActivityTaskClaim(h.ctx, &store.ActivityTaskClaimParams{ActivityARN: activityARN, WorkerName: "w", Now: h.clock.Now()})
		return err
	})
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("activity task still queued: %v", err)
	}
}

func TestWaitForCloseLeavesNoWaiters(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.script.Return("T", jsonv.MustParse(`{}`))
	sm := h.machine("m", store.TypeStandard, taskPass)
	ex := h.start(sm, "e", `{}`)
	h.wait(ex.ARN)
	h.wait(ex.ARN) // already closed
	ctx, cancel := context.WithCancel(h.ctx)
	cancel()
	w := h.machine("w", store.TypeStandard, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}}`)
	running := h.start(w, "r", `{}`)
	if _, err := h.e.WaitForClose(ctx, running.ARN); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	h.e.standard.mu.Lock()
	n := len(h.e.standard.waiters)
	h.e.standard.mu.Unlock()
	if n != 0 {
		t.Fatalf("%d waiters left", n)
	}
}

func TestStaleSnapshotDoesNotDropAResult(t *testing.T) {
	s := memory.New()
	h := newHarness(t, harnessOptions{store: s, noStart: true})
	other := newHarness(t, harnessOptions{store: s, noStart: true})
	sm := h.machine("m", store.TypeStandard, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":10,"Next":"T"},
		"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}}`)
	ex := h.start(sm, "e", `{}`) // h caches the snapshot parked in W
	// The other engine fires the Wait: the task is scheduled behind h's back.
	other.clock.Advance(10 * time.Second)
	if err := other.e.standard.timers.load(other.ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := other.e.standard.timers.runOnce(other.ctx); err != nil || n != 1 {
		t.Fatalf("fired %d, %v", n, err)
	}
	var rows []store.OutboxRow
	err := s.Tx(h.ctx, func(tx store.Tx) error {
		var err error
		rows, err = tx.OutboxClaim(h.ctx, &store.OutboxClaimParams{Kind: store.OutboxKindTask, Worker: "w", Limit: 1, Now: other.clock.Now(), LeaseUntil: other.clock.Now().Add(time.Minute)})
		return err
	})
	if err != nil || len(rows) != 1 {
		t.Fatal(rows, err)
	}
	// h delivers the result with its stale snapshot, which does not know the task.
	h.e.standard.deliver(h.ctx, rows[0], taskPayload{TaskID: rows[0].Key, Resource: "arn:aws:states:::lambda:invoke"}, runner.Result{Output: jsonv.MustParse(`{"r":1}`)})
	done, err := h.e.DescribeExecution(h.ctx, ex.ARN)
	if err != nil || done.Status != store.StatusSucceeded || string(done.Output) != `{"r":1}` {
		t.Fatalf("%+v %v", done, err)
	}
	h.history(ex.ARN)
}

func TestStaleSnapshotDoesNotDropACallback(t *testing.T) {
	s := memory.New()
	h := newHarness(t, harnessOptions{store: s, noStart: true})
	other := newHarness(t, harnessOptions{store: s, noStart: true})
	sm := h.machine("m", store.TypeStandard, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":10,"Next":"T"},
		"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","End":true}}}`)
	ex := h.start(sm, "e", `{}`) // h caches the snapshot parked in W
	other.clock.Advance(10 * time.Second)
	if err := other.e.standard.timers.load(other.ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := other.e.standard.timers.runOnce(other.ctx); err != nil || n != 1 {
		t.Fatalf("fired %d, %v", n, err)
	}
	got, err := other.e.DescribeExecution(other.ctx, ex.ARN)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := decodeSnapshot(got.Snapshot)
	if err != nil || snap.State.Root.TaskToken == "" {
		t.Fatal(err)
	}
	// h, with its stale snapshot, takes the callback.
	if err := h.e.SendTaskSuccess(h.ctx, snap.State.Root.TaskToken, []byte(`{"cb":1}`)); err != nil {
		t.Fatal(err)
	}
	done, err := h.e.DescribeExecution(h.ctx, ex.ARN)
	if err != nil || done.Status != store.StatusSucceeded || string(done.Output) != `{"cb":1}` {
		t.Fatalf("%+v %v", done, err)
	}
}

// taskPassWaitRetry runs ten Task/Pass executions, a Wait and a retried
// task on s: the same scenario for every durable store.
func taskPassWaitRetry(t *testing.T, s store.Store) {
	h := newHarness(t, harnessOptions{store: s})
	for range 10 {
		h.script.Return("T", jsonv.MustParse(`{"v":1}`))
	}
	sm := h.machine("m", store.TypeStandard, taskPass)
	var arns []string
	for i := range 10 {
		arns = append(arns, h.start(sm, "e"+strconv.Itoa(i), `{}`).ARN)
	}
	for _, arn := range arns {
		if done := h.wait(arn); done.Status != store.StatusSucceeded {
			t.Fatalf("%s: %s %s", arn, done.Status, done.Error)
		}
		h.history(arn)
	}
	w := h.machine("w", store.TypeStandard, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":10,"End":true}}}`)
	ex := h.start(w, "wait", `{}`)
	h.waitTimers(h.e.standard, 1)
	h.clock.Advance(10 * time.Second)
	if done := h.wait(ex.ARN); done.Status != store.StatusSucceeded {
		t.Fatal(done.Status)
	}
	h.script.Throw("R", "Busy", "try again").Return("R", jsonv.MustParse(`"done"`))
	r := h.machine("r", store.TypeStandard, `{"StartAt":"R","States":{"R":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
		"Retry":[{"ErrorEquals":["Busy"],"IntervalSeconds":5}],"End":true}}}`)
	ex = h.start(r, "retry", `{}`)
	h.waitTimers(h.e.standard, 1)
	h.clock.Advance(5 * time.Second)
	if done := h.wait(ex.ARN); done.Status != store.StatusSucceeded || string(done.Output) != `"done"` {
		t.Fatalf("%s %s %s", done.Status, done.Output, done.Error)
	}
	h.history(ex.ARN)
}
