package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/stepd/stepd/internal/store"
)

func testExecutions(t *testing.T, h Harness) {
	s := h.Open(t)
	var created *store.Execution
	write(t, s, func(ctx context.Context, tx store.Tx) (err error) {
		created, err = tx.ExecutionCreate(ctx, &store.ExecutionCreateParams{
			ARN: execARN("e1"), StateMachineARN: smARN, VersionARN: smARN + ":1", AliasARN: smARN + ":prod",
			Name: "e1", Type: store.TypeStandard, Input: []byte(`{"a":1}`), TraceHeader: "Root=1",
			ParentARN: execARN("parent"), Snapshot: []byte("snap0"), Definition: []byte(`{"StartAt":"P"}`), Now: t0,
		})
		return err
	})
	wantE := store.Execution{
		ARN: execARN("e1"), StateMachineARN: smARN, VersionARN: smARN + ":1", AliasARN: smARN + ":prod",
		Name: "e1", Type: store.TypeStandard, Status: store.StatusRunning, Input: []byte(`{"a":1}`),
		TraceHeader: "Root=1", ParentARN: execARN("parent"), StartDate: t0, Snapshot: []byte("snap0"), Version: 1,
		Definition: []byte(`{"StartAt":"P"}`),
	}
	if diff := cmp.Diff(&wantE, created, equateEmpty); diff != "" {
		t.Errorf("ExecutionCreate (-want +got):\n%s", diff)
	}
	expectErr(t, s, "ExecutionCreate twice", store.ErrAlreadyExists, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.ExecutionCreate(ctx, &store.ExecutionCreateParams{ARN: execARN("e1"), StateMachineARN: smARN, Now: t0})
		return err
	})
	stop := t0.Add(90 * time.Second)
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		version, err := tx.ExecutionUpdate(ctx, &store.ExecutionUpdateParams{
			ARN: execARN("e1"), ExpectedVersion: 1, Snapshot: []byte("snap1"), Status: store.StatusFailed,
			StopDate: stop, Output: []byte(`null`), Error: "States.TaskFailed", Cause: "boom",
			RedriveCount: 2, RedriveDate: stop, Now: stop,
		})
		if err != nil {
			return err
		}
		if version != 2 {
			t.Errorf("ExecutionUpdate returned version %d, want 2", version)
		}
		upd := wantE
		upd.Snapshot, upd.Status, upd.StopDate, upd.Output = []byte("snap1"), store.StatusFailed, stop, []byte(`null`)
		upd.Error, upd.Cause, upd.RedriveCount, upd.RedriveDate, upd.Version = "States.TaskFailed", "boom", 2, stop, 2
		again, err := tx.ExecutionGet(ctx, &store.ExecutionGetParams{ARN: execARN("e1")})
		if err != nil {
			return err
		}
		if diff := cmp.Diff(&upd, again, equateEmpty); diff != "" {
			t.Errorf("ExecutionGet after update (-want +got):\n%s", diff)
		}
		return nil
	})
	for _, expected := range []int64{0, 1, 3} {
		expectErr(t, s, fmt.Sprintf("ExecutionUpdate expecting version %d", expected), store.ErrConflict, func(ctx context.Context, tx store.Tx) error {
			_, err := tx.ExecutionUpdate(ctx, &store.ExecutionUpdateParams{ARN: execARN("e1"), ExpectedVersion: expected, Status: store.StatusRunning})
			return err
		})
	}
	expectErr(t, s, "ExecutionGet missing", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.ExecutionGet(ctx, &store.ExecutionGetParams{ARN: execARN("missing")})
		return err
	})
	expectErr(t, s, "ExecutionUpdate missing", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.ExecutionUpdate(ctx, &store.ExecutionUpdateParams{ARN: execARN("missing"), ExpectedVersion: 1})
		return err
	})

	// Filters.
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		for i, p := range []store.ExecutionCreateParams{
			{ARN: execARN("v2"), StateMachineARN: smARN, VersionARN: smARN + ":2", Now: t0.Add(1)},
			{ARN: execARN("other"), StateMachineARN: smARN + "2", Now: t0.Add(2)},
			{ARN: execARN("plain"), StateMachineARN: smARN, Now: t0.Add(3)},
		} {
			if _, err := tx.ExecutionCreate(ctx, &p); err != nil {
				return fmt.Errorf("create %d: %w", i, err)
			}
		}
		return nil
	})
	for _, tc := range []struct {
		name string
		p    store.ExecutionListParams
		want []string
	}{
		{"all", store.ExecutionListParams{}, []string{"plain", "other", "v2", "e1"}},
		{"machine", store.ExecutionListParams{StateMachineARN: smARN}, []string{"plain", "v2", "e1"}},
		{"version", store.ExecutionListParams{VersionARN: smARN + ":2"}, []string{"v2"}},
		{"alias", store.ExecutionListParams{AliasARN: smARN + ":prod"}, []string{"e1"}},
		{"status", store.ExecutionListParams{StateMachineARN: smARN, Status: store.StatusRunning}, []string{"plain", "v2"}},
		{"failed", store.ExecutionListParams{Status: store.StatusFailed}, []string{"e1"}},
		{"redriven", store.ExecutionListParams{Redrive: store.RedriveRedriven}, []string{"e1"}},
		{"not redriven", store.ExecutionListParams{StateMachineARN: smARN, Redrive: store.RedriveNotRedriven}, []string{"plain", "v2"}},
	} {
		var page *store.Page[store.Execution]
		read(t, s, func(ctx context.Context, tx store.Tx) (err error) {
			page, err = tx.ExecutionList(ctx, &tc.p)
			return err
		})
		var got []string
		for _, e := range page.Items {
			got = append(got, e.ARN[len(execARN("")):])
		}
		if diff := cmp.Diff(tc.want, got, equateEmpty); diff != "" || page.Next != "" {
			t.Errorf("ExecutionList %s (-want +got) next=%q:\n%s", tc.name, page.Next, diff)
		}
	}
}

