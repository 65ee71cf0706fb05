package sfnapi

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/stepd/stepd"
	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/interp"
	"github.com/stepd/stepd/jsonv"
)

// testStateTimeout is how long AWS lets one TestState run.
const testStateTimeout = 5 * time.Minute

// runTest runs the wrapper machine until the state under test leaves, fails,
// or is to be retried.
func (h *handler) runTest(ctx context.Context, t *testRun) (*testStateResponse, error) {
	ctx, cancel := context.WithTimeout(ctx, testStateTimeout)
	defer cancel()
	insp := &inspector{state: t.name}
	env := interp.Env{Now: h.clock.Now(), Seed: 1, Observer: insp}
	name := "test"
	// AWS runs the test as an Express execution of a machine of its own.
	exec := interp.Execution{ExecutionArn: h.prefix() + "express:TestState:" + name, Name: name,
		StateMachineArn: h.stateMachineARN("TestState"), StateMachineName: "TestState", RoleArn: t.req.RoleArn}
	var retries int64
	if sc := t.req.StateConfiguration; sc != nil && sc.RetrierRetryCount != nil {
		retries = *sc.RetrierRetryCount
	}
	ctxObj := t.context
	if ctxObj == nil && t.inMap {
		// A state inside a Map runs as its first iteration over the input
		// (the developer guide's "Automatic Context population").
		ctxObj = mapContext(exec, t, env.Now, retries)
	}
	mockedMap := ""
	if t.stateType == "Map" && t.req.Mock != nil {
		// The mock answers for the Map's iterations (mapRunEnd).
		mockedMap = t.name
	}
	if t.vars != nil || ctxObj != nil || retries > 0 || mockedMap != "" {
		env.Preset = &interp.Preset{Variables: t.vars, Context: ctxObj, RetryCount: retries, MockedMap: mockedMap}
	}
	d, err := interp.Decide(t.machine, interp.New(t.machine), interp.StartExecution{Execution: exec, Input: t.input}, env)
	if err != nil {
		return nil, errf("InvalidExecutionInput", "%v", err)
	}
	var events []history.Event
	var trace *runner.HTTPTrace
	for steps := 0; steps < 16; steps++ {
		events = append(events, d.Events...)
		if insp.handled != nil && insp.handled.RetryIndex >= 0 {
			// A retrier took the error: AWS answers RETRIABLE, it does not
			// wait and run the state again.
			return t.response(insp, &testStateResponse{Status: testRetriable, Error: insp.handled.Error, Cause: insp.handled.Cause}), nil
		}
		var next interp.Input
		var timer interp.Input
		for _, eff := range d.Effects {
			switch e := eff.(type) {
			case interp.CloseExecution:
				return t.closed(insp, events, e), nil
			case interp.DispatchTask:
				if t.level == "TRACE" && t.req.Mock == nil {
					trace = &runner.HTTPTrace{RevealSecrets: t.req.RevealSecrets}
				}
				next = h.testTask(ctx, t, e, exec, trace)
			case interp.StartMapRun:
				end, err := t.mapRunEnd(e, d.State, env)
				if err != nil {
					return nil, err
				}
				next = end
			case interp.StartTimer:
				// A Wait state ends at once; a task's timeout and heartbeat
				// timers are the task's own business (see testTask).
				if timer == nil && !d.State.Closed() && waiting(d.State) {
					timer = interp.TimerFired{TimerID: e.TimerID}
				}
			}
		}
		if trace != nil {
			insp.traced(trace.Exchange)
		}
		if next == nil {
			next = timer
		}
		if next == nil {
			break
		}
		env.Now = h.clock.Now()
		if d, err = interp.Decide(t.machine, d.State, next, env); err != nil {
			return nil, errf("InternalFailure", "TestState: %v", err)
		}
	}
	return nil, errf("InternalFailure", "TestState did not finish")
}

// mapContext is the context object of the first iteration of a Map whose
// item is the test input.
func mapContext(exec interp.Execution, t *testRun, now time.Time, retries int64) *jsonv.Object {
	stamp := now.UTC().Format("2006-01-02T15:04:05.000Z")
	return jsonv.ObjectOf(
		"Execution", jsonv.ObjectOf("Id", exec.ExecutionArn, "Input", t.input, "Name", exec.Name, "RoleArn", exec.RoleArn, "StartTime", stamp, "RedriveCount", jsonv.Int(0)),
		"State", jsonv.ObjectOf("EnteredTime", stamp, "Name", t.name, "RetryCount", jsonv.Int(retries)),
		"StateMachine", jsonv.ObjectOf("Id", exec.StateMachineArn, "Name", exec.StateMachineName),
		"Map", jsonv.ObjectOf("Item", jsonv.ObjectOf("Index", jsonv.Int(0), "Value", t.input)))
}

