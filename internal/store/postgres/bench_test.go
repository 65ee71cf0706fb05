package postgres_test

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stepd/stepd/internal/store/postgres"
	"github.com/stepd/stepd/internal/store/storetest"
)

func benchStore(b *testing.B, executions int, opts postgres.Options) (*postgres.Store, []*storetest.Transition) {
	url := testURL(b)
	opts.Schema = freshSchema(b, url)
	s := open(b, url, opts)
	xs := storetest.Transitions(b, s, executions)
	return s, xs
}

type mark struct {
	stats postgres.Stats
	cpu   time.Duration
}

func start(s *postgres.Store) mark { return mark{s.Stats(), storetest.CPUTime()} }

func report(b *testing.B, s *postgres.Store, before mark) {
	after := s.Stats()
	txs := after.Transactions - before.stats.Transactions
	b.ReportMetric(float64(txs)/b.Elapsed().Seconds(), "tx/s")
	if txs > 0 {
		b.ReportMetric(float64(after.Retries-before.stats.Retries)/float64(txs), "retries/tx")
		b.ReportMetric(float64((storetest.CPUTime()-before.cpu).Microseconds())/float64(txs), "client-cpu-µs/tx")
	}
}

// BenchmarkCommitLatency: one goroutine, one durable transition at a time.
func BenchmarkCommitLatency(b *testing.B) {
	s, xs := benchStore(b, 1, postgres.Options{})
	before := start(s)
	b.ResetTimer()
	for b.Loop() {
		xs[0].Do(b, s)
	}
	report(b, s, before)
}

// BenchmarkThroughput256: 256 goroutines, each driving its own execution
// with small transactions, through pools of several sizes (a transaction
// holds a connection for its whole run, so the pool caps concurrency).
func BenchmarkThroughput256(b *testing.B) {
	for _, conns := range []int32{4, 16, 64} {
		b.Run(fmt.Sprintf("conns=%d", conns), func(b *testing.B) {
			const goroutines = 256
			s, xs := benchStore(b, goroutines, postgres.Options{MaxConns: conns})
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
		})
	}
}
