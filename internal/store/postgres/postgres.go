package postgres

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/stepd/stepd/internal/store"
)

// Options tune a Store. The zero value is the safe default.
type Options struct {
	// Schema, if set, is the one schema the store uses (its search_path),
	// created on Open if missing. Empty uses the URL's or server's
	// search_path (normally public).
	Schema string
	// MaxConns caps the pool's connections, i.e. how many transactions
	// run at once. Default: pgxpool's (the larger of 4 and the CPU count)
	// or the URL's pool_max_conns.
	MaxConns int32
	// Retries is how many times a transaction that failed with a
	// serialization failure or a deadlock runs again before the error is
	// returned. Default RetriesDefault; negative for none.
	Retries int
}

// RetriesDefault is Options.Retries' default.
const RetriesDefault = 5

var errClosed = errors.New("postgres store: closed")

// Store is a PostgreSQL-backed store.Store.
type Store struct {
	url    string
	opts   Options
	pool   *pgxpool.Pool
	schema string // the schema in use (Options.Schema or the search_path's)

	mu     sync.RWMutex // guards closed against Close racing with Begin
	closed bool

	transactions atomic.Int64
	retries      atomic.Int64
}

// Stats counts the store's work since Open.
type Stats struct {
	// Transactions is the number of write transactions committed.
	Transactions int64
	// Retries is the number of write transactions run again after a
	// serialization failure or deadlock.
	Retries int64
}

// Stats returns the store's counters.
func (s *Store) Stats() Stats {
	return Stats{Transactions: s.transactions.Load(), Retries: s.retries.Load()}
}

// URL is the connection URL the store was opened with.
func (s *Store) URL() string { return s.url }

// Options are the options the store was opened with.
func (s *Store) Options() Options { return s.opts }

// Pool is the store's connection pool, for tools and tests.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Open connects to the database at url (a postgres:// URL or a key=value
// DSN) and applies any pending migrations.
func Open(ctx context.Context, url string, opts Options) (*Store, error) {
	if opts.Retries == 0 {
		opts.Retries = RetriesDefault
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres store: %w", err)
	}
	if opts.Schema != "" {
		cfg.ConnConfig.RuntimeParams["search_path"] = pgx.Identifier{opts.Schema}.Sanitize()
	}
	if opts.MaxConns > 0 {
		cfg.MaxConns = opts.MaxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres store: %w", err)
	}
	if err := migrate(ctx, pool, opts.Schema); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres store: migrate: %w", err)
	}
	var schema string
	if err := pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres store: %w", err)
	}
	return &Store{url: url, opts: opts, pool: pool, schema: schema}, nil
}

// Tx runs fn in one READ COMMITTED transaction: stronger levels would make
// concurrent outbox claims fail with serialization failures instead of
// skipping each other's rows (see the package comment for what guards each
// write). A serialization failure or deadlock anywhere in it (even one fn
// swallowed) rolls it back and runs fn again, up to Options.Retries times,
// after a short random pause so the racing transactions do not collide
// again in step. So fn may run more than once: it should only read and
// write through its Tx and set variables it overwrites on each run. At READ
// COMMITTED only deadlocks (two transactions locking the same rows in
// opposite orders) cause this.
func (s *Store) Tx(ctx context.Context, fn func(store.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for attempt := 0; ; attempt++ {
		err, again := s.run(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, fn)
		if !again || attempt >= s.opts.Retries {
			if err == nil {
				s.transactions.Add(1)
			}
			return err
		}
		s.retries.Add(1)
		pause := time.Duration(rand.Int64N(int64(time.Millisecond) << min(attempt, 6)))
		select {
		case <-ctx.Done():
			return err
		case <-time.After(pause):
		}
	}
}

// ReadTx runs fn in a REPEATABLE READ READ ONLY transaction: one snapshot
// for all of fn, and PostgreSQL itself refuses writes. Nothing in it can
// fail for a serialization reason, so it never retries.
func (s *Store) ReadTx(ctx context.Context, fn func(store.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err, _ := s.run(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, fn)
	return err
}

// run runs fn once in a transaction; again reports a failure worth a retry.
// A panic in fn rolls back (the deferred Rollback) and goes on up.
func (s *Store) run(ctx context.Context, opts pgx.TxOptions, fn func(store.Tx) error) (err error, again bool) {
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return errClosed, false
	}
	ptx, err := s.pool.BeginTx(ctx, opts)
	s.mu.RUnlock()
	if err != nil {
		return mapErr(err), retryable(err)
	}
	done := false
	defer func() {
		if !done {
			// Not ctx: a cancelled context must still end the transaction.
			_ = ptx.Rollback(context.Background())
		}
	}()
	t := &tx{q: ptx}
	if err := fn(t); err != nil {
		return err, t.retry || retryable(err)
	}
	if t.retry {
		// fn handled a serialization failure and went on, but PostgreSQL
		// aborted the transaction at that point: run it all again.
		return fmt.Errorf("postgres store: transaction aborted by a serialization failure"), true
	}
	err = ptx.Commit(ctx)
	done = true
	if err != nil {
		return mapErr(err), retryable(err)
	}
	return nil, false
}

// Close waits for transactions in progress and closes every connection.
// Transactions started after Close fail.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	s.pool.Close()
	return nil
}

var _ store.Store = (*Store)(nil)
