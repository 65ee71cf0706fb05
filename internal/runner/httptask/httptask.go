// Package httptask runs HTTP Tasks (arn:aws:states:::http:invoke): it calls
// an HTTP API through a named connection declared in stepd.yaml, the local
// stand-in for an EventBridge connection, and answers with AWS's response
// object ({Headers, ResponseBody, StatusCode, StatusText}) or AWS's errors
// (States.Http.StatusCode.NNN, States.Http.Socket, States.Runtime,
// Events.ConnectionResource.*).
//
// Where AWS's documentation is silent, stepd chooses, and says so here:
// http:// endpoints are allowed besides https://; redirects are not
// followed (a 3xx is States.Http.StatusCode.3xx); any exchange that got no
// answer (timeout, refused connection, TLS failure) is States.Http.Socket;
// a body gets Content-Type application/json; charset=UTF-8, or
// application/x-www-form-urlencoded when URL-encoded, unless the Task sets
// one; an answer over 262,145 bytes (what the Range header asks for) is
// States.DataLimitExceeded. As at AWS, a Task without a ConnectionArn fails
// (States.Runtime): every call goes through a connection.
package httptask

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/stepd/stepd"
	"github.com/stepd/stepd/internal/runner"
)

// TimeoutDefault is AWS's limit on one HTTP Task request.
const TimeoutDefault = 60 * time.Second

// Options configure a Runner. Every field is optional.
type Options struct {
	// Client makes the requests; a client with a pooled transport when
	// nil. Redirects are never followed, whatever the client says: a 3xx
	// answer is the task's result (States.Http.StatusCode.3xx), and a
	// connection's credentials never go to another host.
	Client *http.Client
	Logger *slog.Logger
	// Timeout bounds one request, answer included; TimeoutDefault (AWS's
	// 60 seconds) when zero.
	Timeout time.Duration
	// Region goes in the User-Agent when the execution ARN names none.
	Region string
	// LookupEnv resolves ${VAR} in connections; os.LookupEnv when nil.
	LookupEnv func(string) (string, bool)
	// Now is the clock OAuth token expiry is measured on; time.Now when
	// nil.
	Now func() time.Time
}

// Runner serves arn:aws:states:::http:invoke. It is safe for concurrent
// use.
type Runner struct {
	conns   map[string]*conn
	client  *http.Client
	log     *slog.Logger
	timeout time.Duration
	region  string
	now     func() time.Time
}

// New checks the connections and resolves their ${VAR} references.
func New(connections map[string]Connection, opts Options) (*Runner, error) {
	if err := Validate(connections); err != nil {
		return nil, err
	}
	lookup := opts.LookupEnv
	if lookup == nil {
		lookup = os.LookupEnv
	}
	r := &Runner{conns: make(map[string]*conn, len(connections)), log: opts.Logger, timeout: opts.Timeout, region: opts.Region, now: opts.Now}
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(connections)) {
		cn, err := resolve(name, connections[name], lookup)
		errs = append(errs, err)
		r.conns[name] = cn
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	if r.timeout <= 0 {
		r.timeout = TimeoutDefault
	}
	if r.region == "" {
		r.region = "us-east-1"
	}
	if r.now == nil {
		r.now = time.Now
	}
	var c http.Client
	if opts.Client != nil {
		c = *opts.Client
	} else {
		c.Transport = newTransport()
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.Jar = nil
	c.Timeout = 0 // the per-request deadline is the task's, set on each request
	r.client = &c
	return r, nil
}

func newTransport() *http.Transport {
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   16,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 0, // bounded by the request's deadline
		ExpectContinueTimeout: time.Second,
	}
}

// Close releases the idle connections the runner keeps to APIs.
func (r *Runner) Close() { r.client.CloseIdleConnections() }

// errTimedOut is the cause of a request's own deadline, told apart from
// the caller's cancellation.
var errTimedOut = errors.New("httptask: request timed out")

