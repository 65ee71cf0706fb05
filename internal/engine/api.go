package engine

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/stepd/stepd"
	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/interp"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
)

// StartParams start an execution. The API resolves versions and aliases:
// StateMachineARN is always unqualified; VersionARN, when set, names the
// version whose definition runs (AliasARN records the alias used).
type StartParams struct {
	StateMachineARN string
	VersionARN      string
	AliasARN        string
	// Name is the execution name; a random UUID when empty.
	Name string
	// Input is the JSON input; "{}" when empty.
	Input       []byte
	TraceHeader string
	// TestCase selects a MockConfigFile test case for the execution's
	// tasks (Step Functions Local's "stateMachineArn#TestCase").
	TestCase string
	// parent is set when a Task state starts this execution (nested.go).
	parent *parentLink
	// mapRun is set when a Distributed Map starts this execution (maprun.go).
	mapRun *mapRunLink
}

// StartExecution starts an execution of a Standard or Express state
// machine and returns its row as committed.
func (e *Engine) StartExecution(ctx context.Context, p *StartParams) (*store.Execution, error) {
	return e.start(ctx, p, nil)
}

// StartSyncExecution starts an Express execution and waits for its result
// (StartSyncExecution).
// The caller is registered as a waiter before the execution exists, so the
// closed row reaches it even though the execution is deleted as it closes.
func (e *Engine) StartSyncExecution(ctx context.Context, p *StartParams) (*store.Execution, error) {
	var w syncWait
	defer func() {
		if w.release != nil {
			w.release()
		}
	}()
	ex, err := e.start(ctx, p, &w)
	if err != nil {
		return nil, err
	}
	if ex.Status != store.StatusRunning {
		return ex, nil
	}
	select {
	case <-w.w.ch:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if w.w.row != nil {
		return w.w.row, nil
	}
	return e.WaitForClose(ctx, ex.ARN)
}

// syncWait is StartSyncExecution's registration as a waiter, made by
// core.start once the execution ARN is known.
type syncWait struct {
	w       *waiter
	release func()
}

func (e *Engine) start(ctx context.Context, p *StartParams, sync *syncWait) (*store.Execution, error) {
	sm, err := e.lookupMachine(ctx, p)
	if err != nil {
		return nil, err
	}
	definition, typ, role := sm.definition, sm.typ, sm.role
	if sync != nil && typ != store.TypeExpress {
		return nil, errorf(CodeStateMachineTypeNotSupported, "This operation is not supported by this type of state machine")
	}
	c := e.standard
	if typ == store.TypeExpress {
		c = e.express
	}
	return c.start(ctx, p, definition, typ, role, sync)
}

func randomName() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return stepd.UUID(b)
}

func randomSeed() uint64 {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:]) | 1
}

// executionARN builds an execution ARN from the state machine ARN
// arn:aws:states:REGION:ACCOUNT:stateMachine:NAME.
func executionARN(stateMachineARN, name string, express bool) (arn, machineName string) {
	parts := strings.Split(stateMachineARN, ":")
	if len(parts) < 7 {
		return stateMachineARN + ":" + name, stateMachineARN
	}
	prefix := strings.Join(parts[:5], ":")
	if express {
		return prefix + ":express:" + parts[6] + ":" + name + ":" + randomName(), parts[6]
	}
	return prefix + ":execution:" + parts[6] + ":" + name, parts[6]
}

