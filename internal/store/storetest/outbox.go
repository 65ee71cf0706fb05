package storetest

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/stepd/stepd/internal/store"
)

func insertRows(t *testing.T, s store.Store, rows ...store.OutboxRow) []store.OutboxRow {
	t.Helper()
	var out []store.OutboxRow
	write(t, s, func(ctx context.Context, tx store.Tx) (err error) {
		out, err = tx.OutboxInsert(ctx, &store.OutboxInsertParams{Rows: rows, Now: t0})
		return err
	})
	return out
}

func claim(t *testing.T, s store.Store, worker string, now, until time.Time) []store.OutboxRow {
	t.Helper()
	var rows []store.OutboxRow
	write(t, s, func(ctx context.Context, tx store.Tx) (err error) {
		rows, err = tx.OutboxClaim(ctx, &store.OutboxClaimParams{Kind: store.OutboxKindTask, Worker: worker, Limit: 10, Now: now, LeaseUntil: until})
		return err
	})
	return rows
}

func testOutbox(t *testing.T, h Harness) {
	s := h.Open(t)
	arn := execARN("o")
	rows := insertRows(t, s,
		store.OutboxRow{Kind: store.OutboxKindTask, ExecutionARN: arn, Key: "5", Payload: []byte(`{"task":5}`)},
		store.OutboxRow{Kind: store.OutboxKindTask, ExecutionARN: arn, Key: "6", DueAt: t0.Add(time.Second)},
		store.OutboxRow{Kind: store.OutboxKindTimer, ExecutionARN: arn, Key: "5", DueAt: t0.Add(time.Minute)},
	)
	if len(rows) != 3 || rows[0].ID == 0 || !(rows[0].ID < rows[1].ID && rows[1].ID < rows[2].ID) {
		t.Fatalf("OutboxInsert ids: %+v", rows)
	}
	wantRow := store.OutboxRow{ID: rows[0].ID, Kind: store.OutboxKindTask, ExecutionARN: arn, Key: "5", Payload: []byte(`{"task":5}`), DueAt: t0, CreatedAt: t0}
	if diff := cmp.Diff(wantRow, rows[0], equateEmpty); diff != "" {
		t.Errorf("OutboxInsert row (-want +got):\n%s", diff)
	}
	expectErr(t, s, "OutboxInsert duplicate key", store.ErrAlreadyExists, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.OutboxInsert(ctx, &store.OutboxInsertParams{Rows: []store.OutboxRow{{Kind: store.OutboxKindTask, ExecutionARN: arn, Key: "6"}}, Now: t0})
		return err
	})
	// Empty keys are not unique.
	insertRows(t, s,
		store.OutboxRow{Kind: "other", ExecutionARN: arn},
		store.OutboxRow{Kind: "other", ExecutionARN: arn},
	)

	lease := t0.Add(30 * time.Second)
	got := claim(t, s, "w1", t0, lease)
	wantRow.ClaimedBy, wantRow.LeaseUntil, wantRow.Attempts = "w1", lease, 1
	if diff := cmp.Diff([]store.OutboxRow{wantRow}, got, equateEmpty); diff != "" {
		t.Errorf("OutboxClaim at t0 (-want +got):\n%s", diff)
	}
	if got := claim(t, s, "w2", t0.Add(time.Second-1), lease); len(got) != 0 {
		t.Errorf("OutboxClaim before due claimed %+v", got)
	}
	if got := claim(t, s, "w2", t0.Add(time.Second), lease); len(got) != 1 || got[0].ID != rows[1].ID {
		t.Errorf("OutboxClaim when due = %+v, want row %d", got, rows[1].ID)
	}

	expectErr(t, s, "OutboxComplete by another worker", store.ErrConflict, func(ctx context.Context, tx store.Tx) error {
		return tx.OutboxComplete(ctx, &store.OutboxCompleteParams{ID: rows[0].ID, Worker: "w2"})
	})
	expectErr(t, s, "OutboxExtend by another worker", store.ErrConflict, func(ctx context.Context, tx store.Tx) error {
		return tx.OutboxExtend(ctx, &store.OutboxExtendParams{ID: rows[0].ID, Worker: "w2", LeaseUntil: lease.Add(time.Hour)})
	})
	expectErr(t, s, "OutboxExtend missing row", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		return tx.OutboxExtend(ctx, &store.OutboxExtendParams{ID: rows[2].ID + 1000, Worker: "w2", LeaseUntil: lease})
	})
	expectErr(t, s, "OutboxExtend of an unclaimed row", store.ErrConflict, func(ctx context.Context, tx store.Tx) error {
		return tx.OutboxExtend(ctx, &store.OutboxExtendParams{ID: rows[2].ID, Worker: "", LeaseUntil: lease})
	})
	// Extending w2's lease by a minute keeps its row out of the release
	// below, until the new lease ends.
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		return tx.OutboxExtend(ctx, &store.OutboxExtendParams{ID: rows[1].ID, Worker: "w2", LeaseUntil: lease.Add(time.Minute)})
	})
	// Leases expire at LeaseUntil, not before.
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		n, err := tx.OutboxReleaseExpired(ctx, &store.OutboxReleaseExpiredParams{Now: lease.Add(-1)})
		if n != 0 {
			t.Errorf("OutboxReleaseExpired before expiry released %d", n)
		}
		return err
	})
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		n, err := tx.OutboxReleaseExpired(ctx, &store.OutboxReleaseExpiredParams{Now: lease})
		if n != 1 {
			t.Errorf("OutboxReleaseExpired at expiry released %d, want 1 (the other was extended)", n)
		}
		if err != nil {
			return err
		}
		n, err = tx.OutboxReleaseExpired(ctx, &store.OutboxReleaseExpiredParams{Now: lease.Add(time.Minute)})
		if n != 1 {
			t.Errorf("OutboxReleaseExpired at the extended expiry released %d, want 1", n)
		}
		return err
	})
	lease2 := lease.Add(time.Minute)
	again := claim(t, s, "w3", lease, lease2)
	if len(again) != 2 || again[0].Attempts != 2 || again[0].ClaimedBy != "w3" {
		t.Fatalf("reclaim after release = %+v", again)
	}
	expectErr(t, s, "OutboxComplete by the worker that lost its lease", store.ErrConflict, func(ctx context.Context, tx store.Tx) error {
		return tx.OutboxComplete(ctx, &store.OutboxCompleteParams{ID: rows[0].ID, Worker: "w1"})
	})
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		return tx.OutboxComplete(ctx, &store.OutboxCompleteParams{ID: rows[0].ID, Worker: "w3"})
	})
	expectErr(t, s, "OutboxComplete twice", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		return tx.OutboxComplete(ctx, &store.OutboxCompleteParams{ID: rows[0].ID, Worker: "w3"})
	})
	// A completed key may be used again.
	insertRows(t, s, store.OutboxRow{Kind: store.OutboxKindTask, ExecutionARN: arn, Key: "5"})

	expectErr(t, s, "OutboxDelete missing id", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.OutboxDelete(ctx, &store.OutboxDeleteParams{ID: rows[0].ID})
		return err
	})
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		n, err := tx.OutboxDelete(ctx, &store.OutboxDeleteParams{ExecutionARN: arn, Kind: store.OutboxKindTimer, Key: "5"})
		if n != 1 {
			t.Errorf("OutboxDelete by key deleted %d, want 1", n)
		}
		if err != nil {
			return err
		}
		n, err = tx.OutboxDelete(ctx, &store.OutboxDeleteParams{ID: rows[1].ID})
		if n != 1 {
			t.Errorf("OutboxDelete by id deleted %d, want 1", n)
		}
		if err != nil {
			return err
		}
		n, err = tx.OutboxDelete(ctx, &store.OutboxDeleteParams{ExecutionARN: arn})
		if n != 3 {
			t.Errorf("OutboxDelete by execution deleted %d, want 3", n)
		}
		return err
	})
}

