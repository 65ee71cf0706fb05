package sqlite

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stepd/stepd/internal/store"
)

func openTest(t *testing.T, opts Options) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "stepd.db"), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func createIn(ctx context.Context, tx store.Tx, name string) error {
	_, err := tx.ExecutionCreate(ctx, &store.ExecutionCreateParams{ARN: name, StateMachineARN: "sm", Now: now})
	return err
}

// TestGroupCommit holds the writer busy while transactions queue up, then
// checks they all share one commit, and that a failing and a panicking
// transaction in that batch roll back alone.
func TestGroupCommit(t *testing.T) {
	s := openTest(t, Options{})
	ctx := context.Background()
	release, running := make(chan struct{}), make(chan struct{})
	blockerDone := make(chan error)
	go func() {
		blockerDone <- s.Tx(ctx, func(tx store.Tx) error {
			close(running)
			<-release
			return createIn(ctx, tx, "blocker")
		})
	}()
	<-running // the writer is busy with the blocker
	const n = 40
	errs := make([]error, n)
	panics := make([]any, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { panics[i] = recover() }()
			errs[i] = s.Tx(ctx, func(tx store.Tx) error {
				if err := createIn(ctx, tx, fmt.Sprint(i)); err != nil {
					return err
				}
				switch i {
				case 7:
					return errors.New("refused")
				case 9:
					panic("exploded")
				}
				return nil
			})
		}()
	}
	for len(s.requests) != n {
		runtime.Gosched()
	}
	before := s.Stats()
	close(release)
	if err := <-blockerDone; err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	after := s.Stats()
	// The blocker's batch, then one batch for everything queued.
	if got := after.Commits - before.Commits; got != 2 {
		t.Errorf("%d commits for %d queued transactions, want 2", got, n)
	}
	if got := after.Transactions - before.Transactions; got != n-2+1 {
		t.Errorf("%d transactions committed, want %d", got, n-2+1)
	}
	err := s.ReadTx(ctx, func(tx store.Tx) error {
		for i := range n {
			_, err := tx.ExecutionGet(ctx, &store.ExecutionGetParams{ARN: fmt.Sprint(i)})
			switch i {
			case 7, 9:
				if !errors.Is(err, store.ErrNotFound) {
					t.Errorf("transaction %d was rolled back, but its row is there (err %v)", i, err)
				}
			default:
				if err != nil {
					t.Errorf("transaction %d: %v", i, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if errs[7] == nil || errs[7].Error() != "refused" || panics[9] != "exploded" {
		t.Errorf("failures not passed on: err %v, panic %v", errs[7], panics[9])
	}
}

func TestOptionsAndMigrations(t *testing.T) {
	for _, sync := range []string{"", "NORMAL"} {
		s := openTest(t, Options{Synchronous: sync})
		var level int
		var mode string
		if err := s.readers.QueryRow("PRAGMA synchronous").Scan(&level); err != nil {
			t.Fatal(err)
		}
		if err := s.readers.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
			t.Fatal(err)
		}
		want := map[string]int{"": 2, "NORMAL": 1}[sync]
		if level != want || mode != "wal" {
			t.Errorf("Synchronous %q: synchronous=%d journal_mode=%s, want %d and wal", sync, level, mode, want)
		}
		path := s.Path()
		s.Close()
		s2, err := Open(context.Background(), path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var versions int
		if err := s2.readers.QueryRow("SELECT count(*) FROM schema_migrations").Scan(&versions); err != nil {
			t.Fatal(err)
		}
		files, _ := fs.Glob(migrations, "migrations/*.sql")
		if versions != len(files) {
			t.Errorf("schema_migrations has %d rows after two opens, want %d", versions, len(files))
		}
		s2.Close()
	}
}

func TestClosed(t *testing.T) {
	s := openTest(t, Options{})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	ctx := context.Background()
	if err := s.Tx(ctx, func(store.Tx) error { return nil }); !errors.Is(err, errClosed) {
		t.Errorf("Tx after Close: %v", err)
	}
	if err := s.ReadTx(ctx, func(store.Tx) error { return nil }); !errors.Is(err, errClosed) {
		t.Errorf("ReadTx after Close: %v", err)
	}
}
