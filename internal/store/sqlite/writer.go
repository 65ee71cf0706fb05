package sqlite

import (
	"context"
	"database/sql"
)

// querier is what a tx runs statements on: the writer connection (with its
// statement cache) or a reader's *sql.Tx.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// writer is the single write connection. Only the write loop (and Open,
// before it starts) uses it, so the statement cache needs no lock.
//
// Its statements ignore the caller's context on purpose: cancelling one
// would sqlite3_interrupt the connection, and SQLite answers an interrupted
// write inside an explicit transaction by rolling back the whole batch.
// Cancellation is checked before a transaction starts instead.
type writer struct {
	conn  *sql.Conn
	stmts map[string]*sql.Stmt
}

func (w *writer) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := w.stmts[query]; ok {
		return st, nil
	}
	st, err := w.conn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	w.stmts[query] = st
	return st, nil
}

func (w *writer) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return w.ExecContext(ctx, query, args...)
}

func (w *writer) ExecContext(_ context.Context, query string, args ...any) (sql.Result, error) {
	ctx := context.Background()
	st, err := w.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (w *writer) QueryContext(_ context.Context, query string, args ...any) (*sql.Rows, error) {
	ctx := context.Background()
	st, err := w.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (w *writer) QueryRowContext(_ context.Context, query string, args ...any) *sql.Row {
	ctx := context.Background()
	st, err := w.stmt(ctx, query)
	if err != nil {
		// Surface the prepare error through Row.Scan.
		return w.conn.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

func (w *writer) close() {
	for _, st := range w.stmts {
		st.Close()
	}
	w.conn.Close()
}
