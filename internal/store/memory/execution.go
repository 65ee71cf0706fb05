package memory

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/stepd/stepd/internal/store"
)

func copyExecution(e store.Execution) *store.Execution {
	e.Input, e.Output, e.Snapshot, e.Definition = clone(e.Input), clone(e.Output), clone(e.Snapshot), clone(e.Definition)
	return &e
}

func (t *tx) ExecutionCreate(ctx context.Context, p *store.ExecutionCreateParams) (*store.Execution, error) {
	if err := t.writable(); err != nil {
		return nil, err
	}
	if _, ok := t.d.executions[p.ARN]; ok {
		return nil, fmt.Errorf("execution %s: %w", p.ARN, store.ErrAlreadyExists)
	}
	status := p.Status
	if status == "" {
		status = store.StatusRunning
	}
	e := store.Execution{
		ARN: p.ARN, StateMachineARN: p.StateMachineARN, VersionARN: p.VersionARN, AliasARN: p.AliasARN,
		Name: p.Name, Type: p.Type, Status: status, Input: clone(p.Input), TraceHeader: p.TraceHeader,
		ParentARN: p.ParentARN, MapRunARN: p.MapRunARN, StartDate: utc(p.Now), Snapshot: clone(p.Snapshot), Version: 1,
		Definition: clone(p.Definition),
	}
	put(t, t.d.executions, p.ARN, e)
	return copyExecution(e), nil
}

func (t *tx) ExecutionGet(ctx context.Context, p *store.ExecutionGetParams) (*store.Execution, error) {
	e, ok := t.d.executions[p.ARN]
	if !ok {
		return nil, fmt.Errorf("execution %s: %w", p.ARN, store.ErrNotFound)
	}
	return copyExecution(e), nil
}

func (t *tx) ExecutionUpdate(ctx context.Context, p *store.ExecutionUpdateParams) (int64, error) {
	if err := t.writable(); err != nil {
		return 0, err
	}
	e, ok := t.d.executions[p.ARN]
	if !ok {
		return 0, fmt.Errorf("execution %s: %w", p.ARN, store.ErrNotFound)
	}
	if e.Version != p.ExpectedVersion {
		return 0, fmt.Errorf("execution %s version %d, expected %d: %w", p.ARN, e.Version, p.ExpectedVersion, store.ErrConflict)
	}
	e.Snapshot, e.Status, e.StopDate = clone(p.Snapshot), p.Status, utc(p.StopDate)
	e.Output, e.Error, e.Cause = clone(p.Output), p.Error, p.Cause
	e.RedriveCount, e.RedriveDate = p.RedriveCount, utc(p.RedriveDate)
	e.Version++
	put(t, t.d.executions, p.ARN, e)
	return e.Version, nil
}

func (t *tx) ExecutionList(ctx context.Context, p *store.ExecutionListParams) (*store.Page[store.Execution], error) {
	var items []store.Execution
	for _, e := range t.d.executions {
		switch {
		case p.StateMachineARN != "" && e.StateMachineARN != p.StateMachineARN,
			p.VersionARN != "" && e.VersionARN != p.VersionARN,
			p.AliasARN != "" && e.AliasARN != p.AliasARN,
			p.MapRunARN != "" && e.MapRunARN != p.MapRunARN,
			p.Status != "" && e.Status != p.Status,
			p.Redrive == store.RedriveRedriven && e.RedriveCount == 0,
			p.Redrive == store.RedriveNotRedriven && e.RedriveCount != 0:
			continue
		}
		items = append(items, e)
	}
	page, err := pageNewestFirst(items, func(e *store.Execution) (time.Time, string) { return e.StartDate, e.ARN }, p.Cursor, p.Limit)
	if err != nil {
		return nil, err
	}
	for i := range page.Items {
		page.Items[i] = *copyExecution(page.Items[i])
		page.Items[i].Definition = nil // as ExecutionGet only, like the sqlite driver
	}
	return page, nil
}

func (t *tx) ExecutionPurge(ctx context.Context, p *store.ExecutionPurgeParams) (int, error) {
	if err := t.writable(); err != nil {
		return 0, err
	}
	before := utc(p.StoppedBefore)
	var old []store.Execution
	for _, e := range t.d.executions {
		if !e.StopDate.IsZero() && e.StopDate.Before(before) {
			old = append(old, e)
		}
	}
	sort.Slice(old, func(i, j int) bool {
		if !old[i].StopDate.Equal(old[j].StopDate) {
			return old[i].StopDate.Before(old[j].StopDate)
		}
		return old[i].ARN < old[j].ARN
	})
	old = old[:min(len(old), store.ListLimit(p.Limit))]
	for _, e := range old {
		t.deleteExecution(e.ARN)
	}
	return len(old), nil
}

// ExecutionDelete removes one execution and everything that hangs off it.
func (t *tx) ExecutionDelete(ctx context.Context, p *store.ExecutionDeleteParams) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, ok := t.d.executions[p.ARN]; !ok {
		return fmt.Errorf("execution %s: %w", p.ARN, store.ErrNotFound)
	}
	t.deleteExecution(p.ARN)
	return nil
}

// deleteExecution scans the outbox, activity tasks and task tokens: they
// keep no per-execution index, and in the Express store (the one that
// deletes per execution) they hold only the running executions' rows.
func (t *tx) deleteExecution(arn string) {
	del(t, t.d.executions, arn)
	del(t, t.d.events, arn)
	for _, r := range t.d.outbox {
		if r.ExecutionARN == arn {
			t.deleteRow(r)
		}
	}
	for token, at := range t.d.activityTasks {
		if at.ExecutionARN == arn {
			del(t, t.d.activityTasks, token)
			del(t, t.d.taskSeq, token)
		}
	}
	for token, tt := range t.d.taskTokens {
		if tt.ExecutionARN == arn {
			del(t, t.d.taskTokens, token)
		}
	}
	for k, r := range t.d.mapRuns {
		if r.ExecutionARN == arn {
			del(t, t.d.mapRuns, k)
		}
	}
}
