package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/sqlite"
)

// transition is the engine's typical write: new snapshot, two history
// events, one outbox row.
type transition struct {
	arn     string
	version int64
	lastID  int64
}

var (
	benchNow      = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	benchSnapshot = []byte(`{"states":{"Work":{"attempt":0,"entered":"2026-01-01T00:00:00Z"}},"vars":{"count":42}}`)
	benchEvent    = []byte(`{"input":"{\"orderId\":\"1234\",\"items\":[1,2,3]}","inputDetails":{"truncated":false}}`)
	benchPayload  = []byte(`{"resource":"arn:aws:states:::lambda:invoke","input":{"orderId":"1234"}}`)
)

func (x *transition) run(ctx context.Context, tx store.Tx) error {
	if _, err := tx.ExecutionUpdate(ctx, &store.ExecutionUpdateParams{
		ARN: x.arn, ExpectedVersion: x.version, Snapshot: benchSnapshot, Status: store.StatusRunning, Now: benchNow,
	}); err != nil {
		return err
	}
	if err := tx.EventAppend(ctx, &store.EventAppendParams{ExecutionARN: x.arn, Events: []store.Event{
		{ID: x.lastID + 1, Type: "TaskStateEntered", Timestamp: benchNow, Data: benchEvent},
		{ID: x.lastID + 2, Type: "TaskScheduled", Timestamp: benchNow, Data: benchEvent},
	}}); err != nil {
		return err
	}
	_, err := tx.OutboxInsert(ctx, &store.OutboxInsertParams{Rows: []store.OutboxRow{
		{Kind: store.OutboxKindTask, ExecutionARN: x.arn, Key: fmt.Sprint(x.lastID + 2), Payload: benchPayload},
	}, Now: benchNow})
	return err
}

func (x *transition) do(b *testing.B, s store.Store) {
	ctx := context.Background()
	if err := s.Tx(ctx, func(tx store.Tx) error { return x.run(ctx, tx) }); err != nil {
		b.Fatal(err)
	}
	x.version++
	x.lastID += 2
}

func benchStore(b *testing.B, executions int, opts sqlite.Options) (*sqlite.Store, []*transition) {
	s, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"), opts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	xs := make([]*transition, executions)
	err = s.Tx(context.Background(), func(tx store.Tx) error {
		for i := range xs {
			xs[i] = &transition{arn: fmt.Sprintf("arn:aws:states:us-east-1:123456789012:execution:Bench:%d", i), version: 1}
			if _, err := tx.ExecutionCreate(context.Background(), &store.ExecutionCreateParams{
				ARN: xs[i].arn, StateMachineARN: "arn:aws:states:us-east-1:123456789012:stateMachine:Bench",
				Type: store.TypeStandard, Snapshot: benchSnapshot, Now: benchNow,
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return s, xs
}

// cpuTime is the process's user+system CPU time: on a shared machine it
// measures cost per transaction better than wall time does.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

type mark struct {
	stats sqlite.Stats
	cpu   time.Duration
}

func start(s *sqlite.Store) mark { return mark{s.Stats(), cpuTime()} }

func report(b *testing.B, s *sqlite.Store, before mark) {
	after := s.Stats()
	txs := after.Transactions - before.stats.Transactions
	b.ReportMetric(float64(txs)/b.Elapsed().Seconds(), "tx/s")
	if txs > 0 {
		b.ReportMetric(float64(after.Commits-before.stats.Commits)/float64(txs), "fsyncs/tx")
		b.ReportMetric(float64((cpuTime()-before.cpu).Microseconds())/float64(txs), "cpu-µs/tx")
	}
}

// BenchmarkCommitLatency: one goroutine, one durable transition at a time.
func BenchmarkCommitLatency(b *testing.B) {
	s, xs := benchStore(b, 1, sqlite.Options{})
	before := start(s)
	b.ResetTimer()
	for b.Loop() {
		xs[0].do(b, s)
	}
	report(b, s, before)
}

// BenchmarkThroughput256: 256 goroutines, each driving its own execution
// with small transactions, under synchronous=FULL.
func BenchmarkThroughput256(b *testing.B) { throughput(b, sqlite.Options{}) }

// BenchmarkThroughput256Normal is the same under synchronous=NORMAL, for
// comparison.
func BenchmarkThroughput256Normal(b *testing.B) { throughput(b, sqlite.Options{Synchronous: "NORMAL"}) }

func throughput(b *testing.B, opts sqlite.Options) {
	const goroutines = 256
	s, xs := benchStore(b, goroutines, opts)
	var next atomic.Int64
	before := start(s)
	b.SetParallelism((goroutines + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		x := xs[int(next.Add(1)-1)%goroutines]
		for pb.Next() {
			x.do(b, s)
		}
	})
	report(b, s, before)
}
