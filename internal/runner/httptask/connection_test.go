package httptask_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/internal/runner/httptask"
	"github.com/stepd/stepd/jsonv"
)

func TestBasicAuthOverTLS(t *testing.T) {
	srv := newRecorder(t, true, nil)
	conns := map[string]httptask.Connection{"api": {Basic: &httptask.Basic{Username: "alice", Password: "${PASS}"}}}
	r := newRunner(t, conns, httptask.Options{Client: srv.Client(), LookupEnv: env("PASS", "s3cret-pass")})
	res := run(t, r, fmt.Sprintf(`{"ApiEndpoint":%q,"Method":"GET","Authentication":{"ConnectionArn":%q}}`, srv.URL+"/secure", apiARN))
	if res.Failed() {
		t.Fatalf("%s %s", res.Error, res.Cause)
	}
	user, pass, ok := (&http.Request{Header: srv.last(t).Header}).BasicAuth()
	if !ok || user != "alice" || pass != "s3cret-pass" {
		t.Errorf("basic auth = %q %q %v", user, pass, ok)
	}
	// A client that does not trust the server's certificate fails the
	// exchange: no answer, States.Http.Socket.
	r = newRunner(t, conns, httptask.Options{LookupEnv: env("PASS", "s3cret-pass")})
	res = run(t, r, fmt.Sprintf(`{"ApiEndpoint":%q,"Method":"GET","Authentication":{"ConnectionArn":%q}}`, srv.URL+"/secure", apiARN))
	wantFailure(t, res, "States.Http.Socket", "certificate")
}

// tokenServer is an OAuth client-credentials endpoint and an API that
// accepts only the token it issued last.
type tokenServer struct {
	*recorder
	fetches atomic.Int32
	mu      sync.Mutex
	valid   string
	refuse  bool // the API refuses every token
}

func newTokenServer(t *testing.T) *tokenServer {
	ts := &tokenServer{}
	ts.recorder = newRecorder(t, false, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			id, secret, _ := r.BasicAuth()
			r.ParseForm()
			if id != "client-1" || secret != "client-secret-xyz" || r.PostForm.Get("grant_type") != "client_credentials" || r.PostForm.Get("scope") != "read write" || r.URL.Query().Get("audience") != "api" {
				http.Error(w, "bad client", http.StatusUnauthorized)
				return
			}
			n := ts.fetches.Add(1)
			ts.mu.Lock()
			ts.valid = fmt.Sprintf("token-%d", n)
			ts.mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"access_token":"token-%d","token_type":"Bearer","expires_in":3600}`, n)
			return
		}
		ts.mu.Lock()
		ok := !ts.refuse && r.Header.Get("Authorization") == "Bearer "+ts.valid
		ts.mu.Unlock()
		if !ok {
			http.Error(w, "token refused", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"hello":"world"}`)
	})
	return ts
}

// revoke makes the API refuse the token it has issued.
func (ts *tokenServer) revoke() {
	ts.mu.Lock()
	ts.valid = "revoked"
	ts.mu.Unlock()
}

