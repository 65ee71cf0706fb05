package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/stepd/stepd/internal/store"
)

// Options tune a Store. The zero value is the safe default.
type Options struct {
	// Synchronous is SQLite's synchronous pragma: "FULL" (default: every
	// commit is fsynced), "NORMAL" (WAL commits may be lost on power
	// failure, never corrupted) or "OFF".
	Synchronous string
	// BusyTimeout is how long a connection waits for a lock held by another
	// process before failing. Default BusyTimeoutDefault.
	BusyTimeout time.Duration
	// Readers is the size of the read-only connection pool. Default
	// ReadersDefault.
	Readers int
	// MaxBatch caps how many transactions share one commit. Default
	// MaxBatchDefault.
	MaxBatch int
	// CheckpointInterval is the least time between two WAL checkpoints,
	// which run on their own connection so the writer never pays for
	// them. Default CheckpointIntervalDefault.
	CheckpointInterval time.Duration
}

// Defaults for Options.
const (
	BusyTimeoutDefault = 5 * time.Second
	ReadersDefault     = 4
	MaxBatchDefault    = 512

	CheckpointIntervalDefault = 100 * time.Millisecond
)

var errClosed = errors.New("sqlite store: closed")

// Store is a SQLite-backed store.Store.
type Store struct {
	path     string
	writerDB *sql.DB
	readers  *sql.DB
	writer   *writer

	mu       sync.RWMutex // guards closed and sends on requests
	closed   bool
	requests chan *request
	done     chan struct{} // closed when the writer goroutine exits

	checkpointDB  *sql.DB
	committed     chan struct{} // signals the checkpointer that the WAL grew
	closing       chan struct{} // closed when Close starts
	checkpointEnd chan struct{} // closed when the checkpointer exits

	commits      atomic.Int64
	transactions atomic.Int64
}

// Stats counts the writer's work since Open.
type Stats struct {
	// Commits is the number of SQLite transactions committed, i.e. fsyncs of
	// the WAL under synchronous=FULL.
	Commits int64
	// Transactions is the number of logical write transactions run.
	Transactions int64
}

// Path is the database file's path.
func (s *Store) Path() string { return s.path }

// Stats returns the writer's counters.
func (s *Store) Stats() Stats {
	return Stats{Commits: s.commits.Load(), Transactions: s.transactions.Load()}
}

// Open opens (creating if needed) the database file at path and applies any
// pending migrations.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	if opts.Synchronous == "" {
		opts.Synchronous = "FULL"
	}
	if opts.BusyTimeout <= 0 {
		opts.BusyTimeout = BusyTimeoutDefault
	}
	if opts.Readers <= 0 {
		opts.Readers = ReadersDefault
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = MaxBatchDefault
	}
	if opts.CheckpointInterval <= 0 {
		opts.CheckpointInterval = CheckpointIntervalDefault
	}
	dsn := func(role string) string {
		q := url.Values{}
		q.Set("_busy_timeout", strconv.FormatInt(opts.BusyTimeout.Milliseconds(), 10))
		q.Set("_journal_mode", "WAL")
		q.Set("_synchronous", opts.Synchronous)
		// Savepoint sub-journals stay in memory instead of a temporary file
		// written page by page; a larger page cache keeps big batches from
		// spilling to the WAL before they commit.
		q.Add("_pragma", "temp_store(MEMORY)")
		q.Add("_pragma", "cache_size(-65536)")
		switch role {
		case "reader":
			q.Set("_query_only", "1")
		case "writer":
			// The checkpointer does this work off the writer's thread.
			q.Add("_pragma", "wal_autocheckpoint(0)")
		}
		return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	}
	writerDB, err := sql.Open("sqlite", dsn("writer"))
	if err != nil {
		return nil, err
	}
	writerDB.SetMaxOpenConns(1)
	writerDB.SetConnMaxIdleTime(0)
	writerDB.SetConnMaxLifetime(0)
	conn, err := writerDB.Conn(ctx)
	if err != nil {
		writerDB.Close()
		return nil, fmt.Errorf("sqlite store: open %s: %w", path, err)
	}
	w := &writer{conn: conn, stmts: map[string]driver.Stmt{}}
	if err := migrate(ctx, w); err != nil {
		w.conn.Close()
		writerDB.Close()
		return nil, fmt.Errorf("sqlite store: migrate %s: %w", path, err)
	}
	readers, err := sql.Open("sqlite", dsn("reader"))
	if err != nil {
		w.conn.Close()
		writerDB.Close()
		return nil, err
	}
	checkpointDB, err := sql.Open("sqlite", dsn("checkpointer"))
	if err != nil {
		readers.Close()
		w.conn.Close()
		writerDB.Close()
		return nil, err
	}
	checkpointDB.SetMaxOpenConns(1)
	readers.SetMaxOpenConns(opts.Readers)
	readers.SetMaxIdleConns(opts.Readers)
	s := &Store{
		path: path, writerDB: writerDB, readers: readers, writer: w, checkpointDB: checkpointDB,
		requests:      make(chan *request, opts.MaxBatch),
		done:          make(chan struct{}),
		committed:     make(chan struct{}, 1),
		closing:       make(chan struct{}),
		checkpointEnd: make(chan struct{}),
	}
	go s.writeLoop(opts.MaxBatch)
	go s.checkpointLoop(opts.CheckpointInterval)
	return s, nil
}

