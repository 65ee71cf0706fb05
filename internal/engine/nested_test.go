package engine

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/jsonv"
)

// newNestedHarness is a harness whose router serves states:startExecution
// with the engine's own runner.
func newNestedHarness(t *testing.T, o harnessOptions) *harness {
	t.Helper()
	start := !o.noStart
	o.noStart = true
	h := newHarness(t, o)
	h.e.opts.Runner.(*runner.Router).Executions = h.e.Executions()
	if start {
		if err := h.e.Start(h.ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(h.e.Stop)
	}
	return h
}

const childPass = `{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"got.$":"$.v"},"End":true}}}`

// parentCalling is a parent with one Task starting child with resource.
func parentCalling(resource, child, extra string) string {
	return `{"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"` + resource + `",
		"Parameters":{"StateMachineArn":"` + child + `","Input":{"v.$":"$.v"` + extra + `}},"End":true}}}`
}

// taskEvents keeps the Task* events of a history, in order.
func taskEvents(types []string) []string {
	var out []string
	for _, ty := range types {
		if strings.HasPrefix(ty, "Task") && !strings.HasPrefix(ty, "TaskState") {
			out = append(out, ty)
		}
	}
	return out
}

func wantTaskEvents(t *testing.T, types []string, want ...string) {
	t.Helper()
	if got := taskEvents(types); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("task events %v, want %v (history %v)", got, want, types)
	}
}

func decodeObject(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return m
}

func TestNestedRequestResponse(t *testing.T) {
	h := newNestedHarness(t, harnessOptions{})
	child := h.machine("child", store.TypeStandard, childPass)
	parent := h.machine("parent", store.TypeStandard, parentCalling("arn:aws:states:::states:startExecution", child,
		`,"AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$":"$$.Execution.Id"`))
	ex := h.start(parent, "p", `{"v":7}`)
	done := h.wait(ex.ARN)
	if done.Status != store.StatusSucceeded {
		t.Fatalf("%+v", done)
	}
	out := decodeObject(t, done.Output)
	if len(out) != 2 {
		t.Fatalf("output %s", done.Output)
	}
	childARN, _ := out["ExecutionArn"].(string)
	if !strings.HasPrefix(childARN, "arn:aws:states:us-east-1:123456789012:execution:child:") {
		t.Fatalf("ExecutionArn %v", out["ExecutionArn"])
	}
	if start, ok := out["StartDate"].(float64); !ok || int64(start) != h.clock.Now().UnixMilli() {
		t.Fatalf("StartDate %v", out["StartDate"])
	}
	wantTaskEvents(t, h.history(ex.ARN), "TaskScheduled", "TaskStarted", "TaskSucceeded")
	c := h.wait(childARN)
	if c.Status != store.StatusSucceeded || string(c.Output) != `{"got":7}` || c.ParentARN != ex.ARN {
		t.Fatalf("child %+v", c)
	}
	// The parent link convention of the Input goes through as it is.
	if in := decodeObject(t, c.Input); in["AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID"] != ex.ARN {
		t.Fatalf("child input %s", c.Input)
	}
}

