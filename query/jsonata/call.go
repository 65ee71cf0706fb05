package jsonata

import (
	"github.com/stepd/stepd/jsonv"
)

// callable is a JSONata function value.
type callable interface {
	arity() int
}

type lambda struct {
	node   *node
	params []*node
	body   *node
	sig    *signature
	input  any
	env    *frame
	thunk  bool
	// native partial application
	native   callable
	bound    []any
	holes    []int
	nativeFn func(ev *evaluator, args []any, input any, env *frame) (any, error)
}

func (l *lambda) arity() int {
	if l.native != nil {
		return len(l.holes)
	}
	return len(l.params)
}

type builtin struct {
	name string
	sig  *signature
	fn   func(ev *evaluator, args []any, input any, env *frame) (any, error)
}

// arity is what jsonata-js sees as the JavaScript function's length: its
// declared parameters, all of them signature parameters except where the
// implementation uses a default ($string) or rest arguments ($zip).
func (b *builtin) arity() int {
	switch b.name {
	case "string":
		return 1
	case "zip":
		return 0
	}
	if b.sig != nil {
		return len(b.sig.params)
	}
	return 1
}

type regexFunc struct{ re *jsRegex }

func (r *regexFunc) arity() int { return 1 }

type transformer struct {
	expr *node
	env  *frame
}

func (t *transformer) arity() int { return 1 }

var placeholder = &node{typ: "operator", value: "?"}

func procName(expr *node) string {
	p := expr.procedure
	if p.typ == "path" && len(p.steps) > 0 {
		return p.steps[0].value
	}
	return p.value
}

func (ev *evaluator) evalFunction(expr *node, input any, env *frame, applyto any, hasApply bool) (any, error) {
	proc, err := ev.eval(expr.procedure, input, env)
	if err != nil {
		return nil, err
	}
	if proc == nil && expr.procedure.typ == "path" && env.lookup(expr.procedure.steps[0].value) != nil {
		return nil, newError("T1005", expr.pos, expr.procedure.steps[0].value, nil)
	}
	args := make([]any, 0, len(expr.arguments)+1)
	if hasApply {
		args = append(args, applyto)
	}
	for _, a := range expr.arguments {
		v, err := ev.eval(a, input, env)
		if err != nil {
			return nil, err
		}
		args = append(args, v)
	}
	s := noSite
	switch proc.(type) {
	case *lambda, *builtin, *transformer:
		// jsonata-js records the call site on the function object
		s = site{pos: expr.pos, token: procName(expr)}
	}
	res, err := ev.applyAt(proc, args, input, env, s)
	if err != nil {
		if e, ok := err.(*Error); ok {
			if e.Position <= 0 {
				e.Position = expr.pos
			}
			if e.Token == "" {
				e.Token = procName(expr)
			}
		}
		return nil, err
	}
	return res, nil
}

// site is where a function was called from: errors raised inside the call
// take this position (and token, when they have none), as in jsonata-js.
type site struct {
	pos   int
	token string
}

var noSite = site{pos: -1}

func (ev *evaluator) apply(proc any, args []any, input any, env *frame) (any, error) {
	return ev.applyAt(proc, args, input, env, noSite)
}

func (ev *evaluator) applyAt(proc any, args []any, input any, env *frame, s site) (any, error) {
	res, err := ev.applyInner(proc, args, input, env, s)
	for err == nil {
		l, ok := res.(*lambda)
		if !ok || !l.thunk {
			break
		}
		next, err2 := ev.eval(l.body.procedure, l.input, l.env)
		if err2 != nil {
			return nil, err2
		}
		targs := make([]any, 0, len(l.body.arguments))
		for _, a := range l.body.arguments {
			v, err2 := ev.eval(a, l.input, l.env)
			if err2 != nil {
				return nil, err2
			}
			targs = append(targs, v)
		}
		ev.steps++
		if ev.maxSteps > 0 && ev.steps > ev.maxSteps {
			return nil, stepsExceeded(l.body.pos)
		}
		ns := site{pos: l.body.procedure.pos}
		if l.body.procedure.typ == "variable" {
			ns.token = l.body.procedure.value
		}
		res, err = ev.applyInner(next, targs, input, env, ns)
	}
	return res, err
}

func (ev *evaluator) applyInner(proc any, args []any, input any, env *frame, s site) (any, error) {
	res, err := ev.applyCore(proc, args, input, env)
	if err != nil && proc != nil {
		if e, ok := err.(*Error); ok {
			if e.Token == "" && s.token != "" {
				e.Token = s.token
			}
			if s.pos > 0 {
				e.Position = s.pos
			}
		}
	}
	return res, err
}

