package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/stepd/stepd"
	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/interp"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
)

// conflictRetries bounds how often a transition reloads after losing a
// version race before it gives up.
const conflictRetries = 32

// DecideError is an input the interpreter refused (it cannot apply to
// the execution as it is).
type DecideError struct{ Err error }

func (e *DecideError) Error() string { return e.Err.Error() }
func (e *DecideError) Unwrap() error { return e.Err }

// extraWrites are writes a caller adds to a transition's transaction (the
// outbox row that delivered the input, a consumed task token). They run
// even when the input no longer applies, so stale work is cleaned up.
type extraWrites func(ctx context.Context, tx store.Tx) error

// transition is the one path every input takes. inputs are decided in
// order and committed together.
func (c *core) transition(ctx context.Context, arn string, inputs []interp.Input, extra extraWrites) error {
	return c.transitionFunc(ctx, arn, func(*machine.Machine, *interp.State) []interp.Input { return inputs }, extra)
}

// transitionFunc is transition with the inputs chosen from the execution's
// current state (a callback that overtook its dispatch, a child's result).
func (c *core) transitionFunc(ctx context.Context, arn string, inputs func(*machine.Machine, *interp.State) []interp.Input, extra extraWrites) error {
	return c.withLive(arn, func(l *live) error { return c.transitionLocked(ctx, l, inputs, extra) })
}

// withLive runs fn on the execution's cached entry under its lock, and
// again on a fresh load when the store reports a version conflict.
func (c *core) withLive(arn string, fn func(l *live) error) error {
	for range conflictRetries {
		l := c.cache.get(arn)
		l.mu.Lock()
		err := fn(l)
		if errors.Is(err, store.ErrConflict) {
			l.loaded = false
			l.mu.Unlock()
			continue
		}
		if !l.loaded {
			// Never loaded (the execution is gone, or the load failed): an
			// entry kept would only hold memory.
			c.cache.dropEntry(l)
		}
		l.mu.Unlock()
		return err
	}
	return fmt.Errorf("engine: execution %s: gave up after %d version conflicts", arn, conflictRetries)
}

func (c *core) load(ctx context.Context, l *live) error {
	var row *store.Execution
	err := c.store.ReadTx(ctx, func(tx store.Tx) error {
		var err error
		row, err = tx.ExecutionGet(ctx, &store.ExecutionGetParams{ARN: l.arn})
		return err
	})
	if err != nil {
		return err
	}
	snap, err := decodeSnapshot(row.Snapshot)
	if err != nil {
		return fmt.Errorf("engine: execution %s: bad snapshot: %w", l.arn, err)
	}
	definition := row.Definition
	if len(definition) == 0 {
		definition = []byte(snap.Definition)
	}
	snap.Definition = ""
	m, diags := machine.Load(definition)
	if diags.HasErrors() {
		return fmt.Errorf("engine: execution %s: its definition no longer compiles: %w", l.arn, diags)
	}
	row.Snapshot, row.Input, row.Definition = nil, nil, nil
	l.row, l.version, l.snap, l.machine, l.loaded = *row, row.Version, snap, m, true
	return nil
}