func TestOAuthTokenReuseRefreshAndExpiry(t *testing.T) {
	ts := newTokenServer(t)
	var clock atomic.Int64
	clock.Store(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano())
	conns := map[string]httptask.Connection{"api": {OAuth: &httptask.OAuth{
		TokenURL: ts.URL + "/token", ClientID: "client-1", ClientSecret: "${CLIENT_SECRET}",
		Scopes: []string{"read", "write"}, Query: map[string]string{"audience": "api"},
	}}}
	r := newRunner(t, conns, httptask.Options{
		LookupEnv: env("CLIENT_SECRET", "client-secret-xyz"),
		Now:       func() time.Time { return time.Unix(0, clock.Load()) },
	})
	call := func() {
		t.Helper()
		res := run(t, r, fmt.Sprintf(`{"ApiEndpoint":%q,"Method":"GET","Authentication":{"ConnectionArn":%q}}`, ts.URL+"/api", apiARN))
		if res.Failed() {
			t.Fatalf("%s %s", res.Error, res.Cause)
		}
	}
	for range 3 {
		call()
	}
	if n := ts.fetches.Load(); n != 1 {
		t.Fatalf("%d token requests for 3 calls, want 1 (the token is reused)", n)
	}
	// The API refuses the cached token: one new token, and the call is
	// made again.
	ts.revoke()
	call()
	if n := ts.fetches.Load(); n != 2 {
		t.Fatalf("%d token requests after a 401, want 2", n)
	}
	// An hour later the token has expired: a new one before the call.
	clock.Add(int64(time.Hour))
	call()
	if n := ts.fetches.Load(); n != 3 {
		t.Fatalf("%d token requests after expiry, want 3", n)
	}
	got := ts.requests()
	if last := got[len(got)-1]; last.Path != "/api" || last.Header.Get("Authorization") != "Bearer token-3" {
		t.Errorf("last request %s with %q", last.Path, last.Header.Get("Authorization"))
	}
	// An API that refuses every token: refreshed once, then the 401 is
	// the result.
	ts.mu.Lock()
	ts.refuse = true
	ts.mu.Unlock()
	res := run(t, r, fmt.Sprintf(`{"ApiEndpoint":%q,"Method":"GET","Authentication":{"ConnectionArn":%q}}`, ts.URL+"/api", apiARN))
	wantFailure(t, res, "States.Http.StatusCode.401", `"StatusText":"Unauthorized"`)
	if n := ts.fetches.Load(); n != 4 {
		t.Errorf("%d token requests, want 4 (one refresh for the refused call)", n)
	}
}

