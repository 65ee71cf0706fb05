package interp

import (
	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/jsonv"
)

// The events of one decision carry the JSON text of every state's input
// and output. Consecutive payloads share most of their parts (a state's
// output is the next state's input; ResultPath copies only the objects on
// its path), and values are immutable, so the encoder remembers the text
// of every large object and array it encoded during the decision, keyed by
// identity, and reuses it. The output is byte for byte jsonv.Append's.

// memoMin is the smallest encoding worth remembering.
const memoMin = 128

type sliceKey struct {
	first *jsonv.Value
	n     int
}

// notTruncated is shared by every event: details are immutable once
// appended (history.ForLog makes copies to mark truncation).
var notTruncated = &history.DataDetails{}

type encoder struct {
	buf      []byte
	last     jsonv.Value // the last value encoded, whatever its size
	lastText string
	objects  map[*jsonv.Object]string
	arrays   map[sliceKey]string
}

// encode returns the JSON text of v.
func (d *decider) encode(v jsonv.Value) string {
	e := &d.enc
	if e.lastText != "" && sameValue(e.last, v) {
		return e.lastText
	}
	s, ok := e.lookup(v)
	if !ok {
		e.buf = e.append(e.buf[:0], v)
		if s, ok = e.lookup(v); !ok { // large values were just remembered
			s = string(e.buf)
		}
	}
	e.last, e.lastText = v, s
	return s
}

func (e *encoder) lookup(v jsonv.Value) (string, bool) {
	switch x := v.(type) {
	case *jsonv.Object:
		s, ok := e.objects[x]
		return s, ok
	case []jsonv.Value:
		if len(x) == 0 {
			return "", false
		}
		s, ok := e.arrays[sliceKey{&x[0], len(x)}]
		return s, ok
	}
	return "", false
}

func (e *encoder) append(dst []byte, v jsonv.Value) []byte {
	switch x := v.(type) {
	case *jsonv.Object:
		if s, ok := e.objects[x]; ok {
			return append(dst, s...)
		}
		start := len(dst)
		dst = append(dst, '{')
		for i, m := range x.Members() {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = jsonv.AppendString(dst, m.Key)
			dst = append(dst, ':')
			dst = e.append(dst, m.Value)
		}
		dst = append(dst, '}')
		if len(dst)-start >= memoMin {
			if e.objects == nil {
				e.objects = map[*jsonv.Object]string{}
			}
			e.objects[x] = string(dst[start:])
		}
		return dst
	case []jsonv.Value:
		if len(x) == 0 {
			return append(dst, "[]"...)
		}
		key := sliceKey{&x[0], len(x)}
		if s, ok := e.arrays[key]; ok {
			return append(dst, s...)
		}
		start := len(dst)
		dst = append(dst, '[')
		for i, el := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = e.append(dst, el)
		}
		dst = append(dst, ']')
		if len(dst)-start >= memoMin {
			if e.arrays == nil {
				e.arrays = map[sliceKey]string{}
			}
			e.arrays[key] = string(dst[start:])
		}
		return dst
	}
	return jsonv.Append(dst, v)
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
