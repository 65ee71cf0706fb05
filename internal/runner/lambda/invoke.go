package lambda

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/stepd/stepd"
	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/jsonv"
)

// invokeParams are lambda:invoke's Parameters (the Lambda Invoke API).
type invokeParams struct {
	name, qualifier string
	arn             string // as the caller named it, completed
	payload         []byte
	invocationType  string
	clientContext   string
	tail            bool // LogType Tail
}

// runInvoke serves arn:aws:states:::lambda:invoke[.waitForTaskToken].
func (h *Host) runInvoke(ctx context.Context, t *runner.Task, pattern string) (runner.Result, error) {
	params, fail := h.parseInvoke(t)
	if fail != nil {
		return *fail, nil
	}
	p := h.pools[params.name]
	if p == nil {
		return h.notFound(ctx, t, params.arn)
	}
	var out jsonv.Value
	switch params.invocationType {
	case "DryRun":
		// Lambda checks the call would be allowed, and runs nothing.
		out = invokeResponse(http.StatusNoContent, newRequestID(), "", nil, "")
	case "Event":
		inv := h.newInvocation(t, params.arn, params.payload, params.clientContext)
		h.async.Add(1)
		go func() {
			defer h.async.Done()
			r, err := p.invoke(h.ctx, inv)
			if err == nil && r.failed {
				h.log.Warn("asynchronous invocation failed", "function", params.name, "request_id", inv.id, "execution_arn", t.ExecutionARN, "state", t.StateName, "payload", string(r.payload))
			}
		}()
		out = invokeResponse(http.StatusAccepted, inv.id, "", nil, "")
	default:
		inv := h.newInvocation(t, params.arn, params.payload, params.clientContext)
		if params.tail {
			inv.tail = &logTail{}
		}
		r, err := p.invoke(ctx, inv)
		if err != nil {
			return runner.Result{}, err
		}
		if r.failed {
			return failure(r), nil
		}
		logResult := ""
		if inv.tail != nil {
			logResult = inv.tail.result(inv.id, inv.duration, inv.pid)
		}
		out = invokeResponse(http.StatusOK, inv.id, executedVersion(params.qualifier), r.payload, logResult)
	}
	if pattern == "waitForTaskToken" {
		// The invoke response is what TaskSubmitted records; the result
		// comes with SendTaskSuccess.
		return runner.Result{Output: out, Pending: true}, nil
	}
	return runner.Result{Output: out}, nil
}

