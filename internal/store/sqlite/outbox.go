package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"

	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/sqlrow"
)

func scanRows(rows rows, err error) ([]store.OutboxRow, error) {
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := []store.OutboxRow{}
	for rows.Next() {
		o, err := sqlrow.OutboxRow(rows)
		if err != nil {
			return nil, mapErr(err)
		}
		out = append(out, *o)
	}
	return out, mapErr(rows.Err())
}

// nullKey stores an empty key as NULL, so only non-empty keys are unique.
func nullKey(key string) any {
	if key == "" {
		return nil
	}
	return key
}

func (t *tx) OutboxInsert(ctx context.Context, p *store.OutboxInsertParams) ([]store.OutboxRow, error) {
	out := make([]store.OutboxRow, 0, len(p.Rows))
	for _, in := range p.Rows {
		due := in.DueAt
		if due.IsZero() {
			due = p.Now
		}
		res, err := t.q.ExecContext(ctx, `INSERT INTO outbox (kind, execution_arn, key, payload, due_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, in.Kind, in.ExecutionARN, nullKey(in.Key), in.Payload, sqlrow.Nanos(due), sqlrow.Nanos(p.Now))
		if err != nil {
			return nil, fmt.Errorf("outbox %s %s %s: %w", in.Kind, in.ExecutionARN, in.Key, mapErr(err))
		}
		id, err := res.LastInsertId()
		if err != nil {
			return nil, err
		}
		out = append(out, store.OutboxRow{
			ID: id, Kind: in.Kind, ExecutionARN: in.ExecutionARN, Key: in.Key, Payload: clone(in.Payload),
			DueAt: store.FromUnixNanos(sqlrow.Nanos(due)), CreatedAt: store.FromUnixNanos(sqlrow.Nanos(p.Now)),
		})
	}
	return out, nil
}

func sortDue(rows []store.OutboxRow) {
	sort.Slice(rows, func(i, j int) bool {
		if !rows[i].DueAt.Equal(rows[j].DueAt) {
			return rows[i].DueAt.Before(rows[j].DueAt)
		}
		return rows[i].ID < rows[j].ID
	})
}

// OutboxClaim needs no row locks: the single writer serialises claims.
func (t *tx) OutboxClaim(ctx context.Context, p *store.OutboxClaimParams) ([]store.OutboxRow, error) {
	rows, err := scanRows(t.q.QueryContext(ctx, `UPDATE outbox SET claimed_by = ?, lease_until = ?, attempts = attempts + 1
		WHERE id IN (SELECT id FROM outbox WHERE kind = ? AND claimed_by = '' AND due_at <= ? ORDER BY due_at, id LIMIT ?)
		RETURNING `+sqlrow.OutboxColumns, p.Worker, sqlrow.Nanos(p.LeaseUntil), p.Kind, sqlrow.Nanos(p.Now), store.ListLimit(p.Limit)))
	sortDue(rows)
	return rows, err
}

func (t *tx) OutboxComplete(ctx context.Context, p *store.OutboxCompleteParams) error {
	n, err := t.exec(ctx, `DELETE FROM outbox WHERE id = ? AND claimed_by = ? AND claimed_by != ''`, p.ID, p.Worker)
	if err != nil || n == 1 {
		return err
	}
	return t.claimMiss(ctx, p.ID, p.Worker)
}

func (t *tx) OutboxExtend(ctx context.Context, p *store.OutboxExtendParams) error {
	n, err := t.exec(ctx, `UPDATE outbox SET lease_until = ? WHERE id = ? AND claimed_by = ? AND claimed_by != ''`,
		sqlrow.Nanos(p.LeaseUntil), p.ID, p.Worker)
	if err != nil || n == 1 {
		return err
	}
	return t.claimMiss(ctx, p.ID, p.Worker)
}

// claimMiss explains why a claimed-row operation matched nothing.
func (t *tx) claimMiss(ctx context.Context, id int64, worker string) error {
	var holder string
	err := t.q.QueryRowContext(ctx, `SELECT claimed_by FROM outbox WHERE id = ?`, id).Scan(&holder)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("outbox row", fmt.Sprint(id))
	}
	if err != nil {
		return mapErr(err)
	}
	return conflict(fmt.Sprintf("outbox row %d claimed by %q, not %q", id, holder, worker))
}

func (t *tx) OutboxDelete(ctx context.Context, p *store.OutboxDeleteParams) (int, error) {
	if p.ID != 0 {
		n, err := t.exec(ctx, `DELETE FROM outbox WHERE id = ?`, p.ID)
		if err == nil && n == 0 {
			return 0, notFound("outbox row", fmt.Sprint(p.ID))
		}
		return int(n), err
	}
	q, args := `DELETE FROM outbox WHERE execution_arn = ?`, []any{p.ExecutionARN}
	if p.Kind != "" {
		q, args = q+` AND kind = ?`, append(args, p.Kind)
	}
	if p.Key != "" {
		q, args = q+` AND key = ?`, append(args, p.Key)
	}
	n, err := t.exec(ctx, q, args...)
	return int(n), err
}

func (t *tx) OutboxReleaseExpired(ctx context.Context, p *store.OutboxReleaseExpiredParams) (int, error) {
	n, err := t.exec(ctx, `UPDATE outbox SET claimed_by = '', lease_until = 0 WHERE claimed_by != '' AND lease_until <= ?`, sqlrow.Nanos(p.Now))
	return int(n), err
}

func (t *tx) TimerDue(ctx context.Context, p *store.TimerDueParams) ([]store.OutboxRow, error) {
	return scanRows(t.q.QueryContext(ctx, `SELECT `+sqlrow.OutboxColumns+` FROM outbox
		WHERE kind = ? AND claimed_by = '' AND due_at <= ? ORDER BY due_at, id LIMIT ?`,
		store.OutboxKindTimer, sqlrow.Nanos(p.Now), store.ListLimit(p.Limit)))
}

func (t *tx) TimerNext(ctx context.Context, p *store.TimerNextParams) ([]store.TimerRef, error) {
	rows, err := t.q.QueryContext(ctx, `SELECT due_at, id FROM outbox
		WHERE kind = ? AND claimed_by = '' AND (due_at, id) > (?, ?) ORDER BY due_at, id LIMIT ?`,
		store.OutboxKindTimer, sqlrow.Nanos(p.After.DueAt), p.After.ID, store.ListLimit(p.Limit))
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := []store.TimerRef{}
	for rows.Next() {
		var r store.TimerRef
		if err := rows.Scan(sqlrow.Time(&r.DueAt), &r.ID); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, r)
	}
	return out, mapErr(rows.Err())
}
