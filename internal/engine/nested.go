package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/stepd/stepd"
	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/interp"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
)

// Nested executions (arn:aws:states:::states:startExecution[.sync,
// .sync:2, .waitForTaskToken]) are durable without polling:
//
//   - The runner starts the child with ParentARN set and a parentLink
//     (parent execution, task id, pattern) in the child's snapshot. When
//     the Task names no execution, the child's name is derived from the
//     parent execution and task id, so a task dispatched again after a
//     crash finds the child it already started instead of starting a
//     second one.
//   - Request-response returns the StartExecution response; the other
//     patterns return Pending with it, which the dispatcher records as
//     TaskSubmitted.
//   - A Standard child waited on with .sync or .sync:2 inserts, in the
//     transaction that closes it, an outbox task row on its parent (key
//     nestedResultKey). The dispatcher takes that row like any task row
//     (at once, or after a restart) and turns the child's DescribeExecution
//     into the parent task's result. So no recovery scan is needed: a
//     child that closed while the process was down left its row behind.
//   - When the parent no longer wants such a task (CancelTask: the parent
//     stopped, timed out, or the branch failed), the parent's transaction
//     inserts a row on the child (key nestedStopKey) that stops it.
//   - Express children under .sync run as StartSyncExecution does: the
//     runner waits for them in process (they live in memory and do not
//     survive a restart anyway), and stops them when the task is
//     cancelled (runner.ErrTaskCancelled), not when the engine shuts down.
//   - .waitForTaskToken children complete the parent task themselves with
//     SendTaskSuccess or SendTaskFailure and the token the parent passed
//     in the Input.

// parentLink ties a nested execution to the Task state that started it.
type parentLink struct {
	ExecutionARN string `json:"executionArn"`
	TaskID       string `json:"taskId"`
	// Pattern is the integration pattern: "", "sync", "sync:2" or
	// "waitForTaskToken".
	Pattern string `json:"pattern,omitempty"`
}

func (p *parentLink) executionARN() string {
	if p == nil {
		return ""
	}
	return p.ExecutionARN
}

// Outbox task rows of nested executions are told apart from dispatched
// tasks (keyed by task id) by these key prefixes.
const (
	nestedResultKey = "nested-result:"
	nestedStopKey   = "nested-stop:"
)

func isNestedRow(row store.OutboxRow) bool {
	return strings.HasPrefix(row.Key, nestedResultKey) || strings.HasPrefix(row.Key, nestedStopKey)
}

// nestedRow is the payload of a nested-result row (on the parent) or a
// nested-stop row (on the child).
type nestedRow struct {
	Child   string `json:"child"`
	TaskID  string `json:"taskId,omitempty"`
	Pattern string `json:"pattern,omitempty"`
}

// waitsForChild reports whether a pattern waits for the child to close.
func waitsForChild(pattern string) bool { return pattern == "sync" || pattern == "sync:2" }

// planNested adds to a decision's plan the rows nested executions need:
// the result for the parent when a waited-on child closes, and a stop for
// every waited-on child whose parent task was cancelled.
func (c *core) planNested(p *plan, m *machine.Machine, parent *parentLink, before, after *interp.State) {
	if c.express {
		// Express children are waited on in process, and Express parents
		// cannot wait (.sync is refused for them).
		return
	}
	if p.close != nil && parent != nil && waitsForChild(parent.Pattern) {
		payload, _ := json.Marshal(nestedRow{Child: p.arn, TaskID: parent.TaskID, Pattern: parent.Pattern})
		// The closing event id keeps keys unique when a redriven child
		// closes again.
		p.nested = append(p.nested, store.OutboxRow{
			Kind: store.OutboxKindTask, ExecutionARN: parent.ExecutionARN,
			Key:     nestedResultKey + parent.TaskID + ":" + strconv.FormatInt(after.LastEventID, 10),
			Payload: payload,
		})
	}
	for _, id := range p.cancels {
		child := waitedChild(m, p.arn, before, id)
		if child == "" {
			continue
		}
		payload, _ := json.Marshal(nestedRow{Child: child, TaskID: id})
		p.nested = append(p.nested, store.OutboxRow{
			Kind: store.OutboxKindTask, ExecutionARN: child, Key: nestedStopKey + p.arn + ":" + id, Payload: payload,
		})
	}
}

