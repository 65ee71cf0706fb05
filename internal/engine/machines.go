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
			sm = startMachine{definition: v.Definition, typ: v.Type, role: v.RoleARN, read: now}
			return nil
		}
		row, err := tx.StateMachineGet(ctx, &store.StateMachineGetParams{ARN: arn})
		if err != nil {
			return err
		}
		sm = startMachine{definition: row.Definition, typ: row.Type, role: row.RoleARN, read: now}
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
// its StateMachineARN) has been deleted, and its name: AWS fails such an
// execution at its next state transition. The read goes through the start
// cache, so a running execution costs a map lookup per transition.
func (e *Engine) machineDeleted(ctx context.Context, arn string) (string, bool) {
	// A Map Run's children run under MACHINE/LABEL.
	base, _, _ := strings.Cut(arn, "/")
	if _, err := e.startMachine(ctx, base, false); !errors.Is(err, store.ErrNotFound) {
		return "", false
	}
	return base[strings.LastIndexByte(base, ':')+1:], true
}
