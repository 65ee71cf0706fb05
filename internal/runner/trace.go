package runner

import (
	"context"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/stepd/stepd/jsonv"
)

// HTTPTrace asks a runner that makes HTTP calls on a task's behalf (the
// HTTP Task) to record the exchange, for the TestState API's TRACE level.
type HTTPTrace struct {
	// RevealSecrets shows what a connection adds to the request
	// (authorization, its headers, query parameters and body members);
	// without it they are left out, as AWS omits them.
	RevealSecrets bool
	// Exchange is set by the runner once a request got an answer.
	Exchange *HTTPExchange
}

// HTTPExchange is one request and its answer.
type HTTPExchange struct {
	Method, URL, Protocol string
	RequestHeader         http.Header
	RequestBody           string
	ResponseProtocol      string
	StatusCode            int
	StatusText            string
	ResponseHeader        http.Header
	ResponseBody          string
}

type traceKey struct{}

// WithHTTPTrace returns a context that carries tr to the runner.
func WithHTTPTrace(ctx context.Context, tr *HTTPTrace) context.Context {
	return context.WithValue(ctx, traceKey{}, tr)
}

// HTTPTraceOf returns the trace ctx carries, nil when none.
func HTTPTraceOf(ctx context.Context) *HTTPTrace {
	tr, _ := ctx.Value(traceKey{}).(*HTTPTrace)
	return tr
}

// HeaderObject lists every header with its values as a JSON object, names
// sorted so the result is the same every time; lower puts the names in
// lower case (as the HTTP Task's response shows them).
func HeaderObject(h http.Header, lower bool) *jsonv.Object {
	names := slices.Sorted(maps.Keys(h))
	obj := jsonv.NewObject(len(names))
	for _, k := range names {
		vals := make([]jsonv.Value, len(h[k]))
		for i, v := range h[k] {
			vals[i] = v
		}
		if lower {
			k = strings.ToLower(k)
		}
		obj.Set(k, vals)
	}
	return obj
}
