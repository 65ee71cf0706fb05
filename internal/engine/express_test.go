package engine

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/jsonv"
)

// expressRows counts what the Express store still holds: executions, and
// the events, timers and task tokens of any execution.
func expressRows(t *testing.T, h *harness) (executions, events, timers int) {
	t.Helper()
	err := h.e.express.store.ReadTx(h.ctx, func(tx store.Tx) error {
		page, err := tx.ExecutionList(h.ctx, &store.ExecutionListParams{Limit: store.ListLimitMax})
		if err != nil {
			return err
		}
		executions = len(page.Items)
		for _, ex := range page.Items {
			n, err := tx.EventCount(h.ctx, &store.EventCountParams{ExecutionARN: ex.ARN})
			if err != nil {
				return err
			}
			events += int(n)
		}
		due, err := tx.TimerDue(h.ctx, &store.TimerDueParams{Now: h.clock.Now().Add(time.Hour), Limit: store.ListLimitMax})
		timers = len(due)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return executions, events, timers
}

// TestExpressSyncLeavesNothing: many StartSyncExecution calls, some
// closing at once, some after a task, leave the Express store empty; the
// caller still gets the full closed row (input and output); and the heap
// does not grow with the number of executions.
func TestExpressSyncLeavesNothing(t *testing.T) {
	h := newHarness(t, harnessOptions{fallback: echo})
	withTask := h.machine("x", store.TypeExpress, taskPass)
	passOnly := h.machine("p", store.TypeExpress, `{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}`)
	run := func(n int) {
		for i := range n {
			sm := withTask
			if i%2 == 1 {
				sm = passOnly
			}
			done, err := h.e.StartSyncExecution(h.ctx, &StartParams{StateMachineARN: sm, Input: []byte(fmt.Sprintf(`{"i":%d}`, i))})
			if err != nil {
				t.Fatal(err)
			}
			if done.Status != store.StatusSucceeded || len(done.Input) == 0 || len(done.Output) == 0 {
				t.Fatalf("%d: %+v", i, done)
			}
			if _, err := h.e.DescribeExecution(h.ctx, done.ARN); err == nil {
				t.Fatalf("%d: closed Express execution still described", i)
			}
		}
	}
	run(200) // warm up pools and caches
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := heap()
	run(2000)
	after := heap()
	if ex, ev, tm := expressRows(t, h); ex != 0 || ev != 0 || tm != 0 {
		t.Fatalf("Express store holds %d executions, %d events, %d timers", ex, ev, tm)
	}
	if n := h.e.express.cache.len(); n != 0 {
		t.Errorf("%d cached snapshots", n)
	}
	// The duration-limit timers of deleted executions leave the index too.
	if n := h.e.express.timers.pending(); n > compactMin {
		t.Errorf("%d timers indexed", n)
	}
	h.e.express.mu.Lock()
	waiters := len(h.e.express.waiters)
	h.e.express.mu.Unlock()
	if waiters != 0 {
		t.Errorf("%d waiters left", waiters)
	}
	// Kept, 2000 executions would hold several megabytes (rows, events,
	// snapshots). The bound leaves room for the timer index, which keeps
	// each execution's 5-minute limit timer until it is due.
	if after > before && after-before > 1<<20 {
		t.Errorf("heap grew by %d bytes over 2000 executions", after-before)
	}
	t.Logf("heap %d -> %d bytes over 2000 executions", before, after)
}

// TestExpressAsyncDeletedOnClose: an Express execution started with
// StartExecution is deleted once it closes; with KeepClosedExpress it stays.
func TestExpressAsyncDeletedOnClose(t *testing.T) {
	for _, keep := range []bool{false, true} {
		t.Run(fmt.Sprint("keep=", keep), func(t *testing.T) {
			h := newHarness(t, harnessOptions{keepExpress: keep})
			h.script.Return("T", jsonv.MustParse(`{"y":2}`))
			sm := h.machine("x", store.TypeExpress, taskPass)
			ex := h.start(sm, "a", `{}`)
			ctx, cancel := context.WithTimeout(h.ctx, 10*time.Second)
			defer cancel()
			for {
				n, _, _ := expressRows(t, h)
				if n == 0 || keep {
					break
				}
				select {
				case <-ctx.Done():
					t.Fatal("the closed Express execution was not deleted")
				case <-time.After(time.Millisecond):
				}
			}
			if keep {
				if done := h.wait(ex.ARN); done.Status != store.StatusSucceeded {
					t.Fatalf("%+v", done)
				}
				return
			}
			_, err := h.e.DescribeExecution(h.ctx, ex.ARN)
			var ee *Error
			if !errors.As(err, &ee) || ee.Code != CodeExecutionDoesNotExist {
				t.Fatalf("DescribeExecution after delete: %v", err)
			}
		})
	}
}

// TestExpressStopReturnsClosedRow: stopping a running Express execution
// answers with its aborted row although the execution is deleted as it
// closes.
func TestExpressStopReturnsClosedRow(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	sm := h.machine("w", store.TypeExpress, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}`)
	ex := h.start(sm, "s", `{}`)
	done, err := h.e.StopExecution(h.ctx, ex.ARN, "Err", "why")
	if err != nil {
		t.Fatal(err)
	}
	if done.Status != store.StatusAborted || done.Error != "Err" || done.Cause != "why" {
		t.Fatalf("%+v", done)
	}
	if n, ev, tm := expressRows(t, h); n != 0 || ev != 0 || tm != 0 {
		t.Fatalf("Express store holds %d executions, %d events, %d timers", n, ev, tm)
	}
}