// request is one logical write transaction waiting for the writer.
type request struct {
	ctx  context.Context
	fn   func(store.Tx) error
	err  error
	pnc  any // a panic raised by fn, re-raised in the caller
	done chan struct{}
}

var requestPool = sync.Pool{New: func() any { return &request{done: make(chan struct{}, 1)} }}

// Tx queues fn for the writer and waits for its batch to commit.
func (s *Store) Tx(ctx context.Context, fn func(store.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r := requestPool.Get().(*request)
	r.ctx, r.fn = ctx, fn
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		requestPool.Put(r)
		return errClosed
	}
	s.requests <- r
	s.mu.RUnlock()
	<-r.done
	err, pnc := r.err, r.pnc
	*r = request{done: r.done}
	requestPool.Put(r)
	if pnc != nil {
		panic(pnc)
	}
	return err
}

// ReadTx runs fn in a deferred transaction on a reader connection; WAL gives
// it a consistent snapshot.
func (s *Store) ReadTx(ctx context.Context, fn func(store.Tx) error) error {
	s.mu.RLock()
	closed := s.closed
	s.mu.RUnlock()
	if closed {
		return errClosed
	}
	sqlTx, err := s.readers.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return mapErr(err)
	}
	defer sqlTx.Rollback()
	return fn(&tx{q: readQuerier{sqlTx}})
}

// Close lets queued transactions finish, stops the writer and closes every
// connection.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.closing)
	close(s.requests)
	s.mu.Unlock()
	<-s.done
	close(s.committed)
	<-s.checkpointEnd
	// Fold the WAL back into the database so the file stands alone.
	_, ckErr := s.writer.conn.ExecContext(context.Background(), "PRAGMA wal_checkpoint(TRUNCATE)")
	s.writer.conn.Close()
	return errors.Join(ckErr, s.checkpointDB.Close(), s.readers.Close(), s.writerDB.Close())
}

// writeLoop runs batches until requests is closed: it blocks for one
// request, then takes whatever else is already queued, without waiting.
func (s *Store) writeLoop(maxBatch int) {
	defer close(s.done)
	err := s.writer.conn.Raw(func(dc any) error {
		s.writer.dc = dc.(driver.ConnPrepareContext)
		defer s.writer.closeStmts()
		s.runLoop(maxBatch)
		return nil
	})
	if err != nil {
		// Raw failed before the loop ran: fail whatever is queued.
		for r := range s.requests {
			r.err = err
			r.done <- struct{}{}
		}
	}
}

func (s *Store) runLoop(maxBatch int) {
	batch := make([]*request, 0, maxBatch)
	for {
		r, ok := <-s.requests
		if !ok {
			return
		}
		batch = append(batch[:0], r)
	drain:
		for len(batch) < maxBatch {
			select {
			case r, ok := <-s.requests:
				if !ok {
					break drain
				}
				batch = append(batch, r)
			default:
				break drain
			}
		}
		s.runBatch(batch)
		for _, r := range batch {
			r.done <- struct{}{}
		}
		clear(batch)
	}
}

// runBatch runs each request in its own savepoint inside one transaction
// and commits once.
func (s *Store) runBatch(batch []*request) {
	w := s.writer
	if _, err := w.exec("BEGIN IMMEDIATE"); err != nil {
		for _, r := range batch {
			r.err = mapErr(err)
		}
		return
	}
	committed := 0
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.err = err
			continue
		}
		if _, err := w.exec("SAVEPOINT tx"); err != nil {
			r.err = mapErr(err)
			continue
		}
		r.err, r.pnc = runGuarded(r.ctx, w, r.fn)
		if r.err != nil || r.pnc != nil {
			_, err1 := w.exec("ROLLBACK TO tx")
			_, err2 := w.exec("RELEASE tx")
			if err := errors.Join(err1, err2); err != nil {
				// The batch's state is unknown: abandon it all.
				s.abort(batch, err)
				return
			}
			continue
		}
		if _, err := w.exec("RELEASE tx"); err != nil {
			s.abort(batch, err)
			return
		}
		committed++
	}
	if _, err := w.exec("COMMIT"); err != nil {
		s.abort(batch, err)
		return
	}
	s.commits.Add(1)
	s.transactions.Add(int64(committed))
	select {
	case s.committed <- struct{}{}:
	default:
	}
}

// checkpointLoop copies committed WAL frames into the database file, at
// most once per interval and only after commits, on its own connection: a
// PASSIVE checkpoint never blocks the writer or readers.
func (s *Store) checkpointLoop(interval time.Duration) {
	defer close(s.checkpointEnd)
	ctx := context.Background()
	pause := time.NewTimer(0)
	defer pause.Stop()
	for range s.committed {
		_, _ = s.checkpointDB.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)")
		pause.Reset(interval)
		select {
		case <-pause.C:
		case <-s.closing:
			return
		}
	}
}

// abort rolls the whole batch back and fails every request that had not
// already failed.
func (s *Store) abort(batch []*request, cause error) {
	_, _ = s.writer.exec("ROLLBACK")
	for _, r := range batch {
		if r.err == nil && r.pnc == nil {
			r.err = fmt.Errorf("sqlite store: batch aborted: %w", mapErr(cause))
		}
	}
}

func runGuarded(ctx context.Context, w *writer, fn func(store.Tx) error) (err error, pnc any) {
	defer func() {
		if p := recover(); p != nil {
			pnc = p
		}
	}()
	return fn(&tx{q: w}), nil
}

var _ store.Store = (*Store)(nil)
