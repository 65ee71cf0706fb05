package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stepd/stepd/internal/store"
)

var errBoom = errors.New("boom")

// writeEverything writes one row of every noun.
func writeEverything(ctx context.Context, tx store.Tx, suffix string) error {
	arn := execARN("all" + suffix)
	steps := []func() error{
		func() error { _, err := tx.StateMachineCreate(ctx, machineParams(smARN+suffix)); return err },
		func() error {
			_, err := tx.StateMachineVersionCreate(ctx, &store.StateMachineVersionCreateParams{StateMachineARN: smARN + suffix, Now: t0})
			return err
		},
		func() error {
			_, err := tx.AliasCreate(ctx, &store.AliasCreateParams{ARN: smARN + suffix + ":a", StateMachineARN: smARN + suffix, Name: "a", Now: t0})
			return err
		},
		func() error {
			_, err := tx.ExecutionCreate(ctx, &store.ExecutionCreateParams{ARN: arn, StateMachineARN: smARN + suffix, Now: t0})
			return err
		},
		func() error {
			return tx.EventAppend(ctx, &store.EventAppendParams{ExecutionARN: arn, Events: events(1, 2)})
		},
		func() error {
			_, err := tx.OutboxInsert(ctx, &store.OutboxInsertParams{Rows: []store.OutboxRow{
				{Kind: store.OutboxKindTask, ExecutionARN: arn, Key: "1"}, {Kind: store.OutboxKindTimer, ExecutionARN: arn, Key: "1", DueAt: t0},
			}, Now: t0})
			return err
		},
		func() error {
			_, err := tx.ActivityCreate(ctx, &store.ActivityCreateParams{ARN: activityARN + suffix, Name: "w", Now: t0})
			return err
		},
		func() error {
			_, err := tx.ActivityTaskCreate(ctx, &store.ActivityTaskCreateParams{TaskToken: "tok" + suffix, ActivityARN: activityARN + suffix, ExecutionARN: arn, Now: t0})
			return err
		},
		func() error {
			_, err := tx.TaskTokenCreate(ctx, &store.TaskTokenCreateParams{Token: "tok" + suffix, ExecutionARN: arn, Now: t0})
			return err
		},
		func() error {
			return tx.TagSet(ctx, &store.TagSetParams{ResourceARN: smARN + suffix, Tags: []store.Tag{{Key: "k", Value: "v"}}})
		},
		func() error {
			_, err := tx.LeaseAcquire(ctx, &store.LeaseAcquireParams{Name: "lease" + suffix, Holder: "h", Now: t0, Until: t0.Add(time.Hour)})
			return err
		},
	}
	for i, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("step %d: %w", i, err)
		}
	}
	return nil
}

// checkEverything reports whether writeEverything's rows exist: all of them
// (want true) or none (want false).
func checkEverything(t *testing.T, s store.Store, suffix string, want bool) {
	t.Helper()
	arn := execARN("all" + suffix)
	read(t, s, func(ctx context.Context, tx store.Tx) error {
		found := map[string]bool{}
		_, err := tx.StateMachineGet(ctx, &store.StateMachineGetParams{ARN: smARN + suffix})
		found["state machine"] = err == nil
		_, err = tx.StateMachineVersionGet(ctx, &store.StateMachineVersionGetParams{ARN: smARN + suffix + ":1"})
		found["version"] = err == nil
		_, err = tx.AliasGet(ctx, &store.AliasGetParams{ARN: smARN + suffix + ":a"})
		found["alias"] = err == nil
		_, err = tx.ExecutionGet(ctx, &store.ExecutionGetParams{ARN: arn})
		found["execution"] = err == nil
		n, _ := tx.EventCount(ctx, &store.EventCountParams{ExecutionARN: arn})
		found["events"] = n == 2
		timers, _ := tx.TimerDue(ctx, &store.TimerDueParams{Now: t0, Limit: store.ListLimitMax})
		found["timer"] = false
		for _, r := range timers {
			found["timer"] = found["timer"] || r.ExecutionARN == arn
		}
		_, err = tx.ActivityGet(ctx, &store.ActivityGetParams{ARN: activityARN + suffix})
		found["activity"] = err == nil
		_, err = tx.TaskTokenGet(ctx, &store.TaskTokenGetParams{Token: "tok" + suffix})
		found["task token"] = err == nil
		tags, _ := tx.TagList(ctx, &store.TagListParams{ResourceARN: smARN + suffix})
		found["tags"] = len(tags) == 1
		for what, ok := range found {
			if ok != want {
				t.Errorf("%s%s present = %v, want %v", what, suffix, ok, want)
			}
		}
		return nil
	})
}

