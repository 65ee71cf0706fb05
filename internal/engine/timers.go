package engine

import (
	"container/heap"
	"context"
	"errors"
	"sync"
	"time"

	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/interp"
)

const (
	// timerBatch is how many due timers one store read returns.
	timerBatch = 512
	// timerFireConcurrency is how many timers fire at once, so their
	// transitions share commits.
	timerFireConcurrency = 256
	// expressLimitKey is the engine's own timer that ends an Express
	// execution at its duration limit.
	expressLimitKey = "stepd:express-limit"
	// timerRetryDelay is how long a timer whose transition failed waits
	// before it is tried again.
	timerRetryDelay = time.Second
)

// timerService fires due timers. In memory it keeps only (due, id) of each
// pending timer, in a heap; the rows stay in the store.
type timerService struct {
	c      *core
	wakeCh chan struct{}

	mu      sync.Mutex
	heap    timerHeap
	changed chan struct{} // closed and replaced when the heap grows (tests)
	// compactAt is the heap size at which compact rebuilds it.
	compactAt int
	// lastSweep is when runOnce last looked in the store for timers this
	// node does not index (shared stores only).
	lastSweep time.Time
}

// timerSweep is how often a node sharing its store with others looks for
// timers it does not index (committed by another node, or missed when the
// index was loaded), and how overdue such a timer must be before it fires
// it: the node that committed a timer fires it on time, so only a dead
// node's timers wait that long.
const timerSweep = time.Second

// compactMin is the smallest heap compact bothers to rebuild.
const compactMin = 1024

type timerEntry struct{ due, id int64 } // due in Unix nanoseconds

func newTimerService(c *core) *timerService {
	return &timerService{c: c, wakeCh: make(chan struct{}, 1), changed: make(chan struct{}), compactAt: compactMin}
}

// compact rebuilds the index from the store once it has grown to compactAt,
// dropping the entries of timers deleted without firing: those of deleted
// Express executions (their duration-limit timer) would otherwise stay
// until due. The lock is held across the read, so a timer committed after
// the read's snapshot is added to the new heap, never lost (one committed
// before it may be indexed twice, which is harmless).
func (s *timerService) compact(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.heap) < s.compactAt {
		return nil
	}
	var fresh timerHeap
	var after store.TimerRef
	for {
		var refs []store.TimerRef
		err := s.c.store.ReadTx(ctx, func(tx store.Tx) error {
			var err error
			refs, err = tx.TimerNext(ctx, &store.TimerNextParams{After: after, Limit: 10000})
			return err
		})
		if err != nil {
			return err
		}
		for _, r := range refs {
			fresh = append(fresh, timerEntry{store.UnixNanos(r.DueAt), r.ID})
		}
		if len(refs) < 10000 {
			break
		}
		after = refs[len(refs)-1]
	}
	heap.Init(&fresh)
	s.heap = fresh
	s.compactAt = max(compactMin, 2*len(fresh))
	return nil
}

// load fills the index from the store.
func (s *timerService) load(ctx context.Context) error {
	var after store.TimerRef
	for {
		var refs []store.TimerRef
		err := s.c.store.ReadTx(ctx, func(tx store.Tx) error {
			var err error
			refs, err = tx.TimerNext(ctx, &store.TimerNextParams{After: after, Limit: 10000})
			return err
		})
		if err != nil {
			return err
		}
		s.mu.Lock()
		for _, r := range refs {
			s.heap = append(s.heap, timerEntry{store.UnixNanos(r.DueAt), r.ID})
		}
		heap.Init(&s.heap)
		s.mu.Unlock()
		if len(refs) < 10000 {
			return nil
		}
		after = refs[len(refs)-1]
	}
}

// add indexes a timer committed by a transition.
func (s *timerService) add(r store.TimerRef) {
	e := timerEntry{store.UnixNanos(r.DueAt), r.ID}
	s.mu.Lock()
	first := len(s.heap) == 0 || e.due < s.heap[0].due
	heap.Push(&s.heap, e)
	close(s.changed)
	s.changed = make(chan struct{})
	s.mu.Unlock()
	if first {
		select {
		case s.wakeCh <- struct{}{}:
		default:
		}
	}
}

// pending counts indexed timers.
func (s *timerService) pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.heap)
}

// waitPending blocks until at least n timers are indexed or done closes.
func (s *timerService) waitPending(n int, done <-chan struct{}) bool {
	for {
		s.mu.Lock()
		count, ch := len(s.heap), s.changed
		s.mu.Unlock()
		if count >= n {
			return true
		}
		select {
		case <-ch:
		case <-done:
			return false
		}
	}
}

