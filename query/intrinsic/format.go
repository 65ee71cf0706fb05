package intrinsic

import (
	"strings"

	"github.com/stepd/stepd/jsonv"
)

// formatTemplate is a States.Format template split at its {} placeholders.
type formatTemplate struct {
	parts []string // len(parts) == placeholders+1
	err   string   // why the template is malformed, when it is
}

func (t *formatTemplate) placeholders() int { return len(t.parts) - 1 }

// splitFormat splits a template. In a string literal (escaped true) \{ and
// \} are literal braces and do not form placeholders. An unescaped brace
// must be part of "{}": AWS fails 'Hello {', '}' and '{{}}'.
func splitFormat(s string, escaped bool) *formatTemplate {
	t := &formatTemplate{}
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case escaped && c == '\\' && i+1 < len(s):
			cur.WriteByte(s[i+1])
			i++
		case c == '{':
			if i+1 < len(s) && s[i+1] == '}' {
				t.parts = append(t.parts, cur.String())
				cur.Reset()
				i++
				continue
			}
			t.err = "the template has a '{' that does not open a {} placeholder"
			cur.WriteByte(c)
		case c == '}':
			t.err = "the template has a '}' that does not close a {} placeholder"
			cur.WriteByte(c)
		default:
			cur.WriteByte(c)
		}
	}
	t.parts = append(t.parts, cur.String())
	return t
}

func evalFormat(c *Call, vals []jsonv.Value) (jsonv.Value, error) {
	t := c.format
	if t == nil {
		s, ok := vals[0].(string)
		if !ok {
			return nil, invalid(c, "the first argument must be a string template, got "+kindName(vals[0]))
		}
		t = splitFormat(s, false)
	}
	if t.err != "" {
		return nil, invalid(c, t.err)
	}
	if n := len(vals) - 1; n != t.placeholders() {
		return nil, invalid(c, "the template has "+itoa(t.placeholders())+" {} placeholders but "+itoa(n)+" values were given")
	}
	size := 0
	for _, p := range t.parts {
		size += len(p)
	}
	budget := MaxTextResult - size
	for _, v := range vals[1:] {
		if s, ok := v.(string); ok {
			budget -= len(s)
		} else {
			budget = remaining(v, budget)
		}
		if budget < 0 {
			return nil, invalid(c, "the text would be longer than "+itoa(MaxTextResult)+" bytes")
		}
	}
	b := make([]byte, 0, size+16*(len(vals)-1))
	b = append(b, t.parts[0]...)
	for i, v := range vals[1:] {
		switch x := v.(type) {
		case string:
			b = append(b, x...)
		default:
			b = jsonv.Append(b, x)
		}
		b = append(b, t.parts[i+1]...)
	}
	return string(b), nil
}
