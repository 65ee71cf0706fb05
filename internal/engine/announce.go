package engine

import (
	"context"
	"strings"
	"time"

	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/internal/store"
)

// Nodes sharing a store that can announce (PostgreSQL's NOTIFY) tell each
// other when an execution starts, closes or is redriven, so the watchers
// of every execution (the console's list) on each node see them all. An
// announcement is "NODE ARN"; a node ignores its own, reads the row of the
// others' and hands it to its watchers. Announcements are hints: a full
// queue drops them, as does a node not listening at the time.

// announceQueue bounds the announcements waiting to be sent.
const announceQueue = 1024

// announcer is the engine's side of store.Announcer (nil when the store
// cannot announce or no other node shares it).
type announcer struct {
	store store.Announcer
	queue chan string
}

func newAnnouncer(opts Options) *announcer {
	a, ok := opts.Store.(store.Announcer)
	if !ok || opts.SingleNode {
		return nil
	}
	return &announcer{store: a, queue: make(chan string, announceQueue)}
}

// lifecycle says what a committed batch did to its execution.
func lifecycle(events []history.Event) (started, closed, redriven bool) {
	for _, ev := range events {
		switch ev.Type {
		case history.ExecutionStarted:
			started = true
		case history.ExecutionRedriven:
			redriven = true
		case history.ExecutionSucceeded, history.ExecutionFailed, history.ExecutionTimedOut, history.ExecutionAborted:
			closed = true
		}
	}
	return started, closed, redriven
}

// announce queues arn's start, close or redrive for the other nodes.
func (c *core) announce(arn string, events []history.Event) {
	a := c.e.announcer
	if a == nil || c.express {
		return
	}
	if started, closed, redriven := lifecycle(events); !started && !closed && !redriven {
		return
	}
	select {
	case a.queue <- c.e.opts.Worker + " " + arn:
	default: // a hint: dropped rather than slowing the commit path
	}
}

// sendLoop sends the queued announcements.
func (e *Engine) sendLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case msg := <-e.announcer.queue:
			if err := e.announcer.store.Announce(ctx, msg); err != nil && ctx.Err() == nil {
				e.log.Warn("engine: announcing an execution change", "err", err)
			}
		}
	}
}

// listenLoop hands other nodes' announced changes to this node's watchers
// of every execution, listening again a second after a broken connection.
func (e *Engine) listenLoop(ctx context.Context) {
	for ctx.Err() == nil {
		err := e.announcer.store.Listen(ctx, func(msg string) {
			node, arn, ok := strings.Cut(msg, " ")
			if !ok || node == e.opts.Worker || !e.standard.watchedAll() {
				return
			}
			row, err := e.standard.describe(ctx, arn)
			if err != nil {
				return // gone already, or not ours to read
			}
			e.standard.publishNotice(row)
		})
		if ctx.Err() != nil {
			return
		}
		e.log.Warn("engine: listening for other nodes' announcements", "err", err)
		t := e.clock.NewTimer(time.Second)
		select {
		case <-ctx.Done():
		case <-t.C():
		}
		t.Stop()
	}
}