func TestNestedSync(t *testing.T) {
	h := newNestedHarness(t, harnessOptions{})
	child := h.machine("child", store.TypeStandard, childPass)
	parent := h.machine("parent", store.TypeStandard, parentCalling("arn:aws:states:::states:startExecution.sync", child, ""))
	ex := h.start(parent, "p", `{"v":"x"}`)
	done := h.wait(ex.ARN)
	if done.Status != store.StatusSucceeded {
		t.Fatalf("%+v", done)
	}
	out := decodeObject(t, done.Output)
	childARN := out["ExecutionArn"].(string)
	c := h.wait(childARN)
	want := map[string]any{
		"ExecutionArn": childARN, "Input": `{"v":"x"}`, "InputDetails": map[string]any{"Included": true},
		"Name": c.Name, "Output": `{"got":"x"}`, "OutputDetails": map[string]any{"Included": true},
		"StartDate": float64(c.StartDate.UnixMilli()), "StateMachineArn": child, "Status": "SUCCEEDED",
		"StopDate": float64(c.StopDate.UnixMilli()),
	}
	if got, _ := json.Marshal(out); string(got) != string(mustJSON(t, want)) {
		t.Fatalf("output\n%s\nwant\n%s", got, mustJSON(t, want))
	}
	// AWS's member order: alphabetical.
	if !strings.HasPrefix(string(done.Output), `{"ExecutionArn":`) || !strings.Contains(string(done.Output), `"StateMachineArn":"`+child+`","Status":"SUCCEEDED","StopDate":`) {
		t.Fatalf("member order %s", done.Output)
	}
	wantTaskEvents(t, h.history(ex.ARN), "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded")
	h.history(childARN)
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestNestedSync2ParsesInputAndOutput(t *testing.T) {
	h := newNestedHarness(t, harnessOptions{})
	child := h.machine("child", store.TypeStandard, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":5,"Next":"P"},
		"P":{"Type":"Pass","Parameters":{"got.$":"$.v"},"End":true}}}`)
	parent := h.machine("parent", store.TypeStandard, `{"StartAt":"Call","States":{"Call":{"Type":"Task",
		"Resource":"arn:aws:states:::states:startExecution.sync:2",
		"Parameters":{"StateMachineArn":"`+child+`","Name":"kid","Input":{"v.$":"$.v"}},
		"ResultSelector":{"out.$":"$.Output.got","in.$":"$.Input.v","status.$":"$.Status"},"End":true}}}`)
	ex := h.start(parent, "p", `{"v":[1,2]}`)
	h.waitTimers(h.e.standard, 1) // the child waits
	h.clock.Advance(5 * time.Second)
	done := h.wait(ex.ARN)
	if done.Status != store.StatusSucceeded || string(done.Output) != `{"out":[1,2],"in":[1,2],"status":"SUCCEEDED"}` {
		t.Fatalf("%s %s %s", done.Status, done.Output, done.Cause)
	}
	c := h.wait(strings.Replace(child, ":stateMachine:", ":execution:", 1) + ":kid")
	if c.ParentARN != ex.ARN {
		t.Fatalf("child %+v", c)
	}
	wantTaskEvents(t, h.history(ex.ARN), "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded")
}

func TestNestedSyncChildFailureIsCaught(t *testing.T) {
	h := newNestedHarness(t, harnessOptions{})
	child := h.machine("child", store.TypeStandard, `{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Boom","Cause":"bad"}}}`)
	parent := h.machine("parent", store.TypeStandard, `{"StartAt":"Call","States":{"Call":{"Type":"Task",
		"Resource":"arn:aws:states:::states:startExecution.sync","Parameters":{"StateMachineArn":"`+child+`"},
		"Catch":[{"ErrorEquals":["States.TaskFailed"],"ResultPath":"$.err","Next":"Handled"}],"End":true},
		"Handled":{"Type":"Pass","End":true}}}`)
	ex := h.start(parent, "p", `{}`)
	done := h.wait(ex.ARN)
	if done.Status != store.StatusSucceeded {
		t.Fatalf("%+v", done)
	}
	var out struct{ Err struct{ Error, Cause string } }
	if err := json.Unmarshal(done.Output, &out); err != nil || out.Err.Error != "States.TaskFailed" {
		t.Fatalf("%s %v", done.Output, err)
	}
	cause := decodeObject(t, []byte(out.Err.Cause))
	if cause["Status"] != "FAILED" || cause["Error"] != "Boom" || cause["Cause"] != "bad" || cause["Input"] != "{}" || cause["Output"] != nil {
		t.Fatalf("cause %s", out.Err.Cause)
	}
	types := h.history(ex.ARN)
	wantTaskEvents(t, types, "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskFailed")
}

func TestNestedStopParentAbortsChild(t *testing.T) {
	h := newNestedHarness(t, harnessOptions{})
	child := h.machine("child", store.TypeStandard, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1000,"End":true}}}`)
	parent := h.machine("parent", store.TypeStandard, parentCalling("arn:aws:states:::states:startExecution.sync", child, ""))
	ex := h.start(parent, "p", `{"v":1}`)
	childARN := h.submitted(ex.ARN)
	if _, err := h.e.StopExecution(h.ctx, ex.ARN, "Halt", "by test"); err != nil {
		t.Fatal(err)
	}
	c := h.wait(childARN)
	if c.Status != store.StatusAborted {
		t.Fatalf("child %+v", c)
	}
	if p := h.wait(ex.ARN); p.Status != store.StatusAborted || p.Error != "Halt" {
		t.Fatalf("parent %+v", p)
	}
	h.history(ex.ARN)
	h.history(childARN)
	// The child's result row reached the closed parent and was dropped.
	h.waitOutboxEmpty()
}

// A task timeout is a cancellation too: the waited-on child stops.
func TestNestedTaskTimeoutAbortsChild(t *testing.T) {
	h := newNestedHarness(t, harnessOptions{})
	child := h.machine("child", store.TypeStandard, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1000,"End":true}}}`)
	parent := h.machine("parent", store.TypeStandard, `{"StartAt":"Call","States":{"Call":{"Type":"Task",
		"Resource":"arn:aws:states:::states:startExecution.sync:2","TimeoutSeconds":30,
		"Parameters":{"StateMachineArn":"`+child+`"},"End":true}}}`)
	ex := h.start(parent, "p", `{}`)
	childARN := h.submitted(ex.ARN)
	h.waitTimers(h.e.standard, 2) // the task timeout and the child's Wait
	h.clock.Advance(30 * time.Second)
	if p := h.wait(ex.ARN); p.Status != store.StatusFailed || p.Error != "States.Timeout" {
		t.Fatalf("parent %+v", p)
	}
	if c := h.wait(childARN); c.Status != store.StatusAborted {
		t.Fatalf("child %+v", c)
	}
}

