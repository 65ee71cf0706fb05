package engine

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"sync"
	"time"

	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/interp"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
)

// plan is the writes one decision makes, built before the transaction so
// the transaction itself only writes.
type plan struct {
	arn     string
	events  []store.Event
	rows    []store.OutboxRow
	dels    []store.OutboxDeleteParams
	cancels []string // task ids whose running attempts to cancel
	close   *interp.CloseExecution
	// nested are task rows for other executions (a nested execution's
	// result for its parent, a stop for a nested child): written even
	// when this execution closes.
	nested []store.OutboxRow
	// mapRuns are the Map Runs the decision starts; elsewhere are rows for
	// another core's store (an Express child's end, for its Standard run),
	// written after the commit.
	mapRuns   []store.MapRunCreateParams
	elsewhere []store.OutboxRow
	// task tokens that appeared and vanished (callback and activity tasks)
	newTokens  map[string]string // token → task id
	goneTokens []string
	// timedOut says a task or the execution timed out in this decision:
	// its gone tokens are kept, marked, so SendTask* can answer
	// TaskTimedOut rather than TaskDoesNotExist.
	timedOut bool
}

// planDecision turns a decision's events and effects into writes.
func planDecision(arn string, m *machine.Machine, sm, testCase string, before, after *interp.State, events []history.Event, effects []interp.Effect) (*plan, error) {
	p := &plan{arn: arn}
	for _, ev := range events {
		data, err := history.Encode(ev)
		if err != nil {
			return nil, err
		}
		p.events = append(p.events, store.Event{ID: ev.ID, Type: string(ev.Type), Timestamp: ev.Timestamp, Data: data})
		switch ev.Type {
		case history.TaskTimedOut, history.ActivityTimedOut, history.LambdaFunctionTimedOut, history.ExecutionTimedOut:
			p.timedOut = true
		}
	}
	for _, eff := range effects {
		switch e := eff.(type) {
		case interp.DispatchTask:
			payload, err := json.Marshal(taskPayload{
				StateMachineARN: sm, TestCase: testCase, TaskID: e.TaskID, StateName: e.StateName, Resource: e.Resource,
				Input: jsonv.Marshal(e.Input), TaskToken: e.TaskToken, TimeoutSeconds: e.TimeoutSeconds,
				HeartbeatSeconds: e.HeartbeatSeconds, Attempt: e.Attempt, RoleArn: e.RoleArn,
			})
			if err != nil {
				return nil, err
			}
			p.rows = append(p.rows, store.OutboxRow{Kind: store.OutboxKindTask, ExecutionARN: arn, Key: e.TaskID, Payload: payload})
		case interp.StartTimer:
			// A timer started again under its id (a heartbeat) replaces
			// the pending one.
			p.dels = append(p.dels, store.OutboxDeleteParams{ExecutionARN: arn, Kind: store.OutboxKindTimer, Key: e.TimerID})
			p.rows = append(p.rows, store.OutboxRow{Kind: store.OutboxKindTimer, ExecutionARN: arn, Key: e.TimerID, DueAt: e.Due})
		case interp.CancelTask:
			p.cancels = append(p.cancels, e.TaskID)
			p.withdraw(store.OutboxKindTask, e.TaskID)
		case interp.CancelTimer:
			p.withdraw(store.OutboxKindTimer, e.TimerID)
		case interp.CloseExecution:
			c := e
			p.close = &c
		case interp.StartMapRun:
			if err := p.planMapRun(e, after.Execution.RoleArn); err != nil {
				return nil, err
			}
		case interp.CancelMapRun:
			p.nested = append(p.nested, mapRunRow(e.MapRunARN, arn, mapRunAbortKey, nil))
		case interp.RedriveMapRun:
			p.nested = append(p.nested, mapRunRow(e.MapRunARN, arn, mapRunRedriveKey+strconv.FormatInt(e.RedriveCount, 10), nil))
		}
	}
	if hasCallbacks(m) {
		was, is := callbackTokens(m, before), callbackTokens(m, after)
		for tok, id := range is {
			if _, ok := was[tok]; !ok {
				if p.newTokens == nil {
					p.newTokens = map[string]string{}
				}
				p.newTokens[tok] = id
			}
		}
		for tok := range was {
			if _, ok := is[tok]; !ok {
				p.goneTokens = append(p.goneTokens, tok)
			}
		}
	}
	return p, nil
}

