package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/sqlrow"
)

func (t *tx) ExecutionCreate(ctx context.Context, p *store.ExecutionCreateParams) (*store.Execution, error) {
	status := p.Status
	if status == "" {
		status = store.StatusRunning
	}
	n, err := t.exec(ctx, `INSERT INTO executions (`+sqlrow.ExecutionColumns+`, definition)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, '', '', $9, $10, $11, 0, 0, 0, $12, 1, $13, $14)
		ON CONFLICT DO NOTHING`,
		p.ARN, p.StateMachineARN, p.VersionARN, p.AliasARN, p.Name, p.Type, status, p.Input,
		p.TraceHeader, p.ParentARN, sqlrow.Nanos(p.Now), p.Snapshot, p.MapRunARN, p.Definition)
	if err != nil {
		return nil, fmt.Errorf("execution %s: %w", p.ARN, err)
	}
	if n == 0 {
		return nil, alreadyExists("execution", p.ARN)
	}
	return &store.Execution{
		ARN: p.ARN, StateMachineARN: p.StateMachineARN, VersionARN: p.VersionARN, AliasARN: p.AliasARN,
		Name: p.Name, Type: p.Type, Status: status, Input: clone(p.Input), TraceHeader: p.TraceHeader,
		ParentARN: p.ParentARN, MapRunARN: p.MapRunARN, StartDate: store.FromUnixNanos(sqlrow.Nanos(p.Now)), Snapshot: clone(p.Snapshot), Version: 1,
		Definition: clone(p.Definition),
	}, nil
}

func (t *tx) ExecutionGet(ctx context.Context, p *store.ExecutionGetParams) (*store.Execution, error) {
	var definition []byte
	e, err := sqlrow.Execution(t.q.QueryRow(ctx, `SELECT `+sqlrow.ExecutionColumns+`, definition FROM executions WHERE arn = $1`, p.ARN), &definition)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound("execution", p.ARN)
	}
	if err != nil {
		return nil, t.err(err)
	}
	if len(definition) > 0 {
		e.Definition = definition
	}
	return e, nil
}

// ExecutionUpdate is on the hot path: one UPDATE; the row is read again
// only when the version check failed, to tell a conflict from a missing
// execution. At READ COMMITTED a concurrent update of the same row makes
// this one wait for it and then re-check the version against the
// committed row, so exactly one of two racing writers wins.
func (t *tx) ExecutionUpdate(ctx context.Context, p *store.ExecutionUpdateParams) (int64, error) {
	n, err := t.exec(ctx, `UPDATE executions SET snapshot = $1, status = $2, stop_date = $3, output = $4, error = $5,
		cause = $6, redrive_count = $7, redrive_date = $8, version = version + 1 WHERE arn = $9 AND version = $10`,
		p.Snapshot, p.Status, sqlrow.Nanos(p.StopDate), p.Output, p.Error, p.Cause, p.RedriveCount, sqlrow.Nanos(p.RedriveDate),
		p.ARN, p.ExpectedVersion)
	if err != nil {
		return 0, err
	}
	if n == 1 {
		return p.ExpectedVersion + 1, nil
	}
	var version int64
	err = t.q.QueryRow(ctx, `SELECT version FROM executions WHERE arn = $1`, p.ARN).Scan(&version)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, notFound("execution", p.ARN)
	}
	if err != nil {
		return 0, t.err(err)
	}
	return 0, conflict(fmt.Sprintf("execution %s version %d, expected %d", p.ARN, version, p.ExpectedVersion))
}

func (t *tx) ExecutionList(ctx context.Context, p *store.ExecutionListParams) (*store.Page[store.Execution], error) {
	var where []string
	var args []any
	add := func(cond string, arg ...any) {
		for _, a := range arg {
			args = append(args, a)
			cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(args)), 1)
		}
		where = append(where, cond)
	}
	if p.StateMachineARN != "" {
		add("state_machine_arn = ?", p.StateMachineARN)
	}
	if p.VersionARN != "" {
		add("version_arn = ?", p.VersionARN)
	}
	if p.AliasARN != "" {
		add("alias_arn = ?", p.AliasARN)
	}
	if p.MapRunARN != "" {
		add("map_run_arn = ? AND map_run_arn != ''", p.MapRunARN) // the second term lets the partial index serve
	}
	if p.Status != "" {
		add("status = ?", p.Status)
	}
	switch p.Redrive {
	case store.RedriveRedriven:
		add("redrive_count > 0")
	case store.RedriveNotRedriven:
		add("redrive_count = 0")
	}
	start, arn, set, err := store.AfterTimeKey(p.Cursor)
	if err != nil {
		return nil, err
	}
	if set {
		add("(start_date, arn) < (?, ?)", sqlrow.Nanos(start), arn)
	}
	q := `SELECT ` + sqlrow.ExecutionColumns + ` FROM executions`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	limit := store.ListLimit(p.Limit)
	args = append(args, limit+1)
	q += " ORDER BY start_date DESC, arn DESC LIMIT $" + strconv.Itoa(len(args))
	rows, err := t.q.Query(ctx, q, args...)
	return listRows(t, rows, err, limit, func(r sqlrow.Scanner) (*store.Execution, error) { return sqlrow.Execution(r) }, func(e *store.Execution) string {
		return store.TimeKeyCursor(e.StartDate, e.ARN)
	})
}

// ExecutionPurge finds the oldest closed executions, then deletes their
// rows table by table, each with one statement over the whole batch; the
// outbox and task tokens keep no per-execution index, so each is scanned
// once per call.
func (t *tx) ExecutionPurge(ctx context.Context, p *store.ExecutionPurgeParams) (int, error) {
	rows, err := t.q.Query(ctx, `SELECT arn FROM executions WHERE stop_date > 0 AND stop_date < $1
		ORDER BY stop_date, arn LIMIT $2`, sqlrow.Nanos(p.StoppedBefore), store.ListLimit(p.Limit))
	if err != nil {
		return 0, t.err(err)
	}
	arns, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return 0, t.err(err)
	}
	if len(arns) == 0 {
		return 0, nil
	}
	for _, q := range []string{
		`DELETE FROM outbox WHERE execution_arn = ANY($1)`,
		`DELETE FROM task_tokens WHERE execution_arn = ANY($1)`,
		`DELETE FROM events WHERE execution_arn = ANY($1)`,
		`DELETE FROM activity_tasks WHERE execution_arn = ANY($1)`,
		`DELETE FROM map_runs WHERE execution_arn = ANY($1)`,
		`DELETE FROM executions WHERE arn = ANY($1)`,
	} {
		if _, err := t.exec(ctx, q, arns); err != nil {
			return 0, err
		}
	}
	return len(arns), nil
}

// ExecutionDelete removes one execution the way ExecutionPurge does.
func (t *tx) ExecutionDelete(ctx context.Context, p *store.ExecutionDeleteParams) error {
	n, err := t.exec(ctx, `DELETE FROM executions WHERE arn = $1`, p.ARN)
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound("execution", p.ARN)
	}
	for _, q := range []string{
		`DELETE FROM events WHERE execution_arn = $1`,
		`DELETE FROM activity_tasks WHERE execution_arn = $1`,
		`DELETE FROM outbox WHERE execution_arn = $1`,
		`DELETE FROM task_tokens WHERE execution_arn = $1`,
		`DELETE FROM map_runs WHERE execution_arn = $1`,
	} {
		if _, err := t.exec(ctx, q, p.ARN); err != nil {
			return err
		}
	}
	return nil
}