// parseInvoke reads the resolved Parameters. Failures are the task's
// result: States.Runtime for a malformed request, and the Lambda
// exceptions Lambda itself would raise.
func (h *Host) parseInvoke(t *runner.Task) (invokeParams, *runner.Result) {
	var p invokeParams
	obj, _ := t.Input.(*jsonv.Object)
	badParams := func(problem string) *runner.Result {
		return &runner.Result{Error: stepd.ErrorRuntime, Cause: fmt.Sprintf("An error occurred while executing the state '%s'. The Parameters '%s' could not be used to start the Task: [%s]", t.StateName, jsonv.String(t.Input), problem)}
	}
	if obj == nil {
		return p, badParams(`The field "FunctionName" is required but was missing`)
	}
	str := func(key string) (string, *runner.Result) {
		v, ok := obj.Get(key)
		if !ok {
			return "", nil
		}
		s, ok := v.(string)
		if !ok {
			return "", badParams(fmt.Sprintf("The value for the field '%s' must be a STRING", key))
		}
		return s, nil
	}
	for _, m := range obj.Members() {
		switch m.Key {
		case "FunctionName", "Payload", "Qualifier", "InvocationType", "ClientContext", "LogType":
		default:
			return p, badParams(fmt.Sprintf(`The field "%s" is not supported by Step Functions`, m.Key))
		}
	}
	fn, fail := str("FunctionName")
	if fail != nil {
		return p, fail
	}
	if !obj.Has("FunctionName") {
		return p, badParams(`The field "FunctionName" is required but was missing`)
	}
	qualifier, fail := str("Qualifier")
	if fail != nil {
		return p, fail
	}
	if p.invocationType, fail = str("InvocationType"); fail != nil {
		return p, fail
	}
	clientContext, fail := str("ClientContext")
	if fail != nil {
		return p, fail
	}
	logType, fail := str("LogType")
	if fail != nil {
		return p, fail
	}
	p.name, p.qualifier = splitFunctionName(fn)
	switch {
	case qualifier != "" && p.qualifier != "" && qualifier != p.qualifier:
		return p, lambdaException("InvalidParameterValueException", 400, "The derived qualifier from the function name does not match the specified qualifier.")
	case qualifier != "":
		p.qualifier = qualifier
	}
	if strings.HasPrefix(fn, "arn:") {
		p.arn, _, _ = strings.Cut(fn, ":function:")
		p.arn += ":function:" + p.name
		if p.qualifier != "" {
			p.arn += ":" + p.qualifier
		}
	} else {
		p.arn = h.functionARN(p.name, p.qualifier)
	}
	switch p.invocationType {
	case "":
		p.invocationType = "RequestResponse"
	case "RequestResponse", "Event", "DryRun":
	default:
		return p, lambdaException("AWSLambdaException", 400, fmt.Sprintf("1 validation error detected: Value '%s' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]", p.invocationType))
	}
	if logType != "" && logType != "None" && logType != "Tail" {
		return p, lambdaException("AWSLambdaException", 400, fmt.Sprintf("1 validation error detected: Value '%s' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [Tail, None]", logType))
	}
	// Lambda returns a log tail only to a synchronous caller.
	p.tail = logType == "Tail" && p.invocationType == "RequestResponse"
	if clientContext != "" {
		// Lambda hands the function the decoded JSON.
		raw, err := base64.StdEncoding.DecodeString(clientContext)
		var buf bytes.Buffer
		if err != nil || json.Compact(&buf, raw) != nil {
			return p, lambdaException("InvalidParameterValueException", 400, "Client context must be a valid Base64-encoded JSON object.")
		}
		p.clientContext = buf.String()
	}
	if v, ok := obj.Get("Payload"); ok {
		p.payload = jsonv.Marshal(v)
	} else {
		p.payload = []byte("{}")
	}
	return p, nil
}

// splitFunctionName accepts Lambda's three forms: NAME, ACCOUNT:function:NAME
// and the full ARN, each with an optional :QUALIFIER.
func splitFunctionName(s string) (name, qualifier string) {
	if i := strings.Index(s, ":function:"); i >= 0 {
		s = s[i+len(":function:"):]
	}
	name, qualifier, _ = strings.Cut(s, ":")
	return name, qualifier
}

// executedVersion: a local function has one version; a numeric qualifier
// is reported back as the version asked for, anything else ran $LATEST.
func executedVersion(qualifier string) string {
	if _, err := strconv.ParseUint(qualifier, 10, 64); err == nil {
		return qualifier
	}
	return "$LATEST"
}

