package httptask

import (
	"errors"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/jsonv"
)

// maxResponse is what the Range header asks for (bytes=0-262144): a task
// result cannot be larger than 256 KiB anyway.
const maxResponse = 262145

// result turns an answer into the task's result: the response object for
// a 2xx answer, States.Http.StatusCode.NNN with that object as Cause
// otherwise.
func result(resp *http.Response, data []byte, p *prepared, cn *conn, token string) runner.Result {
	ok := resp.StatusCode >= 200 && resp.StatusCode <= 299
	media, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if ok {
		if media == "application/octet-stream" || strings.HasPrefix(media, "image/") || strings.HasPrefix(media, "video/") || strings.HasPrefix(media, "audio/") {
			return runtimeFailure(fmt.Sprintf("HTTP Task: the response from %s %s has Content-Type %s, which an HTTP Task cannot return", resp.Request.Method, p.shown, media))
		}
		if !utf8.Valid(data) {
			return runtimeFailure(fmt.Sprintf("HTTP Task: the response from %s %s is not valid UTF-8 text", resp.Request.Method, p.shown))
		}
	} else if !utf8.Valid(data) {
		// The status is what a Retry or Catch matches: keep it, drop the
		// body that cannot be text.
		data = nil
	}
	out := jsonv.NewObject(4)
	out.Set("Headers", runner.HeaderObject(resp.Header, true))
	out.Set("ResponseBody", responseBody(media, data))
	out.Set("StatusCode", jsonv.Int(int64(resp.StatusCode)))
	out.Set("StatusText", statusText(resp))
	if ok {
		return runner.Result{Output: out}
	}
	return failure(statusError(resp.StatusCode), cn.scrub(jsonv.String(out), token))
}

// responseBody is the parsed JSON of a JSON answer, else the text.
func responseBody(media string, data []byte) jsonv.Value {
	if len(data) > 0 && (media == "application/json" || strings.HasSuffix(media, "+json")) {
		if v, err := jsonv.Parse(data); err == nil {
			return v
		}
	}
	return string(data)
}

func statusText(resp *http.Response) string {
	if text, ok := strings.CutPrefix(resp.Status, strconv.Itoa(resp.StatusCode)+" "); ok && text != "" {
		return text
	}
	return http.StatusText(resp.StatusCode)
}

func statusLine(resp *http.Response) string {
	return strconv.Itoa(resp.StatusCode) + " " + statusText(resp)
}

// transportReason describes a failed exchange without the URL (whose
// query may hold a connection's parameters).
func transportReason(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Op + " " + addr(op) + ": " + op.Err.Error()
	}
	return err.Error()
}

func addr(op *net.OpError) string {
	if op.Addr != nil {
		return op.Addr.String()
	}
	return op.Net
}
