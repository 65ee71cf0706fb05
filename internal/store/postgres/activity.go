package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/sqlrow"
)

func (t *tx) ActivityCreate(ctx context.Context, p *store.ActivityCreateParams) (*store.Activity, error) {
	a, err := sqlrow.Activity(t.q.QueryRow(ctx, `INSERT INTO activities (`+sqlrow.ActivityColumns+`) VALUES ($1, $2, $3, $4)
		ON CONFLICT DO NOTHING RETURNING `+sqlrow.ActivityColumns, p.ARN, p.Name, p.EncryptionConfiguration, sqlrow.Nanos(p.Now)))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, alreadyExists("activity", p.ARN)
	}
	return a, t.err(err)
}

func (t *tx) ActivityGet(ctx context.Context, p *store.ActivityGetParams) (*store.Activity, error) {
	a, err := sqlrow.Activity(t.q.QueryRow(ctx, `SELECT `+sqlrow.ActivityColumns+` FROM activities WHERE arn = $1`, p.ARN))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound("activity", p.ARN)
	}
	return a, t.err(err)
}

func (t *tx) ActivityDelete(ctx context.Context, p *store.ActivityDeleteParams) error {
	n, err := t.exec(ctx, `DELETE FROM activities WHERE arn = $1`, p.ARN)
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
	rows, err := t.q.Query(ctx, `SELECT `+sqlrow.ActivityColumns+` FROM activities WHERE arn > $1 ORDER BY arn LIMIT $2`, after, limit+1)
	return listRows(t, rows, err, limit, sqlrow.Activity, func(a *store.Activity) string { return store.KeyCursor(a.ARN) })
}

func (t *tx) ActivityTaskCreate(ctx context.Context, p *store.ActivityTaskCreateParams) (*store.ActivityTask, error) {
	a, err := sqlrow.ActivityTask(t.q.QueryRow(ctx, `INSERT INTO activity_tasks (task_token, activity_arn, execution_arn, input, created_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING `+sqlrow.ActivityTaskColumns,
		p.TaskToken, p.ActivityARN, p.ExecutionARN, p.Input, sqlrow.Nanos(p.Now)))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, alreadyExists("activity task", "")
	}
	return a, t.err(err)
}

// ActivityTaskClaim takes the oldest pending task with FOR UPDATE SKIP
// LOCKED, like OutboxClaim: workers polling the same activity on several
// nodes each get a different task without waiting on each other.
func (t *tx) ActivityTaskClaim(ctx context.Context, p *store.ActivityTaskClaimParams) (*store.ActivityTask, error) {
	a, err := sqlrow.ActivityTask(t.q.QueryRow(ctx, `UPDATE activity_tasks SET worker_name = $1, claimed_at = $2
		WHERE seq = (SELECT seq FROM activity_tasks WHERE activity_arn = $3 AND worker_name = ''
			ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED)
		RETURNING `+sqlrow.ActivityTaskColumns, p.WorkerName, sqlrow.Nanos(p.Now), p.ActivityARN))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound("pending task of", p.ActivityARN)
	}
	return a, t.err(err)
}

func (t *tx) ActivityTaskDelete(ctx context.Context, p *store.ActivityTaskDeleteParams) (int, error) {
	var n int64
	var err error
	if p.TaskToken != "" {
		n, err = t.exec(ctx, `DELETE FROM activity_tasks WHERE task_token = $1`, p.TaskToken)
	} else {
		n, err = t.exec(ctx, `DELETE FROM activity_tasks WHERE execution_arn = $1`, p.ExecutionARN)
	}
	return int(n), err
}

func (t *tx) ActivityTaskCountPending(ctx context.Context, p *store.ActivityTaskCountPendingParams) (map[string]int, error) {
	rows, err := t.q.Query(ctx, `SELECT activity_arn, COUNT(*) FROM activity_tasks WHERE worker_name = '' GROUP BY activity_arn`)
	if err != nil {
		return nil, t.err(err)
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var arn string
		var n int64
		if err := rows.Scan(&arn, &n); err != nil {
			return nil, t.err(err)
		}
		counts[arn] = int(n)
	}
	return counts, t.err(rows.Err())
}

func (t *tx) TaskTokenCreate(ctx context.Context, p *store.TaskTokenCreateParams) (*store.TaskToken, error) {
	k, err := sqlrow.TaskToken(t.q.QueryRow(ctx, `INSERT INTO task_tokens (`+sqlrow.TokenColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT DO NOTHING RETURNING `+sqlrow.TokenColumns, p.Token, p.ExecutionARN, p.StateName, p.Attempt, p.Payload, sqlrow.Nanos(p.HeartbeatDeadline), sqlrow.Nanos(p.Now)))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, alreadyExists("task token", "")
	}
	return k, t.err(err)
}

func (t *tx) TaskTokenGet(ctx context.Context, p *store.TaskTokenGetParams) (*store.TaskToken, error) {
	k, err := sqlrow.TaskToken(t.q.QueryRow(ctx, `SELECT `+sqlrow.TokenColumns+` FROM task_tokens WHERE token = $1`, p.Token))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound("task token", "")
	}
	return k, t.err(err)
}

func (t *tx) TaskTokenHeartbeat(ctx context.Context, p *store.TaskTokenHeartbeatParams) (*store.TaskToken, error) {
	k, err := sqlrow.TaskToken(t.q.QueryRow(ctx, `UPDATE task_tokens SET heartbeat_deadline = $1 WHERE token = $2
		RETURNING `+sqlrow.TokenColumns, sqlrow.Nanos(p.HeartbeatDeadline), p.Token))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound("task token", "")
	}
	return k, t.err(err)
}

func (t *tx) TaskTokenDelete(ctx context.Context, p *store.TaskTokenDeleteParams) error {
	n, err := t.exec(ctx, `DELETE FROM task_tokens WHERE token = $1`, p.Token)
	if err == nil && n == 0 {
		return notFound("task token", "")
	}
	return err
}
