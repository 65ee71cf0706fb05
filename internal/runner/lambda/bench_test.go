package lambda

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stepd/stepd/internal/runner"
)

// The benchmarks run the real test function (aws-lambda-go) warm:
//
//	go test ./internal/runner/lambda -run '^$' -bench . -benchtime 2000x -count 1

const benchInput = `{"action":"value","value":{"k":1}}`

// noopRunner answers every task with its input, at once.
var noopRunner = runner.Func(func(ctx context.Context, t *runner.Task) (runner.Result, error) {
	return runner.Result{Output: t.Input}, nil
})

func reportPercentiles(b *testing.B, d []time.Duration) {
	if len(d) == 0 {
		return
	}
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(d[len(d)*99/100].Nanoseconds()), "p99-ns")
}

// BenchmarkHostRun is one warm invocation through Host.Run, against a
// runner that does nothing.
func BenchmarkHostRun(b *testing.B) {
	h, _ := newHost(b, map[string]Function{"gofn": goFn()}, Options{})
	for _, bc := range []struct {
		name string
		r    runner.Runner
	}{{"noop", noopRunner}, {"warm-go-function", h}} {
		b.Run(bc.name, func(b *testing.B) {
			tk := task(fnPrefix+"gofn", benchInput)
			ctx := context.Background()
			if _, err := bc.r.Run(ctx, tk); err != nil { // the cold start
				b.Fatal(err)
			}
			d := make([]time.Duration, 0, b.N)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				start := time.Now()
				res, err := bc.r.Run(ctx, tk)
				d = append(d, time.Since(start))
				if err != nil || res.Failed() {
					b.Fatal(err, res)
				}
			}
			b.StopTimer()
			reportPercentiles(b, d)
		})
	}
}

// BenchmarkEngine is one execution at a time through the engine over
// SQLite: a Pass state, and a Task state calling the warm function.
func BenchmarkEngine(b *testing.B) {
	const task = `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:gofn","End":true}}}`
	for _, bc := range []struct {
		name, definition string
		noop             bool
	}{
		{"pass", `{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}`, false},
		// The engine's own cost of a Task state, with a runner that
		// answers at once.
		{"task-noop-runner", task, true},
		{"task-warm-go-function", task, false},
	} {
		b.Run(bc.name, func(b *testing.B) {
			h, _ := newHost(b, map[string]Function{"gofn": goFn()}, Options{})
			var r runner.Runner = h
			if bc.noop {
				r = noopRunner
			}
			e, sm := engineWith(b, r, bc.definition)
			execute(b, e, sm, benchInput) // the cold start
			d := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for range b.N {
				start := time.Now()
				ex := execute(b, e, sm, benchInput)
				d = append(d, time.Since(start))
				if ex.Status != "SUCCEEDED" {
					b.Fatal(ex.Status, ex.Error, ex.Cause)
				}
			}
			b.StopTimer()
			reportPercentiles(b, d)
		})
	}
}

// BenchmarkConcurrent keeps 100 callers busy against one function with
// 100 warm instances: through Host.Run alone, and as 100 concurrent
// executions of a one-Task state machine through the engine.
func BenchmarkConcurrent(b *testing.B) {
	const callers = 100
	fns := map[string]Function{"gofn": {Command: []string{goFunction}, Concurrency: callers, Warm: intp(callers)}}
	spread := func(b *testing.B, call func()) {
		var next atomic.Int64
		var wg sync.WaitGroup
		start := time.Now()
		for range callers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for next.Add(1) <= int64(b.N) {
					call()
				}
			}()
		}
		wg.Wait()
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "invocations/s")
	}
	warmUp := func(b *testing.B, call func()) {
		var wg sync.WaitGroup
		for range callers {
			wg.Add(1)
			go func() { defer wg.Done(); call() }()
		}
		wg.Wait()
	}
	b.Run("host", func(b *testing.B) {
		h, _ := newHost(b, fns, Options{})
		call := func() {
			res, err := h.Run(context.Background(), task(fnPrefix+"gofn", benchInput))
			if err != nil || res.Failed() {
				b.Error(err, res)
			}
		}
		warmUp(b, call)
		b.ResetTimer()
		spread(b, call)
	})
	for _, name := range []string{"engine-noop-runner", "engine"} {
		b.Run(name, func(b *testing.B) {
			h, _ := newHost(b, fns, Options{})
			var r runner.Runner = h
			if name == "engine-noop-runner" {
				r = noopRunner
			}
			e, sm := engineWith(b, r, `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:gofn","End":true}}}`)
			call := func() {
				if ex := execute(b, e, sm, benchInput); ex.Status != "SUCCEEDED" {
					b.Error(ex.Status, ex.Error, ex.Cause)
				}
			}
			warmUp(b, call)
			b.ResetTimer()
			spread(b, call)
		})
	}
}
