package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/jackc/pgx/v5"

	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/sqlrow"
)

// nullKey stores an empty key as NULL, so only non-empty keys are unique.
func nullKey(key string) *string {
	if key == "" {
		return nil
	}
	return &key
}

// OutboxInsert inserts every row with one statement over arrays, in input
// order (ORDER BY ord), so identity values come out increasing in that
// order. ON CONFLICT DO NOTHING keeps a taken key from aborting the
// PostgreSQL transaction; when a row was skipped, the rows this call did
// insert are deleted again, so a failed insert inserts nothing.
func (t *tx) OutboxInsert(ctx context.Context, p *store.OutboxInsertParams) ([]store.OutboxRow, error) {
	n := len(p.Rows)
	if n == 0 {
		return []store.OutboxRow{}, nil
	}
	kinds := make([]string, n)
	arns := make([]string, n)
	keys := make([]*string, n)
	payloads := make([][]byte, n)
	dues := make([]int64, n)
	for i, in := range p.Rows {
		due := in.DueAt
		if due.IsZero() {
			due = p.Now
		}
		kinds[i], arns[i], keys[i], payloads[i], dues[i] = in.Kind, in.ExecutionARN, nullKey(in.Key), in.Payload, sqlrow.Nanos(due)
	}
	rows, err := t.q.Query(ctx, `INSERT INTO outbox (kind, execution_arn, key, payload, due_at, created_at)
		SELECT kind, arn, key, payload, due, $6
		FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[], $5::bigint[]) WITH ORDINALITY AS r(kind, arn, key, payload, due, ord)
		ORDER BY ord
		ON CONFLICT DO NOTHING RETURNING id`, kinds, arns, keys, payloads, dues, sqlrow.Nanos(p.Now))
	if err != nil {
		return nil, t.err(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, t.err(err)
	}
	if len(ids) < n {
		if len(ids) > 0 {
			if _, err := t.exec(ctx, `DELETE FROM outbox WHERE id = ANY($1)`, ids); err != nil {
				return nil, err
			}
		}
		return nil, fmt.Errorf("outbox: %d of %d rows have a key already taken: %w", n-len(ids), n, store.ErrAlreadyExists)
	}
	slices.Sort(ids)
	out := make([]store.OutboxRow, n)
	for i, in := range p.Rows {
		out[i] = store.OutboxRow{
			ID: ids[i], Kind: in.Kind, ExecutionARN: in.ExecutionARN, Key: in.Key, Payload: clone(in.Payload),
			DueAt: store.FromUnixNanos(dues[i]), CreatedAt: store.FromUnixNanos(sqlrow.Nanos(p.Now)),
		}
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

// OutboxClaim locks the rows it picks with FOR UPDATE SKIP LOCKED: a row
// another node is claiming right now is skipped, not waited for, and at
// READ COMMITTED a row claimed and committed meanwhile fails the re-check
// that it is still unclaimed once locked, so no row is handed out twice and claims
// from many nodes proceed in parallel.
func (t *tx) OutboxClaim(ctx context.Context, p *store.OutboxClaimParams) ([]store.OutboxRow, error) {
	rows, err := t.q.Query(ctx, `WITH picked AS MATERIALIZED (
			SELECT id FROM outbox WHERE kind = $1 AND claimed_by = '' AND due_at <= $2
			ORDER BY due_at, id LIMIT $3 FOR UPDATE SKIP LOCKED
		)
		UPDATE outbox o SET claimed_by = $4, lease_until = $5, attempts = o.attempts + 1
		FROM picked WHERE o.id = picked.id
		RETURNING o.id, o.kind, o.execution_arn, COALESCE(o.key, ''), o.payload, o.due_at, o.created_at,
			o.claimed_by, o.lease_until, o.attempts`,
		p.Kind, sqlrow.Nanos(p.Now), store.ListLimit(p.Limit), p.Worker, sqlrow.Nanos(p.LeaseUntil))
	out, err := collect(t, rows, err, sqlrow.OutboxRow)
	sortDue(out)
	return out, err
}

func (t *tx) OutboxComplete(ctx context.Context, p *store.OutboxCompleteParams) error {
	n, err := t.exec(ctx, `DELETE FROM outbox WHERE id = $1 AND claimed_by = $2 AND claimed_by != ''`, p.ID, p.Worker)
	if err != nil || n == 1 {
		return err
	}
	return t.claimMiss(ctx, p.ID, p.Worker)
}

func (t *tx) OutboxExtend(ctx context.Context, p *store.OutboxExtendParams) error {
	n, err := t.exec(ctx, `UPDATE outbox SET lease_until = $1 WHERE id = $2 AND claimed_by = $3 AND claimed_by != ''`,
		sqlrow.Nanos(p.LeaseUntil), p.ID, p.Worker)
	if err != nil || n == 1 {
		return err
	}
	return t.claimMiss(ctx, p.ID, p.Worker)
}

// claimMiss explains why a claimed-row operation matched nothing.
func (t *tx) claimMiss(ctx context.Context, id int64, worker string) error {
	var holder string
	err := t.q.QueryRow(ctx, `SELECT claimed_by FROM outbox WHERE id = $1`, id).Scan(&holder)
	if errors.Is(err, pgx.ErrNoRows) {
		return notFound("outbox row", fmt.Sprint(id))
	}
	if err != nil {
		return t.err(err)
	}
	return conflict(fmt.Sprintf("outbox row %d claimed by %q, not %q", id, holder, worker))
}

func (t *tx) OutboxDelete(ctx context.Context, p *store.OutboxDeleteParams) (int, error) {
	if p.ID != 0 {
		n, err := t.exec(ctx, `DELETE FROM outbox WHERE id = $1`, p.ID)
		if err == nil && n == 0 {
			return 0, notFound("outbox row", fmt.Sprint(p.ID))
		}
		return int(n), err
	}
	q, args := `DELETE FROM outbox WHERE execution_arn = $1`, []any{p.ExecutionARN}
	if p.Kind != "" {
		args = append(args, p.Kind)
		q += fmt.Sprintf(` AND kind = $%d`, len(args))
	}
	if p.Key != "" {
		args = append(args, p.Key)
		q += fmt.Sprintf(` AND key = $%d`, len(args))
	}
	n, err := t.exec(ctx, q, args...)
	return int(n), err
}

func (t *tx) OutboxReleaseExpired(ctx context.Context, p *store.OutboxReleaseExpiredParams) (int, error) {
	n, err := t.exec(ctx, `UPDATE outbox SET claimed_by = '', lease_until = 0 WHERE claimed_by != '' AND lease_until <= $1`, sqlrow.Nanos(p.Now))
	return int(n), err
}

func (t *tx) TimerDue(ctx context.Context, p *store.TimerDueParams) ([]store.OutboxRow, error) {
	rows, err := t.q.Query(ctx, `SELECT `+sqlrow.OutboxColumns+` FROM outbox
		WHERE kind = $1 AND claimed_by = '' AND due_at <= $2 ORDER BY due_at, id LIMIT $3`,
		store.OutboxKindTimer, sqlrow.Nanos(p.Now), store.ListLimit(p.Limit))
	return collect(t, rows, err, sqlrow.OutboxRow)
}

func (t *tx) TimerNext(ctx context.Context, p *store.TimerNextParams) ([]store.TimerRef, error) {
	rows, err := t.q.Query(ctx, `SELECT due_at, id FROM outbox
		WHERE kind = $1 AND claimed_by = '' AND (due_at, id) > ($2, $3) ORDER BY due_at, id LIMIT $4`,
		store.OutboxKindTimer, sqlrow.Nanos(p.After.DueAt), p.After.ID, store.ListLimit(p.Limit))
	return collect(t, rows, err, func(r sqlrow.Scanner) (*store.TimerRef, error) {
		var ref store.TimerRef
		err := r.Scan(sqlrow.Time(&ref.DueAt), &ref.ID)
		return &ref, err
	})
}
