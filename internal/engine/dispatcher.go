package engine

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/interp"
	"github.com/stepd/stepd/jsonv"
)

// claimBatch is how many task rows one claim transaction takes.
const claimBatch = 256

// dispatcher claims task rows from the outbox and runs them on runners,
// outside any transaction; results come back through the transition path.
type dispatcher struct {
	c       *core
	wakeCh  chan struct{}
	slots   chan struct{} // one per task allowed to run at once
	running sync.WaitGroup

	mu        sync.Mutex
	ctx       context.Context // the services' context; nil until Start
	inflight  map[taskKey]context.CancelCauseFunc
	rows      map[int64]bool // outbox ids running in this process
	lastSweep time.Time
	lastRenew time.Time
}

type taskKey struct{ arn, taskID string }

func newDispatcher(c *core) *dispatcher {
	return &dispatcher{
		c:        c,
		wakeCh:   make(chan struct{}, 1),
		slots:    make(chan struct{}, c.e.opts.DispatchConcurrency),
		inflight: map[taskKey]context.CancelCauseFunc{},
		rows:     map[int64]bool{},
	}
}

// wake tells the dispatcher new task rows exist.
func (d *dispatcher) wake() {
	select {
	case d.wakeCh <- struct{}{}:
	default:
	}
}

// cancel stops a running attempt the interpreter no longer wants; its
// context's cause says so (runner.ErrTaskCancelled), unlike a shutdown.
func (d *dispatcher) cancel(arn, taskID string) {
	d.mu.Lock()
	if cancel, ok := d.inflight[taskKey{arn, taskID}]; ok {
		cancel(runner.ErrTaskCancelled)
	}
	d.mu.Unlock()
}

// wait waits for the attempts under way to return.
func (d *dispatcher) wait() { d.running.Wait() }

// handoff runs rows a transition of this process just committed, without
// claiming them first (a store no other node shares: no other worker can
// take them, and after a crash they are still ready in the outbox). Rows
// it cannot start now are left to runOnce.
func (d *dispatcher) handoff(rows []store.OutboxRow) {
	d.mu.Lock()
	ctx := d.ctx
	d.mu.Unlock()
	if ctx == nil {
		d.wake()
		return
	}
	now := d.c.e.clock.Now()
	for _, row := range rows {
		d.mu.Lock()
		running := d.rows[row.ID]
		d.mu.Unlock()
		if running || row.DueAt.After(now) {
			continue // handed off (its result deletes the row), or not due yet (runOnce takes it)
		}
		select {
		case d.slots <- struct{}{}:
			d.start(ctx, row)
		default:
			d.wake()
			return
		}
	}
}

// setContext gives handoff the services' context (nil when stopped).
func (d *dispatcher) setContext(ctx context.Context) {
	d.mu.Lock()
	d.ctx = ctx
	d.mu.Unlock()
}

func (d *dispatcher) loop(ctx context.Context) {
	defer d.setContext(nil)
	for {
		n, err := d.runOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			d.c.e.log.Error("dispatcher", "err", err)
		}
		if n == claimBatch {
			continue // there may be more
		}
		wait := sweepInterval
		if d.c.shared() {
			renewEvery := d.c.e.opts.TaskLease / 3
			d.renew(ctx, renewEvery)
			wait = min(wait, renewEvery)
		}
		t := d.c.e.clock.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-d.wakeCh:
		case <-t.C():
		}
		t.Stop()
	}
}

// runOnce releases expired leases (at most every sweepInterval), claims
// ready task rows and starts them. It returns how many it claimed.
func (d *dispatcher) runOnce(ctx context.Context) (int, error) {
	now := d.c.e.clock.Now()
	var rows []store.OutboxRow
	err := d.c.store.Tx(ctx, func(tx store.Tx) error {
		if now.Sub(d.lastSweep) >= sweepInterval {
			if _, err := tx.OutboxReleaseExpired(ctx, &store.OutboxReleaseExpiredParams{Now: now}); err != nil {
				return err
			}
		}
		var err error
		rows, err = tx.OutboxClaim(ctx, &store.OutboxClaimParams{
			Kind: store.OutboxKindTask, Worker: d.c.e.opts.Worker, Limit: claimBatch,
			Now: now, LeaseUntil: now.Add(d.c.e.opts.TaskLease),
		})
		return err
	})
	if err != nil {
		return 0, err
	}
	if now.Sub(d.lastSweep) >= sweepInterval {
		d.lastSweep = now
	}
	for _, row := range rows {
		d.mu.Lock()
		running := d.rows[row.ID]
		d.mu.Unlock()
		if running {
			continue // handed off; its result deletes the row
		}
		select {
		case d.slots <- struct{}{}:
		case <-ctx.Done():
			return len(rows), nil // the claims expire and are taken again
		}
		d.start(ctx, row)
	}
	return len(rows), nil
}

