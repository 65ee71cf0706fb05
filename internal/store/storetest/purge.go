package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stepd/stepd/internal/store"
)

// testPurge: closed executions older than the cutoff go with everything
// that hangs off them; running and newer ones stay.
func testPurge(t *testing.T, h Harness) {
	s := h.Open(t)
	ctx := context.Background()
	cutoff := t0.Add(time.Hour)
	stops := map[string]time.Time{
		"old1":    t0.Add(time.Minute),
		"old2":    t0.Add(2 * time.Minute),
		"old3":    t0.Add(3 * time.Minute),
		"edge":    cutoff, // not before the cutoff: stays
		"recent":  cutoff.Add(time.Minute),
		"running": {},
	}
	for _, name := range []string{"old1", "old2", "old3", "edge", "recent", "running"} {
		write(t, s, func(ctx context.Context, tx store.Tx) error {
			if err := writeEverything(ctx, tx, "-"+name); err != nil {
				return err
			}
			if stops[name].IsZero() {
				return nil
			}
			_, err := tx.ExecutionUpdate(ctx, &store.ExecutionUpdateParams{
				ARN: execARN("all-" + name), ExpectedVersion: 1, Status: store.StatusSucceeded, StopDate: stops[name], Now: stops[name],
			})
			return err
		})
	}
	purge := func(limit int) int {
		var n int
		write(t, s, func(ctx context.Context, tx store.Tx) (err error) {
			n, err = tx.ExecutionPurge(ctx, &store.ExecutionPurgeParams{StoppedBefore: cutoff, Limit: limit})
			return err
		})
		return n
	}
	if n := purge(2); n != 2 {
		t.Errorf("first purge removed %d, want 2", n)
	}
	if n := purge(2); n != 1 {
		t.Errorf("second purge removed %d, want 1", n)
	}
	if n := purge(2); n != 0 {
		t.Errorf("third purge removed %d, want 0", n)
	}
	for name := range stops {
		arn := execARN("all-" + name)
		gone := name == "old1" || name == "old2" || name == "old3"
		read(t, s, func(ctx context.Context, tx store.Tx) error {
			_, err := tx.ExecutionGet(ctx, &store.ExecutionGetParams{ARN: arn})
			if gone != errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s: ExecutionGet err %v, purged %v", name, err, gone)
			}
			n, _ := tx.EventCount(ctx, &store.EventCountParams{ExecutionARN: arn})
			_, tokenErr := tx.TaskTokenGet(ctx, &store.TaskTokenGetParams{Token: "tok-" + name})
			timers, _ := tx.TimerDue(ctx, &store.TimerDueParams{Now: t0, Limit: store.ListLimitMax})
			timer := false
			for _, r := range timers {
				timer = timer || r.ExecutionARN == arn
			}
			if gone != (n == 0) || gone != errors.Is(tokenErr, store.ErrNotFound) || gone == timer {
				t.Errorf("%s: %d events, token err %v, timer %v; purged %v", name, n, tokenErr, timer, gone)
			}
			return nil
		})
	}
	// The activity tasks of purged executions went too.
	err := s.Tx(ctx, func(tx store.Tx) error {
		n, err := tx.ActivityTaskDelete(ctx, &store.ActivityTaskDeleteParams{TaskToken: "tok-old1"})
		if n != 0 {
			t.Errorf("activity task of a purged execution survived")
		}
		return err
	})
	want(t, "ActivityTaskDelete", err, nil)
}
