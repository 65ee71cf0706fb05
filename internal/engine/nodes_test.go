package engine

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/memory"
	"github.com/stepd/stepd/jsonv"
)

// Several engines sharing one store (no SingleNode), on the memory store
// and, when STEPD_TEST_POSTGRES_URL is set, on PostgreSQL.
func forSharedStores(t *testing.T, test func(t *testing.T, s store.Store)) {
	t.Run("memory", func(t *testing.T) { test(t, memory.New()) })
	t.Run("postgres", func(t *testing.T) { test(t, postgresStore(t)) })
}

// A node that stops leaves timers only it had indexed: another node fires
// them once they are overdue.
func TestNodesFireADeadNodesTimers(t *testing.T) {
	forSharedStores(t, func(t *testing.T, s store.Store) {
		a := newHarness(t, harnessOptions{store: s})
		b := newHarness(t, harnessOptions{store: s, clock: a.clock})
		sm := a.machine("w", store.TypeStandard, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":10,"End":true}}}`)
		var arns []string
		for i := range 5 {
			arns = append(arns, a.start(sm, fmt.Sprintf("e%d", i), `{}`).ARN)
		}
		a.waitTimers(a.e.standard, 5)
		a.e.Stop()
		if n := b.e.standard.timers.pending(); n != 0 {
			t.Fatalf("b indexes %d timers: the test needs timers only a knew of", n)
		}
		a.clock.Advance(10*time.Second + timerSweep)
		for _, arn := range arns {
			if done := b.wait(arn); done.Status != store.StatusSucceeded {
				t.Fatalf("%s: %s", arn, done.Status)
			}
			b.history(arn)
		}
	})
}

// A task that runs longer than its lease keeps it while its node renews
// it: another node does not take it and run it a second time.
func TestNodesRenewRunningTaskLeases(t *testing.T) {
	forSharedStores(t, func(t *testing.T, s store.Store) {
		var runs atomic.Int64
		release := make(chan struct{})
		slow := runner.Func(func(ctx context.Context, task *runner.Task) (runner.Result, error) {
			runs.Add(1)
			select {
			case <-release:
			case <-ctx.Done():
			}
			return runner.Result{Output: jsonv.MustParse(`"done"`)}, nil
		})
		a := newHarness(t, harnessOptions{store: s, fallback: slow, noStart: true})
		b := newHarness(t, harnessOptions{store: s, fallback: slow, noStart: true, clock: a.clock})
		const lease = time.Minute
		a.e.opts.TaskLease, b.e.opts.TaskLease = lease, lease
		sm := a.machine("m", store.TypeStandard, `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::http:invoke","End":true}}}`)
		ex := a.start(sm, "e", `{}`)
		if n, err := a.e.standard.dispatcher.runOnce(a.ctx); err != nil || n != 1 {
			t.Fatal(n, err)
		}
		a.clock.Advance(lease / 2)
		a.e.standard.dispatcher.renew(a.ctx, 0)
		a.clock.Advance(lease/2 + time.Second) // past the first lease, not the renewed one
		b.e.standard.dispatcher.lastSweep = time.Time{}
		if n, err := b.e.standard.dispatcher.runOnce(b.ctx); err != nil || n != 0 {
			t.Fatalf("b claimed %d (%v): the lease was not renewed", n, err)
		}
		close(release)
		a.e.standard.dispatcher.wait()
		if done := a.wait(ex.ARN); done.Status != store.StatusSucceeded || runs.Load() != 1 {
			t.Fatalf("%s, %d runs", done.Status, runs.Load())
		}
	})
}

// A state machine one node marks as deleting is deleted by the node where
// its last execution closes, whatever that node has cached.
func TestNodesFinishAnotherNodesDeletion(t *testing.T) {
	forSharedStores(t, func(t *testing.T, s store.Store) {
		a := newHarness(t, harnessOptions{store: s})
		b := newHarness(t, harnessOptions{store: s, clock: a.clock})
		sm := a.machine("doomed", store.TypeStandard, `{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"`+activityARN+`","End":true}}}`)
		ex := a.start(sm, "e", `{}`)
		task, err := a.e.PollActivityTask(a.ctx, activityARN, "w")
		if err != nil || task == nil {
			t.Fatal(task, err)
		}
		// b has the machine cached as it was before the delete (the fake
		// clock does not move, so the entry stays fresh): the execution
		// finishes normally there, within AWS's eventual window, and b
		// must still see the deletion through and delete the machine.
		if _, err := b.e.startMachine(b.ctx, sm, false); err != nil {
			t.Fatal(err)
		}
		if err := a.e.DeleteStateMachine(a.ctx, sm); err != nil {
			t.Fatal(err)
		}
		if err := b.e.SendTaskSuccess(b.ctx, task.TaskToken, []byte(`{}`)); err != nil {
			t.Fatal(err)
		}
		if done := b.wait(ex.ARN); done.Status != store.StatusSucceeded {
			t.Fatalf("%s %s", done.Status, done.Error)
		}
		err = s.ReadTx(b.ctx, func(tx store.Tx) error {
			_, err := tx.StateMachineGet(b.ctx, &store.StateMachineGetParams{ARN: sm})
			return err
		})
		if !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("the state machine is still there: %v", err)
		}
	})
}

// On PostgreSQL the nodes announce executions starting and closing: a
// watcher of every execution on one node sees those of another.
func TestNodesAnnounceStartsAndCloses(t *testing.T) {
	s := postgresStore(t)
	a := newHarness(t, harnessOptions{store: s})
	b := newHarness(t, harnessOptions{store: s, clock: a.clock})
	watch := a.e.WatchExecutions(0)
	defer watch.Close()
	sm := b.machine("m", store.TypeStandard, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":5,"End":true}}}`)
	// seen waits for a change of arn with status on a's watch.
	seen := func(arn, status string, wait time.Duration) bool {
		deadline := time.After(wait)
		for {
			select {
			case ch := <-watch.C():
				if ch.Execution.ARN == arn && ch.Execution.Status == status {
					return true
				}
			case <-deadline:
				return false
			}
		}
	}
	// a starts listening in the background: announcements sent before
	// that are lost (they are hints), so start until a sees one.
	var started *store.Execution
	for i := range 10 {
		ex := b.start(sm, fmt.Sprintf("e%d", i), `{}`)
		if seen(ex.ARN, store.StatusRunning, time.Second) {
			started = ex
			break
		}
	}
	if started == nil {
		t.Fatal("a never saw b's executions start")
	}
	b.clock.Advance(5 * time.Second)
	if !seen(started.ARN, store.StatusSucceeded, 10*time.Second) {
		t.Fatal("a did not see b's execution close")
	}
}