// submitted waits for the parent's TaskSubmitted and returns the child ARN
// it names.
func (h *harness) submitted(arn string) string {
	h.t.Helper()
	for {
		events, err := h.e.FullHistory(h.ctx, arn)
		if err != nil {
			h.t.Fatal(err)
		}
		for _, ev := range events {
			if ev.Type == "TaskSubmitted" {
				var d struct{ Output string }
				b, _ := json.Marshal(ev.Details)
				if err := json.Unmarshal(b, &d); err != nil {
					h.t.Fatal(err)
				}
				var out struct{ ExecutionArn string }
				if err := json.Unmarshal([]byte(d.Output), &out); err != nil || out.ExecutionArn == "" {
					h.t.Fatalf("TaskSubmitted output %s: %v", d.Output, err)
				}
				return out.ExecutionArn
			}
		}
		select {
		case <-h.ctx.Done():
			h.t.Fatalf("%s: no TaskSubmitted", arn)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// waitOutboxEmpty waits until no task rows are left in the outbox.
func (h *harness) waitOutboxEmpty() {
	h.t.Helper()
	for {
		var rows []store.OutboxRow
		err := h.store.Tx(h.ctx, func(tx store.Tx) error {
			var err error
			rows, err = tx.OutboxClaim(h.ctx, &store.OutboxClaimParams{Kind: store.OutboxKindTask, Worker: "probe", Limit: 10,
				Now: h.clock.Now().Add(time.Hour), LeaseUntil: h.clock.Now()})
			return err
		})
		if err != nil {
			h.t.Fatal(err)
		}
		if len(rows) == 0 {
			return
		}
		select {
		case <-h.ctx.Done():
			h.t.Fatalf("outbox rows left: %+v", rows)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func TestNestedWaitForTaskToken(t *testing.T) {
	// The child's Task "calls back": its runner sends the token it was
	// given to the parent.
	var e *Engine
	callback := runner.Func(func(ctx context.Context, task *runner.Task) (runner.Result, error) {
		o := task.Input.(*jsonv.Object)
		token, _ := o.Get("token")
		out, _ := o.Get("answer")
		if err := e.SendTaskSuccess(ctx, token.(string), jsonv.Marshal(out)); err != nil {
			return runner.Result{Error: "SendFailed", Cause: err.Error()}, nil
		}
		return runner.Result{Output: jsonv.MustParse(`"sent"`)}, nil
	})
	h := newNestedHarness(t, harnessOptions{fallback: callback})
	e = h.e
	child := h.machine("child", store.TypeStandard, `{"StartAt":"Reply","States":{"Reply":{"Type":"Task",
		"Resource":"arn:aws:lambda:us-east-1:123456789012:function:reply","End":true}}}`)
	parent := h.machine("parent", store.TypeStandard, `{"StartAt":"Call","States":{"Call":{"Type":"Task",
		"Resource":"arn:aws:states:::states:startExecution.waitForTaskToken",
		"Parameters":{"StateMachineArn":"`+child+`","Input":{"token.$":"$$.Task.Token","answer":{"ok":true}}},"End":true}}}`)
	ex := h.start(parent, "p", `{}`)
	done := h.wait(ex.ARN)
	if done.Status != store.StatusSucceeded || string(done.Output) != `{"ok":true}` {
		t.Fatalf("%+v", done)
	}
	types := h.history(ex.ARN)
	got := taskEvents(types)
	// The child may answer before the parent records the submission.
	if got[0] != "TaskScheduled" || got[1] != "TaskStarted" || got[len(got)-1] != "TaskSucceeded" {
		t.Fatalf("task events %v", got)
	}
}

func TestNestedExpressChildSync(t *testing.T) {
	h := newNestedHarness(t, harnessOptions{})
	child := h.machine("fast", store.TypeExpress, childPass)
	parent := h.machine("parent", store.TypeStandard, parentCalling("arn:aws:states:::states:startExecution.sync:2", child, ""))
	ex := h.start(parent, "p", `{"v":{"a":1}}`)
	done := h.wait(ex.ARN)
	if done.Status != store.StatusSucceeded {
		t.Fatalf("%+v", done)
	}
	out := decodeObject(t, done.Output)
	if out["Status"] != "SUCCEEDED" || !strings.Contains(out["ExecutionArn"].(string), ":express:fast:") {
		t.Fatalf("output %s", done.Output)
	}
	if got, _ := json.Marshal(out["Output"]); string(got) != `{"got":{"a":1}}` {
		t.Fatalf("output %s", done.Output)
	}
	wantTaskEvents(t, h.history(ex.ARN), "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded")
}

func TestNestedStartErrorsFailTheTask(t *testing.T) {
	h := newNestedHarness(t, harnessOptions{})
	parent := h.machine("parent", store.TypeStandard, parentCalling("arn:aws:states:::states:startExecution", smPrefix+"missing", ""))
	done := h.wait(h.start(parent, "p", `{"v":1}`).ARN)
	if done.Status != store.StatusFailed || done.Error != "StepFunctions.StateMachineDoesNotExistException" ||
		!strings.HasPrefix(done.Cause, "State Machine Does Not Exist: '"+smPrefix+"missing' (Service: AWSStepFunctions; Status Code: 400; Error Code: StateMachineDoesNotExist;") {
		t.Fatalf("%+v", done)
	}
	// A named child started twice by two executions: the second start finds it closed.
	child := h.machine("child", store.TypeStandard, `{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}`)
	named := h.machine("named", store.TypeStandard, `{"StartAt":"Call","States":{"Call":{"Type":"Task",
		"Resource":"arn:aws:states:::states:startExecution.sync","Parameters":{"StateMachineArn":"`+child+`","Name":"once"},"End":true}}}`)
	if first := h.wait(h.start(named, "a", `{}`).ARN); first.Status != store.StatusSucceeded {
		t.Fatalf("%s %s %s", first.Status, first.Error, first.Cause)
	}
	second := h.wait(h.start(named, "b", `{}`).ARN)
	if second.Status != store.StatusFailed || second.Error != "StepFunctions.ExecutionAlreadyExistsException" {
		t.Fatalf("%s %s %s", second.Status, second.Error, second.Cause)
	}
	bad := h.machine("bad", store.TypeStandard, `{"StartAt":"Call","States":{"Call":{"Type":"Task",
		"Resource":"arn:aws:states:::states:startExecution","Parameters":{"Input":{}},"End":true}}}`)
	if done := h.wait(h.start(bad, "p", `{}`).ARN); done.Status != store.StatusFailed || done.Error != "States.Runtime" || !strings.Contains(done.Cause, "StateMachineArn") {
		t.Fatalf("%+v", done)
	}
}

// TestNestedRestartWhileParentWaits closes the engine and the database
// while a parent waits on a .sync child, and checks a new engine over the
// reopened file finishes both: the child's timer fires, its close writes
// the parent's result row, the parent completes.
func TestNestedRestartWhileParentWaits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stepd.db")
	s := openSQLite(t, path)
	h := newNestedHarness(t, harnessOptions{store: s})
	child := h.machine("child", store.TypeStandard, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"Next":"P"},
		"P":{"Type":"Pass","Parameters":{"got.$":"$.v"},"End":true}}}`)
	parent := h.machine("parent", store.TypeStandard, parentCalling("arn:aws:states:::states:startExecution.sync:2", child, ""))
	ex := h.start(parent, "p", `{"v":"kept"}`)
	childARN := h.submitted(ex.ARN)
	h.e.Stop()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s2 := openSQLite(t, path)
	defer s2.Close()
	h2 := newNestedHarness(t, harnessOptions{store: s2, noStart: true})
	h2.e.opts.SingleNode = true
	h2.clock.Set(h.clock.Now().Add(2 * time.Minute)) // the child's Wait is over
	if err := h2.e.Start(h2.ctx); err != nil {
		t.Fatal(err)
	}
	defer h2.e.Stop()
	if c := h2.wait(childARN); c.Status != store.StatusSucceeded {
		t.Fatalf("child %+v", c)
	}
	done := h2.wait(ex.ARN)
	if done.Status != store.StatusSucceeded {
		t.Fatalf("parent %+v", done)
	}
	if out := decodeObject(t, done.Output); out["ExecutionArn"] != childARN || out["Output"].(map[string]any)["got"] != "kept" {
		t.Fatalf("parent output %s", done.Output)
	}
	wantTaskEvents(t, h2.history(ex.ARN), "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded")
}

// TestNestedChildClosedWhileDown: the child closed (and wrote the parent's
// result row) in a process that stopped before delivering it; the next
// process delivers it from the outbox.
func TestNestedChildClosedWhileDown(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stepd.db")
	s := openSQLite(t, path)
	h := newNestedHarness(t, harnessOptions{store: s, noStart: true})
	child := h.machine("child", store.TypeStandard, childPass)
	parent := h.machine("parent", store.TypeStandard, parentCalling("arn:aws:states:::states:startExecution.sync", child, ""))
	ex := h.start(parent, "p", `{"v":3}`)
	// Run the parent's task by hand: the child starts and closes at once,
	// leaving the result row; nothing delivers it in this process.
	var rows []store.OutboxRow
	err := s.Tx(h.ctx, func(tx store.Tx) error {
		var err error
		rows, err = tx.OutboxClaim(h.ctx, &store.OutboxClaimParams{Kind: store.OutboxKindTask, Worker: "w", Limit: 10, Now: h.clock.Now(), LeaseUntil: h.clock.Now().Add(time.Hour)})
		return err
	})
	if err != nil || len(rows) != 1 {
		t.Fatal(rows, err)
	}
	var p taskPayload
	if err := json.Unmarshal(rows[0].Payload, &p); err != nil {
		t.Fatal(err)
	}
	input, _ := jsonv.Parse(p.Input)
	res, err := h.e.Executions().Run(h.ctx, &runner.Task{ExecutionARN: ex.ARN, TaskID: p.TaskID, Resource: p.Resource, Input: input, TaskToken: p.TaskToken})
	if err != nil || !res.Pending {
		t.Fatalf("%+v %v", res, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s2 := openSQLite(t, path)
	defer s2.Close()
	h2 := newNestedHarness(t, harnessOptions{store: s2, noStart: true})
	h2.e.opts.SingleNode = true
	if err := h2.e.Start(h2.ctx); err != nil {
		t.Fatal(err)
	}
	defer h2.e.Stop()
	done := h2.wait(ex.ARN)
	if done.Status != store.StatusSucceeded || decodeObject(t, done.Output)["Output"] != `{"got":3}` {
		t.Fatalf("parent %+v %s", done, done.Output)
	}
	// The task row was dispatched again after the restart: it found the
	// child it had started instead of starting another.
	types := h2.history(ex.ARN)
	wantTaskEvents(t, types, "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded")
	h2.waitOutboxEmpty()
}

// An Express child under .sync is waited on in process; stopping the
// parent cancels the task (runner.ErrTaskCancelled) and stops the child.
func TestNestedStopParentStopsExpressChild(t *testing.T) {
	h := newNestedHarness(t, harnessOptions{keepExpress: true})
	child := h.machine("slow", store.TypeExpress, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1000,"End":true}}}`)
	parent := h.machine("parent", store.TypeStandard, parentCalling("arn:aws:states:::states:startExecution.sync", child, ""))
	ex := h.start(parent, "p", `{"v":1}`)
	childARN := h.expressChild(child)
	if _, err := h.e.StopExecution(h.ctx, ex.ARN, "", ""); err != nil {
		t.Fatal(err)
	}
	if c := h.wait(childARN); c.Status != store.StatusAborted || c.ParentARN != ex.ARN {
		t.Fatalf("child %+v", c)
	}
	h.history(ex.ARN)
}

// expressChild waits for the one execution of an Express state machine.
func (h *harness) expressChild(sm string) string {
	h.t.Helper()
	for {
		var arn string
		err := h.e.express.store.ReadTx(h.ctx, func(tx store.Tx) error {
			page, err := tx.ExecutionList(h.ctx, &store.ExecutionListParams{StateMachineARN: sm})
			if err == nil && len(page.Items) == 1 {
				arn = page.Items[0].ARN
			}
			return err
		})
		if err != nil {
			h.t.Fatal(err)
		}
		if arn != "" {
			return arn
		}
		select {
		case <-h.ctx.Done():
			h.t.Fatalf("%s never started", sm)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// Shutting the engine down is not a cancellation: the child is left alone.
func TestNestedShutdownLeavesExpressChild(t *testing.T) {
	h := newNestedHarness(t, harnessOptions{keepExpress: true})
	child := h.machine("slow", store.TypeExpress, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1000,"End":true}}}`)
	parent := h.machine("parent", store.TypeStandard, parentCalling("arn:aws:states:::states:startExecution.sync", child, ""))
	h.start(parent, "p", `{"v":1}`)
	childARN := h.expressChild(child)
	h.e.Stop()
	if c, err := h.e.DescribeExecution(h.ctx, childARN); err != nil || c.Status != store.StatusRunning {
		t.Fatalf("child after shutdown: %+v %v", c, err)
	}
}
