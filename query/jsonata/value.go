package jsonata

import (
	"math"
	"slices"
	"strings"

	"github.com/stepd/stepd/jsonv"
)

// Internal values: nil is JSONata's undefined; nullValue is JSON null;
// numbers are float64; strings, bools as in Go; arrays are *seq; objects
// are *jsonv.Object whose member values may still be in jsonv form (read
// them through lift); functions implement callable.

type nullType struct{}

var null = nullType{}

// seq is an array or a sequence with the flags jsonata-js keeps on arrays.
type seq struct {
	v             []any
	sequence      bool
	keepSingleton bool
	outerWrapper  bool
	tupleStream   bool
	cons          bool
}

type tuple map[string]any

// maxNesting bounds the depth of values the recursive helpers walk, so a
// value built by deep recursion cannot exhaust the Go stack.
const maxNesting = 20000

func newSeq(items ...any) *seq { return &seq{v: items, sequence: true} }

func newArray(items []any) *seq { return &seq{v: items} }

// lift turns a jsonv value into an internal one (arrays shallowly copied,
// objects shared).
func lift(v any) any {
	switch x := v.(type) {
	case nil:
		return null
	case jsonv.Number:
		return numberValue(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = lift(e)
		}
		return &seq{v: out}
	}
	return v
}

func field(o *jsonv.Object, key string) any {
	v, ok := o.Get(key)
	if !ok {
		return nil
	}
	return lift(v)
}

func isArray(v any) bool { _, ok := v.(*seq); return ok }

func isSequence(v any) bool { s, ok := v.(*seq); return ok && s.sequence }

func isNumber(v any) bool { _, ok := v.(float64); return ok }

func isString(v any) bool { _, ok := v.(string); return ok }

func isFunc(v any) bool { _, ok := v.(callable); return ok }

func isObject(v any) bool { _, ok := v.(*jsonv.Object); return ok }

// asSeq returns the items of an array, or a one-item slice otherwise; nil
// (undefined) gives an empty slice.
func items(v any) []any {
	switch x := v.(type) {
	case nil:
		return nil
	case *seq:
		return x.v
	}
	return []any{v}
}

// toOutput converts an internal value to jsonv for the caller.
func toOutput(v any) (jsonv.Value, bool, error) { return toOutputAt(v, 0) }

func toOutputAt(v any, depth int) (jsonv.Value, bool, error) {
	if depth > maxNesting {
		return nil, false, newError("U1001", -1, "", nil)
	}
	switch x := v.(type) {
	case nil:
		return nil, false, nil
	case nullType:
		return nil, true, nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, true, nil // JSON.stringify writes null
		}
		return jsonv.Float(x), true, nil
	case jsonv.Number, string, bool:
		return x, true, nil
	case *seq:
		out := make([]jsonv.Value, 0, len(x.v))
		for _, e := range x.v {
			if _, ok := e.(tuple); ok {
				e = e.(tuple)["@"]
			}
			o, def, err := toOutputAt(e, depth+1)
			if err != nil {
				return nil, false, err
			}
			if !def {
				if e == nil {
					continue
				}
				o = nil // functions become null in arrays, like JSON.stringify
			}
			out = append(out, o)
		}
		return out, true, nil
	case *jsonv.Object:
		return objectOutput(x, depth)
	case callable:
		return nil, false, nil
	case []any:
		return toOutputAt(lift(x), depth)
	}
	return nil, false, nil
}

func objectOutput(o *jsonv.Object, depth int) (jsonv.Value, bool, error) {
	ms := members(o)
	var res *jsonv.Object
	raw := o.Members()
	if len(ms) > 0 && &ms[0] != &raw[0] {
		res = jsonv.NewObject(len(ms)) // reordered as JavaScript enumerates it
	}
	for i, m := range ms {
		conv, def, err := toOutputAt(lift(m.Value), depth+1)
		if err != nil {
			return nil, false, err
		}
		same := def && sameJSON(m.Value, conv)
		if res == nil && !same {
			res = jsonv.NewObject(len(ms))
			for _, p := range ms[:i] {
				res.Set(p.Key, p.Value)
			}
		}
		if res != nil && def {
			res.Set(m.Key, conv)
		}
	}
	if res == nil {
		return o, true, nil
	}
	return res, true, nil
}

// sameJSON reports whether a raw member value is already its own output.
func sameJSON(raw, conv jsonv.Value) bool {
	switch r := raw.(type) {
	case nil:
		return conv == nil
	case jsonv.Number, string, bool:
		return true
	case *jsonv.Object:
		c, ok := conv.(*jsonv.Object)
		return ok && c == r
	case []any:
		c, ok := conv.([]any)
		if !ok || len(c) != len(r) {
			return false
		}
		for i := range r {
			if !sameJSON(r[i], c[i]) {
				return false
			}
		}
		return true
	}
	return false
}

// members lists an object's members in JavaScript's enumeration order:
// array-index keys ascending first, then the others in insertion order.
func members(o *jsonv.Object) []jsonv.Member {
	ms := o.Members()
	n := 0
	for _, m := range ms {
		if isIndexKey(m.Key) {
			n++
		}
	}
	if n == 0 {
		return ms
	}
	out := make([]jsonv.Member, 0, len(ms))
	for _, m := range ms {
		if isIndexKey(m.Key) {
			out = append(out, m)
		}
	}
	slices.SortStableFunc(out, func(a, b jsonv.Member) int {
		if len(a.Key) != len(b.Key) {
			return len(a.Key) - len(b.Key)
		}
		return strings.Compare(a.Key, b.Key)
	})
	for _, m := range ms {
		if !isIndexKey(m.Key) {
			out = append(out, m)
		}
	}
	return out
}
