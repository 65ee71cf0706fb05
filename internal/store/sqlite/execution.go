package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/sqlrow"
)

func (t *tx) ExecutionCreate(ctx context.Context, p *store.ExecutionCreateParams) (*store.Execution, error) {
	status := p.Status
	if status == "" {
		status = store.StatusRunning
	}
	_, err := t.exec(ctx, `INSERT INTO executions (`+sqlrow.ExecutionColumns+`, definition)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, '', '', ?, ?, ?, 0, 0, 0, ?, 1, ?, ?)`,
		p.ARN, p.StateMachineARN, p.VersionARN, p.AliasARN, p.Name, p.Type, status, p.Input,
		p.TraceHeader, p.ParentARN, sqlrow.Nanos(p.Now), p.Snapshot, p.MapRunARN, p.Definition)
	if err != nil {
		return nil, fmt.Errorf("execution %s: %w", p.ARN, err)
	}
	return &store.Execution{
		ARN: p.ARN, StateMachineARN: p.StateMachineARN, VersionARN: p.VersionARN, AliasARN: p.AliasARN,
		Name: p.Name, Type: p.Type, Status: status, Input: clone(p.Input), TraceHeader: p.TraceHeader,
		ParentARN: p.ParentARN, MapRunARN: p.MapRunARN, StartDate: store.FromUnixNanos(sqlrow.Nanos(p.Now)), Snapshot: clone(p.Snapshot), Version: 1,
		Definition: clone(p.Definition),
	}, nil
}

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte{}, b...)
}

func (t *tx) ExecutionGet(ctx context.Context, p *store.ExecutionGetParams) (*store.Execution, error) {
	var definition []byte
	e, err := sqlrow.Execution(t.q.QueryRowContext(ctx, `SELECT `+sqlrow.ExecutionColumns+`, definition FROM executions WHERE arn = ?`, p.ARN), &definition)
	if err == nil && len(definition) > 0 {
		e.Definition = definition
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("execution", p.ARN)
	}
	return e, mapErr(err)
}

// ExecutionUpdate is on the hot path: one UPDATE; the row is read again
// only when the version check failed, to tell a conflict from a missing
// execution.
func (t *tx) ExecutionUpdate(ctx context.Context, p *store.ExecutionUpdateParams) (int64, error) {
	n, err := t.exec(ctx, `UPDATE executions SET snapshot = ?, status = ?, stop_date = ?, output = ?, error = ?,
		cause = ?, redrive_count = ?, redrive_date = ?, version = version + 1 WHERE arn = ? AND version = ?`,
		p.Snapshot, p.Status, sqlrow.Nanos(p.StopDate), p.Output, p.Error, p.Cause, p.RedriveCount, sqlrow.Nanos(p.RedriveDate),
		p.ARN, p.ExpectedVersion)
	if err != nil {
		return 0, err
	}
	if n == 1 {
		return p.ExpectedVersion + 1, nil
	}
	var version int64
	err = t.q.QueryRowContext(ctx, `SELECT version FROM executions WHERE arn = ?`, p.ARN).Scan(&version)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, notFound("execution", p.ARN)
	}
	if err != nil {
		return 0, mapErr(err)
	}
	return 0, conflict(fmt.Sprintf("execution %s version %d, expected %d", p.ARN, version, p.ExpectedVersion))
}

func (t *tx) ExecutionList(ctx context.Context, p *store.ExecutionListParams) (*store.Page[store.Execution], error) {
	var where []string
	var args []any
	add := func(cond string, arg ...any) {
		where = append(where, cond)
		args = append(args, arg...)
	}
	switch {
	case p.StateMachineARN != "":
		add("state_machine_arn = ?", p.StateMachineARN)
	case p.VersionARN != "":
		add("version_arn = ?", p.VersionARN)
	case p.AliasARN != "":
		add("alias_arn = ?", p.AliasARN)
	case p.MapRunARN != "":
		add("map_run_arn = ? AND map_run_arn != ''", p.MapRunARN) // the second term lets the partial index serve
	}
	// A second filter narrows without choosing the index.
	if p.StateMachineARN != "" && p.VersionARN != "" {
		add("version_arn = ?", p.VersionARN)
	}
	if (p.StateMachineARN != "" || p.VersionARN != "") && p.AliasARN != "" {
		add("alias_arn = ?", p.AliasARN)
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
	q += " ORDER BY start_date DESC, arn DESC LIMIT ?"
	args = append(args, limit+1)
	rows, err := t.q.QueryContext(ctx, q, args...)
	return listRows(rows, err, limit, func(r sqlrow.Scanner) (*store.Execution, error) { return sqlrow.Execution(r) }, func(e *store.Execution) string {
		return store.TimeKeyCursor(e.StartDate, e.ARN)
	})
}

// ExecutionPurge finds the oldest closed executions, then deletes their
// rows table by table; the outbox and task tokens keep no per-execution
// index, so each is scanned once per call with the whole batch of ARNs.
func (t *tx) ExecutionPurge(ctx context.Context, p *store.ExecutionPurgeParams) (int, error) {
	rs, err := t.q.QueryContext(ctx, `SELECT arn FROM executions WHERE stop_date > 0 AND stop_date < ?
		ORDER BY stop_date, arn LIMIT ?`, sqlrow.Nanos(p.StoppedBefore), store.ListLimit(p.Limit))
	if err != nil {
		return 0, mapErr(err)
	}
	var arns []string
	for rs.Next() {
		var arn string
		if err := rs.Scan(&arn); err != nil {
			rs.Close()
			return 0, mapErr(err)
		}
		arns = append(arns, arn)
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return 0, mapErr(err)
	}
	if len(arns) == 0 {
		return 0, nil
	}
	list, err := json.Marshal(arns)
	if err != nil {
		return 0, err
	}
	for _, q := range []string{
		`DELETE FROM outbox WHERE execution_arn IN (SELECT value FROM json_each(?))`,
		`DELETE FROM task_tokens WHERE execution_arn IN (SELECT value FROM json_each(?))`,
	} {
		if _, err := t.exec(ctx, q, string(list)); err != nil {
			return 0, err
		}
	}
	for _, arn := range arns {
		for _, q := range []string{
			`DELETE FROM events WHERE execution_arn = ?`,
			`DELETE FROM activity_tasks WHERE execution_arn = ?`,
			`DELETE FROM map_runs WHERE execution_arn = ?`,
			`DELETE FROM executions WHERE arn = ?`,
		} {
			if _, err := t.exec(ctx, q, arn); err != nil {
				return 0, err
			}
		}
	}
	return len(arns), nil
}

// ExecutionDelete removes one execution the way ExecutionPurge does.
func (t *tx) ExecutionDelete(ctx context.Context, p *store.ExecutionDeleteParams) error {
	n, err := t.exec(ctx, `DELETE FROM executions WHERE arn = ?`, p.ARN)
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound("execution", p.ARN)
	}
	for _, q := range []string{
		`DELETE FROM events WHERE execution_arn = ?`,
		`DELETE FROM activity_tasks WHERE execution_arn = ?`,
		`DELETE FROM outbox WHERE execution_arn = ?`,
		`DELETE FROM task_tokens WHERE execution_arn = ?`,
		`DELETE FROM map_runs WHERE execution_arn = ?`,
	} {
		if _, err := t.exec(ctx, q, p.ARN); err != nil {
			return err
		}
	}
	return nil
}
