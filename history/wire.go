package history

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/stepd/stepd/jsonv"
)

// AppendJSON appends e in the exact wire form of GetExecutionHistory:
//
//	{"timestamp":1700000000.123,"type":"TaskStateEntered","id":2,
//	 "previousEventId":0,"stateEnteredEventDetails":{...}}
//
// Unlike json.Marshal it does not escape <, > and & (AWS does not), so an
// API edge that wants AWS's exact bytes should use it, or a json.Encoder with
// SetEscapeHTML(false).
func AppendJSON(dst []byte, e Event) ([]byte, error) {
	info, err := e.check()
	if err != nil {
		return dst, err
	}
	dst = append(dst, `{"timestamp":`...)
	dst = appendEpochSeconds(dst, e.Timestamp)
	dst = append(dst, `,"type":"`...)
	dst = append(dst, e.Type...)
	dst = append(dst, `","id":`...)
	dst = strconv.AppendInt(dst, e.ID, 10)
	dst = append(dst, `,"previousEventId":`...)
	dst = strconv.AppendInt(dst, e.PreviousEventID, 10)
	if e.Details != nil && info.field != "" {
		dst = append(dst, `,"`...)
		dst = append(dst, info.field...)
		dst = append(dst, `":`...)
		dst = appendDetailsJSON(dst, e.Details)
	}
	return append(dst, '}'), nil
}

func appendDetailsJSON(dst []byte, d Details) []byte {
	c := fieldCodec{mode: modeWire, wire: wireWriter{b: append(dst, '{')}}
	visitFields(d, &c)
	return append(c.wire.b, '}')
}

// MarshalJSON returns the wire form (see AppendJSON).
func (e Event) MarshalJSON() ([]byte, error) { return AppendJSON(nil, e) }

// appendEpochSeconds writes t as epoch seconds with up to three fraction
// digits and no trailing zeros: 1700000000.123, 1700000000.5, 1700000000.
func appendEpochSeconds(dst []byte, t time.Time) []byte {
	ms := t.UnixMilli()
	if ms < 0 {
		dst = append(dst, '-')
		ms = -ms
	}
	dst = strconv.AppendInt(dst, ms/1000, 10)
	frac := ms % 1000
	if frac == 0 {
		return dst
	}
	digits := [3]byte{byte('0' + frac/100), byte('0' + frac/10%10), byte('0' + frac%10)}
	n := 3
	for digits[n-1] == '0' {
		n--
	}
	dst = append(dst, '.')
	return append(dst, digits[:n]...)
}

// parseEpochSeconds reads a JSON number of epoch seconds (plain, with a
// fraction, or in exponent form as Java services write doubles) to the
// nearest millisecond.
func parseEpochSeconds(text string) (time.Time, bool) {
	f, err := strconv.ParseFloat(text, 64)
	// Beyond ±1e12 s (about 31,700 years) milliseconds overflow precision.
	if err != nil || math.Abs(f) > 1e12 {
		return time.Time{}, false
	}
	return time.UnixMilli(int64(math.Round(f * 1000))).UTC(), true
}

type wireWriter struct {
	b    []byte
	more bool
}

func (w *wireWriter) key(k string) {
	if w.more {
		w.b = append(w.b, ',')
	}
	w.more = true
	w.b = append(w.b, '"')
	w.b = append(w.b, k...)
	w.b = append(w.b, '"', ':')
}

func (w *wireWriter) str(k string, p *string, always bool) {
	if *p == "" && !always {
		return
	}
	w.key(k)
	w.b = jsonv.AppendString(w.b, *p)
}

func (w *wireWriter) truncated(k string, t bool) {
	w.key(k)
	if t {
		w.b = append(w.b, `{"truncated":true}`...)
	} else {
		w.b = append(w.b, `{"truncated":false}`...)
	}
}

func (w *wireWriter) data(k string, p **DataDetails) {
	if *p != nil {
		w.truncated(k, (*p).Truncated)
	}
}

func (w *wireWriter) assigned(k string, p **AssignedVariablesDetails) {
	if *p != nil {
		w.truncated(k, (*p).Truncated)
	}
}

func (w *wireWriter) optInt(k string, p **int64) {
	if *p != nil {
		w.int(k, *p)
	}
}

func (w *wireWriter) int(k string, p *int64) {
	w.key(k)
	w.b = strconv.AppendInt(w.b, *p, 10)
}

func (w *wireWriter) vars(k string, p *Variables) {
	if *p == nil {
		return
	}
	w.key(k)
	w.b = p.appendJSON(w.b)
}

func (w *wireWriter) creds(k string, p **TaskCredentials) {
	if *p == nil {
		return
	}
	w.key(k)
	w.b = append(w.b, '{')
	if (*p).RoleArn != "" {
		w.b = append(w.b, `"roleArn":`...)
		w.b = jsonv.AppendString(w.b, (*p).RoleArn)
	}
	w.b = append(w.b, '}')
}

// UnmarshalJSON reads the wire form. Members it does not know are ignored,
// except a details member that does not belong to the event's type.
func (e *Event) UnmarshalJSON(data []byte) error {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(data, &members); err != nil {
		return newError(CodeInvalidJSON, 0, err.Error())
	}
	if members == nil {
		return newError(CodeInvalidJSON, 0, "an event must be a JSON object")
	}
	var out Event
	if err := unmarshalMember(members, "id", &out.ID, true); err != nil {
		return err
	}
	if err := unmarshalMember(members, "previousEventId", &out.PreviousEventID, false); err != nil {
		return err
	}
	if err := unmarshalMember(members, "type", &out.Type, true); err != nil {
		return err
	}
	raw, ok := members["timestamp"]
	if !ok {
		return newError(CodeInvalidJSON, out.ID, `missing "timestamp"`)
	}
	if out.Timestamp, ok = parseEpochSeconds(string(bytes.TrimSpace(raw))); !ok {
		return newError(CodeInvalidJSON, out.ID, `"timestamp" must be epoch seconds, got `+quote(string(raw)))
	}
	info := out.Type.info()
	if info == nil {
		return newError(CodeUnknownType, out.ID, "unknown event type "+quote(string(out.Type)))
	}
	for k := range members {
		if k != info.field && strings.HasSuffix(k, "EventDetails") {
			return newError(CodeDetailsMismatch, out.ID, string(out.Type)+" cannot carry "+k)
		}
	}
	if raw, ok := members[info.field]; ok && info.field != "" && string(bytes.TrimSpace(raw)) != "null" {
		d := newDetails(info.shape)
		if err := json.Unmarshal(raw, d); err != nil {
			return newError(CodeInvalidJSON, out.ID, info.field+": "+err.Error())
		}
		out.Details = d
	}
	*e = out
	return nil
}

func unmarshalMember(members map[string]json.RawMessage, name string, dst any, required bool) error {
	raw, ok := members[name]
	if !ok {
		if required {
			return newError(CodeInvalidJSON, 0, "missing "+quote(name))
		}
		return nil
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return newError(CodeInvalidJSON, 0, name+": "+err.Error())
	}
	return nil
}
