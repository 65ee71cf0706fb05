package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/stepd/stepd/internal/store"
)

// testExecutionDelete: one execution goes, running or not, with its
// events, outbox rows, activity tasks and task tokens; its neighbour and
// the state machine stay; a second delete is ErrNotFound; a read-only
// transaction may not delete.
func testExecutionDelete(t *testing.T, h Harness) {
	s := h.Open(t)
	ctx := context.Background()
	for _, name := range []string{"gone", "kept"} {
		write(t, s, func(ctx context.Context, tx store.Tx) error { return writeEverything(ctx, tx, "-"+name) })
	}
	gone, kept := execARN("all-gone"), execARN("all-kept")
	err := s.ReadTx(ctx, func(tx store.Tx) error {
		return tx.ExecutionDelete(ctx, &store.ExecutionDeleteParams{ARN: gone})
	})
	if err == nil {
		t.Fatal("ExecutionDelete in a read-only transaction succeeded")
	}
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		return tx.ExecutionDelete(ctx, &store.ExecutionDeleteParams{ARN: gone})
	})
	err = s.Tx(ctx, func(tx store.Tx) error {
		return tx.ExecutionDelete(ctx, &store.ExecutionDeleteParams{ARN: gone})
	})
	want(t, "second ExecutionDelete", err, store.ErrNotFound)
	read(t, s, func(ctx context.Context, tx store.Tx) error {
		for _, c := range []struct {
			arn, token string
			gone       bool
		}{{gone, "tok-gone", true}, {kept, "tok-kept", false}} {
			_, err := tx.ExecutionGet(ctx, &store.ExecutionGetParams{ARN: c.arn})
			if c.gone != errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s: ExecutionGet err %v, deleted %v", c.arn, err, c.gone)
			}
			n, _ := tx.EventCount(ctx, &store.EventCountParams{ExecutionARN: c.arn})
			_, tokenErr := tx.TaskTokenGet(ctx, &store.TaskTokenGetParams{Token: c.token})
			timers, _ := tx.TimerDue(ctx, &store.TimerDueParams{Now: t0, Limit: store.ListLimitMax})
			timer := false
			for _, r := range timers {
				timer = timer || r.ExecutionARN == c.arn
			}
			if c.gone != (n == 0) || c.gone != errors.Is(tokenErr, store.ErrNotFound) || c.gone == timer {
				t.Errorf("%s: %d events, token err %v, timer %v; deleted %v", c.arn, n, tokenErr, timer, c.gone)
			}
		}
		if _, err := tx.StateMachineGet(ctx, &store.StateMachineGetParams{ARN: smARN + "-gone"}); err != nil {
			t.Errorf("state machine of a deleted execution: %v", err)
		}
		return nil
	})
	err = s.Tx(ctx, func(tx store.Tx) error {
		n, err := tx.ActivityTaskDelete(ctx, &store.ActivityTaskDeleteParams{TaskToken: "tok-gone"})
		if n != 0 {
			t.Errorf("activity task of a deleted execution survived")
		}
		return err
	})
	want(t, "ActivityTaskDelete", err, nil)
}
