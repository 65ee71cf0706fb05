package postgres

import (
	"context"
	"fmt"

	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/sqlrow"
)

// EventAppend is one statement on the success path (it runs in every
// transition): it reads the last id and whether the execution exists, and
// inserts the batch over arrays only if the batch continues the history;
// the ids' contiguity within the batch is checked here first. ON CONFLICT
// DO NOTHING turns a concurrent append that got there first into fewer
// rows inserted instead of an aborted transaction; the rows this call did
// insert are then deleted again, so a failed append appends nothing.
func (t *tx) EventAppend(ctx context.Context, p *store.EventAppendParams) error {
	n := len(p.Events)
	ids := make([]int64, n)
	types := make([]string, n)
	stamps := make([]int64, n)
	data := make([][]byte, n)
	for i, e := range p.Events {
		ids[i], types[i], stamps[i], data[i] = e.ID, e.Type, sqlrow.Nanos(e.Timestamp), e.Data
	}
	first := int64(0)
	if n > 0 {
		first = ids[0]
	}
	var last int64
	var exists bool
	var inserted []int64
	err := t.q.QueryRow(ctx, `WITH state AS (
			SELECT COALESCE((SELECT MAX(id) FROM events WHERE execution_arn = $1), 0) AS last,
				EXISTS (SELECT 1 FROM executions WHERE arn = $1) AS found
		), ins AS (
			INSERT INTO events (execution_arn, id, type, "timestamp", data)
			SELECT $1, e.* FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::bytea[]) AS e, state
			WHERE state.found AND state.last + 1 = $6 AND $7
			ON CONFLICT DO NOTHING RETURNING id
		)
		SELECT last, found, COALESCE((SELECT array_agg(id) FROM ins), '{}') FROM state`,
		p.ExecutionARN, ids, types, stamps, data, first, contiguous(ids)).Scan(&last, &exists, &inserted)
	if err != nil {
		return t.err(err)
	}
	if !exists {
		return notFound("execution", p.ExecutionARN)
	}
	for i, id := range ids {
		if want := last + 1 + int64(i); id != want {
			return conflict(fmt.Sprintf("execution %s: event id %d, want %d", p.ExecutionARN, id, want))
		}
	}
	if len(inserted) == n {
		return nil
	}
	if len(inserted) > 0 {
		if _, err := t.exec(ctx, `DELETE FROM events WHERE execution_arn = $1 AND id = ANY($2)`, p.ExecutionARN, inserted); err != nil {
			return err
		}
	}
	return conflict(fmt.Sprintf("execution %s: events from %d appended concurrently", p.ExecutionARN, last+1))
}

// contiguous reports whether ids go up by one.
func contiguous(ids []int64) bool {
	for i := 1; i < len(ids); i++ {
		if ids[i] != ids[i-1]+1 {
			return false
		}
	}
	return true
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
	rows, err := t.q.Query(ctx, `SELECT id, type, "timestamp", data FROM events
		WHERE execution_arn = $1 AND id >= $2 AND id <= $3 ORDER BY id `+order+` LIMIT $4`,
		p.ExecutionARN, p.FromID, to, store.ListLimit(p.Limit))
	return collect(t, rows, err, func(r sqlrow.Scanner) (*store.Event, error) {
		var e store.Event
		err := r.Scan(&e.ID, &e.Type, sqlrow.Time(&e.Timestamp), &e.Data)
		return &e, err
	})
}

func (t *tx) EventCount(ctx context.Context, p *store.EventCountParams) (int64, error) {
	var n int64
	err := t.q.QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM events WHERE execution_arn = $1`, p.ExecutionARN).Scan(&n)
	return n, t.err(err)
}