func (c *core) start(ctx context.Context, p *StartParams, definition, typ, role string, sync *syncWait) (*store.Execution, error) {
	m, diags := machine.Load([]byte(definition))
	if diags.HasErrors() {
		return nil, errorf(CodeInvalidDefinition, "%v", diags)
	}
	inputText := p.Input
	if len(strings.TrimSpace(string(inputText))) == 0 {
		inputText = []byte("{}")
	}
	input, err := jsonv.Parse(inputText)
	if err != nil {
		return nil, errorf(CodeInvalidExecutionInput, "Invalid State Machine Execution Input: '%v'", err)
	}
	if len(inputText) > jsonv.PayloadLimit {
		return nil, errorf(CodeInvalidExecutionInput, "The input is larger than %d bytes", jsonv.PayloadLimit)
	}
	name := p.Name
	if name == "" {
		name = randomName()
	}
	arn, machineName := executionARN(p.StateMachineARN, name, c.express)
	if sync != nil {
		sync.w, sync.release = c.wait(arn)
	}
	now := c.e.clock.Now()
	exec := interp.Execution{ExecutionArn: arn, Name: name, StateMachineArn: p.StateMachineARN, StateMachineName: machineName, RoleArn: role}
	first := interp.New(m)
	d, err := interp.Decide(m, first, interp.StartExecution{Execution: exec, Input: input}, interp.Env{Now: now, Seed: randomSeed()})
	if err != nil {
		return nil, errorf(CodeInvalidExecutionInput, "%v", err)
	}
	pl, err := planDecision(arn, m, p.StateMachineARN, p.TestCase, first, d.State, d.Events, d.Effects)
	if err != nil {
		return nil, err
	}
	if c.express && pl.close == nil {
		pl.rows = append(pl.rows, store.OutboxRow{Kind: store.OutboxKindTimer, ExecutionARN: arn, Key: expressLimitKey, DueAt: now.Add(c.e.opts.ExpressLimit)})
	}
	c.planNested(pl, m, p.parent, first, d.State)
	c.planMapRunChild(pl, p.mapRun, d.State)
	snap := &snapshot{TestCase: p.TestCase, Parent: p.parent, MapRun: p.mapRun, State: d.State}
	snapBytes, err := encodeSnapshot(snap)
	if err != nil {
		return nil, err
	}
	var created *store.Execution
	var inserted []store.OutboxRow
	err = c.store.Tx(ctx, func(tx store.Tx) error {
		var err error
		created, err = tx.ExecutionCreate(ctx, &store.ExecutionCreateParams{
			ARN: arn, StateMachineARN: p.StateMachineARN, VersionARN: p.VersionARN, AliasARN: p.AliasARN, Name: name,
			Type: typ, Status: store.StatusRunning, Input: inputText, TraceHeader: p.TraceHeader, Snapshot: snapBytes,
			Definition: []byte(definition), ParentARN: p.parent.executionARN(), MapRunARN: p.mapRun.runARN(), Now: now,
		})
		if err != nil {
			return err
		}
		if pl.close != nil {
			row := rowAfter(*created, d.State, pl.close, now)
			version, err := tx.ExecutionUpdate(ctx, &store.ExecutionUpdateParams{
				ARN: arn, ExpectedVersion: created.Version, Snapshot: snapBytes, Status: row.Status, StopDate: row.StopDate,
				Output: row.Output, Error: row.Error, Cause: row.Cause, Now: now,
			})
			if err != nil {
				return err
			}
			row.Version = version
			created = &row
		}
		inserted, err = pl.write(ctx, tx, now)
		return err
	})
	if errors.Is(err, store.ErrAlreadyExists) {
		return c.existing(ctx, arn, inputText)
	}
	if err != nil {
		return nil, err
	}
	if pl.close == nil {
		l := c.cache.get(arn)
		l.mu.Lock()
		if !l.loaded {
			row := *created
			row.Snapshot, row.Input, row.Definition = nil, nil, nil
			l.row, l.version, l.snap, l.machine, l.loaded = row, created.Version, snap, m, true
		}
		l.mu.Unlock()
	}
	c.publish(created, d.Events)
	c.committed(arn, pl, inserted)
	return created, nil
}

// existing answers a start whose name is taken: AWS returns the running
// execution again when the input is the same (idempotent StartExecution).
func (c *core) existing(ctx context.Context, arn string, input []byte) (*store.Execution, error) {
	ex, err := c.describe(ctx, arn)
	if err != nil {
		return nil, err
	}
	if !c.express && ex.Status == store.StatusRunning {
		a, errA := jsonv.Parse(ex.Input)
		b, errB := jsonv.Parse(input)
		if errA == nil && errB == nil && jsonv.Equal(a, b) {
			return ex, nil
		}
	}
	return nil, errorf(CodeExecutionAlreadyExists, "Execution Already Exists: '%s'", arn)
}

// coreFor picks the store an execution ARN lives in.
func (e *Engine) coreFor(arn string) *core {
	if strings.Contains(arn, ":express:") {
		return e.express
	}
	return e.standard
}

// DescribeExecution returns an execution's row (its Snapshot is the
// engine's and not for display).
func (e *Engine) DescribeExecution(ctx context.Context, arn string) (*store.Execution, error) {
	return e.coreFor(arn).describe(ctx, arn)
}