func (ev *evaluator) applyCore(proc any, args []any, input any, env *frame) (any, error) {
	switch p := proc.(type) {
	case *lambda:
		var err error
		if p.sig != nil {
			if args, err = p.sig.validate(args, input); err != nil {
				return nil, err
			}
		}
		if p.native != nil || p.nativeFn != nil {
			// chains of partials and ~> compositions recurse without
			// passing through eval, so they count against the depth here
			ev.depth++
			defer func() { ev.depth-- }()
			if ev.depth > ev.maxDepth {
				return nil, newError("U1001", -1, "", nil)
			}
		}
		if p.native != nil {
			full := make([]any, len(p.bound))
			copy(full, p.bound)
			for i, h := range p.holes {
				if i < len(args) {
					full[h] = args[i]
				}
			}
			return ev.apply(p.native, full, input, env)
		}
		if p.nativeFn != nil {
			return p.nativeFn(ev, args, input, env)
		}
		f := newFrame(p.env)
		for i, param := range p.params {
			var a any
			if i < len(args) {
				a = args[i]
			}
			f.bind(param.value, a)
		}
		return ev.eval(p.body, p.input, f)
	case *builtin:
		var err error
		if p.sig != nil {
			if args, err = p.sig.validate(args, input); err != nil {
				return nil, err
			}
		}
		res, err := p.fn(ev, args, input, env)
		if err != nil {
			return nil, err
		}
		// string work is linear in the text handled: charge it, so loops
		// over large strings are bounded by the step budget too
		work := 0
		for _, a := range args {
			if s, ok := a.(string); ok {
				work += len(s)
			}
		}
		if s, ok := res.(string); ok {
			work += len(s)
		}
		if work >= 64 {
			if err := ev.charge(work/16, -1); err != nil {
				return nil, err
			}
		}
		return res, nil
	case *regexFunc:
		var s any
		if len(args) > 0 {
			s = args[0]
		}
		str, ok := s.(string)
		if !ok {
			return nil, nil
		}
		return regexMatchObject(p.re, str, 0), nil
	case *transformer:
		var a any
		if len(args) > 0 {
			a = args[0]
		}
		return ev.transform(p, a)
	}
	return nil, newError("T1006", -1, "", nil)
}

func (ev *evaluator) evalPartial(expr *node, input any, env *frame) (any, error) {
	args := make([]any, len(expr.arguments))
	var holes []int
	for i, a := range expr.arguments {
		if a.typ == "operator" && a.value == "?" {
			holes = append(holes, i)
			continue
		}
		v, err := ev.eval(a, input, env)
		if err != nil {
			return nil, err
		}
		args[i] = v
	}
	proc, err := ev.eval(expr.procedure, input, env)
	if err != nil {
		return nil, err
	}
	if proc == nil && expr.procedure.typ == "path" && env.lookup(expr.procedure.steps[0].value) != nil {
		return nil, newError("T1007", expr.pos, expr.procedure.steps[0].value, nil)
	}
	switch p := proc.(type) {
	case *lambda:
		if p.native == nil && p.nativeFn == nil {
			f := newFrame(p.env)
			var unbound []*node
			for i, param := range p.params {
				isHole := false
				for _, h := range holes {
					if h == i {
						isHole = true
					}
				}
				if isHole {
					unbound = append(unbound, param)
				} else if i < len(args) {
					f.bind(param.value, args[i])
				} else {
					f.bind(param.value, nil)
				}
			}
			return &lambda{params: unbound, body: p.body, input: p.input, env: f}, nil
		}
		return &lambda{native: p, bound: args, holes: holes}, nil
	case *builtin:
		if p.name == "string" {
			// jsonata-js rebuilds native partials from the JavaScript
			// parameter list, and $string's default parameter fails that.
			return nil, newError("S0208", expr.pos, "", 2.0)
		}
		return &lambda{native: p, bound: args, holes: holes}, nil
	case *regexFunc, *transformer:
		return &lambda{native: proc.(callable), bound: args, holes: holes}, nil
	}
	return nil, newError("T1008", expr.pos, procName(expr), nil)
}

func (ev *evaluator) evalApply(expr *node, input any, env *frame) (any, error) {
	lhs, err := ev.eval(expr.lhs, input, env)
	if err != nil {
		return nil, err
	}
	if expr.rhs.typ == "function" {
		return ev.evalFunction(expr.rhs, input, env, lhs, true)
	}
	fn, err := ev.eval(expr.rhs, input, env)
	if err != nil {
		return nil, err
	}
	if !isFunc(fn) {
		return nil, newError("T2006", expr.pos, "", fn)
	}
	if isFunc(lhs) {
		f, g := lhs, fn
		return &lambda{nativeFn: func(ev *evaluator, args []any, input any, env *frame) (any, error) {
			r, err := ev.apply(f, args, nil, env)
			if err != nil {
				return nil, err
			}
			return ev.apply(g, []any{r}, nil, env)
		}, params: []*node{{typ: "variable", value: "x"}}}, nil
	}
	return ev.apply(fn, []any{lhs}, nil, env)
}

