package sqlite

import (
	"context"
	"time"

	"github.com/stepd/stepd/internal/store"
)

// tx implements store.Tx over a querier.
type tx struct{ q querier }

var _ store.Tx = (*tx)(nil)

func ns(t time.Time) int64 { return store.UnixNanos(t) }

// timeCol scans an INTEGER nanosecond column into a time.Time.
type timeCol struct{ t *time.Time }

func (c timeCol) Scan(v any) error {
	n, _ := v.(int64)
	*c.t = store.FromUnixNanos(n)
	return nil
}

func at(t *time.Time) timeCol { return timeCol{t} }

// exec runs a statement and maps its error.
func (t *tx) exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := t.q.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, mapErr(err)
	}
	return res.RowsAffected()
}