func testRollback(t *testing.T, h Harness) {
	s := h.Open(t)
	ctx := context.Background()
	err := s.Tx(ctx, func(tx store.Tx) error {
		if err := writeEverything(ctx, tx, "-rolled-back"); err != nil {
			return err
		}
		return errBoom
	})
	want(t, "Tx returning an error", err, errBoom)
	checkEverything(t, s, "-rolled-back", false)

	func() {
		defer func() {
			if r := recover(); r != errBoom {
				t.Errorf("recovered %v, want the Tx function's panic", r)
			}
		}()
		_ = s.Tx(ctx, func(tx store.Tx) error {
			if err := writeEverything(ctx, tx, "-panicked"); err != nil {
				return err
			}
			panic(errBoom)
		})
	}()
	checkEverything(t, s, "-panicked", false)

	// The lease and a second claim are free again: nothing leaked.
	write(t, s, func(ctx context.Context, tx store.Tx) error { return writeEverything(ctx, tx, "-rolled-back") })
	checkEverything(t, s, "-rolled-back", true)

	// A sentinel error does not poison the transaction: the caller may
	// handle it and go on.
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.ExecutionCreate(ctx, &store.ExecutionCreateParams{ARN: execARN("all-rolled-back"), StateMachineARN: smARN, Now: t0})
		if !errors.Is(err, store.ErrAlreadyExists) {
			// Not t.Fatal: fn may run on a driver's goroutine.
			t.Errorf("ExecutionCreate duplicate inside Tx: %v, want ErrAlreadyExists", err)
		}
		return writeEverything(ctx, tx, "-after-error")
	})
	checkEverything(t, s, "-after-error", true)

	// A cancelled context runs nothing.
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	ran := false
	err = s.Tx(cancelled, func(tx store.Tx) error { ran = true; return nil })
	if err == nil || ran {
		t.Errorf("Tx with a cancelled context: err %v, ran %v", err, ran)
	}
}

func testReadOnly(t *testing.T, h Harness) {
	s := h.Open(t)
	ctx := context.Background()
	err := s.ReadTx(ctx, func(tx store.Tx) error {
		return writeEverything(ctx, tx, "-ro")
	})
	if err == nil {
		t.Fatal("writing in ReadTx succeeded")
	}
	checkEverything(t, s, "-ro", false)
}

// testConcurrentMixed: many goroutines commit at once, half of them fail;
// each failure rolls back alone.
func testConcurrentMixed(t *testing.T, h Harness) {
	s := h.Open(t)
	const n = 32
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			errs[i] = s.Tx(ctx, func(tx store.Tx) error {
				if err := writeEverything(ctx, tx, fmt.Sprintf("-%d", i)); err != nil {
					return err
				}
				if i%2 == 1 {
					return errBoom
				}
				return nil
			})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if i%2 == 1 {
			want(t, fmt.Sprintf("Tx %d", i), err, errBoom)
		} else {
			want(t, fmt.Sprintf("Tx %d", i), err, nil)
		}
	}
	for i := range n {
		checkEverything(t, s, fmt.Sprintf("-%d", i), i%2 == 0)
	}
}

// testReopen: reopening runs migrations again without harm and keeps data.
func testReopen(t *testing.T, h Harness) {
	if h.Reopen == nil {
		t.Skip("driver keeps nothing across opens")
	}
	s := h.Open(t)
	write(t, s, func(ctx context.Context, tx store.Tx) error { return writeEverything(ctx, tx, "-kept") })
	s = h.Reopen(t, s)
	s = h.Reopen(t, s)
	checkEverything(t, s, "-kept", true)
	write(t, s, func(ctx context.Context, tx store.Tx) error { return writeEverything(ctx, tx, "-after-reopen") })
	checkEverything(t, s, "-after-reopen", true)
}