// renew extends, at most every interval, the leases of the rows this
// process is running, so that a task running longer than its lease is not
// released to another node and run twice. A row another node took over
// (this node stalled past its lease) is left to it.
func (d *dispatcher) renew(ctx context.Context, every time.Duration) {
	now := d.c.e.clock.Now()
	if now.Sub(d.lastRenew) < every {
		return
	}
	d.lastRenew = now
	d.mu.Lock()
	ids := slices.Collect(maps.Keys(d.rows))
	d.mu.Unlock()
	if len(ids) == 0 {
		return
	}
	until := now.Add(d.c.e.opts.TaskLease)
	// One transaction for all: a row gone or taken over is skipped, not a
	// reason to give up the others.
	var lost []int64
	err := d.c.store.Tx(ctx, func(tx store.Tx) error {
		lost = lost[:0]
		for _, id := range ids {
			err := tx.OutboxExtend(ctx, &store.OutboxExtendParams{ID: id, Worker: d.c.e.opts.Worker, LeaseUntil: until})
			switch {
			case errors.Is(err, store.ErrConflict):
				lost = append(lost, id)
			case err != nil && !errors.Is(err, store.ErrNotFound):
				return err
			}
		}
		return nil
	})
	if err != nil && ctx.Err() == nil {
		d.c.e.log.Warn("dispatcher: renewing task leases", "err", err)
	}
	if len(lost) > 0 {
		d.c.e.log.Warn("dispatcher: task leases taken over by another node", "ids", lost)
	}
}

func (d *dispatcher) start(ctx context.Context, row store.OutboxRow) {
	if isNestedRow(row) {
		d.startNested(ctx, row)
		return
	}
	if isMapRunRow(row) {
		d.startMapRunStep(ctx, row)
		return
	}
	var p taskPayload
	if err := json.Unmarshal(row.Payload, &p); err != nil {
		<-d.slots
		d.c.e.log.Error("dispatcher: bad task row", "id", row.ID, "err", err)
		return
	}
	input, err := jsonv.Parse(p.Input)
	if err != nil {
		<-d.slots
		d.c.e.log.Error("dispatcher: bad task input", "id", row.ID, "err", err)
		return
	}
	key := taskKey{row.ExecutionARN, p.TaskID}
	tctx, cancel := context.WithCancelCause(ctx)
	d.mu.Lock()
	if d.rows[row.ID] {
		d.mu.Unlock()
		cancel(nil)
		<-d.slots
		return
	}
	d.inflight[key] = cancel
	d.rows[row.ID] = true
	d.mu.Unlock()
	d.running.Add(1)
	go func() {
		defer func() {
			d.mu.Lock()
			delete(d.inflight, key)
			delete(d.rows, row.ID)
			d.mu.Unlock()
			cancel(nil)
			<-d.slots
			d.running.Done()
		}()
		task := &runner.Task{
			ExecutionARN: row.ExecutionARN, StateMachineARN: p.StateMachineARN, TestCase: p.TestCase,
			TaskID: p.TaskID, StateName: p.StateName, Resource: p.Resource, Input: input, TaskToken: p.TaskToken,
			TimeoutSeconds: p.TimeoutSeconds, HeartbeatSeconds: p.HeartbeatSeconds, Attempt: p.Attempt, RoleArn: p.RoleArn,
		}
		res, err := d.c.e.opts.Runner.Run(tctx, task)
		if err != nil || tctx.Err() != nil {
			// Not tried, or no longer wanted: the row stays claimed until
			// its lease expires (or the transition that cancelled it
			// deleted it).
			if err != nil && ctx.Err() == nil {
				d.c.e.log.Warn("dispatcher: runner could not run the task", "execution", row.ExecutionARN, "task", p.TaskID, "err", err)
			}
			return
		}
		d.c.deliver(context.WithoutCancel(ctx), row, p, res)
	}()
}

// deliver turns a runner's result into inputs, deleting the row that
// carried the task in the same transaction.
func (c *core) deliver(ctx context.Context, row store.OutboxRow, p taskPayload, res runner.Result) {
	var inputs []interp.Input
	switch {
	case res.Pending && runner.IsActivity(p.Resource):
		// ActivityStarted comes when a worker takes the task.
	case res.Pending:
		// The call was made; its response, if any, is the TaskSubmitted
		// output (.sync and .waitForTaskToken integrations).
		inputs = []interp.Input{interp.TaskStarted{TaskID: p.TaskID}}
		if res.Output != nil {
			inputs = append(inputs, interp.TaskSubmitted{TaskID: p.TaskID, Output: res.Output})
		}
	case res.Failed():
		inputs = []interp.Input{interp.TaskStarted{TaskID: p.TaskID}, interp.TaskFailed{TaskID: p.TaskID, Error: res.Error, Cause: res.Cause}}
	default:
		inputs = []interp.Input{interp.TaskStarted{TaskID: p.TaskID}, interp.TaskSucceeded{TaskID: p.TaskID, Output: res.Output}}
	}
	var err error
	if len(inputs) == 0 {
		err = c.store.Tx(ctx, func(tx store.Tx) error { return deleteRow(row.ID)(ctx, tx) })
	} else {
		err = c.transition(ctx, row.ExecutionARN, inputs, deleteRow(row.ID))
	}
	if err != nil {
		c.e.log.Error("dispatcher: delivering a task result", "execution", row.ExecutionARN, "task", p.TaskID, "err", err)
	}
}