// testConcurrentClaims: many goroutines claim from one queue at once; every
// row is handed out exactly once.
func testConcurrentClaims(t *testing.T, h Harness) {
	s := h.Open(t)
	const rowCount, workers = 300, 8
	var in []store.OutboxRow
	for i := range rowCount {
		in = append(in, store.OutboxRow{Kind: store.OutboxKindTask, ExecutionARN: execARN(fmt.Sprint(i % 7)), Key: fmt.Sprint(i)})
	}
	inserted := insertRows(t, s, in...)
	var mu sync.Mutex
	seen := map[int64]string{}
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			worker := fmt.Sprintf("w%d", w)
			for {
				var rows []store.OutboxRow
				err := s.Tx(ctx, func(tx store.Tx) (err error) {
					rows, err = tx.OutboxClaim(ctx, &store.OutboxClaimParams{Kind: store.OutboxKindTask, Worker: worker, Limit: 3, Now: t0, LeaseUntil: t0.Add(time.Hour)})
					return err
				})
				if err != nil {
					errs <- err
					return
				}
				if len(rows) == 0 {
					return
				}
				mu.Lock()
				for _, r := range rows {
					if prev, dup := seen[r.ID]; dup {
						errs <- fmt.Errorf("row %d claimed by %s and %s", r.ID, prev, worker)
					}
					seen[r.ID] = worker
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var got, want []int64
	for id := range seen {
		got = append(got, id)
	}
	for _, r := range inserted {
		want = append(want, r.ID)
	}
	sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("claimed ids (-want +got):\n%s", diff)
	}
}

func testTimers(t *testing.T, h Harness) {
	s := h.Open(t)
	arn := execARN("t")
	due := t0.Add(10 * time.Second)
	rows := insertRows(t, s,
		store.OutboxRow{Kind: store.OutboxKindTimer, ExecutionARN: arn, Key: "b", DueAt: due},
		store.OutboxRow{Kind: store.OutboxKindTimer, ExecutionARN: arn, Key: "a", DueAt: due.Add(-time.Second)},
		store.OutboxRow{Kind: store.OutboxKindTimer, ExecutionARN: arn, Key: "c", DueAt: due},
		store.OutboxRow{Kind: store.OutboxKindTimer, ExecutionARN: arn, Key: "d", DueAt: due.Add(time.Hour)},
		store.OutboxRow{Kind: store.OutboxKindTask, ExecutionARN: arn, Key: "task", DueAt: t0},
	)
	b, a, c, d := rows[0], rows[1], rows[2], rows[3]
	dueIDs := func(now time.Time, limit int) []int64 {
		var got []store.OutboxRow
		read(t, s, func(ctx context.Context, tx store.Tx) (err error) {
			got, err = tx.TimerDue(ctx, &store.TimerDueParams{Now: now, Limit: limit})
			return err
		})
		out := []int64{}
		for _, r := range got {
			out = append(out, r.ID)
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		now   time.Time
		limit int
		want  []int64
	}{
		{"a millisecond before", due.Add(-time.Millisecond), 0, []int64{a.ID}},
		{"a nanosecond before", due.Add(-1), 0, []int64{a.ID}},
		{"exactly at due", due, 0, []int64{a.ID, b.ID, c.ID}},
		{"limited", due, 2, []int64{a.ID, b.ID}},
		{"much later", due.Add(2 * time.Hour), 0, []int64{a.ID, b.ID, c.ID, d.ID}},
	} {
		if diff := cmp.Diff(tc.want, dueIDs(tc.now, tc.limit)); diff != "" {
			t.Errorf("TimerDue %s (-want +got):\n%s", tc.name, diff)
		}
	}
	var next []store.TimerRef
	read(t, s, func(ctx context.Context, tx store.Tx) (err error) {
		next, err = tx.TimerNext(ctx, &store.TimerNextParams{Limit: 2})
		return err
	})
	wantNext := []store.TimerRef{{DueAt: a.DueAt, ID: a.ID}, {DueAt: b.DueAt, ID: b.ID}}
	if diff := cmp.Diff(wantNext, next); diff != "" {
		t.Errorf("TimerNext (-want +got):\n%s", diff)
	}
	read(t, s, func(ctx context.Context, tx store.Tx) (err error) {
		next, err = tx.TimerNext(ctx, &store.TimerNextParams{After: next[1], Limit: 5})
		return err
	})
	wantNext = []store.TimerRef{{DueAt: c.DueAt, ID: c.ID}, {DueAt: d.DueAt, ID: d.ID}}
	if diff := cmp.Diff(wantNext, next); diff != "" {
		t.Errorf("TimerNext after (-want +got):\n%s", diff)
	}
	// Firing a timer deletes it in the firing transaction.
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.OutboxDelete(ctx, &store.OutboxDeleteParams{ID: a.ID})
		return err
	})
	if diff := cmp.Diff([]int64{b.ID, c.ID}, dueIDs(due, 0)); diff != "" {
		t.Errorf("TimerDue after firing a (-want +got):\n%s", diff)
	}
}
