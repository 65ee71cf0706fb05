package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"
	"strconv"

	"github.com/stepd/stepd/internal/store/sqlrow"
)

// rows is what a query returns: *sql.Rows for readers, driverRows for the
// writer.
type rows interface {
	Next() bool
	Scan(dest ...any) error
	Close() error
	Err() error
}

// querier is what a tx runs statements on: the writer connection or a
// reader's *sql.Tx.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) sqlrow.Scanner
}

// readQuerier adapts a reader's *sql.Tx.
type readQuerier struct{ tx *sql.Tx }

func (r readQuerier) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return r.tx.ExecContext(ctx, query, args...)
}

func (r readQuerier) QueryContext(ctx context.Context, query string, args ...any) (rows, error) {
	rs, err := r.tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return rs, nil
}

func (r readQuerier) QueryRowContext(ctx context.Context, query string, args ...any) sqlrow.Scanner {
	return r.tx.QueryRowContext(ctx, query, args...)
}

// writer is the single write connection. The write loop owns it: it runs
// inside (*sql.Conn).Raw for the store's lifetime and talks to the driver
// directly, skipping database/sql's per-statement locking and conversions
// on the hot path. Statements are prepared once and cached.
//
// Statements ignore the caller's context on purpose: cancelling one would
// sqlite3_interrupt the connection, and SQLite answers an interrupted write
// inside an explicit transaction by rolling back the whole batch.
// Cancellation is checked before a transaction starts instead.
type writer struct {
	conn  *sql.Conn // used through database/sql only outside the write loop
	dc    driver.ConnPrepareContext
	stmts map[string]driver.Stmt
	args  []driver.NamedValue
}

func (w *writer) stmt(query string) (driver.Stmt, error) {
	if st, ok := w.stmts[query]; ok {
		return st, nil
	}
	st, err := w.dc.PrepareContext(context.Background(), query)
	if err != nil {
		return nil, err
	}
	w.stmts[query] = st
	return st, nil
}

// bind converts args to driver values, reusing one buffer.
func (w *writer) bind(args []any) ([]driver.NamedValue, error) {
	w.args = w.args[:0]
	for i, a := range args {
		switch v := a.(type) {
		case int:
			a = int64(v)
		case nil, int64, string, []byte, bool, float64:
		default:
			return nil, fmt.Errorf("sqlite store: cannot bind %T", a)
		}
		w.args = append(w.args, driver.NamedValue{Ordinal: i + 1, Value: a})
	}
	return w.args, nil
}

func (w *writer) exec(query string, args ...any) (driver.Result, error) {
	st, err := w.stmt(query)
	if err != nil {
		return nil, err
	}
	nv, err := w.bind(args)
	if err != nil {
		return nil, err
	}
	return st.(driver.StmtExecContext).ExecContext(context.Background(), nv)
}

func (w *writer) ExecContext(_ context.Context, query string, args ...any) (sql.Result, error) {
	res, err := w.exec(query, args...)
	if err != nil {
		return nil, err
	}
	return res, nil
}

func (w *writer) QueryContext(_ context.Context, query string, args ...any) (rows, error) {
	st, err := w.stmt(query)
	if err != nil {
		return nil, err
	}
	nv, err := w.bind(args)
	if err != nil {
		return nil, err
	}
	dr, err := st.(driver.StmtQueryContext).QueryContext(context.Background(), nv)
	if err != nil {
		return nil, err
	}
	return &driverRows{r: dr, vals: make([]driver.Value, len(dr.Columns()))}, nil
}

func (w *writer) QueryRowContext(ctx context.Context, query string, args ...any) sqlrow.Scanner {
	rs, err := w.QueryContext(ctx, query, args...)
	return driverRow{rows: rs, err: err}
}

// closeStmts runs at the end of the write loop, while it still owns the
// connection.
func (w *writer) closeStmts() {
	for q, st := range w.stmts {
		st.Close()
		delete(w.stmts, q)
	}
}

// driverRows adapts driver.Rows to the rows interface.
type driverRows struct {
	r      driver.Rows
	vals   []driver.Value
	err    error
	closed bool
}

func (r *driverRows) Next() bool {
	if r.closed {
		return false
	}
	if err := r.r.Next(r.vals); err != nil {
		if err != io.EOF {
			r.err = err
		}
		r.Close()
		return false
	}
	return true
}

func (r *driverRows) Scan(dest ...any) error {
	if len(dest) != len(r.vals) {
		return fmt.Errorf("sqlite store: %d scan targets for %d columns", len(dest), len(r.vals))
	}
	for i, d := range dest {
		if err := assign(d, r.vals[i]); err != nil {
			return fmt.Errorf("sqlite store: column %d: %w", i, err)
		}
	}
	return nil
}

func (r *driverRows) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	return r.r.Close()
}

func (r *driverRows) Err() error { return r.err }

// driverRow is QueryRowContext's result: like *sql.Row, errors surface in
// Scan, and no row is sql.ErrNoRows.
type driverRow struct {
	rows rows
	err  error
}

func (r driverRow) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	defer r.rows.Close()
	if !r.rows.Next() {
		if err := r.rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	return r.rows.Scan(dest...)
}

// assign stores a driver value in a scan target, for the column types this
// package uses.
func assign(dest any, v driver.Value) error {
	switch d := dest.(type) {
	case sql.Scanner:
		return d.Scan(v)
	case *string:
		switch x := v.(type) {
		case string:
			*d = x
		case []byte:
			*d = string(x)
		case int64:
			*d = strconv.FormatInt(x, 10)
		case nil:
			*d = ""
		default:
			return fmt.Errorf("cannot scan %T into string", v)
		}
	case *[]byte:
		switch x := v.(type) {
		case []byte:
			*d = append([]byte{}, x...)
		case string:
			*d = []byte(x)
		case nil:
			*d = nil
		default:
			return fmt.Errorf("cannot scan %T into []byte", v)
		}
	case *int64:
		x, ok := v.(int64)
		if !ok {
			return fmt.Errorf("cannot scan %T into int64", v)
		}
		*d = x
	case *int:
		x, ok := v.(int64)
		if !ok {
			return fmt.Errorf("cannot scan %T into int", v)
		}
		*d = int(x)
	case *bool:
		x, ok := v.(int64)
		if !ok {
			return fmt.Errorf("cannot scan %T into bool", v)
		}
		*d = x != 0
	default:
		return fmt.Errorf("cannot scan into %T", dest)
	}
	return nil
}