// invokeResponse is the Invoke result as Step Functions returns it, the
// SDK's HTTP metadata included. payload is nil for Event and DryRun
// (their Payload is empty); logResult is LogType Tail's, or "".
func invokeResponse(status int, requestID, version string, payload []byte, logResult string) *jsonv.Object {
	var body jsonv.Value = ""
	if payload != nil {
		body = parsePayload(payload)
	}
	date := time.Now().UTC().Format(http.TimeFormat)
	trace := "root=" + newTraceRoot() + ";sampled=0"
	length := strconv.Itoa(len(payload))
	all := jsonv.NewObject(8)
	headers := jsonv.NewObject(8)
	add := func(k, v string) {
		all.Set(k, []jsonv.Value{v})
		headers.Set(k, v)
	}
	add("Connection", "keep-alive")
	add("Content-Length", length)
	add("Content-Type", "application/json")
	add("Date", date)
	if version != "" {
		add("X-Amz-Executed-Version", version)
	}
	if logResult != "" {
		add("X-Amz-Log-Result", logResult)
	}
	add("x-amzn-Remapped-Content-Length", "0")
	add("x-amzn-RequestId", requestID)
	add("X-Amzn-Trace-Id", trace)
	out := jsonv.NewObject(5)
	if version != "" {
		out.Set("ExecutedVersion", version)
	}
	if logResult != "" {
		out.Set("LogResult", logResult)
	}
	out.Set("Payload", body)
	out.Set("SdkHttpMetadata", jsonv.ObjectOf("AllHttpHeaders", all, "HttpHeaders", headers, "HttpStatusCode", jsonv.Int(int64(status))))
	out.Set("SdkResponseMetadata", jsonv.ObjectOf("RequestId", requestID))
	out.Set("StatusCode", jsonv.Int(int64(status)))
	return out
}

// failure maps a function error as Step Functions does: the payload's
// errorType names the error and the payload is the cause; with no
// errorType (a timeout, say) the error is Lambda.Unknown. A runtime that
// exited is an unhandled error, which the developer guide also reports as
// Lambda.Unknown ("these include out-of-memory errors and function
// timeouts"); the cause keeps Lambda's Runtime.ExitError report.
func failure(r reply) runner.Result {
	if r.unhandled {
		return runner.Result{Error: "Lambda.Unknown", Cause: string(r.payload)}
	}
	var e struct {
		ErrorType string `json:"errorType"`
	}
	_ = json.Unmarshal(r.payload, &e)
	typ := e.ErrorType
	if typ == "" {
		typ = r.errorType
	}
	if typ == "" || typ == "Unhandled" && e.ErrorType == "" {
		return runner.Result{Error: "Lambda.Unknown", Cause: "The cause could not be determined because Lambda did not return an error type. Returned payload: " + string(r.payload)}
	}
	return runner.Result{Error: typ, Cause: string(r.payload)}
}

// lambdaException is a Lambda API error as Step Functions reports it.
func lambdaException(code string, status int, message string) *runner.Result {
	return &runner.Result{Error: "Lambda." + code, Cause: sdkCause(message, status, code, newRequestID())}
}

func sdkCause(message string, status int, code, requestID string) string {
	return fmt.Sprintf("%s (Service: AWSLambda; Status Code: %d; Error Code: %s; Request ID: %s; Proxy: null)", message, status, code, requestID)
}

// parsePayload reads a function's result. A payload that is not JSON
// (a custom runtime may post any bytes) is kept as a JSON string.
func parsePayload(b []byte) jsonv.Value {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	v, err := jsonv.Parse(b)
	if err != nil {
		return string(b)
	}
	return v
}

func marshalInput(v jsonv.Value) []byte {
	return jsonv.Marshal(v)
}

// errorPayload is Lambda's error object for platform errors.
func errorPayload(errorType, message string) []byte {
	b := append([]byte(`{"errorType":`), jsonv.AppendString(nil, errorType)...)
	b = append(b, `,"errorMessage":`...)
	b = jsonv.AppendString(b, message)
	return append(b, '}')
}

func appendMessageOnly(dst []byte, message string) []byte {
	dst = append(dst, `{"errorMessage":`...)
	dst = jsonv.AppendString(dst, message)
	return append(dst, '}')
}

// newRequestID is a random UUID, as Lambda's request ids are.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return stepd.UUID(b)
}

// newTraceRoot is an X-Ray trace id: 1-<epoch seconds hex>-<96 random bits>.
func newTraceRoot() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("1-%08x-%s", time.Now().Unix(), hex.EncodeToString(b[:]))
}

func newTraceID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "Root=" + newTraceRoot() + ";Parent=" + hex.EncodeToString(b[:]) + ";Sampled=0"
}
