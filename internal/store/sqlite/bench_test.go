package sqlite_test

import (
	"context"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stepd/stepd/internal/store/sqlite"
	"github.com/stepd/stepd/internal/store/storetest"
)

func benchStore(b *testing.B, executions int, opts sqlite.Options) (*sqlite.Store, []*storetest.Transition) {
	s, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"), opts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	xs := storetest.Transitions(b, s, executions)
	return s, xs
}

type mark struct {
	stats sqlite.Stats
	cpu   time.Duration
}

func start(s *sqlite.Store) mark { return mark{s.Stats(), storetest.CPUTime()} }

func report(b *testing.B, s *sqlite.Store, before mark) {
	after := s.Stats()
	txs := after.Transactions - before.stats.Transactions
	b.ReportMetric(float64(txs)/b.Elapsed().Seconds(), "tx/s")
	if txs > 0 {
		b.ReportMetric(float64(after.Commits-before.stats.Commits)/float64(txs), "fsyncs/tx")
		b.ReportMetric(float64((storetest.CPUTime()-before.cpu).Microseconds())/float64(txs), "cpu-µs/tx")
	}
}

// BenchmarkCommitLatency: one goroutine, one durable transition at a time.
func BenchmarkCommitLatency(b *testing.B) {
	s, xs := benchStore(b, 1, sqlite.Options{})
	before := start(s)
	b.ResetTimer()
	for b.Loop() {
		xs[0].Do(b, s)
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
			x.Do(b, s)
		}
	})
	report(b, s, before)
}
