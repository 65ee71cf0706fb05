package lambda

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/jsonv"
)

// goFunction is the test function binary, built once per test run.
var goFunction string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "stepd-lambda-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	goFunction = filepath.Join(dir, "gofn")
	build := exec.Command("go", "build", "-o", goFunction, "./testdata/gofn")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building the test function:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

const fnPrefix = "arn:aws:lambda:us-east-1:123456789012:function:"

// logBuffer collects the host's log records.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(b)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func newHost(t testing.TB, functions map[string]Function, opts Options) (*Host, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewJSONHandler(logs, nil))
	}
	if opts.BaseDir == "" {
		opts.BaseDir = "testdata"
	}
	h, err := New(functions, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	return h, logs
}

func goFn() Function { return Function{Command: []string{goFunction}} }

func intp(i int) *int { return &i }

func task(resource, input string) *runner.Task {
	return &runner.Task{
		ExecutionARN: "arn:aws:states:us-east-1:123456789012:execution:sm:e1",
		StateName:    "Call",
		Resource:     resource,
		Input:        jsonv.MustParse(input),
	}
}

func run(t testing.TB, h *Host, resource, input string) runner.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	res, err := h.Run(ctx, task(resource, input))
	if err != nil {
		t.Fatalf("Run(%s, %s): %v", resource, input, err)
	}
	return res
}

// succeed runs and returns the output as JSON text.
func succeed(t testing.TB, h *Host, resource, input string) string {
	t.Helper()
	res := run(t, h, resource, input)
	if res.Failed() {
		t.Fatalf("Run(%s, %s) failed: %s: %s", resource, input, res.Error, res.Cause)
	}
	return jsonv.String(res.Output)
}

func field(t testing.TB, v jsonv.Value, path ...string) jsonv.Value {
	t.Helper()
	for _, k := range path {
		o, ok := v.(*jsonv.Object)
		if !ok {
			t.Fatalf("%v is not an object (looking for %s)", jsonv.String(v), k)
		}
		v, ok = o.Get(k)
		if !ok {
			t.Fatalf("%s has no %q", jsonv.String(o), k)
		}
	}
	return v
}

// processGone reports whether no process has the pid any more.
func processGone(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return true
	}
	return p.Signal(syscallZero) != nil
}
