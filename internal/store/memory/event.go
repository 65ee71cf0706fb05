package memory

import (
	"context"
	"fmt"

	"github.com/stepd/stepd/internal/store"
)

func (t *tx) EventAppend(ctx context.Context, p *store.EventAppendParams) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, ok := t.d.executions[p.ExecutionARN]; !ok {
		return fmt.Errorf("execution %s: %w", p.ExecutionARN, store.ErrNotFound)
	}
	old := t.d.events[p.ExecutionARN]
	next := int64(len(old)) + 1
	for i, e := range p.Events {
		if e.ID != next+int64(i) {
			return fmt.Errorf("execution %s: event id %d, want %d: %w", p.ExecutionARN, e.ID, next+int64(i), store.ErrConflict)
		}
	}
	// The full slice expression makes append copy, so undo can restore old.
	events := old[:len(old):len(old)]
	for _, e := range p.Events {
		e.Timestamp, e.Data = utc(e.Timestamp), clone(e.Data)
		events = append(events, e)
	}
	put(t, t.d.events, p.ExecutionARN, events)
	return nil
}

func (t *tx) EventList(ctx context.Context, p *store.EventListParams) ([]store.Event, error) {
	events := t.d.events[p.ExecutionARN]
	from, to := max(p.FromID, 1), int64(len(events))
	if p.ToID > 0 {
		to = min(to, p.ToID)
	}
	limit := int64(store.ListLimit(p.Limit))
	var out []store.Event
	for n := int64(0); n < limit && from <= to; n++ {
		id := from
		if p.Reverse {
			id = to
			to--
		} else {
			from++
		}
		e := events[id-1]
		e.Data = clone(e.Data)
		out = append(out, e)
	}
	return out, nil
}

func (t *tx) EventCount(ctx context.Context, p *store.EventCountParams) (int64, error) {
	return int64(len(t.d.events[p.ExecutionARN])), nil
}
