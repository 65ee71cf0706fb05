package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/sqlrow"
)

// EventAppend reads the last id (and, for an empty history, checks the
// execution exists), then inserts the batch with one multi-row INSERT (the
// unique index would refuse an overlap anyway).
func (t *tx) EventAppend(ctx context.Context, p *store.EventAppendParams) error {
	var last int64
	err := t.q.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM events WHERE execution_arn = ?`, p.ExecutionARN).Scan(&last)
	if err != nil {
		return mapErr(err)
	}
	// Events exist only for executions that do (deleting an execution
	// deletes its events), so only an empty history needs the check.
	if last == 0 {
		var exists bool
		err := t.q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM executions WHERE arn = ?)`, p.ExecutionARN).Scan(&exists)
		if err != nil {
			return mapErr(err)
		}
		if !exists {
			return notFound("execution", p.ExecutionARN)
		}
	}
	for i, e := range p.Events {
		if want := last + 1 + int64(i); e.ID != want {
			return conflict(fmt.Sprintf("execution %s: event id %d, want %d", p.ExecutionARN, e.ID, want))
		}
	}
	for len(p.Events) > 0 {
		// Bounded chunks keep the statement cache small and under SQLite's
		// variable limit.
		n := min(len(p.Events), 64)
		args := make([]any, 0, 5*n)
		for _, e := range p.Events[:n] {
			args = append(args, p.ExecutionARN, e.ID, e.Type, sqlrow.Nanos(e.Timestamp), e.Data)
		}
		q := `INSERT INTO events (execution_arn, id, type, timestamp, data) VALUES ` +
			strings.Repeat("(?, ?, ?, ?, ?), ", n-1) + "(?, ?, ?, ?, ?)"
		if _, err := t.exec(ctx, q, args...); err != nil {
			return err
		}
		p = &store.EventAppendParams{ExecutionARN: p.ExecutionARN, Events: p.Events[n:]}
	}
	return nil
}

func (t *tx) EventList(ctx context.Context, p *store.EventListParams) ([]store.Event, error) {
	to := p.ToID
	if to <= 0 {
		to = 1<<63 - 1
	}
	order := "ASC"
	if p.Reverse {
		order = "DESC"
	}
	rows, err := t.q.QueryContext(ctx, `SELECT id, type, timestamp, data FROM events
		WHERE execution_arn = ? AND id >= ? AND id <= ? ORDER BY id `+order+` LIMIT ?`,
		p.ExecutionARN, p.FromID, to, store.ListLimit(p.Limit))
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := []store.Event{}
	for rows.Next() {
		var e store.Event
		if err := rows.Scan(&e.ID, &e.Type, sqlrow.Time(&e.Timestamp), &e.Data); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, e)
	}
	return out, mapErr(rows.Err())
}

func (t *tx) EventCount(ctx context.Context, p *store.EventCountParams) (int64, error) {
	var n int64
	err := t.q.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM events WHERE execution_arn = ?`, p.ExecutionARN).Scan(&n)
	return n, mapErr(err)
}
