package runner

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/stepd/stepd/internal/clock"
	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/jsonv"
)

// Activities is the activity-queue runner: Run queues an activity task in
// the store and reports Pending; workers take tasks with Poll (the API's
// GetActivityTask) and complete them by token through the engine.
type Activities struct {
	store store.Store
	clock clock.Clock
	// Recheck is how often a waiting Poll looks in the store again, for
	// tasks queued by other nodes sharing it (their Notify cannot reach
	// this process). Zero: only when woken.
	Recheck time.Duration

	mu      sync.Mutex
	waiters map[string]chan struct{} // by activity ARN; closed when work arrives
	// workers remembers when each worker last polled each activity, for
	// the console (AWS has no API for it). Kept in memory: it starts empty
	// with the process.
	workers map[string]map[string]time.Time
}

// Worker is a worker that polled an activity, and when it last did.
type Worker struct {
	Name     string
	LastSeen time.Time
}

// workersKept bounds the workers remembered per activity; the one seen
// longest ago goes first.
const workersKept = 50

// NewActivities keeps activity tasks in s.
func NewActivities(s store.Store, c clock.Clock) *Activities {
	return &Activities{store: s, clock: c, waiters: map[string]chan struct{}{}, workers: map[string]map[string]time.Time{}}
}

// Run queues the task for its activity's workers. Queuing the same token
// twice (a re-dispatch after a crash) keeps the first.
func (a *Activities) Run(ctx context.Context, t *Task) (Result, error) {
	err := a.store.Tx(ctx, func(tx store.Tx) error {
		_, err := tx.ActivityTaskCreate(ctx, &store.ActivityTaskCreateParams{
			TaskToken: t.TaskToken, ActivityARN: t.Resource, ExecutionARN: t.ExecutionARN,
			Input: jsonv.Marshal(t.Input), Now: a.clock.Now(),
		})
		if errors.Is(err, store.ErrAlreadyExists) {
			return nil
		}
		return err
	})
	if err != nil {
		return Result{}, err
	}
	a.Notify(t.Resource)
	return Result{Pending: true}, nil
}

// Notify wakes the pollers of activityARN.
func (a *Activities) Notify(activityARN string) {
	a.mu.Lock()
	if ch, ok := a.waiters[activityARN]; ok {
		close(ch)
		delete(a.waiters, activityARN)
	}
	a.mu.Unlock()
}

func (a *Activities) wakeup(activityARN string) <-chan struct{} {
	a.mu.Lock()
	defer a.mu.Unlock()
	ch, ok := a.waiters[activityARN]
	if !ok {
		ch = make(chan struct{})
		a.waiters[activityARN] = ch
	}
	return ch
}

// Poll hands the oldest pending task of activityARN to workerName, waiting
// until one arrives or ctx ends (then it returns nil, nil: AWS answers an
// empty long poll with no task).
func (a *Activities) Poll(ctx context.Context, activityARN, workerName string) (*store.ActivityTask, error) {
	a.seen(activityARN, workerName)
	for {
		// Register before looking so that work queued in between still wakes us.
		wake := a.wakeup(activityARN)
		var task *store.ActivityTask
		err := a.store.Tx(ctx, func(tx store.Tx) error {
			var err error
			task, err = tx.ActivityTaskClaim(ctx, &store.ActivityTaskClaimParams{
				ActivityARN: activityARN, WorkerName: workerName, Now: a.clock.Now(),
			})
			return err
		})
		switch {
		case err == nil:
			return task, nil
		case !errors.Is(err, store.ErrNotFound):
			if ctx.Err() != nil {
				return nil, nil
			}
			return nil, err
		}
		var recheck <-chan time.Time
		if a.Recheck > 0 {
			t := a.clock.NewTimer(a.Recheck)
			defer t.Stop()
			recheck = t.C()
		}
		select {
		case <-wake:
		case <-recheck:
		case <-ctx.Done():
			return nil, nil
		}
	}
}

func (a *Activities) seen(activityARN, workerName string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	ws := a.workers[activityARN]
	if ws == nil {
		ws = map[string]time.Time{}
		a.workers[activityARN] = ws
	}
	if _, ok := ws[workerName]; !ok && len(ws) >= workersKept {
		oldest := ""
		for name, at := range ws {
			if oldest == "" || at.Before(ws[oldest]) {
				oldest = name
			}
		}
		delete(ws, oldest)
	}
	ws[workerName] = a.clock.Now()
}

// Workers lists the workers that polled activityARN since this process
// started, most recent first.
func (a *Activities) Workers(activityARN string) []Worker {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]Worker, 0, len(a.workers[activityARN]))
	for name, at := range a.workers[activityARN] {
		out = append(out, Worker{Name: name, LastSeen: at})
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].LastSeen.Equal(out[j].LastSeen) {
			return out[i].LastSeen.After(out[j].LastSeen)
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// Polled lists the activities workers polled since this process started.
func (a *Activities) Polled() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Sorted(maps.Keys(a.workers))
}
