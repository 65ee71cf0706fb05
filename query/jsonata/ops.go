package jsonata

import (
	"math"
	"slices"
	"strings"

	"github.com/stepd/stepd/jsonv"
)

func (ev *evaluator) evalBinary(expr *node, input any, env *frame) (any, error) {
	switch expr.value {
	case "+", "-", "*", "/", "%":
		// numbers read straight from the input or literals skip boxing
		if l, ok := rawNumber(expr.lhs, input); ok {
			if r, ok := rawNumber(expr.rhs, input); ok && !math.IsInf(l, 0) && !math.IsInf(r, 0) {
				return arith(l, r, expr.value), nil
			}
		}
	}
	op := expr.value
	if op == "and" || op == "or" {
		r, err := ev.evalBoolean(expr, input, env)
		if e, ok := err.(*Error); ok {
			// jsonata-js reports errors in either operand at the operator
			e.Position = expr.pos
			e.Token = op
		}
		return r, err
	}
	lhs, err := ev.eval(expr.lhs, input, env)
	if err != nil {
		return nil, err
	}
	var res any
	var e *Error
	rhs, err := ev.eval(expr.rhs, input, env)
	if err != nil {
		return nil, err
	}
	switch op {
	case "+", "-", "*", "/", "%":
		res, e = numericOp(lhs, rhs, op)
	case "=", "!=":
		if lhs == nil || rhs == nil {
			return false, nil
		}
		eq := deepEqual(lhs, rhs)
		if op == "!=" {
			eq = !eq
		}
		return eq, nil
	case "<", "<=", ">", ">=":
		res, e = compareOp(lhs, rhs, op)
	case "&":
		ls, rs := "", ""
		if lhs != nil {
			if ls, e = stringOf(lhs); e != nil {
				break
			}
		}
		if rhs != nil {
			if rs, e = stringOf(rhs); e != nil {
				break
			}
		}
		if e == nil {
			if ev.maxBytes > 0 && len(ls)+len(rs) > ev.maxBytes {
				e = newError("U1003", expr.pos, "", nil)
				break
			}
			if n := len(ls) + len(rs); n >= 64 {
				if err := ev.charge(n/16, expr.pos); err != nil {
					return nil, err
				}
			}
			res = ls + rs
		}
	case "..":
		if l, ok := lhs.(float64); ok {
			if r, ok := rhs.(float64); ok && r-l > 0 && r-l < 1e7 {
				if err := ev.charge(int(r-l), expr.pos); err != nil {
					return nil, err
				}
			}
		}
		res, e = rangeOp(lhs, rhs)
	case "in":
		if lhs == nil || rhs == nil {
			return false, nil
		}
		for _, it := range items(rhs) {
			if strictEqual(it, lhs) {
				return true, nil
			}
		}
		return false, nil
	}
	if e != nil {
		e.Position = expr.pos
		e.Token = op
		return nil, e
	}
	return res, nil
}

// rawNumber yields the number a simple field or literal operand denotes,
// without evaluating it through the generic path; ok is false otherwise.
func rawNumber(n *node, input any) (float64, bool) {
	if n.typ == "number" && n.predicate == nil && n.group == nil {
		return n.num, true
	}
	o, ok := input.(*jsonv.Object)
	if !ok {
		return 0, false
	}
	name, ok := simpleField(n)
	if !ok {
		return 0, false
	}
	v, _ := o.Get(name)
	switch x := v.(type) {
	case jsonv.Number:
		return numberValue(x), true
	}
	return 0, false
}

func (ev *evaluator) evalBoolean(expr *node, input any, env *frame) (any, error) {
	lhs, err := ev.eval(expr.lhs, input, env)
	if err != nil {
		return nil, err
	}
	l := boolean(lhs)
	if expr.value == "and" && !l {
		return false, nil
	}
	if expr.value == "or" && l {
		return true, nil
	}
	rhs, err := ev.eval(expr.rhs, input, env)
	if err != nil {
		return nil, err
	}
	return boolean(rhs), nil
}

func numericOp(lhs, rhs any, op string) (any, *Error) {
	var l, r float64
	if lhs != nil {
		f, ok := lhs.(float64)
		if !ok || math.IsNaN(f) {
			return nil, newError("T2001", -1, op, lhs)
		}
		if math.IsInf(f, 0) {
			return nil, newError("D1001", -1, op, lhs)
		}
		l = f
	}
	if rhs != nil {
		f, ok := rhs.(float64)
		if !ok || math.IsNaN(f) {
			return nil, newError("T2002", -1, op, rhs)
		}
		if math.IsInf(f, 0) {
			return nil, newError("D1001", -1, op, rhs)
		}
		r = f
	}
	if lhs == nil || rhs == nil {
		return nil, nil
	}
	return arith(l, r, op), nil
}

func arith(l, r float64, op string) float64 {
	switch op {
	case "+":
		return l + r
	case "-":
		return l - r
	case "*":
		return l * r
	case "/":
		return l / r
	}
	return math.Mod(l, r)
}

