package engine

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/postgres"
)

// The engine over PostgreSQL (no SingleNode: tasks are claimed with
// leases), in a schema of its own.
func TestPostgresTaskPassWaitRetry(t *testing.T) {
	taskPassWaitRetry(t, postgresStore(t))
}

// postgresStore opens a schema of its own on STEPD_TEST_POSTGRES_URL, and
// drops it when the test ends; the test is skipped without the variable.
func postgresStore(t *testing.T) store.Store {
	t.Helper()
	schema := postgresSchema(t)
	s, err := postgres.Open(context.Background(), os.Getenv("STEPD_TEST_POSTGRES_URL"), postgres.Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() }) // before the schema is dropped
	return s
}

// postgresSchema names a schema for the test on STEPD_TEST_POSTGRES_URL
// (created by whoever opens it first) and drops it when the test ends; the
// test is skipped without the variable.
func postgresSchema(t *testing.T) string {
	t.Helper()
	url := os.Getenv("STEPD_TEST_POSTGRES_URL")
	if url == "" {
		t.Skip("STEPD_TEST_POSTGRES_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)")
	}
	schema := fmt.Sprintf("stepd_engine_%d", rand.Uint64()>>1)
	t.Cleanup(func() {
		conn, err := pgx.Connect(context.Background(), url)
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); err != nil {
			t.Error(err)
		}
	})
	return schema
}

// A Distributed Map over PostgreSQL: step rows claimed with leases,
// children in the same database.
func TestPostgresDistributedMap(t *testing.T) {
	h := newHarness(t, harnessOptions{store: postgresStore(t)})
	sm := h.machine("dist", store.TypeStandard, distributedMap("STANDARD", childFailsOn2, selectItem+`"MaxConcurrency":2,"ToleratedFailureCount":1,`))
	done := h.wait(h.start(sm, "p", `{"items":[1,2,3,4,5]}`).ARN)
	want := `[{"v":1,"i":0},{"Cause":"two is bad","Error":"Two"},{"v":3,"i":2},{"v":4,"i":3},{"v":5,"i":4}]`
	if done.Status != store.StatusSucceeded || string(done.Output) != want {
		t.Fatalf("%s %s %s", done.Status, done.Output, done.Cause)
	}
	info, err := h.e.DescribeMapRun(h.ctx, h.mapRunOf(done.ARN))
	if err != nil {
		t.Fatal(err)
	}
	if info.ExecutionCounts != (MapRunCounts{Succeeded: 4, Failed: 1, Total: 5}) {
		t.Fatalf("DescribeMapRun %+v", info)
	}
}
