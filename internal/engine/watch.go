package engine

import (
	"sync"
	"sync/atomic"

	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/internal/store"
)

// Change is one committed batch of an execution, as a watcher sees it.
type Change struct {
	// Execution is the execution's row after the batch, without its
	// Input, Snapshot and Definition.
	Execution store.Execution
	// Events are the events the batch recorded, in order (nil for the
	// watchers of every execution). They are shared: do not modify them.
	Events []history.Event
	// Started, Closed and Redriven say what the batch did to the
	// execution (an execution can start and close in one batch).
	Started, Closed, Redriven bool
}

// WatchBufferDefault is the number of changes a watcher may fall behind
// by before it is dropped.
const WatchBufferDefault = 256

// Watch receives changes until it is closed or dropped.
type Watch struct {
	ch      chan Change
	e       *Engine
	arn     string // "" watches every execution's start, close and redrive
	dropped atomic.Bool
	closed  bool // under watches.mu
}

// C delivers the changes. It is closed by Close, or when the watcher fell
// more than its buffer behind (Dropped reports true then): publishing never
// waits on a slow reader, which must catch up from the store.
func (w *Watch) C() <-chan Change { return w.ch }

// Dropped says C was closed because the watcher fell behind.
func (w *Watch) Dropped() bool { return w.dropped.Load() }

// Close stops the watch and closes C. It may be called more than once.
func (w *Watch) Close() {
	watches.mu.Lock()
	defer watches.mu.Unlock()
	watches.remove(w)
}

// WatchExecution delivers each batch of events committed for the
// execution arn (Standard or Express) from now on. buffer bounds how far
// the reader may fall behind (WatchBufferDefault when ≤ 0).
func (e *Engine) WatchExecution(arn string, buffer int) *Watch {
	return watches.add(e, arn, buffer)
}

// WatchExecutions delivers a change, without events, whenever an
// execution starts, closes or is redriven.
func (e *Engine) WatchExecutions(buffer int) *Watch {
	return watches.add(e, "", buffer)
}

// watches is every engine's watchers. It lives outside Engine so an
// engine nobody watches pays one atomic load per commit; an engine's
// entry is removed with its last watcher.
var watches watchRegistry

type watchRegistry struct {
	n    atomic.Int64 // watchers of all engines
	mu   sync.Mutex
	hubs map[*Engine]*watchHub
}

type watchHub struct {
	byARN map[string]map[*Watch]struct{}
	all   map[*Watch]struct{}
}

func (r *watchRegistry) add(e *Engine, arn string, buffer int) *Watch {
	if buffer <= 0 {
		buffer = WatchBufferDefault
	}
	w := &Watch{ch: make(chan Change, buffer), e: e, arn: arn}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.hubs == nil {
		r.hubs = map[*Engine]*watchHub{}
	}
	h := r.hubs[e]
	if h == nil {
		h = &watchHub{byARN: map[string]map[*Watch]struct{}{}, all: map[*Watch]struct{}{}}
		r.hubs[e] = h
	}
	if arn == "" {
		h.all[w] = struct{}{}
	} else {
		set := h.byARN[arn]
		if set == nil {
			set = map[*Watch]struct{}{}
			h.byARN[arn] = set
		}
		set[w] = struct{}{}
	}
	r.n.Add(1)
	return w
}

// remove unregisters w and closes its channel; r.mu is held. Sends happen
// under r.mu too, so none can hit the closed channel.
func (r *watchRegistry) remove(w *Watch) {
	if w.closed {
		return
	}
	w.closed = true
	close(w.ch)
	r.n.Add(-1)
	h := r.hubs[w.e]
	if h == nil {
		return
	}
	if w.arn == "" {
		delete(h.all, w)
	} else if set := h.byARN[w.arn]; set != nil {
		delete(set, w)
		if len(set) == 0 {
			delete(h.byARN, w.arn)
		}
	}
	if len(h.all) == 0 && len(h.byARN) == 0 {
		delete(r.hubs, w.e)
	}
}

// publish hands a committed batch to the execution's watchers, and its
// start, close or redrive to the watchers of every execution, here and on
// the other nodes (announce). It is called after the commit and before the
// batch's effects are dispatched, so the batches of one execution are
// published in order.
func (c *core) publish(row *store.Execution, events []history.Event) {
	c.announce(row.ARN, events)
	if watches.n.Load() == 0 || len(events) == 0 {
		return
	}
	watches.mu.Lock()
	defer watches.mu.Unlock()
	h := watches.hubs[c.e]
	if h == nil {
		return
	}
	set := h.byARN[row.ARN]
	ch := Change{Execution: *row, Events: events}
	ch.Execution.Input, ch.Execution.Snapshot, ch.Execution.Definition = nil, nil, nil
	ch.Started, ch.Closed, ch.Redriven = lifecycle(events)
	for w := range set {
		send(w, ch)
	}
	if len(h.all) > 0 && (ch.Started || ch.Closed || ch.Redriven) {
		notice := ch
		notice.Events = nil
		for w := range h.all {
			send(w, notice)
		}
	}
}

// send delivers ch without waiting, dropping a watcher that fell behind;
// watches.mu is held.
func send(w *Watch, ch Change) {
	select {
	case w.ch <- ch:
	default:
		w.dropped.Store(true)
		watches.remove(w)
	}
}

// watchedAll says someone on this node watches every execution.
func (c *core) watchedAll() bool {
	if watches.n.Load() == 0 {
		return false
	}
	watches.mu.Lock()
	defer watches.mu.Unlock()
	h := watches.hubs[c.e]
	return h != nil && len(h.all) > 0
}

// publishNotice hands another node's change of an execution (its row as
// now stored) to the watchers of every execution.
func (c *core) publishNotice(row *store.Execution) {
	ch := Change{Execution: *row}
	ch.Execution.Input, ch.Execution.Snapshot, ch.Execution.Definition = nil, nil, nil
	ch.Closed = row.Status != store.StatusRunning
	ch.Redriven = !ch.Closed && row.RedriveCount > 0
	ch.Started = !ch.Closed && !ch.Redriven
	watches.mu.Lock()
	defer watches.mu.Unlock()
	if h := watches.hubs[c.e]; h != nil {
		for w := range h.all {
			send(w, ch)
		}
	}
}