func (c *core) describe(ctx context.Context, arn string) (*store.Execution, error) {
	var ex *store.Execution
	err := c.store.ReadTx(ctx, func(tx store.Tx) error {
		var err error
		ex, err = tx.ExecutionGet(ctx, &store.ExecutionGetParams{ARN: arn})
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, errorf(CodeExecutionDoesNotExist, "Execution Does Not Exist: '%s'", arn)
	}
	return ex, err
}

// HistoryParams page through an execution's history.
type HistoryParams struct {
	ExecutionARN string
	// AfterID returns events after this id (before it when Reverse); 0
	// starts at the beginning (or the end).
	AfterID int64
	Reverse bool
	Limit   int
}

// History returns a page of an execution's events, decoded.
func (e *Engine) History(ctx context.Context, p *HistoryParams) ([]history.Event, error) {
	c := e.coreFor(p.ExecutionARN)
	if _, err := c.describe(ctx, p.ExecutionARN); err != nil {
		return nil, err
	}
	lp := &store.EventListParams{ExecutionARN: p.ExecutionARN, Reverse: p.Reverse, Limit: p.Limit}
	if p.AfterID > 0 {
		if p.Reverse {
			lp.ToID = p.AfterID - 1
		} else {
			lp.FromID = p.AfterID + 1
		}
	}
	var stored []store.Event
	err := c.store.ReadTx(ctx, func(tx store.Tx) error {
		var err error
		stored, err = tx.EventList(ctx, lp)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]history.Event, 0, len(stored))
	for _, s := range stored {
		ev, err := history.Decode(s.Data)
		if err != nil {
			return nil, fmt.Errorf("engine: execution %s event %d: %w", p.ExecutionARN, s.ID, err)
		}
		out = append(out, ev)
	}
	return out, nil
}

// FullHistory returns every event of an execution.
func (e *Engine) FullHistory(ctx context.Context, arn string) ([]history.Event, error) {
	var all []history.Event
	var after int64
	for {
		page, err := e.History(ctx, &HistoryParams{ExecutionARN: arn, AfterID: after, Limit: store.ListLimitMax})
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if len(page) < store.ListLimitMax {
			return all, nil
		}
		after = page[len(page)-1].ID
	}
}

// WaitForClose waits until the execution is no longer running and returns
// its row, or returns ctx's error.
func (e *Engine) WaitForClose(ctx context.Context, arn string) (*store.Execution, error) {
	c := e.coreFor(arn)
	for {
		w, release := c.wait(arn)
		ex, err := c.describe(ctx, arn)
		if err != nil || ex.Status != store.StatusRunning {
			release()
			return ex, err
		}
		select {
		case <-w.ch:
			row := w.row
			release()
			if row != nil {
				return row, nil
			}
		case <-ctx.Done():
			release()
			return nil, ctx.Err()
		}
	}
}

// StopExecution aborts a running execution; a closed one is left as it is.
func (e *Engine) StopExecution(ctx context.Context, arn, errName, cause string) (*store.Execution, error) {
	c := e.coreFor(arn)
	ex, err := c.describe(ctx, arn)
	if err != nil {
		return nil, err
	}
	if ex.Status == store.StatusRunning {
		// A stopped Express execution is deleted as it closes: its row
		// comes back through the waiter.
		w, release := c.wait(arn)
		defer release()
		if err := c.transition(ctx, arn, []interp.Input{interp.StopExecution{Error: errName, Cause: cause}}, nil); err != nil {
			return nil, err
		}
		select {
		case <-w.ch:
			if w.row != nil {
				return w.row, nil
			}
		default:
		}
	}
	return c.describe(ctx, arn)
}

// RedriveExecution restarts a failed, timed-out or aborted Standard
// execution from where it failed.
func (e *Engine) RedriveExecution(ctx context.Context, arn string) (*store.Execution, error) {
	c := e.coreFor(arn)
	ex, err := c.describe(ctx, arn)
	if err != nil {
		return nil, err
	}
	if c.express {
		return nil, errorf(CodeExecutionNotRedrivable, "Execution is of type EXPRESS and cannot be redriven: '%s'", arn)
	}
	switch ex.Status {
	case store.StatusFailed, store.StatusTimedOut, store.StatusAborted:
	default:
		return nil, errorf(CodeExecutionNotRedrivable, "Execution is %s and cannot be redriven: '%s'", ex.Status, arn)
	}
	if err := c.transition(ctx, arn, []interp.Input{interp.RedriveExecution{}}, nil); err != nil {
		var ee *Error
		if errors.As(err, &ee) {
			return nil, err
		}
		return nil, errorf(CodeExecutionNotRedrivable, "%v", err)
	}
	return c.describe(ctx, arn)
}

// expressTimeout ends an Express execution that reached its duration limit.
func (c *core) expressTimeout(ctx context.Context, row store.OutboxRow) error {
	return c.withLive(row.ExecutionARN, func(l *live) error { return c.expressTimeoutLocked(ctx, l, row) })
}

func (c *core) expressTimeoutLocked(ctx context.Context, l *live, row store.OutboxRow) error {
	if !l.loaded {
		if err := c.load(ctx, l); err != nil {
			return err
		}
	}
	now := c.e.clock.Now()
	before := l.snap.State
	if before.Closed() {
		return c.store.Tx(ctx, func(tx store.Tx) error { return deleteRow(row.ID)(ctx, tx) })
	}
	state, events, effects := c.forceClose(l, before, now, history.ExecutionTimedOut, interp.StatusTimedOut,
		"States.Timeout", fmt.Sprintf("The execution ran longer than the Express limit of %s.", c.e.opts.ExpressLimit))
	return c.commit(ctx, l, before, state, events, effects, now, consumeTimer(row.ID))
}

// token finds a task token in either store.
func (e *Engine) token(ctx context.Context, token string) (*core, *store.TaskToken, string, error) {
	for _, c := range []*core{e.standard, e.express} {
		var t *store.TaskToken
		err := c.store.ReadTx(ctx, func(tx store.Tx) error {
			var err error
			t, err = tx.TaskTokenGet(ctx, &store.TaskTokenGetParams{Token: token})
			return err
		})
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, nil, "", err
		}
		var p tokenPayload
		if err := json.Unmarshal(t.Payload, &p); err != nil {
			return nil, nil, "", err
		}
		if p.TimedOut {
			return nil, nil, "", errorf(CodeTaskTimedOut, "Task Timed Out: 'Provided task does not exist anymore'")
		}
		return c, t, p.TaskID, nil
	}
	if len(token) == 0 || len(token) > 1024 {
		return nil, nil, "", errorf(CodeInvalidToken, "Invalid Token: '%s'", token)
	}
	return nil, nil, "", errorf(CodeTaskDoesNotExist, "Task Does Not Exist")
}