func (ev *evaluator) transform(t *transformer, obj any) (any, error) {
	if obj == nil {
		return nil, nil
	}
	cloneFn := t.env.lookup("clone")
	if !isFunc(cloneFn) {
		return nil, newError("T2013", t.expr.pos, "", nil)
	}
	result, err := ev.apply(cloneFn, []any{obj}, nil, t.env)
	if err != nil {
		return nil, err
	}
	matches, err := ev.eval(t.expr.pattern, result, t.env)
	if err != nil {
		return nil, err
	}
	for _, match := range items(matches) {
		update, err := ev.eval(t.expr.update, match, t.env)
		if err != nil {
			return nil, err
		}
		if update != nil {
			u, ok := update.(*jsonv.Object)
			if !ok {
				return nil, newError("T2011", t.expr.update.pos, "", update)
			}
			switch m := match.(type) {
			case *jsonv.Object:
				for _, mem := range members(u) {
					m.Set(mem.Key, mem.Value)
				}
			case *seq:
				// JavaScript sets properties on the array that JSON never shows
			default:
				if u.Len() > 0 {
					// JavaScript throws a TypeError setting a property on a primitive
					return nil, &Error{Code: "T2011", Message: "Cannot set properties on a non-object value: " + jsonText(match), Position: t.expr.update.pos, Value: match}
				}
			}
		}
		if t.expr.del != nil {
			dels, err := ev.eval(t.expr.del, match, t.env)
			if err != nil {
				return nil, err
			}
			if dels != nil {
				for _, d := range items(dels) {
					if _, ok := d.(string); !ok {
						return nil, newError("T2012", t.expr.del.pos, "", dels)
					}
				}
				if m, ok := match.(*jsonv.Object); ok {
					for _, d := range items(dels) {
						m.Delete(d.(string))
					}
				}
			}
		}
	}
	return result, nil
}

// deepClone copies a value so a transform may change it in place.
func deepClone(v any, nodes *int) any { return deepCloneAt(v, 0, nodes) }

func deepCloneAt(v any, depth int, nodes *int) any {
	*nodes++
	if depth > maxNesting {
		return null
	}
	switch x := v.(type) {
	case *seq:
		out := make([]any, 0, len(x.v))
		for _, e := range x.v {
			if e == nil || isFunc(e) {
				out = append(out, null)
				continue
			}
			out = append(out, deepCloneAt(e, depth+1, nodes))
		}
		return &seq{v: out}
	case *jsonv.Object:
		o := jsonv.NewObject(x.Len())
		for _, m := range members(x) {
			lv := lift(m.Value)
			if isFunc(lv) {
				continue
			}
			o.Set(m.Key, deepCloneAt(lv, depth+1, nodes))
		}
		return o
	}
	return v
}

func (ev *evaluator) evalSort(expr *node, input any, env *frame) (any, error) {
	in := items(input)
	isTuple := false
	if s, ok := input.(*seq); ok && s.tupleStream {
		isTuple = true
	}
	var sortErr error
	keyOf := func(item any, term sortTerm) (any, error) {
		ctx := item
		e := env
		if isTuple {
			t := item.(tuple)
			ctx = t["@"]
			e = frameFromTuple(env, t)
		}
		return ev.eval(term.expression, ctx, e)
	}
	less := func(a, b any) bool { // "swap" semantics: a after b
		if sortErr != nil {
			return false
		}
		for _, term := range expr.terms {
			aa, err := keyOf(a, term)
			if err != nil {
				sortErr = err
				return false
			}
			bb, err := keyOf(b, term)
			if err != nil {
				sortErr = err
				return false
			}
			if aa == nil {
				if bb == nil {
					continue
				}
				return true
			}
			if bb == nil {
				return false
			}
			_, an := aa.(float64)
			_, as := aa.(string)
			_, bn := bb.(float64)
			_, bs := bb.(string)
			if !(an || as) || !(bn || bs) {
				bad := aa
				if an || as {
					bad = bb
				}
				sortErr = newError("T2008", expr.pos, "", bad)
				return false
			}
			if an != bn {
				e := newError("T2007", expr.pos, "", aa)
				e.Value2 = bb
				sortErr = e
				return false
			}
			var comp int
			if an {
				x, y := aa.(float64), bb.(float64)
				if x == y {
					continue
				} else if x < y {
					comp = -1
				} else {
					comp = 1
				}
			} else {
				comp = compareUTF16(aa.(string), bb.(string))
				if comp == 0 {
					continue
				}
			}
			if term.descending {
				comp = -comp
			}
			return comp == 1
		}
		return false
	}
	sorted := mergeSort(in, less)
	if sortErr != nil {
		return nil, sortErr
	}
	out := &seq{v: sorted, sequence: true}
	if isTuple {
		out.tupleStream = true
	}
	return out, nil
}

// mergeSort is jsonata's stable merge sort where swap(a, b) reports that a
// must come after b.
func mergeSort(in []any, swap func(a, b any) bool) []any {
	if len(in) <= 1 {
		out := make([]any, len(in))
		copy(out, in)
		return out
	}
	mid := len(in) / 2
	l := mergeSort(in[:mid], swap)
	r := mergeSort(in[mid:], swap)
	out := make([]any, 0, len(in))
	i, j := 0, 0
	for i < len(l) && j < len(r) {
		if swap(l[i], r[j]) {
			out = append(out, r[j])
			j++
		} else {
			out = append(out, l[i])
			i++
		}
	}
	out = append(out, l[i:]...)
	out = append(out, r[j:]...)
	return out
}