// waitedChild returns the ARN of the Standard child a .sync or .sync:2
// task of parentARN started (or would have), "" if the task is not one.
func waitedChild(m *machine.Machine, parentARN string, s *interp.State, taskID string) string {
	if s == nil {
		return ""
	}
	t := findThread(s.Root, taskID)
	if t == nil || t.Scope >= len(m.Scopes) || t.State >= len(m.Scopes[t.Scope].States) {
		return ""
	}
	r := runner.ParseResource(m.Scopes[t.Scope].States[t.State].Resource)
	if r.Service != "states" || r.Action != "startExecution" || !waitsForChild(r.Pattern) {
		return ""
	}
	req, err := parseStartRequest(t.Effective.V)
	if err != nil {
		return ""
	}
	name := req.Name
	if name == "" {
		name = childName(parentARN, taskID)
	}
	arn, _ := executionARN(req.unqualified(), name, false)
	return arn
}

// findThread returns the thread running task id, nil if none does.
func findThread(t *interp.Thread, id string) *interp.Thread {
	if t == nil {
		return nil
	}
	if t.TaskID == id {
		return t
	}
	for _, c := range t.Children {
		if f := findThread(c, id); f != nil {
			return f
		}
	}
	return nil
}

// childName is the name of a child started by a Task that names none:
// derived from the parent task so that dispatching the task again finds
// the same child. It has the shape of the UUIDs AWS generates.
func childName(parentARN, taskID string) string {
	sum := sha256.Sum256([]byte(parentARN + "\x00" + taskID))
	sum[6] = sum[6]&0x0f | 0x50
	sum[8] = sum[8]&0x3f | 0x80
	h := hex.EncodeToString(sum[:16])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// startRequest is the Parameters of a states:startExecution Task.
type startRequest struct {
	StateMachineARN string
	Name            string
	Input           []byte
}

// unqualified drops a version or alias qualifier from the state machine ARN.
func (r *startRequest) unqualified() string {
	parts := strings.Split(r.StateMachineARN, ":")
	if len(parts) > 7 {
		return strings.Join(parts[:7], ":")
	}
	return r.StateMachineARN
}

// qualifier is the version number or alias name of a qualified ARN.
func (r *startRequest) qualifier() string {
	parts := strings.Split(r.StateMachineARN, ":")
	if len(parts) > 7 {
		return parts[7]
	}
	return ""
}

// parseStartRequest reads StateMachineArn, Name and Input (an object, or a
// string holding the input text) from a startExecution Task's parameters.
func parseStartRequest(v jsonv.Value) (*startRequest, error) {
	o, ok := v.(*jsonv.Object)
	if !ok {
		return nil, errors.New("the parameters of states:startExecution must be an object")
	}
	r := &startRequest{Input: []byte("{}")}
	for _, m := range o.Members() {
		switch m.Key {
		case "StateMachineArn":
			s, ok := m.Value.(string)
			if !ok || s == "" {
				return nil, errors.New("the StateMachineArn parameter of states:startExecution must be a non-empty string")
			}
			r.StateMachineARN = s
		case "Name":
			s, ok := m.Value.(string)
			if !ok {
				return nil, errors.New("the Name parameter of states:startExecution must be a string")
			}
			r.Name = s
		case "Input":
			switch in := m.Value.(type) {
			case string:
				r.Input = []byte(in)
			case nil:
			default:
				r.Input = jsonv.Marshal(in)
			}
		case "TraceHeader":
		default:
			return nil, fmt.Errorf("states:startExecution does not take the parameter %s (it takes StateMachineArn, Input, Name and TraceHeader)", m.Key)
		}
	}
	if r.StateMachineARN == "" {
		return nil, errors.New("states:startExecution needs the StateMachineArn parameter")
	}
	return r, nil
}

// nestedRunner serves arn:aws:states:::states:startExecution[.PATTERN].
type nestedRunner struct{ e *Engine }

// Executions is the runner for nested executions (Router.Executions).
func (e *Engine) Executions() runner.Runner { return nestedRunner{e: e} }

func runtimeFailure(format string, args ...any) runner.Result {
	return runner.Result{Error: stepd.ErrorRuntime, Cause: fmt.Sprintf(format, args...)}
}

// serviceFailure is a StartExecution error as a Task failure: AWS names it
// StepFunctions.<Code>Exception and describes the call in the cause.
func serviceFailure(ee *Error) runner.Result {
	name := ee.Code
	if !strings.HasSuffix(name, "Exception") {
		name += "Exception"
	}
	return runner.Result{
		Error: "StepFunctions." + name,
		Cause: fmt.Sprintf("%s (Service: AWSStepFunctions; Status Code: 400; Error Code: %s; Request ID: %s; Proxy: null)", ee.Message, ee.Code, randomName()),
	}
}

func (n nestedRunner) Run(ctx context.Context, t *runner.Task) (runner.Result, error) {
	res := runner.ParseResource(t.Resource)
	if res.Service != "states" || res.Action != "startExecution" {
		return runner.Unsupported(t.Resource), nil
	}
	switch res.Pattern {
	case "", "sync", "sync:2", "waitForTaskToken":
	default:
		return runtimeFailure("The resource %s names an unknown integration pattern: .%s", t.Resource, res.Pattern), nil
	}
	if waitsForChild(res.Pattern) && strings.Contains(t.ExecutionARN, ":express:") {
		return runtimeFailure("Express state machines do not support the .%s integration pattern (resource %s)", res.Pattern, t.Resource), nil
	}
	req, err := parseStartRequest(t.Input)
	if err != nil {
		return runtimeFailure("%v", err), nil
	}
	sp := &StartParams{
		StateMachineARN: req.unqualified(), Name: req.Name, Input: req.Input,
		parent: &parentLink{ExecutionARN: t.ExecutionARN, TaskID: t.TaskID, Pattern: res.Pattern},
	}
	if q := req.qualifier(); q != "" {
		if _, err := strconv.ParseUint(q, 10, 32); err != nil {
			return runtimeFailure("stepd cannot start a nested execution through the alias %s yet: name the state machine or one of its versions", req.StateMachineARN), nil
		}
		sp.VersionARN = req.StateMachineARN
	}
	if sp.Name == "" {
		sp.Name = childName(t.ExecutionARN, t.TaskID)
	}
	sm, err := n.e.lookupMachine(ctx, sp)
	var ee *Error
	switch {
	case errors.As(err, &ee):
		return serviceFailure(ee), nil
	case err != nil:
		return runner.Result{}, err
	}
	if ctx.Err() != nil {
		return runner.Result{}, ctx.Err()
	}
	if sm.typ == store.TypeExpress && waitsForChild(res.Pattern) {
		return n.runExpress(ctx, t, sp, res.Pattern)
	}
	ex, err := n.e.start(ctx, sp, nil)
	if errors.As(err, &ee) && ee.Code == CodeExecutionAlreadyExists && sm.typ == store.TypeStandard {
		// Dispatched again after a crash: the child this task started
		// closed meanwhile.
		arn, _ := executionARN(sp.StateMachineARN, sp.Name, false)
		if mine := n.e.startedBy(ctx, arn, t); mine != nil {
			ex, err = mine, nil
		}
	}
	switch {
	case errors.As(err, &ee):
		return serviceFailure(ee), nil
	case err != nil:
		return runner.Result{}, err
	}
	if waitsForChild(res.Pattern) && context.Cause(ctx) == runner.ErrTaskCancelled {
		// Cancelled while starting: the stop row may have come too early.
		_, _ = n.e.StopExecution(context.WithoutCancel(ctx), ex.ARN, "", "")
		return runner.Result{}, ctx.Err()
	}
	if res.Pattern == "" {
		return runner.Result{Output: startResponse(ex)}, nil
	}
	return runner.Result{Pending: true, Output: startResponse(ex)}, nil
}

// startedBy returns the execution arn if task t started it, else nil.
func (e *Engine) startedBy(ctx context.Context, arn string, t *runner.Task) *store.Execution {
	ex, err := e.DescribeExecution(ctx, arn)
	if err != nil {
		return nil
	}
	snap, err := decodeSnapshot(ex.Snapshot)
	if err != nil || snap.Parent == nil || snap.Parent.ExecutionARN != t.ExecutionARN || snap.Parent.TaskID != t.TaskID {
		return nil
	}
	return ex
}

// runExpress runs an Express child to its end, as StartSyncExecution does.
func (n nestedRunner) runExpress(ctx context.Context, t *runner.Task, sp *StartParams, pattern string) (runner.Result, error) {
	var w syncWait
	defer func() {
		if w.release != nil {
			w.release()
		}
	}()
	ex, err := n.e.start(ctx, sp, &w)
	var ee *Error
	switch {
	case errors.As(err, &ee):
		return serviceFailure(ee), nil
	case err != nil:
		return runner.Result{}, err
	}
	// The parent records the submission now, as for a Standard child; the
	// result follows when the child closes.
	submitted := []interp.Input{interp.TaskStarted{TaskID: t.TaskID}, interp.TaskSubmitted{TaskID: t.TaskID, Output: startResponse(ex)}}
	if err := n.e.coreFor(t.ExecutionARN).transition(context.WithoutCancel(ctx), t.ExecutionARN, submitted, nil); err != nil {
		n.e.log.Warn("engine: recording a nested Express execution's submission", "execution", t.ExecutionARN, "err", err)
	}
	if ex.Status == store.StatusRunning {
		select {
		case <-w.w.ch:
		case <-ctx.Done():
			if context.Cause(ctx) == runner.ErrTaskCancelled {
				_, _ = n.e.StopExecution(context.WithoutCancel(ctx), ex.ARN, "", "")
			}
			return runner.Result{}, ctx.Err()
		}
		if w.w.row != nil {
			ex = w.w.row
		} else if ex, err = n.e.DescribeExecution(ctx, ex.ARN); err != nil {
			return runner.Result{}, err
		}
	}
	return childResult(ex, pattern), nil
}

// startResponse is StartExecution's response as the task sees it. Dates
// are epoch milliseconds, as AWS writes them in integration results.
func startResponse(ex *store.Execution) jsonv.Value {
	return jsonv.ObjectOf("ExecutionArn", ex.ARN, "StartDate", epochMillis(ex.StartDate))
}

func epochMillis(t time.Time) jsonv.Value { return jsonv.Int(t.UnixMilli()) }

// describeChild is DescribeExecution of a closed child as .sync returns
// it (Input and Output as JSON text) or .sync:2 (as JSON values). Members
// are in AWS's order (alphabetical).
func describeChild(ex *store.Execution, pattern string) jsonv.Value {
	text := func(b []byte) jsonv.Value {
		if pattern == "sync:2" {
			if v, err := jsonv.Parse(b); err == nil {
				return v
			}
		}
		return string(b)
	}
	o := jsonv.NewObject(12)
	if ex.Cause != "" {
		o.Set("Cause", ex.Cause)
	}
	if ex.Error != "" {
		o.Set("Error", ex.Error)
	}
	o.Set("ExecutionArn", ex.ARN)
	o.Set("Input", text(ex.Input))
	o.Set("InputDetails", jsonv.ObjectOf("Included", true))
	o.Set("Name", ex.Name)
	if ex.Status == store.StatusSucceeded {
		o.Set("Output", text(ex.Output))
		o.Set("OutputDetails", jsonv.ObjectOf("Included", true))
	}
	o.Set("StartDate", epochMillis(ex.StartDate))
	o.Set("StateMachineArn", ex.StateMachineARN)
	o.Set("Status", ex.Status)
	if !ex.StopDate.IsZero() {
		o.Set("StopDate", epochMillis(ex.StopDate))
	}
	return o
}

// childResult is a closed child's outcome as its parent task's result: a
// child that did not succeed fails the task with States.TaskFailed and its
// description as the cause.
func childResult(ex *store.Execution, pattern string) runner.Result {
	d := describeChild(ex, pattern)
	if ex.Status == store.StatusSucceeded {
		return runner.Result{Output: d}
	}
	return runner.Result{Error: stepd.ErrorTaskFailed, Cause: jsonv.String(d)}
}

// startNested runs a nested-result or nested-stop row taken from the
// outbox (the caller holds a dispatch slot).
func (d *dispatcher) startNested(ctx context.Context, row store.OutboxRow) {
	d.startInternal(ctx, row, func(ctx context.Context) error { return d.c.runNested(ctx, row) })
}

// startInternal runs fn for a row the engine itself serves (nested
// executions, Map Runs) on a goroutine holding the caller's dispatch
// slot, once per row at a time.
func (d *dispatcher) startInternal(ctx context.Context, row store.OutboxRow, fn func(context.Context) error) {
	d.mu.Lock()
	if d.rows[row.ID] {
		d.mu.Unlock()
		<-d.slots
		return
	}
	d.rows[row.ID] = true
	d.mu.Unlock()
	d.running.Add(1)
	go func() {
		defer func() {
			d.mu.Lock()
			delete(d.rows, row.ID)
			d.mu.Unlock()
			<-d.slots
			d.running.Done()
		}()
		// A short store transition: it finishes even when the engine is
		// stopping (Stop waits for it).
		if err := fn(context.WithoutCancel(ctx)); err != nil {
			d.c.e.log.Error("dispatcher: engine row", "execution", row.ExecutionARN, "key", row.Key, "err", err)
		}
	}()
}

func (c *core) runNested(ctx context.Context, row store.OutboxRow) error {
	drop := func() error { return c.store.Tx(ctx, func(tx store.Tx) error { return deleteRow(row.ID)(ctx, tx) }) }
	var nr nestedRow
	if err := json.Unmarshal(row.Payload, &nr); err != nil {
		c.e.log.Error("dispatcher: bad nested execution row", "id", row.ID, "err", err)
		return drop()
	}
	if strings.HasPrefix(row.Key, nestedStopKey) {
		_, err := c.e.StopExecution(ctx, row.ExecutionARN, "", "")
		var ee *Error
		if err != nil && !(errors.As(err, &ee) && ee.Code == CodeExecutionDoesNotExist) {
			return err
		}
		return drop()
	}
	child, err := c.e.DescribeExecution(ctx, nr.Child)
	var ee *Error
	var final interp.Input
	switch {
	case errors.As(err, &ee):
		final = interp.TaskFailed{TaskID: nr.TaskID, Error: stepd.ErrorRuntime, Cause: "The nested execution " + nr.Child + " no longer exists."}
	case err != nil:
		return err
	case child.Status == store.StatusRunning:
		// Redriven since: its next close delivers again.
		return drop()
	default:
		r := childResult(child, nr.Pattern)
		if r.Failed() {
			final = interp.TaskFailed{TaskID: nr.TaskID, Error: r.Error, Cause: r.Cause}
		} else {
			final = interp.TaskSucceeded{TaskID: nr.TaskID, Output: r.Output}
		}
	}
	return c.transitionFunc(ctx, row.ExecutionARN, func(_ *machine.Machine, s *interp.State) []interp.Input {
		t := findThread(s.Root, nr.TaskID)
		if t == nil {
			return nil // the task is over (cancelled, timed out): only the row goes
		}
		var in []interp.Input
		if !t.TaskBegun && child != nil {
			// The child closed before the dispatch that started it was
			// recorded (its result row can win that race).
			in = append(in, interp.TaskStarted{TaskID: nr.TaskID}, interp.TaskSubmitted{TaskID: nr.TaskID, Output: startResponse(child)})
		}
		return append(in, final)
	}, deleteRow(row.ID))
}

// callbackResult is the inputs of a SendTaskSuccess or SendTaskFailure:
// the result, after TaskStarted when the service task has not been
// recorded as started yet (the callback overtook the dispatch that made
// the call, e.g. a nested execution answering at once).
func callbackResult(taskID string, result interp.Input) func(*machine.Machine, *interp.State) []interp.Input {
	return func(m *machine.Machine, s *interp.State) []interp.Input {
		t := findThread(s.Root, taskID)
		if t != nil && !t.TaskBegun && t.Scope < len(m.Scopes) && t.State < len(m.Scopes[t.Scope].States) &&
			!runner.IsActivity(m.Scopes[t.Scope].States[t.State].Resource) {
			return []interp.Input{interp.TaskStarted{TaskID: taskID}, result}
		}
		return []interp.Input{result}
	}
}
