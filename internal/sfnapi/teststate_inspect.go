package sfnapi

import (
	"strconv"
	"time"

	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/interp"
	"github.com/stepd/stepd/jsonv"
)

// inspectionData is AWS's InspectionData, less afterItemsPointer (the
// ASL stepd reads has no ItemsPointer). The data-flow values are JSON
// text; a Map's settings are numbers.
type inspectionData struct {
	Input               string  `json:"input"`
	AfterArguments      *string `json:"afterArguments,omitempty"`
	AfterInputPath      *string `json:"afterInputPath,omitempty"`
	AfterParameters     *string `json:"afterParameters,omitempty"`
	Result              *string `json:"result,omitempty"`
	AfterResultSelector *string `json:"afterResultSelector,omitempty"`
	AfterResultPath     *string `json:"afterResultPath,omitempty"`
	Variables           *string `json:"variables,omitempty"`
	AfterItemsPath      *string `json:"afterItemsPath,omitempty"`
	AfterItemSelector   *string `json:"afterItemSelector,omitempty"`
	AfterItemBatcher    *string `json:"afterItemBatcher,omitempty"`
	MaxConcurrency      *int64  `json:"maxConcurrency,omitempty"`
	// The tolerances show only when the state sets them.
	ToleratedFailureCount      *int64                  `json:"toleratedFailureCount,omitempty"`
	ToleratedFailurePercentage *float64                `json:"toleratedFailurePercentage,omitempty"`
	ErrorDetails               *inspectionErrorDetails `json:"errorDetails,omitempty"`
	Request                    *inspectionRequest      `json:"request,omitempty"`
	Response                   *inspectionResponse     `json:"response,omitempty"`
}

type inspectionErrorDetails struct {
	CatchIndex                  *int   `json:"catchIndex,omitempty"`
	RetryIndex                  *int   `json:"retryIndex,omitempty"`
	RetryBackoffIntervalSeconds *int64 `json:"retryBackoffIntervalSeconds,omitempty"`
}

type inspectionRequest struct {
	Protocol string `json:"protocol"`
	Method   string `json:"method"`
	URL      string `json:"url"`
	Headers  string `json:"headers"`
	Body     string `json:"body"`
}

type inspectionResponse struct {
	Protocol      string `json:"protocol"`
	StatusCode    string `json:"statusCode"`
	StatusMessage string `json:"statusMessage"`
	Headers       string `json:"headers"`
	Body          string `json:"body"`
}

// inspector is the interpreter Observer of a TestState run: it keeps the
// data flow of the state under test and the error a Retry or Catch took.
type inspector struct {
	state   string
	data    inspectionData
	handled *interp.Handled
}

func (in *inspector) Stage(state string, stage interp.Stage, v jsonv.Value) {
	if state != in.state {
		return
	}
	n, _ := v.(jsonv.Number)
	switch stage {
	case interp.StageMaxConcurrency:
		i, _ := n.Int64()
		in.data.MaxConcurrency = &i
		return
	case interp.StageToleratedFailureCount:
		i, _ := n.Int64()
		in.data.ToleratedFailureCount = &i
		return
	case interp.StageToleratedFailurePercentage:
		f := n.Float64()
		in.data.ToleratedFailurePercentage = &f
		return
	}
	text := jsonv.String(v)
	var dst **string
	switch stage {
	case interp.StageAfterItemsPath:
		dst = &in.data.AfterItemsPath
	case interp.StageAfterItemSelector:
		dst = &in.data.AfterItemSelector
	case interp.StageAfterItemBatcher:
		dst = &in.data.AfterItemBatcher
	case interp.StageAfterInputPath:
		dst = &in.data.AfterInputPath
	case interp.StageAfterParameters:
		dst = &in.data.AfterParameters
	case interp.StageAfterArguments:
		dst = &in.data.AfterArguments
	case interp.StageResult:
		dst = &in.data.Result
	case interp.StageAfterResultSelector:
		dst = &in.data.AfterResultSelector
	case interp.StageAfterResultPath:
		dst = &in.data.AfterResultPath
	case interp.StageVariables:
		dst = &in.data.Variables
	default:
		return
	}
	*dst = &text
}

func (in *inspector) Handled(h interp.Handled) {
	if h.State != in.state {
		return
	}
	in.handled = &h
	d := &inspectionErrorDetails{}
	if h.RetryIndex >= 0 {
		i, secs := h.RetryIndex, int64(h.Backoff/time.Second)
		d.RetryIndex, d.RetryBackoffIntervalSeconds = &i, &secs
	} else {
		i := h.CatchIndex
		d.CatchIndex = &i
	}
	in.data.ErrorDetails = d
}

// traced adds the HTTP exchange an HTTP Task made (TRACE level).
func (in *inspector) traced(x *runner.HTTPExchange) {
	if x == nil {
		return
	}
	in.data.Request = &inspectionRequest{Protocol: x.Protocol, Method: x.Method, URL: x.URL, Headers: jsonv.String(runner.HeaderObject(x.RequestHeader, false)), Body: x.RequestBody}
	in.data.Response = &inspectionResponse{Protocol: x.ResponseProtocol, StatusCode: strconv.Itoa(x.StatusCode), StatusMessage: x.StatusText,
		Headers: jsonv.String(runner.HeaderObject(x.ResponseHeader, false)), Body: x.ResponseBody}
}
