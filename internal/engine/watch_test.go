package engine

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/memory"
	"github.com/stepd/stepd/jsonv"
)

// next reads one change or fails after a while.
func next(t *testing.T, w *Watch) Change {
	t.Helper()
	select {
	case ch, ok := <-w.C():
		if !ok {
			t.Fatalf("watch closed (dropped %v)", w.Dropped())
		}
		return ch
	case <-time.After(10 * time.Second):
		t.Fatal("no change")
	}
	return Change{}
}

// TestWatchExecutionSeesEveryBatch watches a Standard execution on SQLite
// through a failure and a redrive: the batches, joined, are the stored
// history, and the watcher of every execution sees the start, the close,
// the redrive and the second close.
func TestWatchExecutionSeesEveryBatch(t *testing.T) {
	s := openSQLite(t, filepath.Join(t.TempDir(), "stepd.db"))
	defer s.Close()
	h := newHarness(t, harnessOptions{store: s})
	h.script.Throw("T", "Boom", "first run").Return("T", jsonv.MustParse(`{"ok":true}`))
	sm := h.machine("m", store.TypeStandard, `{"StartAt":"W","States":{
		"W":{"Type":"Wait","Seconds":5,"Next":"T"},
		"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}}`)
	arn, _ := executionARN(sm, "e", false)
	all := h.e.WatchExecutions(0)
	defer all.Close()
	one := h.e.WatchExecution(arn, 0)
	defer one.Close()
	other := h.e.WatchExecution(arn+"-other", 0)
	defer other.Close()

	h.start(sm, "e", `{"a":1}`)
	h.waitTimers(h.e.standard, 1)
	h.clock.Advance(5 * time.Second)
	if done := h.wait(arn); done.Status != store.StatusFailed {
		t.Fatal(done.Status)
	}
	if _, err := h.e.RedriveExecution(h.ctx, arn); err != nil {
		t.Fatal(err)
	}
	if done := h.wait(arn); done.Status != store.StatusSucceeded {
		t.Fatal(done.Status)
	}

	var got []history.Event
	var statuses []string
	for {
		ch := next(t, one)
		if ch.Execution.ARN != arn || ch.Execution.Input != nil || ch.Execution.Snapshot != nil {
			t.Fatalf("row %+v", ch.Execution)
		}
		got = append(got, ch.Events...)
		if ch.Started || ch.Closed || ch.Redriven {
			statuses = append(statuses, ch.Execution.Status)
		}
		if ch.Closed && ch.Execution.Status == store.StatusSucceeded {
			if string(ch.Execution.Output) != `{"ok":true}` {
				t.Fatalf("output %s", ch.Execution.Output)
			}
			break
		}
	}
	stored, err := h.e.FullHistory(h.ctx, arn)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(stored) {
		t.Fatalf("watched %d events, stored %d", len(got), len(stored))
	}
	for i := range got {
		if got[i].ID != stored[i].ID || got[i].Type != stored[i].Type {
			t.Fatalf("event %d: watched %d %s, stored %d %s", i, got[i].ID, got[i].Type, stored[i].ID, stored[i].Type)
		}
	}
	want := []string{"RUNNING", "FAILED", "RUNNING", "SUCCEEDED"}
	if len(statuses) != len(want) {
		t.Fatalf("statuses %v", statuses)
	}
	for i, s := range want {
		if statuses[i] != s {
			t.Fatalf("statuses %v, want %v", statuses, want)
		}
		n := next(t, all)
		if n.Events != nil || n.Execution.Status != s || n.Execution.StateMachineARN != sm || n.Execution.StartDate.IsZero() {
			t.Fatalf("notice %d: %+v", i, n)
		}
	}
	select {
	case ch := <-other.C():
		t.Fatalf("another execution's watcher got %+v", ch)
	default:
	}
}

// TestWatchDropsSlowReader checks a reader that falls behind loses its
// channel instead of holding up commits, and that the registry forgets an
// engine with its last watcher.
func TestWatchDropsSlowReader(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	sm := h.machine("p", store.TypeStandard, `{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}`)
	slow := h.e.WatchExecutions(1)
	fast := h.e.WatchExecutions(16)
	for _, name := range []string{"a", "b", "c"} {
		h.start(sm, name, `{}`) // starts and closes in one batch: one notice each
	}
	n := 0
	for range slow.C() {
		n++
	}
	if n != 1 || !slow.Dropped() {
		t.Fatalf("slow reader got %d, dropped %v", n, slow.Dropped())
	}
	for range 3 {
		if ch := next(t, fast); !ch.Started || !ch.Closed || ch.Execution.Status != store.StatusSucceeded {
			t.Fatalf("%+v", ch)
		}
	}
	if fast.Dropped() {
		t.Fatal("fast reader dropped")
	}
	fast.Close()
	fast.Close()
	slow.Close()
	watches.mu.Lock()
	_, kept := watches.hubs[h.e]
	watches.mu.Unlock()
	if kept {
		t.Fatal("engine still registered without watchers")
	}
}

// TestWatchExpress watches an Express execution, which is deleted as it
// closes: its watcher still gets the closing batch.
func TestWatchExpress(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.script.Return("T", jsonv.MustParse(`"done"`))
	sm := h.machine("x", store.TypeExpress, `{"StartAt":"W","States":{
		"W":{"Type":"Wait","Seconds":1,"Next":"T"},
		"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}}`)
	all := h.e.WatchExecutions(0)
	defer all.Close()
	ex := h.start(sm, "x1", `{}`)
	one := h.e.WatchExecution(ex.ARN, 0)
	defer one.Close()
	if n := next(t, all); !n.Started || n.Execution.ARN != ex.ARN || n.Execution.Type != store.TypeExpress {
		t.Fatalf("%+v", n)
	}
	h.waitTimers(h.e.express, 2) // the Wait and the Express duration limit
	h.clock.Advance(time.Second)
	var types []history.EventType
	for {
		ch := next(t, one)
		for _, ev := range ch.Events {
			types = append(types, ev.Type)
		}
		if ch.Closed {
			break
		}
	}
	if types[0] != history.WaitStateExited || types[len(types)-1] != history.ExecutionSucceeded {
		t.Fatal(types)
	}
	if n := next(t, all); !n.Closed || n.Execution.Status != store.StatusSucceeded {
		t.Fatalf("%+v", n)
	}
}

// BenchmarkPublish is the cost a commit pays for live updates: with nobody
// watching, with a watcher of another execution only, and with a watcher
// of the committing execution (drained by another goroutine).
func BenchmarkPublish(b *testing.B) {
	e := New(Options{Store: memory.New()})
	row := &store.Execution{ARN: "arn:aws:states:us-east-1:123456789012:execution:m:e", Status: store.StatusRunning}
	events := []history.Event{{ID: 7, Type: history.PassStateEntered}, {ID: 8, Type: history.PassStateExited}}
	run := func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			e.standard.publish(row, events)
		}
	}
	b.Run("no-watchers", run)
	b.Run("other-execution-watched", func(b *testing.B) {
		w := e.WatchExecution(row.ARN+"-other", 0)
		defer w.Close()
		run(b)
	})
	b.Run("watched", func(b *testing.B) {
		w := e.WatchExecution(row.ARN, 1<<16)
		done := make(chan struct{})
		go func() {
			for range w.C() {
			}
			close(done)
		}()
		run(b)
		if w.Dropped() {
			b.Log("the watcher fell behind and was dropped")
		}
		w.Close()
		<-done
	})
}