// Run makes the call. It returns an error only when ctx ends first.
func (r *Runner) Run(ctx context.Context, t *runner.Task) (runner.Result, error) {
	if res := runner.ParseResource(t.Resource); res.Service == "http" && (res.Action != "invoke" || res.Pattern != "") {
		return runtimeFailure(fmt.Sprintf("HTTP Task: the resource %s is not served: an HTTP Task is arn:aws:states:::http:invoke (request and response only)", t.Resource)), nil
	}
	c, fail := parseCall(t.Input)
	if fail != nil {
		return *fail, nil
	}
	cn := r.conns[c.connection]
	if cn == nil {
		return failure(ErrorConnectionNotFound, fmt.Sprintf("connection %s does not exist: declare it under connections: in stepd.yaml", c.connection)), nil
	}
	p, fail := r.prepare(c, cn, regionOf(t.ExecutionARN, r.region))
	if fail != nil {
		return *fail, nil
	}
	for attempt := 0; ; attempt++ {
		var token string
		if cn.oauth != nil {
			var fail *runner.Result
			var err error
			token, fail, err = cn.oauth.get(ctx, r)
			if err != nil {
				return runner.Result{}, err
			}
			if fail != nil {
				return *fail, nil
			}
		}
		start := time.Now()
		resp, data, res, err := r.exchange(ctx, c.method, p, cn, token)
		if err != nil {
			return runner.Result{}, err
		}
		if res != nil {
			r.log.Debug("http task failed", "execution_arn", t.ExecutionARN, "state", t.StateName, "method", c.method, "url", p.shown, "error", res.Error, "duration", time.Since(start))
			return *res, nil
		}
		r.log.Debug("http task", "execution_arn", t.ExecutionARN, "state", t.StateName, "method", c.method, "url", p.shown, "status", resp.StatusCode, "duration", time.Since(start))
		// EventBridge fetches a new OAuth token when the API refuses the
		// one it has; once, so a refusing API cannot loop.
		if cn.oauth != nil && attempt == 0 && (resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusProxyAuthRequired) {
			cn.oauth.invalidate(token)
			continue
		}
		if tr := runner.HTTPTraceOf(ctx); tr != nil {
			r.trace(tr, c, cn, p, resp, data, token, regionOf(t.ExecutionARN, r.region))
		}
		return result(resp, data, p, cn, token), nil
	}
}

// trace records the exchange for TestState. Without RevealSecrets the
// request is shown as the Task alone would make it: nothing the connection
// adds (its authorization, headers, query parameters, body members).
func (r *Runner) trace(tr *runner.HTTPTrace, c *call, cn *conn, p *prepared, resp *http.Response, data []byte, token, region string) {
	shown := p
	header := p.header.Clone()
	if tr.RevealSecrets {
		if token != "" {
			header.Set("Authorization", "Bearer "+token)
		}
	} else if pub, fail := r.prepare(c, &conn{name: cn.name}, region); fail == nil {
		shown, header = pub, pub.header.Clone()
	}
	tr.Exchange = &runner.HTTPExchange{
		Method: c.method, URL: shown.url, Protocol: resp.Request.Proto, RequestHeader: header, RequestBody: string(shown.body),
		ResponseProtocol: resp.Proto, StatusCode: resp.StatusCode, StatusText: statusText(resp), ResponseHeader: resp.Header.Clone(), ResponseBody: string(data),
	}
}

// exchange sends one request and reads the answer. A failed exchange is
// res; err is the caller's cancellation.
func (r *Runner) exchange(ctx context.Context, method string, p *prepared, cn *conn, token string) (*http.Response, []byte, *runner.Result, error) {
	rctx, cancel := context.WithTimeoutCause(ctx, r.timeout, errTimedOut)
	defer cancel()
	var body io.Reader
	if p.hasBody {
		body = bytes.NewReader(p.body)
	}
	req, err := http.NewRequestWithContext(rctx, method, p.url, body)
	if err != nil {
		res := runtimeFailure(cn.scrub(fmt.Sprintf("HTTP Task: cannot make a request to %s: %v", p.shown, err), token))
		return nil, nil, &res, nil
	}
	req.Header = p.header.Clone()
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := r.client.Do(req)
	var data []byte
	if err == nil {
		data, err = io.ReadAll(io.LimitReader(resp.Body, maxResponse+1))
		resp.Body.Close()
		if err == nil && len(data) > maxResponse {
			res := failure(stepd.ErrorDataLimitExceeded, fmt.Sprintf("the response from %s %s is larger than %d bytes", method, p.shown, maxResponse))
			return nil, nil, &res, nil
		}
	}
	if err == nil {
		return resp, data, nil, nil
	}
	if ctx.Err() != nil {
		return nil, nil, nil, context.Cause(ctx)
	}
	var cause string
	if errors.Is(context.Cause(rctx), errTimedOut) {
		cause = fmt.Sprintf("%s %s: no answer within %s", method, p.shown, r.timeout)
	} else {
		cause = fmt.Sprintf("%s %s: %s", method, p.shown, transportReason(err))
	}
	res := failure(ErrorSocket, cn.scrub(cause, token))
	return nil, nil, &res, nil
}

// regionOf takes REGION from arn:aws:states:REGION:ACCOUNT:execution:….
func regionOf(arn, fallback string) string {
	parts := strings.SplitN(arn, ":", 5)
	if len(parts) == 5 && parts[3] != "" {
		return parts[3]
	}
	return fallback
}
