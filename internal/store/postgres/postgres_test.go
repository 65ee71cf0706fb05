package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/postgres"
	"github.com/stepd/stepd/internal/store/storetest"
)

// testURL is the server the tests use, from STEPD_TEST_POSTGRES_URL; tests
// skip without it, since no PostgreSQL runs by default.
func testURL(t testing.TB) string {
	t.Helper()
	url := os.Getenv("STEPD_TEST_POSTGRES_URL")
	if url == "" {
		t.Skip("STEPD_TEST_POSTGRES_URL is not set: set it to a PostgreSQL URL (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable) to run the PostgreSQL store tests")
	}
	return url
}

// freshSchema names a new random schema and drops it when the test ends:
// each test gets an empty database of its own on a shared server. Open
// creates the schema.
func freshSchema(t testing.TB, url string) string {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "stepd_test_" + hex.EncodeToString(b)
	t.Cleanup(func() {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP SCHEMA IF EXISTS `+pgx.Identifier{schema}.Sanitize()+` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return schema
}

func open(t testing.TB, url string, opts postgres.Options) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), url, opts)
	if err != nil {
		t.Fatal(err)
	}
	// Registered after freshSchema's cleanup, so it runs first.
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	testURL(t)
	storetest.Exercise(t, storetest.Harness{
		Open: func(t *testing.T) store.Store {
			url := testURL(t)
			return open(t, url, postgres.Options{Schema: freshSchema(t, url)})
		},
		Reopen: func(t *testing.T, old store.Store) store.Store {
			s := old.(*postgres.Store)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			return open(t, s.URL(), s.Options())
		},
	})
}

