package memory

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/stepd/stepd/internal/store"
)

func copyRow(r store.OutboxRow) store.OutboxRow {
	r.Payload = clone(r.Payload)
	return r
}

func dueBefore(a, b *store.OutboxRow) bool {
	if !a.DueAt.Equal(b.DueAt) {
		return a.DueAt.Before(b.DueAt)
	}
	return a.ID < b.ID
}

// ready returns the unclaimed rows that pass keep, in due order.
func (t *tx) ready(keep func(*store.OutboxRow) bool) []store.OutboxRow {
	var rows []store.OutboxRow
	for _, r := range t.d.outbox {
		if r.ClaimedBy == "" && keep(&r) {
			rows = append(rows, r)
		}
	}
	sort.Slice(rows, func(i, j int) bool { return dueBefore(&rows[i], &rows[j]) })
	return rows
}

func (t *tx) OutboxInsert(ctx context.Context, p *store.OutboxInsertParams) ([]store.OutboxRow, error) {
	if err := t.writable(); err != nil {
		return nil, err
	}
	out := make([]store.OutboxRow, 0, len(p.Rows))
	for _, in := range p.Rows {
		k := outboxKey{in.Kind, in.ExecutionARN, in.Key}
		if in.Key != "" {
			if _, ok := t.d.outboxKeys[k]; ok {
				return nil, fmt.Errorf("outbox %s %s %s: %w", in.Kind, in.ExecutionARN, in.Key, store.ErrAlreadyExists)
			}
		}
		t.d.lastOutboxID++
		r := store.OutboxRow{
			ID: t.d.lastOutboxID, Kind: in.Kind, ExecutionARN: in.ExecutionARN, Key: in.Key,
			Payload: clone(in.Payload), DueAt: utc(in.DueAt), CreatedAt: utc(p.Now),
		}
		if r.DueAt.IsZero() {
			r.DueAt = r.CreatedAt
		}
		put(t, t.d.outbox, r.ID, r)
		if in.Key != "" {
			put(t, t.d.outboxKeys, k, r.ID)
		}
		out = append(out, copyRow(r))
	}
	return out, nil
}

func (t *tx) OutboxClaim(ctx context.Context, p *store.OutboxClaimParams) ([]store.OutboxRow, error) {
	if err := t.writable(); err != nil {
		return nil, err
	}
	now := utc(p.Now)
	rows := t.ready(func(r *store.OutboxRow) bool { return r.Kind == p.Kind && !r.DueAt.After(now) })
	rows = rows[:min(len(rows), store.ListLimit(p.Limit))]
	for i := range rows {
		rows[i].ClaimedBy, rows[i].LeaseUntil = p.Worker, utc(p.LeaseUntil)
		rows[i].Attempts++
		put(t, t.d.outbox, rows[i].ID, rows[i])
		rows[i] = copyRow(rows[i])
	}
	return rows, nil
}

func (t *tx) OutboxComplete(ctx context.Context, p *store.OutboxCompleteParams) error {
	if err := t.writable(); err != nil {
		return err
	}
	r, ok := t.d.outbox[p.ID]
	if !ok {
		return fmt.Errorf("outbox row %d: %w", p.ID, store.ErrNotFound)
	}
	if r.ClaimedBy == "" || r.ClaimedBy != p.Worker {
		return fmt.Errorf("outbox row %d not claimed by %s: %w", p.ID, p.Worker, store.ErrConflict)
	}
	t.deleteRow(r)
	return nil
}

func (t *tx) OutboxExtend(ctx context.Context, p *store.OutboxExtendParams) error {
	if err := t.writable(); err != nil {
		return err
	}
	r, ok := t.d.outbox[p.ID]
	if !ok {
		return fmt.Errorf("outbox row %d: %w", p.ID, store.ErrNotFound)
	}
	if r.ClaimedBy == "" || r.ClaimedBy != p.Worker {
		return fmt.Errorf("outbox row %d not claimed by %s: %w", p.ID, p.Worker, store.ErrConflict)
	}
	r.LeaseUntil = utc(p.LeaseUntil)
	put(t, t.d.outbox, r.ID, r)
	return nil
}

func (t *tx) deleteRow(r store.OutboxRow) {
	del(t, t.d.outbox, r.ID)
	if r.Key != "" {
		del(t, t.d.outboxKeys, outboxKey{r.Kind, r.ExecutionARN, r.Key})
	}
}

func (t *tx) OutboxDelete(ctx context.Context, p *store.OutboxDeleteParams) (int, error) {
	if err := t.writable(); err != nil {
		return 0, err
	}
	if p.ID != 0 {
		r, ok := t.d.outbox[p.ID]
		if !ok {
			return 0, fmt.Errorf("outbox row %d: %w", p.ID, store.ErrNotFound)
		}
		t.deleteRow(r)
		return 1, nil
	}
	n := 0
	for _, r := range t.d.outbox {
		if r.ExecutionARN == p.ExecutionARN && (p.Kind == "" || r.Kind == p.Kind) && (p.Key == "" || r.Key == p.Key) {
			t.deleteRow(r)
			n++
		}
	}
	return n, nil
}

func (t *tx) OutboxReleaseExpired(ctx context.Context, p *store.OutboxReleaseExpiredParams) (int, error) {
	if err := t.writable(); err != nil {
		return 0, err
	}
	now := utc(p.Now)
	n := 0
	for _, r := range t.d.outbox {
		if r.ClaimedBy != "" && !r.LeaseUntil.After(now) {
			r.ClaimedBy, r.LeaseUntil = "", time.Time{}
			put(t, t.d.outbox, r.ID, r)
			n++
		}
	}
	return n, nil
}

func (t *tx) TimerDue(ctx context.Context, p *store.TimerDueParams) ([]store.OutboxRow, error) {
	now := utc(p.Now)
	rows := t.ready(func(r *store.OutboxRow) bool { return r.Kind == store.OutboxKindTimer && !r.DueAt.After(now) })
	rows = rows[:min(len(rows), store.ListLimit(p.Limit))]
	for i := range rows {
		rows[i] = copyRow(rows[i])
	}
	return rows, nil
}

func (t *tx) TimerNext(ctx context.Context, p *store.TimerNextParams) ([]store.TimerRef, error) {
	after := store.OutboxRow{DueAt: utc(p.After.DueAt), ID: p.After.ID}
	rows := t.ready(func(r *store.OutboxRow) bool { return r.Kind == store.OutboxKindTimer && dueBefore(&after, r) })
	rows = rows[:min(len(rows), store.ListLimit(p.Limit))]
	refs := make([]store.TimerRef, len(rows))
	for i, r := range rows {
		refs[i] = store.TimerRef{DueAt: r.DueAt, ID: r.ID}
	}
	return refs, nil
}
