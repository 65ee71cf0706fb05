package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/sqlrow"
)

func (t *tx) MapRunCreate(ctx context.Context, p *store.MapRunCreateParams) (*store.MapRun, error) {
	_, err := t.exec(ctx, `INSERT INTO map_runs (`+sqlrow.MapRunColumns+`) VALUES (?, ?, ?, ?, ?, 0, ?, 1)`,
		p.ARN, p.ExecutionARN, p.StateMachineARN, store.MapRunRunning, sqlrow.Nanos(p.Now), p.Payload)
	if err != nil {
		return nil, fmt.Errorf("map run %s: %w", p.ARN, err)
	}
	return &store.MapRun{
		ARN: p.ARN, ExecutionARN: p.ExecutionARN, StateMachineARN: p.StateMachineARN, Status: store.MapRunRunning,
		StartDate: store.FromUnixNanos(sqlrow.Nanos(p.Now)), Payload: clone(p.Payload), Version: 1,
	}, nil
}

func (t *tx) MapRunGet(ctx context.Context, p *store.MapRunGetParams) (*store.MapRun, error) {
	m, err := sqlrow.MapRun(t.q.QueryRowContext(ctx, `SELECT `+sqlrow.MapRunColumns+` FROM map_runs WHERE arn = ?`, p.ARN))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("map run", p.ARN)
	}
	return m, mapErr(err)
}

func (t *tx) MapRunUpdate(ctx context.Context, p *store.MapRunUpdateParams) (int64, error) {
	n, err := t.exec(ctx, `UPDATE map_runs SET status = ?, stop_date = ?, payload = ?, version = version + 1
		WHERE arn = ? AND version = ?`, p.Status, sqlrow.Nanos(p.StopDate), p.Payload, p.ARN, p.ExpectedVersion)
	if err != nil {
		return 0, err
	}
	if n == 1 {
		return p.ExpectedVersion + 1, nil
	}
	var version int64
	err = t.q.QueryRowContext(ctx, `SELECT version FROM map_runs WHERE arn = ?`, p.ARN).Scan(&version)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, notFound("map run", p.ARN)
	}
	if err != nil {
		return 0, mapErr(err)
	}
	return 0, conflict(fmt.Sprintf("map run %s version %d, expected %d", p.ARN, version, p.ExpectedVersion))
}

func (t *tx) MapRunList(ctx context.Context, p *store.MapRunListParams) (*store.Page[store.MapRun], error) {
	start, arn, set, err := store.AfterTimeKey(p.Cursor)
	if err != nil {
		return nil, err
	}
	limit := store.ListLimit(p.Limit)
	q := `SELECT arn, execution_arn, state_machine_arn, status, start_date, stop_date, NULL, version FROM map_runs WHERE execution_arn = ?`
	args := []any{p.ExecutionARN}
	if set {
		q += ` AND (start_date, arn) < (?, ?)`
		args = append(args, sqlrow.Nanos(start), arn)
	}
	q += ` ORDER BY start_date DESC, arn DESC LIMIT ?`
	args = append(args, limit+1)
	rows, err := t.q.QueryContext(ctx, q, args...)
	return listRows(rows, err, limit, sqlrow.MapRun, func(m *store.MapRun) string { return store.TimeKeyCursor(m.StartDate, m.ARN) })
}