// TestTwoNodes: two stores with pools of their own ("nodes") open the same
// schema at once (both migrate; the advisory lock makes it once), then
// claim outbox rows and activity tasks concurrently from several
// goroutines each: every row is claimed exactly once.
func TestTwoNodes(t *testing.T) {
	url := testURL(t)
	schema := freshSchema(t, url)
	nodes := make([]*postgres.Store, 2)
	var wg sync.WaitGroup
	errs := make([]error, len(nodes))
	for i := range nodes {
		wg.Go(func() {
			nodes[i], errs[i] = postgres.Open(context.Background(), url, postgres.Options{Schema: schema, MaxConns: 4})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("node %d: %v", i, err)
		}
		t.Cleanup(func() { nodes[i].Close() })
	}
	ctx := context.Background()
	var applied int
	files, _ := filepath.Glob("migrations/*.sql")
	if err := nodes[0].Pool().QueryRow(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&applied); err != nil || applied != len(files) {
		t.Fatalf("schema_migrations after two concurrent opens: %d rows, %v; want %d (each migration once)", applied, err, len(files))
	}
	t0 := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	const rowCount, tasks = 500, 200
	const activity = "arn:aws:states:us-east-1:123456789012:activity:work"
	var in []store.OutboxRow
	for i := range rowCount {
		in = append(in, store.OutboxRow{Kind: store.OutboxKindTask, ExecutionARN: fmt.Sprintf("exec-%d", i%13), Key: fmt.Sprint(i)})
	}
	var inserted []store.OutboxRow
	err := nodes[0].Tx(ctx, func(tx store.Tx) (err error) {
		if inserted, err = tx.OutboxInsert(ctx, &store.OutboxInsertParams{Rows: in, Now: t0}); err != nil {
			return err
		}
		for i := range tasks {
			if _, err := tx.ActivityTaskCreate(ctx, &store.ActivityTaskCreateParams{
				TaskToken: fmt.Sprintf("tok-%d", i), ActivityARN: activity, ExecutionARN: "exec", Now: t0,
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	rowsSeen := map[int64]string{}
	tasksSeen := map[string]string{}
	var failures []error
	fail := func(err error) {
		mu.Lock()
		failures = append(failures, err)
		mu.Unlock()
	}
	for n, node := range nodes {
		for g := range 4 {
			worker := fmt.Sprintf("node%d-w%d", n, g)
			wg.Go(func() {
				for {
					var rows []store.OutboxRow
					err := node.Tx(ctx, func(tx store.Tx) (err error) {
						rows, err = tx.OutboxClaim(ctx, &store.OutboxClaimParams{Kind: store.OutboxKindTask, Worker: worker, Limit: 5, Now: t0, LeaseUntil: t0.Add(time.Hour)})
						return err
					})
					if err != nil {
						fail(err)
						return
					}
					if len(rows) == 0 {
						return
					}
					mu.Lock()
					for _, r := range rows {
						if prev, dup := rowsSeen[r.ID]; dup {
							failures = append(failures, fmt.Errorf("row %d claimed by %s and %s", r.ID, prev, worker))
						}
						rowsSeen[r.ID] = worker
					}
					mu.Unlock()
				}
			})
			wg.Go(func() {
				for {
					var task *store.ActivityTask
					err := node.Tx(ctx, func(tx store.Tx) (err error) {
						task, err = tx.ActivityTaskClaim(ctx, &store.ActivityTaskClaimParams{ActivityARN: activity, WorkerName: worker, Now: t0})
						return err
					})
					if err != nil {
						if !isNotFound(err) {
							fail(err)
						}
						return
					}
					mu.Lock()
					if prev, dup := tasksSeen[task.TaskToken]; dup {
						failures = append(failures, fmt.Errorf("task %s claimed by %s and %s", task.TaskToken, prev, worker))
					}
					tasksSeen[task.TaskToken] = worker
					mu.Unlock()
				}
			})
		}
	}
	wg.Wait()
	for _, err := range failures {
		t.Error(err)
	}
	var got, want []int64
	for id := range rowsSeen {
		got = append(got, id)
	}
	for _, r := range inserted {
		want = append(want, r.ID)
	}
	sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("claimed %d outbox rows, want all %d exactly once", len(got), len(want))
	}
	if len(tasksSeen) != tasks {
		t.Errorf("claimed %d activity tasks, want %d", len(tasksSeen), tasks)
	}
	byNode := map[byte]int{}
	for _, w := range rowsSeen {
		byNode[w[4]]++
	}
	t.Logf("outbox rows claimed per node: %v; retries %d + %d", byNode, nodes[0].Stats().Retries, nodes[1].Stats().Retries)
}

func isNotFound(err error) bool {
	return err != nil && errors.Is(err, store.ErrNotFound)
}

// TestDeadlockRetried: two transactions lock two rows in opposite orders;
// PostgreSQL aborts one with a deadlock (40P01), and Tx runs it again
// instead of returning the error, so both succeed.
func TestDeadlockRetried(t *testing.T) {
	url := testURL(t)
	s := open(t, url, postgres.Options{Schema: freshSchema(t, url)})
	ctx := context.Background()
	t0 := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	err := s.Tx(ctx, func(tx store.Tx) error {
		for _, name := range []string{"a", "b"} {
			if _, err := tx.LeaseAcquire(ctx, &store.LeaseAcquireParams{Name: name, Holder: "h", Now: t0, Until: t0.Add(time.Hour)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var barrier, done sync.WaitGroup
	barrier.Add(2)
	var attempts [2]atomic.Int32
	errs := make([]error, 2)
	for i, order := range [][2]string{{"a", "b"}, {"b", "a"}} {
		done.Go(func() {
			errs[i] = s.Tx(ctx, func(tx store.Tx) error {
				renew := func(name string) error {
					_, err := tx.LeaseRenew(ctx, &store.LeaseRenewParams{Name: name, Holder: "h", Now: t0, Until: t0.Add(2 * time.Hour)})
					return err
				}
				if err := renew(order[0]); err != nil {
					return err
				}
				if attempts[i].Add(1) == 1 {
					// Both hold their first row before either asks for its second.
					barrier.Done()
					barrier.Wait()
				}
				return renew(order[1])
			})
		})
	}
	done.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Tx %d: %v", i, err)
		}
	}
	if got := s.Stats().Retries; got < 1 || attempts[0].Load()+attempts[1].Load() != 3 {
		t.Errorf("retries %d, attempts %d and %d; want one deadlock victim run twice", got, attempts[0].Load(), attempts[1].Load())
	}
}

// TestClosed: transactions started after Close fail, and Close twice is
// harmless.
func TestClosed(t *testing.T) {
	url := testURL(t)
	s := open(t, url, postgres.Options{Schema: freshSchema(t, url)})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := s.Tx(ctx, func(store.Tx) error { return nil }); err == nil {
		t.Error("Tx after Close succeeded")
	}
	if err := s.ReadTx(ctx, func(store.Tx) error { return nil }); err == nil {
		t.Error("ReadTx after Close succeeded")
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}
