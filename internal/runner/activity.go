package runner

import (
	"context"
	"errors"
	"sync"

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

	mu      sync.Mutex
	waiters map[string]chan struct{} // by activity ARN; closed when work arrives
}

// NewActivities keeps activity tasks in s.
func NewActivities(s store.Store, c clock.Clock) *Activities {
	return &Activities{store: s, clock: c, waiters: map[string]chan struct{}{}}
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
		select {
		case <-wake:
		case <-ctx.Done():
			return nil, nil
		}
	}
}
