package httptask_test

import (
	"bytes"
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/internal/runner/httptask"
	"github.com/stepd/stepd/jsonv"
)

const (
	resource = "arn:aws:states:::http:invoke"
	execARN  = "arn:aws:states:eu-west-1:123456789012:execution:demo:run-1"
)

// seen is one request as the test server received it.
type seen struct {
	Method   string
	Path     string
	RawQuery string
	Header   http.Header
	Body     string
}

// recorder is a real HTTP server that records every request and answers
// with handle (200 {"ok":true} when nil).
type recorder struct {
	*httptest.Server
	mu     sync.Mutex
	got    []seen
	handle func(w http.ResponseWriter, r *http.Request)
}

func newRecorder(t *testing.T, tls bool, handle func(w http.ResponseWriter, r *http.Request)) *recorder {
	t.Helper()
	rec := &recorder{handle: handle}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec.mu.Lock()
		rec.got = append(rec.got, seen{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), string(body)})
		rec.mu.Unlock()
		if rec.handle != nil {
			rec.handle(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Add("X-Multi", "one")
		w.Header().Add("X-Multi", "two")
		io.WriteString(w, `{"ok":true,"n":1.50}`)
	})
	rec.Server = httptest.NewUnstartedServer(h)
	// Refused handshakes are expected; the server need not log them.
	rec.Config.ErrorLog = log.New(io.Discard, "", 0)
	if tls {
		rec.StartTLS()
	} else {
		rec.Start()
	}
	t.Cleanup(rec.Close)
	return rec
}

func (r *recorder) requests() []seen {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]seen(nil), r.got...)
}

func (r *recorder) last(t *testing.T) seen {
	t.Helper()
	got := r.requests()
	if len(got) == 0 {
		t.Fatal("the server received no request")
	}
	return got[len(got)-1]
}

func newRunner(t *testing.T, conns map[string]httptask.Connection, opts httptask.Options) *httptask.Runner {
	t.Helper()
	if opts.LookupEnv == nil {
		opts.LookupEnv = func(string) (string, bool) { return "", false }
	}
	r, err := httptask.New(conns, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return r
}

func run(t *testing.T, r *httptask.Runner, input string) runner.Result {
	t.Helper()
	res, err := r.Run(context.Background(), &runner.Task{ExecutionARN: execARN, StateName: "Call", Resource: resource, Input: jsonv.MustParse(input)})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

// get reads a member of an object result by a dotted path.
func get(t *testing.T, v jsonv.Value, path string) jsonv.Value {
	t.Helper()
	for _, k := range strings.Split(path, ".") {
		obj, ok := v.(*jsonv.Object)
		if !ok {
			t.Fatalf("%s: %s is not an object in %s", path, k, jsonv.String(v))
		}
		v, ok = obj.Get(k)
		if !ok {
			t.Fatalf("%s: no member %s in %s", path, k, jsonv.String(obj))
		}
	}
	return v
}

func wantFailure(t *testing.T, res runner.Result, name, causeHas string) {
	t.Helper()
	if res.Error != name || !strings.Contains(res.Cause, causeHas) {
		t.Fatalf("result = %q %q, want error %s with a cause containing %q", res.Error, res.Cause, name, causeHas)
	}
}

func apiKeyConn() map[string]httptask.Connection {
	return map[string]httptask.Connection{"api": {APIKey: &httptask.APIKey{Name: "x-api-key", Value: "key-123"}}}
}

const apiARN = "arn:aws:events:eu-west-1:123456789012:connection/api/0d1b6a3e-7f3c-4e5b-9a51-1c2d3e4f5a6b"
