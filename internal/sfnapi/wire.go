package sfnapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/stepd/stepd/internal/engine"
	"github.com/stepd/stepd/internal/store"
)

// maxBody bounds a request: the 256 KiB payload plus the other fields.
const maxBody = 1 << 20

// epoch marshals a time as AWS does: epoch seconds with milliseconds.
type epoch time.Time

func (t epoch) MarshalJSON() ([]byte, error) {
	ms := time.Time(t).UnixMilli()
	return strconv.AppendFloat(nil, float64(ms)/1000, 'f', -1, 64), nil
}

func epochPtr(t time.Time) *epoch {
	if t.IsZero() {
		return nil
	}
	e := epoch(t)
	return &e
}

// apiError is a modeled AWS exception.
type apiError struct {
	Type    string `json:"__type"`
	Message string `json:"message"`
	Reason  string `json:"reason,omitempty"`
	Status  int    `json:"-"`
}

func (e *apiError) Error() string { return e.Type + ": " + e.Message }

func errf(typ, format string, args ...any) *apiError {
	return &apiError{Type: typ, Message: fmt.Sprintf(format, args...)}
}

func validation(reason, format string, args ...any) *apiError {
	return &apiError{Type: "ValidationException", Message: fmt.Sprintf(format, args...), Reason: reason}
}

// wireError turns any error into the envelope AWS would send.
func wireError(err error) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	var ee *engine.Error
	if errors.As(err, &ee) {
		return &apiError{Type: ee.Code, Message: ee.Message}
	}
	if errors.Is(err, store.ErrInvalidCursor) {
		return errf("InvalidToken", "Invalid Token: 'nextToken'")
	}
	return &apiError{Type: "InternalFailure", Message: err.Error(), Status: http.StatusInternalServerError}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		fmt.Fprintf(&buf, `{"__type":"InternalFailure","message":%q}`, err.Error())
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

func writeError(w http.ResponseWriter, err error) {
	ae := wireError(err)
	status := ae.Status
	if status == 0 {
		status = http.StatusBadRequest
	}
	w.Header().Set("X-Amzn-Errortype", ae.Type)
	writeJSON(w, status, ae)
}

// decode reads a request body into req, rejecting malformed JSON as AWS
// does (SerializationException).
func decode(r *http.Request, req any) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return errf("SerializationException", "%v", err)
	}
	if len(body) > maxBody {
		return errf("RequestEntityTooLargeException", "Request body is too large")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	if err := json.Unmarshal(body, req); err != nil {
		return errf("SerializationException", "Start of structure or map found where not expected: %v", strings.TrimPrefix(err.Error(), "json: "))
	}
	return nil
}
