package jsonv

import (
	"math"
	"strconv"
)

// Value is a JSON value: nil, bool, Number, string, []Value or *Object.
type Value = any

// Kind names the JSON type of a Value.
type Kind uint8

const (
	KindInvalid Kind = iota
	KindNull
	KindBool
	KindNumber
	KindString
	KindArray
	KindObject
)

func (k Kind) String() string {
	switch k {
	case KindNull:
		return "null"
	case KindBool:
		return "boolean"
	case KindNumber:
		return "number"
	case KindString:
		return "string"
	case KindArray:
		return "array"
	case KindObject:
		return "object"
	}
	return "invalid"
}

// KindOf reports the JSON type of v; KindInvalid for a Go value outside the model.
func KindOf(v Value) Kind {
	switch v.(type) {
	case nil:
		return KindNull
	case bool:
		return KindBool
	case Number:
		return KindNumber
	case string:
		return KindString
	case []Value:
		return KindArray
	case *Object:
		return KindObject
	}
	return KindInvalid
}

// Number is a JSON number kept as its exact text.
type Number string

// Float64 parses the number. JSON number text always parses; values beyond
// float64 range become ±Inf.
func (n Number) Float64() float64 {
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil && f == 0 {
		return math.NaN()
	}
	return f
}

// Int64 reports the number as an int64 when its value is integral and in range.
func (n Number) Int64() (int64, bool) {
	if i, err := strconv.ParseInt(string(n), 10, 64); err == nil {
		return i, true
	}
	f := n.Float64()
	if f != math.Trunc(f) || f < -(1<<63) || f >= 1<<63 {
		return 0, false
	}
	return int64(f), true
}

// IsInteger reports whether the text is written as an integer (no fraction or
// exponent), the way Java's Jackson distinguishes IntNode from DoubleNode.
func (n Number) IsInteger() bool {
	for i := 0; i < len(n); i++ {
		switch n[i] {
		case '.', 'e', 'E':
			return false
		}
	}
	return len(n) > 0
}

// Int makes a Number from an integer.
func Int(i int64) Number { return Number(strconv.FormatInt(i, 10)) }

// Float makes a Number from a float64, formatted as JavaScript prints it
// (integral values without a fraction, shortest round-trip digits, exponent
// form past 1e21 and below 1e-6). NaN and ±Inf have no JSON form: callers
// reject them first; Float writes 0 for them rather than invalid JSON.
func Float(f float64) Number { return Number(AppendFloat(nil, f)) }

// AppendFloat appends f formatted as JavaScript's Number.prototype.toString.
func AppendFloat(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(dst, '0')
	}
	if f == 0 {
		return append(dst, '0')
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e21 {
		if math.Abs(f) < 1<<53 {
			return strconv.AppendInt(dst, int64(f), 10)
		}
		return strconv.AppendFloat(dst, f, 'f', -1, 64)
	}
	abs := math.Abs(f)
	if abs >= 1e-6 && abs < 1e21 {
		return strconv.AppendFloat(dst, f, 'f', -1, 64)
	}
	// Exponent form: JS writes 1e+21, 1.5e-7.
	b := strconv.AppendFloat(dst, f, 'e', -1, 64)
	// Go writes e-07 / e+21; JS writes e-7 / e+21.
	for i := len(dst); i < len(b); i++ {
		if b[i] == 'e' {
			j := i + 2
			k := j
			for k < len(b)-1 && b[k] == '0' {
				k++
			}
			b = append(b[:j], b[k:]...)
			break
		}
	}
	return b
}

// Member is one key/value pair of an object.
type Member struct {
	Key   string
	Value Value
}

// Object is a JSON object whose members keep insertion (document) order.
// Keys are unique: setting an existing key replaces its value in place.
type Object struct {
	members []Member
	index   map[string]int // built lazily once the object grows past indexFrom
}

const indexFrom = 12

// NewObject returns an empty object with room for n members.
func NewObject(n int) *Object { return &Object{members: make([]Member, 0, n)} }

// ObjectOf builds an object from alternating keys and values; for tests and
// literals.
func ObjectOf(kv ...any) *Object {
	o := NewObject(len(kv) / 2)
	for i := 0; i+1 < len(kv); i += 2 {
		o.Set(kv[i].(string), kv[i+1])
	}
	return o
}

// Len is the number of members.
func (o *Object) Len() int {
	if o == nil {
		return 0
	}
	return len(o.members)
}

// Members returns the members in order. The slice must not be modified.
func (o *Object) Members() []Member {
	if o == nil {
		return nil
	}
	return o.members
}

// Keys returns the keys in order.
func (o *Object) Keys() []string {
	keys := make([]string, len(o.members))
	for i, m := range o.members {
		keys[i] = m.Key
	}
	return keys
}

func (o *Object) find(key string) int {
	if o == nil {
		return -1
	}
	if o.index != nil {
		if i, ok := o.index[key]; ok {
			return i
		}
		return -1
	}
	for i := range o.members {
		if o.members[i].Key == key {
			return i
		}
	}
	return -1
}

// Get returns the value stored under key.
func (o *Object) Get(key string) (Value, bool) {
	if i := o.find(key); i >= 0 {
		return o.members[i].Value, true
	}
	return nil, false
}

// Has reports whether key is present.
func (o *Object) Has(key string) bool { return o.find(key) >= 0 }

// Set stores v under key: in place when the key exists, appended otherwise.
func (o *Object) Set(key string, v Value) {
	if i := o.find(key); i >= 0 {
		o.members[i].Value = v
		return
	}
	o.members = append(o.members, Member{key, v})
	if o.index != nil {
		o.index[key] = len(o.members) - 1
	} else if len(o.members) > indexFrom {
		o.index = make(map[string]int, len(o.members)*2)
		for i, m := range o.members {
			o.index[m.Key] = i
		}
	}
}

// Delete removes key, keeping the order of the rest.
func (o *Object) Delete(key string) {
	i := o.find(key)
	if i < 0 {
		return
	}
	o.members = append(o.members[:i:i], o.members[i+1:]...)
	if o.index != nil {
		delete(o.index, key)
		for j := i; j < len(o.members); j++ {
			o.index[o.members[j].Key] = j
		}
	}
}

// Clone returns a shallow copy that can be changed without touching o.
func (o *Object) Clone() *Object {
	c := &Object{members: make([]Member, len(o.members), len(o.members)+1)}
	copy(c.members, o.members)
	if o.index != nil {
		c.index = make(map[string]int, len(o.index))
		for k, v := range o.index {
			c.index[k] = v
		}
	}
	return c
}
