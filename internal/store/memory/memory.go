package memory

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/stepd/stepd/internal/store"
)

var (
	errClosed   = errors.New("memory store: closed")
	errReadOnly = errors.New("memory store: write in a read-only transaction")
)

// Store holds everything in maps guarded by one RWMutex.
type Store struct {
	mu     sync.RWMutex
	closed bool
	data   data
}

type outboxKey struct{ kind, execution, key string }

type data struct {
	machines      map[string]store.StateMachine
	versions      map[string]store.StateMachineVersion
	aliases       map[string]store.Alias
	executions    map[string]store.Execution
	events        map[string][]store.Event
	outbox        map[int64]store.OutboxRow
	outboxKeys    map[outboxKey]int64
	lastOutboxID  int64
	activities    map[string]store.Activity
	activityTasks map[string]store.ActivityTask
	taskSeq       map[string]int64 // creation order of activity tasks
	lastTaskSeq   int64
	taskTokens    map[string]store.TaskToken
	tags          map[string]map[string]string
	leases        map[string]store.Lease
	mapRuns       map[string]store.MapRun
}

// New returns an empty store.
func New() *Store {
	return &Store{data: data{
		machines:      map[string]store.StateMachine{},
		versions:      map[string]store.StateMachineVersion{},
		aliases:       map[string]store.Alias{},
		executions:    map[string]store.Execution{},
		events:        map[string][]store.Event{},
		outbox:        map[int64]store.OutboxRow{},
		outboxKeys:    map[outboxKey]int64{},
		activities:    map[string]store.Activity{},
		activityTasks: map[string]store.ActivityTask{},
		taskSeq:       map[string]int64{},
		taskTokens:    map[string]store.TaskToken{},
		tags:          map[string]map[string]string{},
		leases:        map[string]store.Lease{},
		mapRuns:       map[string]store.MapRun{},
	}}
}

// Tx runs fn under the write lock; on error or panic its writes are undone.
func (s *Store) Tx(ctx context.Context, fn func(store.Tx) error) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errClosed
	}
	t := &tx{d: &s.data}
	committed := false
	defer func() {
		if !committed {
			t.rollback()
		}
	}()
	if err := fn(t); err != nil {
		return err
	}
	committed = true
	return nil
}

// ReadTx runs fn under the read lock.
func (s *Store) ReadTx(ctx context.Context, fn func(store.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return errClosed
	}
	return fn(&tx{d: &s.data, readOnly: true})
}

// Close drops nothing but refuses later transactions.
func (s *Store) Close() error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	return nil
}

// tx records how to undo each write it makes.
type tx struct {
	d        *data
	readOnly bool
	undo     []func()
}

func (t *tx) rollback() {
	for i := len(t.undo) - 1; i >= 0; i-- {
		t.undo[i]()
	}
	t.undo = nil
}

func (t *tx) writable() error {
	if t.readOnly {
		return errReadOnly
	}
	return nil
}

func put[K comparable, V any](t *tx, m map[K]V, k K, v V) {
	old, had := m[k]
	t.undo = append(t.undo, func() {
		if had {
			m[k] = old
		} else {
			delete(m, k)
		}
	})
	m[k] = v
}

func del[K comparable, V any](t *tx, m map[K]V, k K) {
	old, had := m[k]
	if !had {
		return
	}
	t.undo = append(t.undo, func() { m[k] = old })
	delete(m, k)
}

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte{}, b...)
}

// utc normalises a time the way the SQL drivers store it: nanoseconds in
// UTC, no monotonic reading.
func utc(t time.Time) time.Time { return store.FromUnixNanos(store.UnixNanos(t)) }

var _ store.Store = (*Store)(nil)
var _ store.Tx = (*tx)(nil)
