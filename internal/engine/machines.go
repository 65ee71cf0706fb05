package engine

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/stepd/stepd/internal/store"
)

// machineTTL is how long a state machine read for StartExecution is
// reused. AWS documents the same window: executions started shortly after
// UpdateStateMachine may still use the previous definition and role. This
// process's own updates and deletes drop the entry at once
// (ForgetStateMachine); another node's take effect within the TTL.
const machineTTL = time.Second

// machineCacheMax bounds the entries kept; the cache is emptied when full.
const machineCacheMax = 4096

// startMachine is what StartExecution needs of a state machine or version.
type startMachine struct {
	definition, typ, role string
	deleting              bool // of the state machine, for a version too
	read                  time.Time
}

// machines caches startMachine by state machine or version ARN, so a burst
// of StartExecution calls does not read the same row from the store each
// time.
type machines struct {
	mu sync.Mutex
	m  map[string]startMachine
}

// lookupMachine is what starting p needs of its state machine or version,
// StateMachineDoesNotExist when there is none.
func (e *Engine) lookupMachine(ctx context.Context, p *StartParams) (startMachine, error) {
	arn := p.StateMachineARN
	if p.VersionARN != "" {
		arn = p.VersionARN
	}
	sm, err := e.startMachine(ctx, arn, p.VersionARN != "")
	if errors.Is(err, store.ErrNotFound) {
		return startMachine{}, errorf(CodeStateMachineDoesNotExist, "State Machine Does Not Exist: '%s'", arn)
	}
	if err == nil && sm.deleting {
		return startMachine{}, errorf(CodeStateMachineDeleting, "State Machine is being deleted: '%s'", p.StateMachineARN)
	}
	return sm, err
}

func (e *Engine) startMachine(ctx context.Context, arn string, version bool) (startMachine, error) {
	now := e.clock.Now()
	e.machines.mu.Lock()
	sm, ok := e.machines.m[arn]
	e.machines.mu.Unlock()
	if ok && now.Sub(sm.read) < machineTTL {
		return sm, nil
	}
	err := e.opts.Store.ReadTx(ctx, func(tx store.Tx) error {
		if version {
			v, err := tx.StateMachineVersionGet(ctx, &store.StateMachineVersionGetParams{ARN: arn})
			if err != nil {
				return err
			}
			base, err := tx.StateMachineGet(ctx, &store.StateMachineGetParams{ARN: v.StateMachineARN})
			if err != nil {
				return err
			}
			sm = startMachine{definition: v.Definition, typ: v.Type, role: v.RoleARN, deleting: base.Deleting, read: now}
			return nil
		}
		row, err := tx.StateMachineGet(ctx, &store.StateMachineGetParams{ARN: arn})
		if err != nil {
			return err
		}
		sm = startMachine{definition: row.Definition, typ: row.Type, role: row.RoleARN, deleting: row.Deleting, read: now}
		return nil
	})
	if err != nil {
		return startMachine{}, err
	}
	e.machines.mu.Lock()
	if e.machines.m == nil || len(e.machines.m) >= machineCacheMax {
		e.machines.m = map[string]startMachine{}
	}
	e.machines.m[arn] = sm
	e.machines.mu.Unlock()
	return sm, nil
}

// ForgetStateMachine drops what the engine cached of a state machine or
// version: the API calls it after updating or deleting one.
func (e *Engine) ForgetStateMachine(arn string) {
	e.machines.mu.Lock()
	delete(e.machines.m, arn)
	e.machines.mu.Unlock()
}

// machineDeleted reports whether the state machine an execution runs (arn,
// its StateMachineARN) is deleted or being deleted, and its name: AWS fails
// such an execution at its next state transition. The read goes through
// the start cache, so a running execution costs a map lookup per
// transition.
func (e *Engine) machineDeleted(ctx context.Context, arn string) (string, bool) {
	// A Map Run's children run under MACHINE/LABEL.
	base, _, _ := strings.Cut(arn, "/")
	if sm, err := e.startMachine(ctx, base, false); !errors.Is(err, store.ErrNotFound) && !sm.deleting {
		return "", false
	}
	return base[strings.LastIndexByte(base, ':')+1:], true
}

// DeleteStateMachine deletes a state machine with its versions and
// aliases. As on AWS, a Standard machine with running executions is only
// marked as being deleted (DELETING): they fail at their next transition,
// and the last one to close deletes it (finishDeletion). Express
// executions live in memory and fail the same way, so an Express machine
// goes at once. Deleting a machine that does not exist succeeds.
func (e *Engine) DeleteStateMachine(ctx context.Context, arn string) error {
	err := e.opts.Store.Tx(ctx, func(tx store.Tx) error {
		sm, err := tx.StateMachineGet(ctx, &store.StateMachineGetParams{ARN: arn})
		if err != nil {
			return err
		}
		if sm.Type == store.TypeStandard {
			running, err := tx.ExecutionList(ctx, &store.ExecutionListParams{StateMachineARN: arn, Status: store.StatusRunning, Limit: 1})
			if err != nil {
				return err
			}
			if len(running.Items) > 0 {
				return tx.StateMachineSetDeleting(ctx, &store.StateMachineSetDeletingParams{ARN: arn})
			}
		}
		return tx.StateMachineDelete(ctx, &store.StateMachineDeleteParams{ARN: arn})
	})
	// After the commit, so a concurrent start cannot cache the old row again.
	e.ForgetStateMachine(arn)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}

// finishDeletion deletes a state machine being deleted once the execution
// that just closed (of machine arn) was its last running one. The cache is
// fresh for this node's own deletes; another node's may be a second old,
// so with a shared store the row is read.
func (e *Engine) finishDeletion(ctx context.Context, arn string) {
	base, _, _ := strings.Cut(arn, "/")
	if e.opts.SingleNode {
		if sm, err := e.startMachine(ctx, base, false); err != nil || !sm.deleting {
			return
		}
	} else {
		var deleting bool
		_ = e.opts.Store.ReadTx(ctx, func(tx store.Tx) error {
			sm, err := tx.StateMachineGet(ctx, &store.StateMachineGetParams{ARN: base})
			deleting = err == nil && sm.Deleting
			return err
		})
		if !deleting {
			return
		}
	}
	err := e.opts.Store.Tx(ctx, func(tx store.Tx) error {
		sm, err := tx.StateMachineGet(ctx, &store.StateMachineGetParams{ARN: base})
		if err != nil || !sm.Deleting {
			return err
		}
		running, err := tx.ExecutionList(ctx, &store.ExecutionListParams{StateMachineARN: base, Status: store.StatusRunning, Limit: 1})
		if err != nil || len(running.Items) > 0 {
			return err
		}
		return tx.StateMachineDelete(ctx, &store.StateMachineDeleteParams{ARN: base})
	})
	e.ForgetStateMachine(base)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		e.log.Error("engine: deleting a state machine after its last execution", "stateMachine", base, "err", err)
	}
}
