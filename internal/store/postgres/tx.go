package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/sqlrow"
)

// tx implements store.Tx over one pgx transaction.
type tx struct {
	q pgx.Tx
	// retry is set when a statement failed with a serialization failure
	// or deadlock: PostgreSQL has aborted the transaction, so Store.Tx
	// runs it again whatever fn made of the error.
	retry bool
}

var _ store.Tx = (*tx)(nil)

// err maps a statement's error and notes whether it calls for a retry.
func (t *tx) err(err error) error {
	if err != nil && retryable(err) {
		t.retry = true
	}
	return mapErr(err)
}

// exec runs a statement and returns how many rows it touched.
func (t *tx) exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := t.q.Exec(ctx, query, args...)
	if err != nil {
		return 0, t.err(err)
	}
	return tag.RowsAffected(), nil
}

// listRows reads a page query (which selects limit+1 rows) into a page,
// with Next computed from the last row kept.
func listRows[T any](t *tx, rows pgx.Rows, err error, limit int, scan func(sqlrow.Scanner) (*T, error), next func(*T) string) (*store.Page[T], error) {
	if err != nil {
		return nil, t.err(err)
	}
	defer rows.Close()
	page := &store.Page[T]{Items: []T{}}
	for rows.Next() {
		item, err := scan(rows)
		if err != nil {
			return nil, t.err(err)
		}
		if len(page.Items) == limit {
			page.Next = next(&page.Items[limit-1])
			break
		}
		page.Items = append(page.Items, *item)
	}
	rows.Close()
	return page, t.err(rows.Err())
}

// collect reads every row of a query with scan.
func collect[T any](t *tx, rows pgx.Rows, err error, scan func(sqlrow.Scanner) (*T, error)) ([]T, error) {
	if err != nil {
		return nil, t.err(err)
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		item, err := scan(rows)
		if err != nil {
			return nil, t.err(err)
		}
		out = append(out, *item)
	}
	rows.Close()
	return out, t.err(rows.Err())
}

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte{}, b...)
}
