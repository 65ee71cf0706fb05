package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/stepd/stepd/internal/store"
)

const activityColumns = `arn, name, encryption_configuration, creation_date`

func scanActivity(r scanner) (*store.Activity, error) {
	var a store.Activity
	err := r.Scan(&a.ARN, &a.Name, &a.EncryptionConfiguration, at(&a.CreationDate))
	return &a, err
}

func (t *tx) ActivityCreate(ctx context.Context, p *store.ActivityCreateParams) (*store.Activity, error) {
	a, err := scanActivity(t.q.QueryRowContext(ctx, `INSERT INTO activities (`+activityColumns+`) VALUES (?, ?, ?, ?)
		RETURNING `+activityColumns, p.ARN, p.Name, p.EncryptionConfiguration, ns(p.Now)))
	return a, mapErr(err)
}

func (t *tx) ActivityGet(ctx context.Context, p *store.ActivityGetParams) (*store.Activity, error) {
	a, err := scanActivity(t.q.QueryRowContext(ctx, `SELECT `+activityColumns+` FROM activities WHERE arn = ?`, p.ARN))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("activity", p.ARN)
	}
	return a, mapErr(err)
}

func (t *tx) ActivityDelete(ctx context.Context, p *store.ActivityDeleteParams) error {
	n, err := t.exec(ctx, `DELETE FROM activities WHERE arn = ?`, p.ARN)
	if err == nil && n == 0 {
		return notFound("activity", p.ARN)
	}
	return err
}

func (t *tx) ActivityList(ctx context.Context, p *store.ActivityListParams) (*store.Page[store.Activity], error) {
	after, err := store.AfterKey(p.Cursor)
	if err != nil {
		return nil, err
	}
	limit := store.ListLimit(p.Limit)
	rows, err := t.q.QueryContext(ctx, `SELECT `+activityColumns+` FROM activities WHERE arn > ? ORDER BY arn LIMIT ?`, after, limit+1)
	return listRows(rows, err, limit, scanActivity, func(a *store.Activity) string { return store.KeyCursor(a.ARN) })
}

const activityTaskColumns = `task_token, activity_arn, execution_arn, input, created_at, worker_name, claimed_at`

func scanActivityTask(r scanner) (*store.ActivityTask, error) {
	var a store.ActivityTask
	err := r.Scan(&a.TaskToken, &a.ActivityARN, &a.ExecutionARN, &a.Input, at(&a.CreatedAt), &a.WorkerName, at(&a.ClaimedAt))
	return &a, err
}

func (t *tx) ActivityTaskCreate(ctx context.Context, p *store.ActivityTaskCreateParams) (*store.ActivityTask, error) {
	a, err := scanActivityTask(t.q.QueryRowContext(ctx, `INSERT INTO activity_tasks (task_token, activity_arn, execution_arn, input, created_at)
		VALUES (?, ?, ?, ?, ?) RETURNING `+activityTaskColumns, p.TaskToken, p.ActivityARN, p.ExecutionARN, p.Input, ns(p.Now)))
	return a, mapErr(err)
}

func (t *tx) ActivityTaskClaim(ctx context.Context, p *store.ActivityTaskClaimParams) (*store.ActivityTask, error) {
	a, err := scanActivityTask(t.q.QueryRowContext(ctx, `UPDATE activity_tasks SET worker_name = ?, claimed_at = ?
		WHERE seq = (SELECT seq FROM activity_tasks WHERE activity_arn = ? AND worker_name = '' ORDER BY seq LIMIT 1)
		RETURNING `+activityTaskColumns, p.WorkerName, ns(p.Now), p.ActivityARN))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("pending task of", p.ActivityARN)
	}
	return a, mapErr(err)
}

func (t *tx) ActivityTaskDelete(ctx context.Context, p *store.ActivityTaskDeleteParams) (int, error) {
	var n int64
	var err error
	if p.TaskToken != "" {
		n, err = t.exec(ctx, `DELETE FROM activity_tasks WHERE task_token = ?`, p.TaskToken)
	} else {
		n, err = t.exec(ctx, `DELETE FROM activity_tasks WHERE execution_arn = ?`, p.ExecutionARN)
	}
	return int(n), err
}

const tokenColumns = `token, execution_arn, state_name, attempt, payload, heartbeat_deadline, created_at`

func scanToken(r scanner) (*store.TaskToken, error) {
	var k store.TaskToken
	err := r.Scan(&k.Token, &k.ExecutionARN, &k.StateName, &k.Attempt, &k.Payload, at(&k.HeartbeatDeadline), at(&k.CreatedAt))
	return &k, err
}

func (t *tx) TaskTokenCreate(ctx context.Context, p *store.TaskTokenCreateParams) (*store.TaskToken, error) {
	k, err := scanToken(t.q.QueryRowContext(ctx, `INSERT INTO task_tokens (`+tokenColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)
		RETURNING `+tokenColumns, p.Token, p.ExecutionARN, p.StateName, p.Attempt, p.Payload, ns(p.HeartbeatDeadline), ns(p.Now)))
	return k, mapErr(err)
}

func (t *tx) TaskTokenGet(ctx context.Context, p *store.TaskTokenGetParams) (*store.TaskToken, error) {
	k, err := scanToken(t.q.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM task_tokens WHERE token = ?`, p.Token))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("task token", "")
	}
	return k, mapErr(err)
}

func (t *tx) TaskTokenHeartbeat(ctx context.Context, p *store.TaskTokenHeartbeatParams) (*store.TaskToken, error) {
	k, err := scanToken(t.q.QueryRowContext(ctx, `UPDATE task_tokens SET heartbeat_deadline = ? WHERE token = ?
		RETURNING `+tokenColumns, ns(p.HeartbeatDeadline), p.Token))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("task token", "")
	}
	return k, mapErr(err)
}

func (t *tx) TaskTokenDelete(ctx context.Context, p *store.TaskTokenDeleteParams) error {
	n, err := t.exec(ctx, `DELETE FROM task_tokens WHERE token = ?`, p.Token)
	if err == nil && n == 0 {
		return notFound("task token", "")
	}
	return err
}
