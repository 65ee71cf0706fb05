package lambda

import (
	"encoding/base64"
	"io"
	"net/http"
	"strconv"
)

// The Runtime API, version 2018-06-01, as each instance's own HTTP server
// serves it. One server per instance keeps the routing trivial: whatever
// calls this port is that process.
const apiPrefix = "/2018-06-01/runtime/"

// maxResponse is Lambda's synchronous response limit (6 MB).
const maxResponse = 6 << 20

func (in *instance) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+apiPrefix+"invocation/next", in.serveNext)
	mux.HandleFunc("POST "+apiPrefix+"invocation/{id}/response", in.serveResponse)
	mux.HandleFunc("POST "+apiPrefix+"invocation/{id}/error", in.serveError)
	mux.HandleFunc("POST "+apiPrefix+"init/error", in.serveInitError)
	return mux
}

// serveNext is the long poll: the first call also says the instance has
// finished its init.
func (in *instance) serveNext(w http.ResponseWriter, r *http.Request) {
	in.readyOnce.Do(func() { close(in.ready) })
	var inv *invocation
	select {
	case inv = <-in.next:
	case <-in.exited:
		return
	case <-r.Context().Done():
		return
	}
	in.current.Store(inv)
	h := w.Header()
	h["Content-Type"] = []string{"application/json"}
	h["Lambda-Runtime-Aws-Request-Id"] = []string{inv.id}
	h["Lambda-Runtime-Deadline-Ms"] = []string{strconv.FormatInt(inv.deadline.UnixMilli(), 10)}
	h["Lambda-Runtime-Invoked-Function-Arn"] = []string{inv.functionARN}
	h["Lambda-Runtime-Trace-Id"] = []string{inv.traceID}
	if inv.clientContext != "" {
		h["Lambda-Runtime-Client-Context"] = []string{inv.clientContext}
	}
	h["Content-Length"] = []string{strconv.Itoa(len(inv.payload))}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(inv.payload)
}

func (in *instance) serveResponse(w http.ResponseWriter, r *http.Request) {
	inv := in.claim(w, r)
	if inv == nil {
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxResponse+1))
	if err != nil {
		in.current.CompareAndSwap(nil, inv)
		apiError(w, http.StatusBadRequest, "InvalidRequest", "reading the response body: "+err.Error())
		return
	}
	if len(body) > maxResponse {
		inv.done <- reply{payload: []byte(`{"errorMessage":"Response payload size exceeded maximum allowed payload size (6291556 bytes).","errorType":"Function.ResponseSizeTooLarge"}`), failed: true}
		apiError(w, http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", "Response payload size exceeded maximum allowed payload size (6291556 bytes).")
		return
	}
	// A streamed response that broke off names its error in trailers.
	if typ := r.Trailer.Get("Lambda-Runtime-Function-Error-Type"); typ != "" {
		errBody, err := base64.StdEncoding.DecodeString(r.Trailer.Get("Lambda-Runtime-Function-Error-Body"))
		if err != nil || len(errBody) == 0 {
			errBody = errorPayload(typ, "the function's response stream failed")
		}
		inv.done <- reply{payload: errBody, failed: true, errorType: typ}
		accepted(w)
		return
	}
	inv.done <- reply{payload: body}
	accepted(w)
}

func (in *instance) serveError(w http.ResponseWriter, r *http.Request) {
	inv := in.claim(w, r)
	if inv == nil {
		return
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxResponse))
	inv.done <- reply{payload: body, failed: true, errorType: r.Header.Get("Lambda-Runtime-Function-Error-Type")}
	accepted(w)
}

func (in *instance) serveInitError(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxResponse))
	select {
	case in.initErr <- reply{payload: body, failed: true, errorType: r.Header.Get("Lambda-Runtime-Function-Error-Type")}:
	default:
	}
	accepted(w)
}

// claim takes the invocation a response names, once: a second response
// for the same request id, or one for another id, is refused as Lambda
// refuses it.
func (in *instance) claim(w http.ResponseWriter, r *http.Request) *invocation {
	inv := in.current.Load()
	if inv == nil || inv.id != r.PathValue("id") || !in.current.CompareAndSwap(inv, nil) {
		apiError(w, http.StatusBadRequest, "InvalidRequestID", "Invalid request ID")
		return nil
	}
	return inv
}

func accepted(w http.ResponseWriter) {
	w.Header()["Content-Type"] = []string{"application/json"}
	w.WriteHeader(http.StatusAccepted)
	_, _ = io.WriteString(w, `{"status":"OK"}`)
}

func apiError(w http.ResponseWriter, code int, typ, msg string) {
	w.Header()["Content-Type"] = []string{"application/json"}
	w.WriteHeader(code)
	_, _ = w.Write(errorPayload(typ, msg))
}
