package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/sqlrow"
)

func (t *tx) MapRunCreate(ctx context.Context, p *store.MapRunCreateParams) (*store.MapRun, error) {
	n, err := t.exec(ctx, `INSERT INTO map_runs (`+sqlrow.MapRunColumns+`) VALUES ($1, $2, $3, $4, $5, 0, $6, 1)
		ON CONFLICT DO NOTHING`,
		p.ARN, p.ExecutionARN, p.StateMachineARN, store.MapRunRunning, sqlrow.Nanos(p.Now), p.Payload)
	if err != nil {
		return nil, fmt.Errorf("map run %s: %w", p.ARN, err)
	}
	if n == 0 {
		return nil, alreadyExists("map run", p.ARN)
	}
	return &store.MapRun{
		ARN: p.ARN, ExecutionARN: p.ExecutionARN, StateMachineARN: p.StateMachineARN, Status: store.MapRunRunning,
		StartDate: store.FromUnixNanos(sqlrow.Nanos(p.Now)), Payload: clone(p.Payload), Version: 1,
	}, nil
}

func (t *tx) MapRunGet(ctx context.Context, p *store.MapRunGetParams) (*store.MapRun, error) {
	m, err := sqlrow.MapRun(t.q.QueryRow(ctx, `SELECT `+sqlrow.MapRunColumns+` FROM map_runs WHERE arn = $1`, p.ARN))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound("map run", p.ARN)
	}
	if err != nil {
		return nil, t.err(err)
	}
	return m, nil
}

// MapRunUpdate checks the version in the UPDATE itself; at READ
// COMMITTED a racing writer waits and then sees the bumped version, so
// exactly one of two wins (as ExecutionUpdate).
func (t *tx) MapRunUpdate(ctx context.Context, p *store.MapRunUpdateParams) (int64, error) {
	n, err := t.exec(ctx, `UPDATE map_runs SET status = $1, stop_date = $2, payload = $3, version = version + 1
		WHERE arn = $4 AND version = $5`, p.Status, sqlrow.Nanos(p.StopDate), p.Payload, p.ARN, p.ExpectedVersion)
	if err != nil {
		return 0, err
	}
	if n == 1 {
		return p.ExpectedVersion + 1, nil
	}
	var version int64
	err = t.q.QueryRow(ctx, `SELECT version FROM map_runs WHERE arn = $1`, p.ARN).Scan(&version)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, notFound("map run", p.ARN)
	}
	if err != nil {
		return 0, t.err(err)
	}
	return 0, conflict(fmt.Sprintf("map run %s version %d, expected %d", p.ARN, version, p.ExpectedVersion))
}

func (t *tx) MapRunList(ctx context.Context, p *store.MapRunListParams) (*store.Page[store.MapRun], error) {
	start, arn, set, err := store.AfterTimeKey(p.Cursor)
	if err != nil {
		return nil, err
	}
	limit := store.ListLimit(p.Limit)
	q := `SELECT arn, execution_arn, state_machine_arn, status, start_date, stop_date, NULL::bytea, version FROM map_runs WHERE execution_arn = $1`
	args := []any{p.ExecutionARN}
	if set {
		q += ` AND (start_date, arn) < ($2, $3)`
		args = append(args, sqlrow.Nanos(start), arn)
	}
	args = append(args, limit+1)
	q += fmt.Sprintf(` ORDER BY start_date DESC, arn DESC LIMIT $%d`, len(args))
	rows, err := t.q.Query(ctx, q, args...)
	return listRows(t, rows, err, limit, sqlrow.MapRun, func(m *store.MapRun) string { return store.TimeKeyCursor(m.StartDate, m.ARN) })
}
