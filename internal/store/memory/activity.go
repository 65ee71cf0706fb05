package memory

import (
	"context"
	"fmt"

	"github.com/stepd/stepd/internal/store"
)

func (t *tx) ActivityCreate(ctx context.Context, p *store.ActivityCreateParams) (*store.Activity, error) {
	if err := t.writable(); err != nil {
		return nil, err
	}
	if _, ok := t.d.activities[p.ARN]; ok {
		return nil, fmt.Errorf("activity %s: %w", p.ARN, store.ErrAlreadyExists)
	}
	a := store.Activity{ARN: p.ARN, Name: p.Name, EncryptionConfiguration: clone(p.EncryptionConfiguration), CreationDate: utc(p.Now)}
	put(t, t.d.activities, p.ARN, a)
	a.EncryptionConfiguration = clone(a.EncryptionConfiguration)
	return &a, nil
}

func (t *tx) ActivityGet(ctx context.Context, p *store.ActivityGetParams) (*store.Activity, error) {
	a, ok := t.d.activities[p.ARN]
	if !ok {
		return nil, fmt.Errorf("activity %s: %w", p.ARN, store.ErrNotFound)
	}
	a.EncryptionConfiguration = clone(a.EncryptionConfiguration)
	return &a, nil
}

func (t *tx) ActivityDelete(ctx context.Context, p *store.ActivityDeleteParams) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, ok := t.d.activities[p.ARN]; !ok {
		return fmt.Errorf("activity %s: %w", p.ARN, store.ErrNotFound)
	}
	del(t, t.d.activities, p.ARN)
	return nil
}

func (t *tx) ActivityList(ctx context.Context, p *store.ActivityListParams) (*store.Page[store.Activity], error) {
	items := make([]store.Activity, 0, len(t.d.activities))
	for _, a := range t.d.activities {
		a.EncryptionConfiguration = clone(a.EncryptionConfiguration)
		items = append(items, a)
	}
	return pageByKey(items, func(a *store.Activity) string { return a.ARN }, false, p.Cursor, p.Limit)
}

func (t *tx) ActivityTaskCreate(ctx context.Context, p *store.ActivityTaskCreateParams) (*store.ActivityTask, error) {
	if err := t.writable(); err != nil {
		return nil, err
	}
	if _, ok := t.d.activityTasks[p.TaskToken]; ok {
		return nil, fmt.Errorf("activity task %s: %w", p.TaskToken, store.ErrAlreadyExists)
	}
	at := store.ActivityTask{
		TaskToken: p.TaskToken, ActivityARN: p.ActivityARN, ExecutionARN: p.ExecutionARN,
		Input: clone(p.Input), CreatedAt: utc(p.Now),
	}
	put(t, t.d.activityTasks, p.TaskToken, at)
	t.d.lastTaskSeq++
	put(t, t.d.taskSeq, p.TaskToken, t.d.lastTaskSeq)
	at.Input = clone(at.Input)
	return &at, nil
}

func (t *tx) ActivityTaskClaim(ctx context.Context, p *store.ActivityTaskClaimParams) (*store.ActivityTask, error) {
	if err := t.writable(); err != nil {
		return nil, err
	}
	var oldest *store.ActivityTask
	var oldestSeq int64
	for token, at := range t.d.activityTasks {
		if at.ActivityARN != p.ActivityARN || at.WorkerName != "" {
			continue
		}
		if seq := t.d.taskSeq[token]; oldest == nil || seq < oldestSeq {
			at := at
			oldest, oldestSeq = &at, seq
		}
	}
	if oldest == nil {
		return nil, fmt.Errorf("pending task of %s: %w", p.ActivityARN, store.ErrNotFound)
	}
	oldest.WorkerName, oldest.ClaimedAt = p.WorkerName, utc(p.Now)
	put(t, t.d.activityTasks, oldest.TaskToken, *oldest)
	oldest.Input = clone(oldest.Input)
	return oldest, nil
}

func (t *tx) ActivityTaskCountPending(ctx context.Context, p *store.ActivityTaskCountPendingParams) (map[string]int, error) {
	counts := map[string]int{}
	for _, at := range t.d.activityTasks {
		if at.WorkerName == "" {
			counts[at.ActivityARN]++
		}
	}
	return counts, nil
}

func (t *tx) ActivityTaskDelete(ctx context.Context, p *store.ActivityTaskDeleteParams) (int, error) {
	if err := t.writable(); err != nil {
		return 0, err
	}
	if p.TaskToken != "" {
		if _, ok := t.d.activityTasks[p.TaskToken]; !ok {
			return 0, nil
		}
		del(t, t.d.activityTasks, p.TaskToken)
		del(t, t.d.taskSeq, p.TaskToken)
		return 1, nil
	}
	n := 0
	for token, at := range t.d.activityTasks {
		if at.ExecutionARN == p.ExecutionARN {
			del(t, t.d.activityTasks, token)
			del(t, t.d.taskSeq, token)
			n++
		}
	}
	return n, nil
}

func (t *tx) TaskTokenCreate(ctx context.Context, p *store.TaskTokenCreateParams) (*store.TaskToken, error) {
	if err := t.writable(); err != nil {
		return nil, err
	}
	if _, ok := t.d.taskTokens[p.Token]; ok {
		return nil, fmt.Errorf("task token: %w", store.ErrAlreadyExists)
	}
	tt := store.TaskToken{
		Token: p.Token, ExecutionARN: p.ExecutionARN, StateName: p.StateName, Attempt: p.Attempt,
		Payload: clone(p.Payload), HeartbeatDeadline: utc(p.HeartbeatDeadline), CreatedAt: utc(p.Now),
	}
	put(t, t.d.taskTokens, p.Token, tt)
	tt.Payload = clone(tt.Payload)
	return &tt, nil
}

func (t *tx) TaskTokenGet(ctx context.Context, p *store.TaskTokenGetParams) (*store.TaskToken, error) {
	tt, ok := t.d.taskTokens[p.Token]
	if !ok {
		return nil, fmt.Errorf("task token: %w", store.ErrNotFound)
	}
	tt.Payload = clone(tt.Payload)
	return &tt, nil
}

func (t *tx) TaskTokenHeartbeat(ctx context.Context, p *store.TaskTokenHeartbeatParams) (*store.TaskToken, error) {
	if err := t.writable(); err != nil {
		return nil, err
	}
	tt, ok := t.d.taskTokens[p.Token]
	if !ok {
		return nil, fmt.Errorf("task token: %w", store.ErrNotFound)
	}
	tt.HeartbeatDeadline = utc(p.HeartbeatDeadline)
	put(t, t.d.taskTokens, p.Token, tt)
	tt.Payload = clone(tt.Payload)
	return &tt, nil
}

func (t *tx) TaskTokenDelete(ctx context.Context, p *store.TaskTokenDeleteParams) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, ok := t.d.taskTokens[p.Token]; !ok {
		return fmt.Errorf("task token: %w", store.ErrNotFound)
	}
	del(t, t.d.taskTokens, p.Token)
	return nil
}
