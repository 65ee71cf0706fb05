package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stepd/stepd/internal/store"
)

// Harness tells the suite how to open a driver's stores.
type Harness struct {
	// Open returns a fresh, empty store and arranges (t.Cleanup) to close it.
	Open func(t *testing.T) store.Store
	// Reopen closes s and opens the same data again, running migrations
	// again. Nil for drivers that keep nothing across opens.
	Reopen func(t *testing.T, s store.Store) store.Store
}

// Exercise runs the whole suite, one subtest per area.
//
// Transaction functions in the suite never call t.Fatal (runtime.Goexit):
// a driver may run them on its own goroutine, as the sqlite writer does.
func Exercise(t *testing.T, h Harness) {
	areas := []struct {
		name string
		run  func(*testing.T, Harness)
	}{
		{"StateMachines", testStateMachines},
		{"Versions", testVersions},
		{"Aliases", testAliases},
		{"Executions", testExecutions},
		{"ExecutionPagination", testExecutionPagination},
		{"ExecutionConcurrentWriters", testConcurrentWriters},
		{"Events", testEvents},
		{"Outbox", testOutbox},
		{"OutboxConcurrentClaims", testConcurrentClaims},
		{"Timers", testTimers},
		{"Activities", testActivities},
		{"TaskTokens", testTaskTokens},
		{"Tags", testTags},
		{"Leases", testLeases},
		{"Rollback", testRollback},
		{"ReadOnly", testReadOnly},
		{"ConcurrentMixedOutcomes", testConcurrentMixed},
		{"InvalidCursors", testInvalidCursors},
		{"Purge", testPurge},
		{"ExecutionDelete", testExecutionDelete},
		{"MapRuns", testMapRuns},
		{"Reopen", testReopen},
	}
	for _, a := range areas {
		t.Run(a.name, func(t *testing.T) { a.run(t, h) })
	}
}

// t0 is the suite's fixed clock: nanosecond precision on purpose.
var t0 = time.Date(2026, 3, 4, 5, 6, 7, 123456789, time.UTC)

const smARN = "arn:aws:states:us-east-1:123456789012:stateMachine:Hello"

func execARN(name string) string {
	return "arn:aws:states:us-east-1:123456789012:execution:Hello:" + name
}

// write runs fn in a write transaction and fails the test on error.
func write(t *testing.T, s store.Store, fn func(ctx context.Context, tx store.Tx) error) {
	t.Helper()
	ctx := context.Background()
	if err := s.Tx(ctx, func(tx store.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatalf("Tx: %v", err)
	}
}

// read runs fn in a read-only transaction and fails the test on error.
func read(t *testing.T, s store.Store, fn func(ctx context.Context, tx store.Tx) error) {
	t.Helper()
	ctx := context.Background()
	if err := s.ReadTx(ctx, func(tx store.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatalf("ReadTx: %v", err)
	}
}

// want fails the test unless err matches target (nil for success).
func want(t *testing.T, what string, err, target error) {
	t.Helper()
	switch {
	case target == nil && err != nil:
		t.Fatalf("%s: unexpected error %v", what, err)
	case target != nil && !errors.Is(err, target):
		t.Fatalf("%s: got error %v, want %v", what, err, target)
	}
}

// expectErr runs fn in a write transaction and checks that it fails with
// target; the failed transaction rolls back.
func expectErr(t *testing.T, s store.Store, what string, target error, fn func(ctx context.Context, tx store.Tx) error) {
	t.Helper()
	ctx := context.Background()
	err := s.Tx(ctx, func(tx store.Tx) error { return fn(ctx, tx) })
	want(t, what, err, target)
}

func createExecution(t *testing.T, s store.Store, name string, start time.Time) *store.Execution {
	t.Helper()
	var e *store.Execution
	write(t, s, func(ctx context.Context, tx store.Tx) (err error) {
		e, err = tx.ExecutionCreate(ctx, &store.ExecutionCreateParams{
			ARN: execARN(name), StateMachineARN: smARN, Name: name, Type: store.TypeStandard,
			Input: []byte(`{}`), Snapshot: []byte(`{"v":1}`), Now: start,
		})
		return err
	})
	return e
}