func (c *core) transitionLocked(ctx context.Context, l *live, chooseInputs func(*machine.Machine, *interp.State) []interp.Input, extra extraWrites) error {
	if !l.loaded {
		if err := c.load(ctx, l); err != nil {
			if errors.Is(err, store.ErrNotFound) && extra != nil {
				// The execution is gone: still clean up what delivered the input.
				return c.store.Tx(ctx, func(tx store.Tx) error { return extra(ctx, tx) })
			}
			return err
		}
	}
	now := c.e.clock.Now()
	before := l.snap.State
	inputs := chooseInputs(l.machine, before)
	if len(inputs) > 0 && !before.Closed() && !stops(inputs) {
		if name, deleted := c.e.machineDeleted(ctx, l.row.StateMachineARN); deleted {
			inputs = []interp.Input{interp.StopExecution{Error: stepd.ErrorRuntime, Cause: "State machine " + name + " has been deleted.", Failed: true}}
		}
	}
	state := before
	var events []history.Event
	var effects []interp.Effect
	var decideErr error
	for _, in := range inputs {
		d, err := interp.Decide(l.machine, state, in, interp.Env{Now: now})
		if err != nil {
			decideErr = &DecideError{Err: err}
			break
		}
		state = d.State
		events = append(events, d.Events...)
		effects = append(effects, d.Effects...)
	}
	if len(events) > 0 && state.LastEventID > stepd.HistoryLimit && !before.Closed() {
		state, events, effects = c.forceClose(l, before, now, history.ExecutionFailed, interp.StatusFailed,
			stepd.ErrorRuntime, fmt.Sprintf("The execution reached the maximum number of history events (%d).", stepd.HistoryLimit))
	}
	if len(events) == 0 && len(effects) == 0 {
		// The input changed nothing, so it is dropped (with the row that
		// carried it): make sure that is not because this snapshot is stale
		// (an evicted cache entry still in use, another node).
		fresh := func(tx store.Tx) error {
			row, err := tx.ExecutionGet(ctx, &store.ExecutionGetParams{ARN: l.arn})
			if err != nil {
				return err
			}
			if row.Version != l.version {
				return store.ErrConflict
			}
			if extra != nil {
				return extra(ctx, tx)
			}
			return nil
		}
		var err error
		if extra != nil {
			err = c.store.Tx(ctx, fresh)
		} else {
			err = c.store.ReadTx(ctx, fresh)
		}
		if err != nil {
			return err
		}
		return decideErr
	}
	return c.commit(ctx, l, before, state, events, effects, now, extra)
}

// stops says the inputs stop the execution (which a deleted state machine
// does not prevent).
func stops(inputs []interp.Input) bool {
	for _, in := range inputs {
		if _, ok := in.(interp.StopExecution); ok {
			return true
		}
	}
	return false
}

// forceClose ends an execution the interpreter would keep running (the
// history limit, the Express duration limit): it aborts it to cancel
// everything pending and records the given closing event instead.
func (c *core) forceClose(l *live, before *interp.State, now time.Time, typ history.EventType, status, errName, cause string) (*interp.State, []history.Event, []interp.Effect) {
	d, err := interp.Decide(l.machine, before, interp.StopExecution{Error: errName, Cause: cause}, interp.Env{Now: now})
	if err != nil || len(d.Events) == 0 {
		return before, nil, nil
	}
	last := &d.Events[len(d.Events)-1]
	last.Type = typ
	d.State.Status = status
	for i, eff := range d.Effects {
		if ce, ok := eff.(interp.CloseExecution); ok {
			ce.Status = status
			d.Effects[i] = ce
		}
	}
	return d.State, d.Events, d.Effects
}

// commit writes one decision and, once it is durable, wakes whoever
// depends on it.
func (c *core) commit(ctx context.Context, l *live, before, after *interp.State, events []history.Event, effects []interp.Effect, now time.Time, extra extraWrites) error {
	p, err := planDecision(l.arn, l.machine, l.row.StateMachineARN, l.snap.TestCase, before, after, events, effects)
	if err != nil {
		return err
	}
	c.planNested(p, l.machine, l.snap.Parent, before, after)
	c.planMapRunChild(p, l.snap.MapRun, after)
	next := &snapshot{TestCase: l.snap.TestCase, Parent: l.snap.Parent, MapRun: l.snap.MapRun, State: after}
	snapBytes, err := encodeSnapshot(next)
	if err != nil {
		return err
	}
	row := rowAfter(l.row, after, p.close, now)
	var inserted []store.OutboxRow
	err = c.store.Tx(ctx, func(tx store.Tx) error {
		if _, err := tx.ExecutionUpdate(ctx, &store.ExecutionUpdateParams{
			ARN: l.arn, ExpectedVersion: l.version, Snapshot: snapBytes, Status: row.Status, StopDate: row.StopDate,
			Output: row.Output, Error: row.Error, Cause: row.Cause, RedriveCount: row.RedriveCount, RedriveDate: row.RedriveDate, Now: now,
		}); err != nil {
			return err
		}
		// extra first: it may check a row the decision's own writes delete
		// (a timer the closing execution cancels).
		if extra != nil {
			if err := extra(ctx, tx); err != nil {
				return err
			}
		}
		var err error
		inserted, err = p.write(ctx, tx, now)
		return err
	})
	if err != nil {
		return err
	}
	l.version++
	l.snap = next
	l.row = row
	c.publish(&row, events)
	c.committed(l.arn, p, inserted)
	if p.close != nil {
		c.e.finishDeletion(ctx, l.row.StateMachineARN)
	}
	return nil
}

