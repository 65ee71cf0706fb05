package httptask_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/internal/runner/httptask"
	"github.com/stepd/stepd/jsonv"
)

func benchServer(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"o-1","item":"widget","quantity":3,"status":"confirmed"}`)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkRun is one HTTP Task (POST, JSON body, API key connection)
// against a local server, keep-alive connections reused.
func BenchmarkRun(b *testing.B) {
	srv := benchServer(b)
	r, err := httptask.New(apiKeyConn(), httptask.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	task := &runner.Task{ExecutionARN: execARN, Resource: resource, Input: jsonv.MustParse(fmt.Sprintf(
		`{"ApiEndpoint":%q,"Method":"POST","Authentication":{"ConnectionArn":%q},"Headers":{"Request-Id":"r-1"},"QueryParameters":{"view":"full"},"RequestBody":{"item":"widget","quantity":3}}`,
		srv.URL+"/orders", apiARN))}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		res, err := r.Run(ctx, task)
		if err != nil || res.Failed() {
			b.Fatal(err, res.Error, res.Cause)
		}
	}
}

// BenchmarkRawClient is the same exchange with net/http alone: the floor
// BenchmarkRun is measured against.
func BenchmarkRawClient(b *testing.B) {
	srv := benchServer(b)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	defer client.CloseIdleConnections()
	body := []byte(`{"item":"widget","quantity":3}`)
	b.ReportAllocs()
	for b.Loop() {
		req, _ := http.NewRequest("POST", srv.URL+"/orders?view=full", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json; charset=UTF-8")
		req.Header.Set("x-api-key", "key-123")
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if _, err := jsonv.Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}
