package history

import (
	"unicode/utf8"

	"github.com/stepd/stepd/jsonv"
)

// LogPayloadLimit is the CloudWatch Logs rule of the developer guide: "If
// escaped input or escaped output sent to CloudWatch Logs exceeds 248KB, it
// will be truncated". GetExecutionHistory itself never truncates (payloads
// are already bounded by jsonv.PayloadLimit) and always reports
// "truncated": false.
const LogPayloadLimit = 248 * 1024

// ForLog returns e as the log form sends it: every input or output whose
// JSON-escaped text exceeds LogPayloadLimit is cut to fit (at a character
// boundary) and its inputDetails / outputDetails says "truncated": true.
// Assigned variables are kept whole, in order, while they fit the same
// budget; the rest are dropped and assignedVariablesDetails says so. e is
// not modified; an event with nothing to cut is returned as is.
func ForLog(e Event) Event {
	switch d := e.Details.(type) {
	case *ExecutionStartedEventDetails:
		if s, cut := cutEscaped(d.Input, LogPayloadLimit); cut {
			c := *d
			c.Input, c.InputDetails = s, &DataDetails{Truncated: true}
			e.Details = &c
		}
	case *StateEnteredEventDetails:
		if s, cut := cutEscaped(d.Input, LogPayloadLimit); cut {
			c := *d
			c.Input, c.InputDetails = s, &DataDetails{Truncated: true}
			e.Details = &c
		}
	case *ActivityScheduledEventDetails:
		if s, cut := cutEscaped(d.Input, LogPayloadLimit); cut {
			c := *d
			c.Input, c.InputDetails = s, &DataDetails{Truncated: true}
			e.Details = &c
		}
	case *LambdaFunctionScheduledEventDetails:
		if s, cut := cutEscaped(d.Input, LogPayloadLimit); cut {
			c := *d
			c.Input, c.InputDetails = s, &DataDetails{Truncated: true}
			e.Details = &c
		}
	case *OutputDetails:
		if s, cut := cutEscaped(d.Output, LogPayloadLimit); cut {
			c := *d
			c.Output, c.OutputDetails = s, &DataDetails{Truncated: true}
			e.Details = &c
		}
	case *TaskOutputDetails:
		if s, cut := cutEscaped(d.Output, LogPayloadLimit); cut {
			c := *d
			c.Output, c.OutputDetails = s, &DataDetails{Truncated: true}
			e.Details = &c
		}
	case *StateExitedEventDetails:
		s, cut := cutEscaped(d.Output, LogPayloadLimit)
		vs, dropped := fitVariables(d.AssignedVariables, LogPayloadLimit)
		if cut || dropped {
			c := *d
			if cut {
				c.Output, c.OutputDetails = s, &DataDetails{Truncated: true}
			}
			if dropped {
				c.AssignedVariables, c.AssignedVariablesDetails = vs, &AssignedVariablesDetails{Truncated: true}
			}
			e.Details = &c
		}
	}
	return e
}

// cutEscaped returns the longest prefix of s, ending on a character
// boundary, whose JSON-escaped form (without quotes) is at most limit
// bytes, and whether it had to cut.
func cutEscaped(s string, limit int) (string, bool) {
	if len(s) <= limit/6 { // even all-\u00XX escapes fit
		return s, false
	}
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		w, size := 1, 1
		switch {
		case c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f':
			w = 2
		case c < 0x20:
			w = 6
		case c >= utf8.RuneSelf:
			r, sz := utf8.DecodeRuneInString(s[i:])
			size, w = sz, sz
			if r == utf8.RuneError && sz == 1 {
				w = 6 // written as \ufffd
			}
		}
		if n+w > limit {
			return s[:i], true
		}
		n += w
		i += size
	}
	return s, false
}

// fitVariables keeps the leading variables whose escaped object fits limit.
func fitVariables(vs Variables, limit int) (Variables, bool) {
	n := 2 // {}
	for i, v := range vs {
		w := jsonv.Size(v.Name) + 1 + jsonv.Size(v.Value)
		if i > 0 {
			w++
		}
		if n+w > limit {
			return vs[:i:i], true
		}
		n += w
	}
	return vs, false
}
