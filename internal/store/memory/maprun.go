package memory

import (
	"context"
	"fmt"
	"time"

	"github.com/stepd/stepd/internal/store"
)

func (t *tx) MapRunCreate(ctx context.Context, p *store.MapRunCreateParams) (*store.MapRun, error) {
	if err := t.writable(); err != nil {
		return nil, err
	}
	if _, ok := t.d.mapRuns[p.ARN]; ok {
		return nil, fmt.Errorf("map run %s: %w", p.ARN, store.ErrAlreadyExists)
	}
	r := store.MapRun{
		ARN: p.ARN, ExecutionARN: p.ExecutionARN, StateMachineARN: p.StateMachineARN, Status: store.MapRunRunning,
		StartDate: utc(p.Now), Payload: clone(p.Payload), Version: 1,
	}
	put(t, t.d.mapRuns, p.ARN, r)
	r.Payload = clone(r.Payload)
	return &r, nil
}

func (t *tx) MapRunGet(ctx context.Context, p *store.MapRunGetParams) (*store.MapRun, error) {
	r, ok := t.d.mapRuns[p.ARN]
	if !ok {
		return nil, fmt.Errorf("map run %s: %w", p.ARN, store.ErrNotFound)
	}
	r.Payload = clone(r.Payload)
	return &r, nil
}

func (t *tx) MapRunUpdate(ctx context.Context, p *store.MapRunUpdateParams) (int64, error) {
	if err := t.writable(); err != nil {
		return 0, err
	}
	r, ok := t.d.mapRuns[p.ARN]
	if !ok {
		return 0, fmt.Errorf("map run %s: %w", p.ARN, store.ErrNotFound)
	}
	if r.Version != p.ExpectedVersion {
		return 0, fmt.Errorf("map run %s version %d, expected %d: %w", p.ARN, r.Version, p.ExpectedVersion, store.ErrConflict)
	}
	r.Status, r.StopDate, r.Payload = p.Status, utc(p.StopDate), clone(p.Payload)
	r.Version++
	put(t, t.d.mapRuns, p.ARN, r)
	return r.Version, nil
}

func (t *tx) MapRunList(ctx context.Context, p *store.MapRunListParams) (*store.Page[store.MapRun], error) {
	var items []store.MapRun
	for _, r := range t.d.mapRuns {
		if r.ExecutionARN == p.ExecutionARN {
			r.Payload = nil
			items = append(items, r)
		}
	}
	return pageNewestFirst(items, func(r *store.MapRun) (time.Time, string) { return r.StartDate, r.ARN }, p.Cursor, p.Limit)
}
