package engine

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/postgres"
	"github.com/stepd/stepd/jsonv"
)

// The engine over PostgreSQL (no SingleNode: tasks are claimed with
// leases): tasks, a Wait timer and a retried task in a schema of its own.
func TestPostgresTaskPassWaitRetry(t *testing.T) {
	s := postgresStore(t)
	h := newHarness(t, harnessOptions{store: s})
	for range 10 {
		h.script.Return("T", jsonv.MustParse(`{"v":1}`))
	}
	sm := h.machine("m", store.TypeStandard, taskPass)
	var arns []string
	for i := range 10 {
		arns = append(arns, h.start(sm, fmt.Sprintf("e%d", i), `{}`).ARN)
	}
	for _, arn := range arns {
		if done := h.wait(arn); done.Status != store.StatusSucceeded {
			t.Fatalf("%s: %s %s", arn, done.Status, done.Error)
		}
		h.history(arn)
	}
	w := h.machine("w", store.TypeStandard, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":10,"End":true}}}`)
	ex := h.start(w, "wait", `{}`)
	h.waitTimers(h.e.standard, 1)
	h.clock.Advance(10 * time.Second)
	if done := h.wait(ex.ARN); done.Status != store.StatusSucceeded {
		t.Fatal(done.Status)
	}
	h.script.Throw("R", "Busy", "try again").Return("R", jsonv.MustParse(`"done"`))
	r := h.machine("r", store.TypeStandard, `{"StartAt":"R","States":{"R":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
		"Retry":[{"ErrorEquals":["Busy"],"IntervalSeconds":5}],"End":true}}}`)
	ex = h.start(r, "retry", `{}`)
	h.waitTimers(h.e.standard, 1)
	h.clock.Advance(5 * time.Second)
	if done := h.wait(ex.ARN); done.Status != store.StatusSucceeded || string(done.Output) != `"done"` {
		t.Fatalf("%s %s %s", done.Status, done.Output, done.Error)
	}
	h.history(ex.ARN)
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
