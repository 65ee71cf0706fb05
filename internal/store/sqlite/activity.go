package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/sqlrow"
)

func (t *tx) ActivityCreate(ctx context.Context, p *store.ActivityCreateParams) (*store.Activity, error) {
	a, err := sqlrow.Activity(t.q.QueryRowContext(ctx, `INSERT INTO activities (`+sqlrow.ActivityColumns+`) VALUES (?, ?, ?, ?)
		RETURNING `+sqlrow.ActivityColumns, p.ARN, p.Name, p.EncryptionConfiguration, sqlrow.Nanos(p.Now)))
	return a, mapErr(err)
}

func (t *tx) ActivityGet(ctx context.Context, p *store.ActivityGetParams) (*store.Activity, error) {
	a, err := sqlrow.Activity(t.q.QueryRowContext(ctx, `SELECT `+sqlrow.ActivityColumns+` FROM activities WHERE arn = ?`, p.ARN))
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
	rows, err := t.q.QueryContext(ctx, `SELECT `+sqlrow.ActivityColumns+` FROM activities WHERE arn > ? ORDER BY arn LIMIT ?`, after, limit+1)
	return listRows(rows, err, limit, sqlrow.Activity, func(a *store.Activity) string { return store.KeyCursor(a.ARN) })
}

func (t *tx) ActivityTaskCreate(ctx context.Context, p *store.ActivityTaskCreateParams) (*store.ActivityTask, error) {
	a, err := sqlrow.ActivityTask(t.q.QueryRowContext(ctx, `INSERT INTO activity_tasks (task_token, activity_arn, execution_arn, input, created_at)
		VALUES (?, ?, ?, ?, ?) RETURNING `+sqlrow.ActivityTaskColumns, p.TaskToken, p.ActivityARN, p.ExecutionARN, p.Input, sqlrow.Nanos(p.Now)))
	return a, mapErr(err)
}

func (t *tx) ActivityTaskClaim(ctx context.Context, p *store.ActivityTaskClaimParams) (*store.ActivityTask, error) {
	a, err := sqlrow.ActivityTask(t.q.QueryRowContext(ctx, `UPDATE activity_tasks SET worker_name = ?, claimed_at = ?
		WHERE seq = (SELECT seq FROM activity_tasks WHERE activity_arn = ? AND worker_name = '' ORDER BY seq LIMIT 1)
		RETURNING `+sqlrow.ActivityTaskColumns, p.WorkerName, sqlrow.Nanos(p.Now), p.ActivityARN))
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

func (t *tx) ActivityTaskCountPending(ctx context.Context, p *store.ActivityTaskCountPendingParams) (map[string]int, error) {
	rows, err := t.q.QueryContext(ctx, `SELECT activity_arn, COUNT(*) FROM activity_tasks WHERE worker_name = '' GROUP BY activity_arn`)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var arn string
		var n int
		if err := rows.Scan(&arn, &n); err != nil {
			return nil, mapErr(err)
		}
		counts[arn] = n
	}
	return counts, mapErr(rows.Err())
}

func (t *tx) TaskTokenCreate(ctx context.Context, p *store.TaskTokenCreateParams) (*store.TaskToken, error) {
	k, err := sqlrow.TaskToken(t.q.QueryRowContext(ctx, `INSERT INTO task_tokens (`+sqlrow.TokenColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)
		RETURNING `+sqlrow.TokenColumns, p.Token, p.ExecutionARN, p.StateName, p.Attempt, p.Payload, sqlrow.Nanos(p.HeartbeatDeadline), sqlrow.Nanos(p.Now)))
	return k, mapErr(err)
}

func (t *tx) TaskTokenGet(ctx context.Context, p *store.TaskTokenGetParams) (*store.TaskToken, error) {
	k, err := sqlrow.TaskToken(t.q.QueryRowContext(ctx, `SELECT `+sqlrow.TokenColumns+` FROM task_tokens WHERE token = ?`, p.Token))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("task token", "")
	}
	return k, mapErr(err)
}

func (t *tx) TaskTokenHeartbeat(ctx context.Context, p *store.TaskTokenHeartbeatParams) (*store.TaskToken, error) {
	k, err := sqlrow.TaskToken(t.q.QueryRowContext(ctx, `UPDATE task_tokens SET heartbeat_deadline = ? WHERE token = ?
		RETURNING `+sqlrow.TokenColumns, sqlrow.Nanos(p.HeartbeatDeadline), p.Token))
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
