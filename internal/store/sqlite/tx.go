package sqlite

import (
	"context"

	"github.com/stepd/stepd/internal/store"
)

// tx implements store.Tx over a querier.
type tx struct{ q querier }

var _ store.Tx = (*tx)(nil)

// exec runs a statement and maps its error.
func (t *tx) exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := t.q.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, mapErr(err)
	}
	return res.RowsAffected()
}