// waiting reports whether the execution waits in a Wait state.
func waiting(s *interp.State) bool {
	return s.Root != nil && s.Root.Phase == interp.PhaseWait
}

// testTask runs one attempt of the Task under test: the mock answers, or
// the runner the engine would use. It returns the interpreter's input.
func (h *handler) testTask(ctx context.Context, t *testRun, e interp.DispatchTask, exec interp.Execution, trace *runner.HTTPTrace) interp.Input {
	if m := t.req.Mock; m != nil {
		if m.ErrorOutput != nil {
			return interp.TaskFailed{TaskID: e.TaskID, Error: *m.ErrorOutput.Error, Cause: m.ErrorOutput.Cause}
		}
		return interp.TaskSucceeded{TaskID: e.TaskID, Output: t.mock}
	}
	if e.TimeoutSeconds > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(e.TimeoutSeconds)*time.Second)
		defer cancel()
	}
	if trace != nil {
		ctx = runner.WithHTTPTrace(ctx, trace)
	}
	task := &runner.Task{ExecutionARN: exec.ExecutionArn, StateMachineARN: exec.StateMachineArn, TaskID: e.TaskID, StateName: e.StateName,
		Resource: e.Resource, Input: e.Input, TaskToken: e.TaskToken, TimeoutSeconds: e.TimeoutSeconds, HeartbeatSeconds: e.HeartbeatSeconds,
		Attempt: e.Attempt, RoleArn: e.RoleArn}
	tasks := h.tasks
	if tasks == nil {
		tasks = &runner.Router{}
	}
	res, err := tasks.Run(ctx, task)
	switch {
	case err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded):
		return interp.TaskFailed{TaskID: e.TaskID, Error: stepd.ErrorTimeout, Cause: "The task did not finish within its time limit"}
	case err != nil:
		return interp.TaskFailed{TaskID: e.TaskID, Error: stepd.ErrorRuntime, Cause: "stepd could not run the task: " + err.Error()}
	case res.Pending:
		// Callback patterns were refused before the run; a runner that
		// still answers later cannot be waited for here.
		return interp.TaskFailed{TaskID: e.TaskID, Error: stepd.ErrorRuntime, Cause: "The resource " + e.Resource + " answers through a task token, which TestState cannot wait for"}
	case res.Failed():
		return interp.TaskFailed{TaskID: e.TaskID, Error: res.Error, Cause: res.Cause}
	}
	return interp.TaskSucceeded{TaskID: e.TaskID, Output: res.Output}
}

// closed turns the end of the wrapper execution into the response.
func (t *testRun) closed(insp *inspector, events []history.Event, c interp.CloseExecution) *testStateResponse {
	out := &testStateResponse{}
	next := ""
	for _, ev := range events {
		if strings.HasSuffix(string(ev.Type), "StateEntered") && ev.StateName() != t.name {
			next = ev.StateName()
		}
	}
	switch {
	case c.Status != interp.StatusSucceeded:
		out.Status, out.Error, out.Cause = testFailed, c.Error, c.Cause
	case insp.handled != nil && insp.handled.CatchIndex >= 0:
		out.Status, out.NextState, out.Error, out.Cause = testCaughtError, next, insp.handled.Error, insp.handled.Cause
	default:
		out.Status, out.NextState = testSucceeded, next
	}
	if c.Status == interp.StatusSucceeded {
		s := jsonv.String(c.Output)
		out.Output = &s
	}
	return t.response(insp, out)
}

// response adds inspectionData at DEBUG and TRACE (INFO shows none).
func (t *testRun) response(insp *inspector, out *testStateResponse) *testStateResponse {
	if t.level == "INFO" {
		return out
	}
	data := insp.data
	data.Input = t.inputText
	if t.level != "TRACE" {
		data.Request, data.Response = nil, nil
	}
	out.InspectionData = &data
	return out
}
