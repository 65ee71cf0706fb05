package interp

import "github.com/stepd/stepd/jsonv"

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

type encoder struct {
	buf     []byte
	objects map[*jsonv.Object]string
	arrays  map[sliceKey]string
}

// encode returns the JSON text of v.
func (d *decider) encode(v jsonv.Value) string {
	e := &d.enc
	if s, ok := e.lookup(v); ok {
		return s
	}
	e.buf = e.append(e.buf[:0], v)
	if s, ok := e.lookup(v); ok {
		return s // just remembered
	}
	return string(e.buf)
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