// testExecutionPagination pages through executions newest first while
// others are being inserted, some newer, some at the same start time:
// every original execution appears exactly once, in order.
func testExecutionPagination(t *testing.T, h Harness) {
	s := h.Open(t)
	var want []string
	for i := range 10 {
		// Pairs share a start time so the ARN tiebreak matters.
		name := fmt.Sprintf("e%02d", i)
		createExecution(t, s, name, t0.Add(time.Duration(i/2)*time.Second))
		want = append([]string{execARN(name)}, want...)
	}
	var got []string
	cursor := ""
	for page := 0; ; page++ {
		var p *store.Page[store.Execution]
		read(t, s, func(ctx context.Context, tx store.Tx) (err error) {
			p, err = tx.ExecutionList(ctx, &store.ExecutionListParams{StateMachineARN: smARN, Limit: 3, Cursor: cursor})
			return err
		})
		for _, e := range p.Items {
			got = append(got, e.ARN)
		}
		if p.Next == "" {
			break
		}
		if page > 10 {
			t.Fatal("ExecutionList never ends")
		}
		cursor = p.Next
		// Newer executions land before the cursor; they must not shift the pages.
		createExecution(t, s, fmt.Sprintf("new%02d", page), t0.Add(time.Hour+time.Duration(page)))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("paged executions (-want +got):\n%s", diff)
	}
}

// testConcurrentWriters: two goroutines read the same version, then both
// update expecting it; exactly one wins.
func testConcurrentWriters(t *testing.T, h Harness) {
	s := h.Open(t)
	for round := range 20 {
		name := fmt.Sprintf("race%d", round)
		createExecution(t, s, name, t0)
		var ready, start sync.WaitGroup
		ready.Add(2)
		start.Add(1)
		errs := make([]error, 2)
		var done sync.WaitGroup
		for w := range 2 {
			done.Add(1)
			go func() {
				defer done.Done()
				ctx := context.Background()
				var version int64
				errs[w] = s.ReadTx(ctx, func(tx store.Tx) error {
					e, err := tx.ExecutionGet(ctx, &store.ExecutionGetParams{ARN: execARN(name)})
					if err == nil {
						version = e.Version
					}
					return err
				})
				ready.Done()
				start.Wait()
				if errs[w] != nil {
					return
				}
				errs[w] = s.Tx(ctx, func(tx store.Tx) error {
					_, err := tx.ExecutionUpdate(ctx, &store.ExecutionUpdateParams{
						ARN: execARN(name), ExpectedVersion: version, Status: store.StatusRunning,
						Snapshot: fmt.Appendf(nil, "writer%d", w), Now: t0,
					})
					if err != nil {
						return err
					}
					return tx.EventAppend(ctx, &store.EventAppendParams{ExecutionARN: execARN(name), Events: []store.Event{{ID: 1, Type: "X", Timestamp: t0}}})
				})
			}()
		}
		ready.Wait()
		start.Done()
		done.Wait()
		wins, conflicts := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				wins++
			case errors.Is(err, store.ErrConflict):
				conflicts++
			default:
				t.Fatalf("round %d: unexpected error %v", round, err)
			}
		}
		if wins != 1 || conflicts != 1 {
			t.Fatalf("round %d: %d wins, %d conflicts; want 1 and 1", round, wins, conflicts)
		}
		read(t, s, func(ctx context.Context, tx store.Tx) error {
			e, err := tx.ExecutionGet(ctx, &store.ExecutionGetParams{ARN: execARN(name)})
			if err != nil {
				return err
			}
			n, err := tx.EventCount(ctx, &store.EventCountParams{ExecutionARN: execARN(name)})
			if err != nil {
				return err
			}
			if e.Version != 2 || n != 1 {
				t.Errorf("round %d: version %d, %d events; want 2 and 1", round, e.Version, n)
			}
			return nil
		})
	}
}