func compareOp(lhs, rhs any, op string) (any, *Error) {
	comparable := func(v any) bool {
		switch v.(type) {
		case nil, string, float64:
			return true
		}
		return false
	}
	if !comparable(lhs) || !comparable(rhs) {
		bad := lhs
		if comparable(lhs) {
			bad = rhs
		}
		return nil, newError("T2010", -1, op, bad)
	}
	if lhs == nil || rhs == nil {
		return nil, nil
	}
	switch l := lhs.(type) {
	case float64:
		r, ok := rhs.(float64)
		if !ok {
			e := newError("T2009", -1, op, lhs)
			e.Value2 = rhs
			return nil, e
		}
		switch op {
		case "<":
			return l < r, nil
		case "<=":
			return l <= r, nil
		case ">":
			return l > r, nil
		}
		return l >= r, nil
	case string:
		r, ok := rhs.(string)
		if !ok {
			e := newError("T2009", -1, op, lhs)
			e.Value2 = rhs
			return nil, e
		}
		c := compareUTF16(l, r)
		switch op {
		case "<":
			return c < 0, nil
		case "<=":
			return c <= 0, nil
		case ">":
			return c > 0, nil
		}
		return c >= 0, nil
	}
	return nil, nil
}

// compareUTF16 orders strings by UTF-16 code units, as JavaScript does.
func compareUTF16(a, b string) int {
	if isASCII(a) && isASCII(b) {
		switch {
		case a < b:
			return -1
		case a > b:
			return 1
		}
		return 0
	}
	ua, ub := utf16Of(a), utf16Of(b)
	for i := 0; i < len(ua) && i < len(ub); i++ {
		if ua[i] != ub[i] {
			if ua[i] < ub[i] {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(ua) < len(ub):
		return -1
	case len(ua) > len(ub):
		return 1
	}
	return 0
}

func rangeOp(lhs, rhs any) (any, *Error) {
	var l, r float64
	if lhs != nil {
		f, ok := lhs.(float64)
		if !ok || f != math.Trunc(f) {
			return nil, newError("T2003", -1, "..", lhs)
		}
		l = f
	}
	if rhs != nil {
		f, ok := rhs.(float64)
		if !ok || f != math.Trunc(f) {
			return nil, newError("T2004", -1, "..", rhs)
		}
		r = f
	}
	if lhs == nil || rhs == nil || l > r {
		return nil, nil
	}
	size := r - l + 1
	if size > 1e7 {
		return nil, newError("D2014", -1, "..", size)
	}
	out := make([]any, int(size))
	for i := range out {
		out[i] = l + float64(i)
	}
	return &seq{v: out, sequence: true}, nil
}

func strictEqual(a, b any) bool {
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case nullType:
		_, ok := b.(nullType)
		return ok
	case *seq:
		y, ok := b.(*seq)
		return ok && x == y
	case *jsonv.Object:
		y, ok := b.(*jsonv.Object)
		return ok && x == y
	}
	return false
}

func deepEqual(a, b any) bool { return deepEqualAt(a, b, 0) }

func deepEqualAt(a, b any, depth int) bool {
	if depth > maxNesting {
		return false
	}
	switch x := a.(type) {
	case *seq:
		y, ok := b.(*seq)
		if !ok || len(x.v) != len(y.v) {
			return false
		}
		for i := range x.v {
			if !deepEqualAt(x.v[i], y.v[i], depth+1) {
				return false
			}
		}
		return true
	case *jsonv.Object:
		y, ok := b.(*jsonv.Object)
		if !ok || x.Len() != y.Len() {
			return false
		}
		for _, m := range members(x) {
			v, ok := y.Get(m.Key)
			if !ok || !deepEqualAt(lift(m.Value), lift(v), depth+1) {
				return false
			}
		}
		return true
	case callable:
		return a == b
	}
	return strictEqual(a, b)
}

func boolean(v any) bool {
	switch x := v.(type) {
	case nil, nullType:
		return false
	case bool:
		return x
	case float64:
		return x != 0
	case string:
		return x != ""
	case *seq:
		if len(x.v) == 1 {
			return boolean(x.v[0])
		}
		for _, e := range x.v {
			if boolean(e) {
				return true
			}
		}
		return false
	case *jsonv.Object:
		return x.Len() > 0
	case callable:
		return false
	}
	return false
}

func (ev *evaluator) evalUnary(expr *node, input any, env *frame) (any, error) {
	switch expr.value {
	case "-":
		v, err := ev.eval(expr.expression, input, env)
		if err != nil {
			return nil, err
		}
		if v == nil {
			return nil, nil
		}
		f, ok := v.(float64)
		if !ok {
			return nil, newError("D1002", expr.pos, "-", v)
		}
		return -f, nil
	case "[":
		out := &seq{v: make([]any, 0, len(expr.expressions))}
		for _, item := range expr.expressions {
			v, err := ev.eval(item, input, env)
			if err != nil {
				return nil, err
			}
			if v == nil {
				continue
			}
			if item.typ == "unary" && item.value == "[" {
				out.v = append(out.v, v)
			} else if a, ok := v.(*seq); ok {
				if len(out.v) == 0 {
					out.v = a.v[:len(a.v):len(a.v)] // shared until the next append copies
				} else {
					if err := ev.charge(len(out.v)+len(a.v), expr.pos); err != nil {
						return nil, err
					}
					out.v = append(out.v, a.v...)
				}
			} else {
				out.v = append(out.v, v)
			}
		}
		if expr.consarray {
			out.cons = true
		}
		return out, nil
	case "{":
		return ev.evalGroup(&group{pairs: expr.pairs, pos: expr.pos}, input, env)
	}
	return nil, newError("S0206", expr.pos, expr.value, nil)
}

func (ev *evaluator) evalGroup(g *group, input any, env *frame) (any, error) {
	type entry struct {
		items     []any // the items grouped under the key, in order
		exprIndex int
	}
	groups := map[string]*entry{}
	var order []string
	in, isSeq := input.(*seq)
	reduce := isSeq && in.tupleStream
	var list []any
	if isSeq {
		list = in.v
	} else {
		list = []any{input}
	}
	if len(list) == 0 {
		list = []any{nil}
	}
	for _, item := range list {
		e := env
		ctx := item
		if reduce {
			t := item.(tuple)
			e = frameFromTuple(env, t)
			ctx = t["@"]
		}
		for pi, pair := range g.pairs {
			k, err := ev.eval(pair[0], ctx, e)
			if err != nil {
				return nil, err
			}
			if k == nil {
				continue
			}
			key, ok := k.(string)
			if !ok {
				return nil, newError("T1003", g.pos, "", k)
			}
			if ex, ok := groups[key]; ok {
				if ex.exprIndex != pi {
					return nil, newError("D1009", g.pos, "", key)
				}
				ex.items = append(ex.items, item)
			} else {
				groups[key] = &entry{items: []any{item}, exprIndex: pi}
				order = append(order, key)
			}
		}
	}
	order = jsKeyOrder(order)
	result := jsonv.NewObject(len(order))
	for _, key := range order {
		en := groups[key]
		ctx := groupData(en.items)
		e := env
		if reduce {
			t := reduceTuples(ctx)
			ctx = t["@"]
			delete(t, "@")
			e = frameFromTuple(env, t)
		}
		v, err := ev.eval(g.pairs[en.exprIndex][1], ctx, e)
		if err != nil {
			return nil, err
		}
		if v != nil {
			result.Set(key, v)
		}
	}
	return result, nil
}

// groupData is the items folded with $append semantics (a lone item as
// is, otherwise one array with array items spliced in), built in one pass.
func groupData(list []any) any {
	if len(list) == 1 {
		return list[0]
	}
	out := &seq{}
	for _, it := range list {
		if s, ok := it.(*seq); ok {
			out.v = append(out.v, s.v...)
		} else {
			out.v = append(out.v, it)
		}
	}
	return out
}

func reduceTuples(data any) tuple {
	s, ok := data.(*seq)
	if !ok {
		t := data.(tuple)
		c := make(tuple, len(t))
		for k, v := range t {
			c[k] = v
		}
		return c
	}
	lists := map[string][]any{}
	for _, tv := range s.v {
		for k, v := range tv.(tuple) {
			if v != nil {
				lists[k] = append(lists[k], v)
			}
		}
	}
	res := make(tuple, len(lists))
	for k, l := range lists {
		res[k] = groupData(l)
	}
	return res
}

// appendValues is $append: both sides flattened one level into a new array.
func appendValues(a, b any) any {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	out := &seq{}
	if s, ok := a.(*seq); ok {
		out.v = append(out.v, s.v...)
	} else {
		out.v = append(out.v, a)
		out.sequence = true
	}
	if s, ok := b.(*seq); ok {
		out.v = append(out.v, s.v...)
	} else {
		out.v = append(out.v, b)
	}
	out.sequence = false
	return out
}

// jsKeyOrder puts array-index-like keys first in ascending order, as
// JavaScript objects enumerate them.
func jsKeyOrder(keys []string) []string {
	var idx, rest []string
	for _, k := range keys {
		if isIndexKey(k) {
			idx = append(idx, k)
		} else {
			rest = append(rest, k)
		}
	}
	if len(idx) == 0 {
		return keys
	}
	slices.SortFunc(idx, func(a, b string) int {
		if len(a) != len(b) {
			return len(a) - len(b)
		}
		return strings.Compare(a, b)
	})
	return append(idx, rest...)
}

func isIndexKey(k string) bool {
	if k == "" || len(k) > 10 || (len(k) > 1 && k[0] == '0') {
		return false
	}
	var n uint64
	for i := 0; i < len(k); i++ {
		if k[i] < '0' || k[i] > '9' {
			return false
		}
		n = n*10 + uint64(k[i]-'0')
	}
	return n < 4294967295
}