func TestOAuthConcurrentCallsShareOneToken(t *testing.T) {
	ts := newTokenServer(t)
	conns := map[string]httptask.Connection{"api": {OAuth: &httptask.OAuth{
		TokenURL: ts.URL + "/token", ClientID: "client-1", ClientSecret: "client-secret-xyz",
		Scopes: []string{"read", "write"}, Query: map[string]string{"audience": "api"},
	}}}
	r := newRunner(t, conns, httptask.Options{})
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for range 8 {
		wg.Go(func() {
			res, err := r.Run(context.Background(), &runner.Task{Resource: resource, Input: jsonv.MustParse(fmt.Sprintf(`{"ApiEndpoint":%q,"Method":"GET","Authentication":{"ConnectionArn":%q}}`, ts.URL+"/api", apiARN))})
			if err != nil || res.Failed() {
				errs <- fmt.Sprint(err, res.Error, res.Cause)
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if n := ts.fetches.Load(); n != 1 {
		t.Errorf("%d token requests for 8 concurrent calls, want 1", n)
	}
}

func TestOAuthTokenEndpointRefuses(t *testing.T) {
	ts := newTokenServer(t)
	conns := map[string]httptask.Connection{"api": {OAuth: &httptask.OAuth{TokenURL: ts.URL + "/token", ClientID: "client-1", ClientSecret: "wrong-secret-abc"}}}
	r := newRunner(t, conns, httptask.Options{})
	res := run(t, r, fmt.Sprintf(`{"ApiEndpoint":%q,"Method":"GET","Authentication":{"ConnectionArn":%q}}`, ts.URL+"/api", apiARN))
	wantFailure(t, res, "Events.ConnectionResource.InvalidConnectionState", "connection api: the OAuth token endpoint "+ts.URL+"/token answered 401 Unauthorized")
	if strings.Contains(res.Cause, "wrong-secret-abc") {
		t.Errorf("the cause shows the client secret: %s", res.Cause)
	}
	for _, got := range ts.requests() {
		if got.Path == "/api" {
			t.Error("the API was called without a token")
		}
	}
}

func TestTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := newRecorder(t, false, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	defer close(release)
	r := newRunner(t, apiKeyConn(), httptask.Options{Timeout: 100 * time.Millisecond})
	res := run(t, r, fmt.Sprintf(`{"ApiEndpoint":%q,"Method":"GET","Authentication":{"ConnectionArn":%q}}`, srv.URL+"/slow", apiARN))
	wantFailure(t, res, "States.Http.Socket", "GET "+srv.URL+"/slow: no answer within 100ms")
}

func TestConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	r := newRunner(t, apiKeyConn(), httptask.Options{})
	res := run(t, r, fmt.Sprintf(`{"ApiEndpoint":"http://%s/x","Method":"GET","Authentication":{"ConnectionArn":%q}}`, addr, apiARN))
	wantFailure(t, res, "States.Http.Socket", "GET http://"+addr+"/x: dial")
}

func TestCancelledContext(t *testing.T) {
	started := make(chan struct{})
	srv := newRecorder(t, false, func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-r.Context().Done()
	})
	r := newRunner(t, apiKeyConn(), httptask.Options{})
	ctx, cancel := context.WithCancelCause(context.Background())
	go func() {
		<-started
		cancel(runner.ErrTaskCancelled)
	}()
	res, err := r.Run(ctx, &runner.Task{Resource: resource, Input: jsonv.MustParse(fmt.Sprintf(`{"ApiEndpoint":%q,"Method":"GET","Authentication":{"ConnectionArn":%q}}`, srv.URL, apiARN))})
	if !errors.Is(err, runner.ErrTaskCancelled) {
		t.Errorf("Run = %+v, %v; want the cancellation cause", res, err)
	}
}

// TestSecretsStayOut checks that credentials (from the file or from the
// environment) appear in no result and no log line, even when the API
// echoes them back in an error or the exchange fails.
func TestSecretsStayOut(t *testing.T) {
	const apiKey, password, clientSecret, queryToken = "key-FROM-env-1", "pa55-from-file", "client-secret-xyz", "qtok-from-env-9"
	echo := newRecorder(t, false, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/ok" {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"fine":true}`)
			return
		}
		// A careless API that echoes the request in its error.
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, "bad request: %v %s", r.Header, r.URL.RawQuery)
	})
	ts := newTokenServer(t)
	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	deadAddr := closed.Addr().String()
	closed.Close()

	conns := map[string]httptask.Connection{
		"key":   {APIKey: &httptask.APIKey{Name: "x-api-key", Value: "${API_KEY}"}, InvocationHTTPParameters: &httptask.HTTPParameters{Query: map[string]string{"token": "${QUERY_TOKEN}"}}},
		"basic": {Basic: &httptask.Basic{Username: "bob", Password: password}},
		"oauth": {OAuth: &httptask.OAuth{TokenURL: ts.URL + "/token", ClientID: "client-1", ClientSecret: clientSecret, Scopes: []string{"read", "write"}, Query: map[string]string{"audience": "api"}}},
	}
	var logs bytes.Buffer
	r := newRunner(t, conns, httptask.Options{
		Logger:    slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		LookupEnv: env("API_KEY", apiKey, "QUERY_TOKEN", queryToken),
	})
	secrets := []string{apiKey, password, clientSecret, queryToken, base64.StdEncoding.EncodeToString([]byte("bob:" + password)), "token-1"}
	var results []string
	for _, name := range []string{"key", "basic", "oauth"} {
		arn := "arn:aws:events:us-east-1:123456789012:connection/" + name + "/1"
		for _, endpoint := range []string{echo.URL + "/ok", echo.URL + "/echo", "http://" + deadAddr + "/dead", ts.URL + "/api"} {
			res := run(t, r, fmt.Sprintf(`{"ApiEndpoint":%q,"Method":"POST","Authentication":{"ConnectionArn":%q},"RequestBody":{"a":1}}`, endpoint, arn))
			results = append(results, jsonv.String(res.Output), res.Error, res.Cause)
		}
	}
	// The credentials did reach the API (the test would prove nothing
	// otherwise).
	var sawKey, sawQuery bool
	for _, got := range echo.requests() {
		sawKey = sawKey || got.Header.Get("X-Api-Key") == apiKey
		sawQuery = sawQuery || strings.Contains(got.RawQuery, queryToken)
	}
	if !sawKey || !sawQuery || ts.fetches.Load() == 0 {
		t.Fatalf("credentials not sent: api key %v, query %v, token fetches %d", sawKey, sawQuery, ts.fetches.Load())
	}
	all := strings.Join(results, "\n") + "\n" + logs.String()
	if !strings.Contains(all, "States.Http.StatusCode.400") || !strings.Contains(all, "States.Http.Socket") {
		t.Fatalf("the failures did not happen:\n%s", all)
	}
	for _, s := range secrets {
		if strings.Contains(all, s) {
			t.Errorf("secret %q appears in a result or log:\n%s", s, all)
		}
	}
}

// env is a LookupEnv over pairs of names and values.
func env(kv ...string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i] == k {
				return kv[i+1], true
			}
		}
		return "", false
	}
}
