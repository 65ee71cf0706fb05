package interp

import "github.com/stepd/stepd/jsonv"

// encode returns the JSON text of v for an event. A state's output is
// usually the next state's input, so the last encoding is remembered and
// reused when the same value comes again; the buffer is reused too.
func (d *decider) encode(v jsonv.Value) string {
	if d.lastText != "" && sameValue(d.lastValue, v) {
		return d.lastText
	}
	d.buf = jsonv.Append(d.buf[:0], v)
	text := string(d.buf)
	d.lastValue, d.lastText = v, text
	return text
}

// sameValue reports whether a and b are the very same value: the same
// object or array, or equal scalars. It never walks into containers.
func sameValue(a, b jsonv.Value) bool {
	switch x := a.(type) {
	case *jsonv.Object:
		y, ok := b.(*jsonv.Object)
		return ok && x == y
	case []jsonv.Value:
		y, ok := b.([]jsonv.Value)
		return ok && len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0])
	case string:
		y, ok := b.(string)
		return ok && x == y
	case jsonv.Number:
		y, ok := b.(jsonv.Number)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case nil:
		return b == nil
	}
	return false
}