// withdraw drops a row planned in this same decision, or else deletes the
// stored one.
func (p *plan) withdraw(kind, key string) {
	for i, r := range p.rows {
		if r.Kind == kind && r.Key == key {
			p.rows = append(p.rows[:i], p.rows[i+1:]...)
			return
		}
	}
	p.dels = append(p.dels, store.OutboxDeleteParams{ExecutionARN: p.arn, Kind: kind, Key: key})
}

// write performs the plan's outbox, history and token writes (not the
// execution row). It returns the outbox rows inserted.
func (p *plan) write(ctx context.Context, tx store.Tx, now time.Time) ([]store.OutboxRow, error) {
	if len(p.events) > 0 {
		if err := tx.EventAppend(ctx, &store.EventAppendParams{ExecutionARN: p.arn, Events: p.events}); err != nil {
			return nil, err
		}
	}
	var inserted []store.OutboxRow
	if p.close != nil {
		// Everything the execution still had pending goes with it.
		if _, err := tx.OutboxDelete(ctx, &store.OutboxDeleteParams{ExecutionARN: p.arn}); err != nil {
			return nil, err
		}
	} else {
		for i := range p.dels {
			if _, err := tx.OutboxDelete(ctx, &p.dels[i]); err != nil {
				return nil, err
			}
		}
		if len(p.rows) > 0 {
			var err error
			if inserted, err = tx.OutboxInsert(ctx, &store.OutboxInsertParams{Rows: p.rows, Now: now}); err != nil {
				return nil, err
			}
		}
	}
	if err := p.writeMapRuns(ctx, tx, now); err != nil {
		return nil, err
	}
	if len(p.nested) > 0 {
		rows, err := tx.OutboxInsert(ctx, &store.OutboxInsertParams{Rows: p.nested, Now: now})
		if err != nil {
			return nil, err
		}
		inserted = append(inserted, rows...)
	}
	for tok, id := range p.newTokens {
		payload, _ := json.Marshal(tokenPayload{TaskID: id})
		_, err := tx.TaskTokenCreate(ctx, &store.TaskTokenCreateParams{Token: tok, ExecutionARN: p.arn, Payload: payload, Now: now})
		if err != nil && !errors.Is(err, store.ErrAlreadyExists) {
			return nil, err
		}
	}
	for _, tok := range p.goneTokens {
		if err := tx.TaskTokenDelete(ctx, &store.TaskTokenDeleteParams{Token: tok}); err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		if p.timedOut {
			// A tombstone, gone with the execution when it is purged.
			payload, _ := json.Marshal(tokenPayload{TimedOut: true})
			if _, err := tx.TaskTokenCreate(ctx, &store.TaskTokenCreateParams{Token: tok, ExecutionARN: p.arn, Payload: payload, Now: now}); err != nil {
				return nil, err
			}
		}
		if _, err := tx.ActivityTaskDelete(ctx, &store.ActivityTaskDeleteParams{TaskToken: tok}); err != nil {
			return nil, err
		}
	}
	return inserted, nil
}

// callbackMachines caches hasCallbacks per compiled machine.
var callbackMachines sync.Map

// hasCallbacks reports whether any Task state of m completes by token.
func hasCallbacks(m *machine.Machine) bool {
	if v, ok := callbackMachines.Load(m); ok {
		return v.(bool)
	}
	has := false
	for _, sc := range m.Scopes {
		for _, st := range sc.States {
			if st.Type == "Task" && runner.IsCallback(st.Resource) {
				has = true
			}
		}
	}
	callbackMachines.Store(m, has)
	return has
}

// callbackTokens maps the tokens of the callback tasks s waits for to
// their task ids.
func callbackTokens(m *machine.Machine, s *interp.State) map[string]string {
	if s == nil || s.Closed() {
		return nil
	}
	var out map[string]string
	var walk func(t *interp.Thread)
	walk = func(t *interp.Thread) {
		if t == nil {
			return
		}
		if t.TaskID != "" && t.TaskToken != "" && t.Scope < len(m.Scopes) && t.State < len(m.Scopes[t.Scope].States) &&
			runner.IsCallback(m.Scopes[t.Scope].States[t.State].Resource) {
			if out == nil {
				out = map[string]string{}
			}
			out[t.TaskToken] = t.TaskID
		}
		for _, c := range t.Children {
			walk(c)
		}
	}
	walk(s.Root)
	return out
}