// SendTaskSuccess completes the task waiting on token with output.
func (e *Engine) SendTaskSuccess(ctx context.Context, token string, output []byte) error {
	v, err := jsonv.Parse(output)
	if err != nil {
		return errorf(CodeInvalidOutput, "Invalid Output: '%v'", err)
	}
	if len(output) > jsonv.PayloadLimit {
		return errorf(CodeInvalidOutput, "The output is larger than %d bytes", jsonv.PayloadLimit)
	}
	c, t, taskID, err := e.token(ctx, token)
	if err != nil {
		return err
	}
	return c.transitionFunc(ctx, t.ExecutionARN, callbackResult(taskID, interp.TaskSucceeded{TaskID: taskID, Output: v}), nil)
}

// SendTaskFailure fails the task waiting on token.
func (e *Engine) SendTaskFailure(ctx context.Context, token, errName, cause string) error {
	c, t, taskID, err := e.token(ctx, token)
	if err != nil {
		return err
	}
	return c.transitionFunc(ctx, t.ExecutionARN, callbackResult(taskID, interp.TaskFailed{TaskID: taskID, Error: errName, Cause: cause}), nil)
}

// SendTaskHeartbeat restarts the heartbeat timer of the task waiting on
// token.
func (e *Engine) SendTaskHeartbeat(ctx context.Context, token string) error {
	c, t, taskID, err := e.token(ctx, token)
	if err != nil {
		return err
	}
	return c.transition(ctx, t.ExecutionARN, []interp.Input{interp.TaskHeartbeat{TaskID: taskID}}, nil)
}

// ActivityTask is a task handed to an activity worker.
type ActivityTask struct {
	TaskToken string
	Input     []byte
}

// PollActivityTask waits for a task of activityARN (GetActivityTask) and
// records that workerName started it. It returns nil when ctx ends first.
func (e *Engine) PollActivityTask(ctx context.Context, activityARN, workerName string) (*ActivityTask, error) {
	if e.opts.Activities == nil {
		return nil, errors.New("engine: no activity runner configured")
	}
	for {
		at, err := e.opts.Activities.Poll(ctx, activityARN, workerName)
		if err != nil || at == nil {
			return nil, err
		}
		c, t, taskID, err := e.token(context.WithoutCancel(ctx), at.TaskToken)
		if err != nil {
			// The task closed meanwhile (timed out, execution stopped).
			continue
		}
		if err := c.transition(context.WithoutCancel(ctx), t.ExecutionARN, []interp.Input{interp.TaskStarted{TaskID: taskID, WorkerName: workerName}}, nil); err != nil {
			return nil, err
		}
		return &ActivityTask{TaskToken: at.TaskToken, Input: at.Input}, nil
	}
}
