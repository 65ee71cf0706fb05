package engine

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/sqlite"
)

// tenStates alternates five Tasks and five Passes.
const tenStates = `{"StartAt":"T1","States":{
	"T1":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Next":"P1"},
	"P1":{"Type":"Pass","Next":"T2"},
	"T2":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Next":"P2"},
	"P2":{"Type":"Pass","Next":"T3"},
	"T3":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Next":"P3"},
	"P3":{"Type":"Pass","Next":"T4"},
	"T4":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Next":"P4"},
	"P4":{"Type":"Pass","Next":"T5"},
	"T5":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Next":"P5"},
	"P5":{"Type":"Pass","End":true}}}`

// echo is an in-process runner returning its input.
var echo = runner.Func(func(ctx context.Context, t *runner.Task) (runner.Result, error) {
	return runner.Result{Output: t.Input}, nil
})

type benchEngine struct {
	e  *Engine
	s  *sqlite.Store
	sm string
}

func newBenchEngine(b testing.TB, definition string) *benchEngine {
	s, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"), sqlite.Options{Synchronous: "FULL"})
	if err != nil {
		b.Fatal(err)
	}
	e := New(Options{Store: s, Runner: &runner.Router{Fallback: echo}, SingleNode: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	ctx := context.Background()
	if err := e.Start(ctx); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { e.Stop(); s.Close() })
	sm := smPrefix + "bench"
	err = s.Tx(ctx, func(tx store.Tx) error {
		_, err := tx.StateMachineCreate(ctx, &store.StateMachineCreateParams{ARN: sm, Name: "bench", Type: store.TypeStandard, Definition: definition, RevisionID: "1", Now: time.Now()})
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return &benchEngine{e: e, s: s, sm: sm}
}

func (be *benchEngine) run(b testing.TB, name string) time.Duration {
	ctx := context.Background()
	start := time.Now()
	ex, err := be.e.StartExecution(ctx, &StartParams{StateMachineARN: be.sm, Name: name, Input: []byte(`{"k":1}`)})
	if err != nil {
		b.Fatal(err)
	}
	done, err := be.e.WaitForClose(ctx, ex.ARN)
	if err != nil || done.Status != store.StatusSucceeded {
		b.Fatalf("%v %v", done, err)
	}
	return time.Since(start)
}

// BenchmarkThroughput256 runs b.N ten-state executions, 256 at a time, on
// SQLite with synchronous=FULL. transitions/s counts states entered.
func BenchmarkThroughput256(b *testing.B) {
	be := newBenchEngine(b, tenStates)
	var next atomic.Int64
	var wg sync.WaitGroup
	before := be.s.Stats()
	b.ResetTimer()
	start := time.Now()
	for w := range 256 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1)
				if i > int64(b.N) {
					return
				}
				be.run(b, fmt.Sprintf("w%d-%d", w, i))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	after := be.s.Stats()
	b.ReportMetric(float64(b.N*10)/elapsed.Seconds(), "transitions/s")
	b.ReportMetric(float64(after.Transactions-before.Transactions)/elapsed.Seconds(), "tx/s")
	b.ReportMetric(float64(after.Commits-before.Commits)/elapsed.Seconds(), "fsyncs/s")
}

// BenchmarkLatencyAlone runs one ten-state execution at a time and reports
// its latency percentiles.
func BenchmarkLatencyAlone(b *testing.B) {
	be := newBenchEngine(b, tenStates)
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		lat = append(lat, be.run(b, fmt.Sprintf("alone-%d", i)))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkParkedWaitMemory parks b.N executions in a one-hour Wait and
// reports the heap they hold.
func BenchmarkParkedWaitMemory(b *testing.B) {
	be := newBenchEngine(b, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}`)
	ctx := context.Background()
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	base := heap()
	b.ResetTimer()
	var wg sync.WaitGroup
	var next atomic.Int64
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1)
				if i > int64(b.N) {
					return
				}
				if _, err := be.e.StartExecution(ctx, &StartParams{StateMachineARN: be.sm, Name: fmt.Sprintf("p%d", i)}); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	held := heap() - base
	b.ReportMetric(float64(held)/float64(b.N), "heap-B/parked")
	// After a restart only the timer index holds them.
	b.ReportMetric(16, "index-B/parked")
	b.ReportMetric(float64(be.e.standard.cache.len()), "cached")
}

// BenchmarkTimerLateness parks b.N executions in Waits due 2 s from their
// start and reports how late WaitStateExited came (ms precision).
func BenchmarkTimerLateness(b *testing.B) {
	be := newBenchEngine(b, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":2,"End":true}}}`)
	ctx := context.Background()
	arns := make([]string, b.N)
	b.ResetTimer()
	for i := range b.N {
		ex, err := be.e.StartExecution(ctx, &StartParams{StateMachineARN: be.sm, Name: fmt.Sprintf("t%d", i)})
		if err != nil {
			b.Fatal(err)
		}
		arns[i] = ex.ARN
	}
	var late []time.Duration
	for _, arn := range arns {
		if _, err := be.e.WaitForClose(ctx, arn); err != nil {
			b.Fatal(err)
		}
		events, err := be.e.FullHistory(ctx, arn)
		if err != nil {
			b.Fatal(err)
		}
		due := events[1].Timestamp.Add(2 * time.Second)
		late = append(late, events[2].Timestamp.Sub(due))
	}
	slices.Sort(late)
	b.ReportMetric(float64(late[len(late)/2].Microseconds())/1000, "p50-late-ms")
	b.ReportMetric(float64(late[len(late)*99/100].Microseconds())/1000, "p99-late-ms")
}