// next is the earliest indexed due time.
func (s *timerService) next() (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.heap) == 0 {
		return time.Time{}, false
	}
	return store.FromUnixNanos(s.heap[0].due), true
}

func (s *timerService) loop(ctx context.Context) {
	for {
		if _, err := s.runOnce(ctx); err != nil && ctx.Err() == nil {
			s.c.e.log.Error("timers", "err", err)
		}
		if ctx.Err() != nil {
			return
		}
		wait := time.Hour
		if due, ok := s.next(); ok {
			wait = due.Sub(s.c.e.clock.Now())
		}
		if s.c.shared() {
			wait = min(wait, timerSweep)
		}
		if wait <= 0 {
			continue
		}
		t := s.c.e.clock.NewTimer(wait)
		// The clock may have moved on between reading it and arming the
		// timer (a fake clock can jump hours); look again once armed.
		if due, ok := s.next(); ok && !due.After(s.c.e.clock.Now()) {
			t.Stop()
			continue
		}
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-s.wakeCh:
		case <-t.C():
		}
		t.Stop()
	}
}

// runOnce fires every timer due now and returns how many it fired.
func (s *timerService) runOnce(ctx context.Context) (int, error) {
	now := s.c.e.clock.Now()
	nowNs := store.UnixNanos(now)
	s.mu.Lock()
	var due []timerEntry
	for len(s.heap) > 0 && s.heap[0].due <= nowNs {
		due = append(due, heap.Pop(&s.heap).(timerEntry))
	}
	sweep := s.c.shared() && now.Sub(s.lastSweep) >= timerSweep
	if sweep {
		s.lastSweep = now
	}
	s.mu.Unlock()
	cutoff := now
	if len(due) == 0 {
		if !sweep {
			return 0, nil
		}
		cutoff = now.Add(-timerSweep) // only timers nobody else fired on time
	}
	fired := 0
	for {
		var rows []store.OutboxRow
		err := s.c.store.ReadTx(ctx, func(tx store.Tx) error {
			var err error
			rows, err = tx.TimerDue(ctx, &store.TimerDueParams{Now: cutoff, Limit: timerBatch})
			return err
		})
		if err != nil {
			s.requeue(due)
			return fired, err
		}
		if len(rows) == 0 {
			return fired, nil
		}
		failed := s.fire(ctx, rows)
		fired += len(rows) - len(failed)
		if len(failed) > 0 {
			// Keep them indexed to try again a little later, not in a hot loop.
			for _, r := range failed {
				s.add(store.TimerRef{DueAt: now.Add(timerRetryDelay), ID: r.ID})
			}
			return fired, nil
		}
	}
}

func (s *timerService) requeue(entries []timerEntry) {
	s.mu.Lock()
	for _, e := range entries {
		heap.Push(&s.heap, e)
	}
	s.mu.Unlock()
}

// fire delivers TimerFired for each row, concurrently so that the
// transitions share commits. It returns the rows that could not fire.
func (s *timerService) fire(ctx context.Context, rows []store.OutboxRow) []store.OutboxRow {
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		failed []store.OutboxRow
		slots  = make(chan struct{}, timerFireConcurrency)
	)
	for _, row := range rows {
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-slots; wg.Done() }()
			var err error
			if row.Key == expressLimitKey {
				err = s.c.expressTimeout(ctx, row)
			} else {
				err = s.c.transition(ctx, row.ExecutionARN, []interp.Input{interp.TimerFired{TimerID: row.Key}}, consumeTimer(row.ID))
			}
			var de *DecideError
			if errors.Is(err, errTimerGone) {
				err = nil
			} else if errors.As(err, &de) {
				s.c.e.log.Warn("timers: a timer the execution refused", "execution", row.ExecutionARN, "timer", row.Key, "err", err)
				err = nil
			}
			if err != nil {
				s.c.e.log.Error("timers: firing", "execution", row.ExecutionARN, "timer", row.Key, "err", err)
				mu.Lock()
				failed = append(failed, row)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return failed
}

// timerHeap orders entries by due time, then id.
type timerHeap []timerEntry

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if h[i].due != h[j].due {
		return h[i].due < h[j].due
	}
	return h[i].id < h[j].id
}
func (h timerHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *timerHeap) Push(x any)   { *h = append(*h, x.(timerEntry)) }
func (h *timerHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}