// rowAfter is the execution row's mutable fields after a decision.
func rowAfter(row store.Execution, s *interp.State, closing *interp.CloseExecution, now time.Time) store.Execution {
	row.Status = s.Status
	row.RedriveCount = int(s.RedriveCount)
	row.RedriveDate = s.RedriveTime
	if closing != nil {
		row.StopDate = now.Truncate(time.Millisecond)
		row.Error, row.Cause = closing.Error, closing.Cause
		row.Output = nil
		if closing.Status == interp.StatusSucceeded {
			row.Output = jsonv.Marshal(closing.Output)
		}
	} else if s.Status == interp.StatusRunning {
		row.StopDate, row.Output, row.Error, row.Cause = time.Time{}, nil, "", ""
	}
	return row
}

// committed wakes the services a durable decision concerns.
func (c *core) committed(arn string, p *plan, inserted []store.OutboxRow) {
	var tasks []store.OutboxRow
	for _, r := range inserted {
		switch r.Kind {
		case store.OutboxKindTimer:
			c.timers.add(store.TimerRef{DueAt: r.DueAt, ID: r.ID})
		case store.OutboxKindTask:
			tasks = append(tasks, r)
		}
	}
	if len(tasks) > 0 {
		if !c.shared() {
			c.dispatcher.handoff(tasks)
		} else {
			c.dispatcher.wake()
		}
	}
	for _, id := range p.cancels {
		c.dispatcher.cancel(arn, id)
	}
	if len(p.elsewhere) > 0 {
		c.deliverElsewhere(p.elsewhere)
	}
	if p.close != nil {
		c.cache.drop(arn)
		if f, ok := c.e.opts.Runner.(runner.Forgetter); ok {
			f.Forget(arn)
		}
		var row *store.Execution
		if c.express && !c.e.opts.KeepClosedExpress {
			row = c.deleteClosed(arn)
		}
		c.closed(arn, row)
	}
}

// deleteClosed deletes a closed Express execution and returns its last
// row, for whoever waits on it (nil if it could not be read).
func (c *core) deleteClosed(arn string) *store.Execution {
	var row *store.Execution
	// The Express store is in memory: its transactions do not block on
	// I/O, and a cancelled caller must not leave the execution behind.
	ctx := context.Background()
	err := c.store.Tx(ctx, func(tx store.Tx) error {
		var err error
		if row, err = tx.ExecutionGet(ctx, &store.ExecutionGetParams{ARN: arn}); err != nil {
			return err
		}
		row.Snapshot = nil
		return tx.ExecutionDelete(ctx, &store.ExecutionDeleteParams{ARN: arn})
	})
	if err != nil {
		c.e.log.Error("engine: deleting a closed Express execution", "execution", arn, "error", err)
		return nil
	}
	if err := c.timers.compact(ctx); err != nil {
		c.e.log.Error("engine: compacting the Express timer index", "error", err)
	}
	return row
}

// errTimerGone aborts a timer's transition when its row is no longer
// there: another node fired it, or the timer was started again (a
// heartbeat) after the row was read, so the input is stale.
var errTimerGone = errors.New("engine: the timer fired already or was replaced")

// consumeTimer is extra writes that delete the timer row that delivered an
// input, and abort the transition if that row is gone.
func consumeTimer(id int64) extraWrites {
	return func(ctx context.Context, tx store.Tx) error {
		_, err := tx.OutboxDelete(ctx, &store.OutboxDeleteParams{ID: id})
		if errors.Is(err, store.ErrNotFound) {
			return errTimerGone
		}
		return err
	}
}

// deleteRow is extra writes that remove the outbox row that delivered an
// input (gone already if the execution closed meanwhile).
func deleteRow(id int64) extraWrites {
	return func(ctx context.Context, tx store.Tx) error {
		_, err := tx.OutboxDelete(ctx, &store.OutboxDeleteParams{ID: id})
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		return err
	}
}
