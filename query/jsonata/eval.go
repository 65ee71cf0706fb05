package jsonata

import (
	"math"
	"unicode/utf16"

	"github.com/stepd/stepd/jsonv"
)

type frame struct {
	vars   map[string]any
	parent *frame
	host   func(name string) (jsonv.Value, bool) // root frame only: Options.Lookup
}

func newFrame(parent *frame) *frame { return &frame{parent: parent} }

func (f *frame) bind(name string, v any) {
	if f.vars == nil {
		f.vars = make(map[string]any, 4)
	}
	f.vars[name] = v
}

func (f *frame) lookup(name string) any {
	for ; f != nil; f = f.parent {
		if v, ok := f.vars[name]; ok {
			return v
		}
		if f.parent == nil && f.host != nil {
			if v, ok := f.host(name); ok {
				if v == Undefined {
					return nil
				}
				return lift(v)
			}
		}
	}
	if b, ok := library[name]; ok {
		return b
	}
	return nil
}

type evaluator struct {
	depth    int
	maxDepth int
	steps    int
	maxSteps int
	maxBytes int
	now      int64
	random   func() float64
	extra    map[string]Function
}

// charge counts n units of work (elements copied or allocated) against
// the step budget, so bulk operations are bounded like evaluation steps.
func (ev *evaluator) charge(n int, pos int) error {
	ev.steps += n
	if ev.maxSteps > 0 && ev.steps > ev.maxSteps {
		return stepsExceeded(pos)
	}
	return nil
}

func (ev *evaluator) eval(expr *node, input any, env *frame) (any, error) {
	ev.depth++
	ev.steps++
	if ev.depth > ev.maxDepth {
		ev.depth--
		return nil, newError("U1001", expr.pos, "", nil)
	}
	if ev.maxSteps > 0 && ev.steps > ev.maxSteps {
		ev.depth--
		return nil, stepsExceeded(expr.pos)
	}
	res, err := ev.evalInner(expr, input, env)
	ev.depth--
	if err != nil {
		return nil, err
	}
	if s, ok := res.(*seq); ok && s.sequence && !s.tupleStream {
		if expr.keepArray {
			s.keepSingleton = true
		}
		if len(s.v) == 0 {
			return nil, nil
		}
		if len(s.v) == 1 && !s.keepSingleton {
			return s.v[0], nil
		}
	}
	return res, nil
}

func (ev *evaluator) evalInner(expr *node, input any, env *frame) (any, error) {
	var result any
	var err error
	switch expr.typ {
	case "path":
		result, err = ev.evalPath(expr, input, env)
	case "binary":
		result, err = ev.evalBinary(expr, input, env)
	case "unary":
		result, err = ev.evalUnary(expr, input, env)
	case "name":
		result = lookupField(input, expr.value)
	case "string", "number", "value":
		result = expr.lit
	case "wildcard":
		result = evalWildcard(input)
	case "descendant":
		result = evalDescendants(input)
	case "parent":
		result = env.lookup(expr.slot.label)
	case "condition":
		var c any
		c, err = ev.eval(expr.condition, input, env)
		if err == nil {
			if boolean(c) {
				result, err = ev.eval(expr.then, input, env)
			} else if expr.els != nil {
				result, err = ev.eval(expr.els, input, env)
			}
		}
	case "block":
		f := env
		if expr.scope {
			f = newFrame(env)
		}
		for _, e := range expr.expressions {
			result, err = ev.eval(e, input, f)
			if err != nil {
				break
			}
		}
	case "bind":
		result, err = ev.eval(expr.rhs, input, env)
		if err == nil {
			env.bind(expr.lhs.value, result)
		}
	case "regex":
		result = &regexFunc{re: expr.re}
	case "function":
		result, err = ev.evalFunction(expr, input, env, nil, false)
	case "variable":
		if expr.value == "" {
			if s, ok := input.(*seq); ok && s.outerWrapper && len(s.v) > 0 {
				result = s.v[0]
			} else {
				result = input
			}
		} else {
			result = env.lookup(expr.value)
		}
	case "lambda":
		result = &lambda{node: expr, params: expr.arguments, body: expr.body, sig: expr.signature, input: input, env: env, thunk: expr.thunk}
	case "partial":
		result, err = ev.evalPartial(expr, input, env)
	case "apply":
		result, err = ev.evalApply(expr, input, env)
	case "transform":
		result = &transformer{expr: expr, env: env}
	default:
		return nil, newError("S0206", expr.pos, expr.typ, nil)
	}
	if err != nil {
		return nil, err
	}
	for _, p := range expr.predicate {
		result, err = ev.evalFilter(p.expression, result, env)
		if err != nil {
			return nil, err
		}
	}
	if expr.typ != "path" && expr.group != nil {
		result, err = ev.evalGroup(expr.group, result, env)
	}
	return result, err
}

func lookupField(input any, key string) any {
	switch x := input.(type) {
	case *seq:
		res := newSeq()
		for _, e := range x.v {
			r := lookupField(e, key)
			if r == nil {
				continue
			}
			if a, ok := r.(*seq); ok {
				res.v = append(res.v, a.v...)
			} else {
				res.v = append(res.v, r)
			}
		}
		return res
	case *jsonv.Object:
		return field(x, key)
	}
	return nil
}

// simpleField reports the field name when expr is a lone field name step
// with nothing attached, which on an object input is just a member lookup.
func simpleField(expr *node) (string, bool) {
	if expr.typ != "path" || len(expr.steps) != 1 || expr.keepSingletonArray || expr.keepArray || expr.group != nil || expr.tuple || expr.predicate != nil {
		return "", false
	}
	st := expr.steps[0]
	if st.typ == "name" && st.stages == nil && st.predicate == nil && st.group == nil && !st.tuple && !st.keepArray {
		return st.value, true
	}
	return "", false
}

// plainStep reports a step with nothing attached (no predicate, stage,
// binding, grouping or flag), which evaluates to just its value.
func plainStep(st *node) bool {
	return st.stages == nil && st.predicate == nil && st.group == nil && !st.tuple && !st.keepArray &&
		st.focus == "" && st.index == "" && st.ancestor == nil && !st.consarray
}

// variableFields handles $var.a.b.c over objects without building
// sequences; ok is false when the generic path evaluation is needed.
func variableFields(expr *node, input any, env *frame) (any, bool) {
	if expr.keepSingletonArray || expr.keepArray || expr.group != nil || expr.tuple || len(expr.steps) < 2 {
		return nil, false
	}
	st := expr.steps[0]
	if st.typ != "variable" || st.value == "" || !plainStep(st) {
		return nil, false
	}
	for _, s := range expr.steps[1:] {
		if s.typ != "name" || !plainStep(s) {
			return nil, false
		}
	}
	v := env.lookup(st.value)
	for _, s := range expr.steps[1:] {
		o, ok := v.(*jsonv.Object)
		if !ok {
			if v == nil {
				return nil, true
			}
			return nil, false
		}
		v = field(o, s.value)
	}
	return v, true
}

func (ev *evaluator) evalPath(expr *node, input any, env *frame) (any, error) {
	if o, ok := input.(*jsonv.Object); ok {
		if name, ok := simpleField(expr); ok {
			return field(o, name), nil
		}
	}
	if v, ok := variableFields(expr, input, env); ok {
		return v, nil
	}
	var inputSeq *seq
	if s, ok := input.(*seq); ok && expr.steps[0].typ != "variable" {
		inputSeq = s
	} else {
		inputSeq = &seq{v: []any{input}, sequence: true}
	}
	var resultSeq any
	isTuple := false
	var tuples *seq
	var err error
	for i, step := range expr.steps {
		if step.tuple {
			isTuple = true
		}
		if i == 0 && step.consarray {
			resultSeq, err = ev.eval(step, inputSeq, env)
			if err == nil && len(expr.steps) > 1 {
				resultSeq = consStepResult(resultSeq)
			}
		} else if isTuple {
			tuples, err = ev.evalTupleStep(step, inputSeq, tuples, env)
		} else {
			resultSeq, err = ev.evalStep(step, inputSeq, env, i == len(expr.steps)-1)
		}
		if err != nil {
			return nil, err
		}
		if !isTuple {
			if resultSeq == nil {
				break
			}
			if s, ok := resultSeq.(*seq); ok && len(s.v) == 0 {
				break
			}
		}
		if step.focus == "" {
			inputSeq = seqOf(resultSeq)
		}
	}
	if isTuple {
		if expr.tuple {
			resultSeq = tuples
		} else {
			rs := newSeq()
			if tuples != nil {
				for _, t := range tuples.v {
					rs.v = append(rs.v, t.(tuple)["@"])
				}
			}
			resultSeq = rs
		}
	}
	if expr.keepSingletonArray {
		s, ok := resultSeq.(*seq)
		if ok && s.cons && !s.sequence {
			s = &seq{v: []any{s}, sequence: true}
		} else if !ok {
			s = seqOf(resultSeq)
		} else {
			c := *s
			s = &c
		}
		s.keepSingleton = true
		resultSeq = s
	}
	if expr.group != nil {
		in := resultSeq
		if isTuple {
			in = tuples
		}
		return ev.evalGroup(expr.group, in, env)
	}
	return resultSeq, nil
}

// consStepResult mirrors jsonata-js, which iterates the next step over
// result.length: a singleton the predicate unwrapped to a non-array yields
// nothing (a string yields its characters).
func consStepResult(v any) any {
	switch x := v.(type) {
	case nil, *seq:
		return v
	case string:
		units := utf16Of(x)
		out := make([]any, len(units))
		for i, u := range units {
			out[i] = string(utf16.Decode([]uint16{u}))
		}
		return &seq{v: out, sequence: true}
	}
	return nil
}

// seqOf wraps a value as a sequence (an array value is kept as is).
func seqOf(v any) *seq {
	switch x := v.(type) {
	case nil:
		return newSeq()
	case *seq:
		return x
	}
	return newSeq(v)
}

func wrapSeq(v any) *seq {
	if v == nil {
		return newSeq()
	}
	return newSeq(v)
}

func frameFromTuple(env *frame, t tuple) *frame {
	f := &frame{parent: env, vars: make(map[string]any, len(t))}
	for k, v := range t {
		f.vars[k] = v
	}
	return f
}

func (ev *evaluator) evalStep(expr *node, input *seq, env *frame, last bool) (any, error) {
	if expr.typ == "sort" {
		res, err := ev.evalSort(expr, input, env)
		if err != nil {
			return nil, err
		}
		if expr.stages != nil {
			return ev.evalStages(expr.stages, res, env)
		}
		return res, nil
	}
	if len(input.v) == 1 && expr.stages == nil {
		// one context item: the same result without the gathering slice
		res, err := ev.eval(expr, input.v[0], env)
		if err != nil {
			return nil, err
		}
		switch a := res.(type) {
		case nil:
			return &seq{sequence: true}, nil
		case *seq:
			if last && !a.sequence {
				return a, nil
			}
			if !a.cons {
				if err := ev.charge(1, expr.pos); err != nil {
					return nil, err
				}
				return &seq{v: a.v[:len(a.v):len(a.v)], sequence: true}, nil
			}
		}
		return &seq{v: []any{res}, sequence: true}, nil
	}
	results := make([]any, 0, len(input.v))
	for _, item := range input.v {
		res, err := ev.eval(expr, item, env)
		if err != nil {
			return nil, err
		}
		for _, st := range expr.stages {
			res, err = ev.evalFilter(st.expression, res, env)
			if err != nil {
				return nil, err
			}
		}
		if res != nil {
			results = append(results, res)
		}
	}
	if last && len(results) == 1 {
		if a, ok := results[0].(*seq); ok && !a.sequence {
			return a, nil
		}
	}
	flat := true
	for _, r := range results {
		if a, ok := r.(*seq); ok && !a.cons {
			flat = false
			break
		}
	}
	if flat {
		return &seq{v: results, sequence: true}, nil
	}
	out := newSeq()
	out.v = make([]any, 0, len(results))
	if err := ev.charge(len(results), expr.pos); err != nil {
		return nil, err
	}
	for _, r := range results {
		if a, ok := r.(*seq); ok && !a.cons {
			out.v = append(out.v, a.v...)
		} else {
			out.v = append(out.v, r)
		}
	}
	return out, nil
}

func (ev *evaluator) evalStages(stages []*node, input any, env *frame) (any, error) {
	result := input
	var err error
	for _, st := range stages {
		switch st.typ {
		case "filter":
			result, err = ev.evalFilter(st.expression, result, env)
			if err != nil {
				return nil, err
			}
		case "index":
			if s, ok := result.(*seq); ok {
				for i, t := range s.v {
					if tt, ok := t.(tuple); ok {
						tt[st.value] = float64(i)
					}
				}
			}
		}
	}
	return result, nil
}

func (ev *evaluator) evalTupleStep(expr *node, input *seq, tuples *seq, env *frame) (*seq, error) {
	if expr.typ == "sort" {
		var result *seq
		if tuples != nil {
			r, err := ev.evalSort(expr, tuples, env)
			if err != nil {
				return nil, err
			}
			result = seqOf(r)
			result.tupleStream = true
		} else {
			sorted, err := ev.evalSort(expr, input, env)
			if err != nil {
				return nil, err
			}
			result = &seq{sequence: true, tupleStream: true}
			for i, s := range items(sorted) {
				t := tuple{"@": s}
				if expr.index != "" {
					t[expr.index] = float64(i)
				}
				result.v = append(result.v, t)
			}
		}
		if expr.stages != nil {
			r, err := ev.evalStages(expr.stages, result, env)
			if err != nil {
				return nil, err
			}
			result = seqOf(r)
		}
		return result, nil
	}
	result := &seq{sequence: true, tupleStream: true}
	if tuples == nil {
		tuples = &seq{sequence: true, tupleStream: true}
		for _, it := range input.v {
			tuples.v = append(tuples.v, tuple{"@": it})
		}
	}
	for _, tv := range tuples.v {
		t := tv.(tuple)
		stepEnv := frameFromTuple(env, t)
		res, err := ev.eval(expr, t["@"], stepEnv)
		if err != nil {
			return nil, err
		}
		if res == nil {
			continue
		}
		rs, isSeq := res.(*seq)
		if !isSeq {
			rs = &seq{v: []any{res}}
		}
		for bb, r := range rs.v {
			nt := make(tuple, len(t)+2)
			for k, v := range t {
				nt[k] = v
			}
			if rs.tupleStream {
				for k, v := range r.(tuple) {
					nt[k] = v
				}
			} else {
				if expr.focus != "" {
					nt[expr.focus] = r
					nt["@"] = t["@"]
				} else {
					nt["@"] = r
				}
				if expr.index != "" {
					nt[expr.index] = float64(bb)
				}
				if expr.ancestor != nil {
					nt[expr.ancestor.label] = t["@"]
				}
			}
			result.v = append(result.v, nt)
		}
	}
	if expr.stages != nil {
		r, err := ev.evalStages(expr.stages, result, env)
		if err != nil {
			return nil, err
		}
		if r == nil {
			return &seq{sequence: true, tupleStream: true}, nil
		}
		return seqOf(r), nil
	}
	return result, nil
}

func (ev *evaluator) evalFilter(pred *node, input any, env *frame) (any, error) {
	results := newSeq()
	in, ok := input.(*seq)
	if ok && in.tupleStream {
		results.tupleStream = true
	}
	if !ok {
		in = wrapSeq(input)
	}
	if pred.typ == "number" {
		idx := int(math.Floor(pred.num))
		if idx < 0 {
			idx += len(in.v)
		}
		if idx >= 0 && idx < len(in.v) {
			item := in.v[idx]
			if a, ok := item.(*seq); ok {
				return a, nil
			}
			results.v = append(results.v, item)
		}
		return results, nil
	}
	for index, item := range in.v {
		context := item
		e := env
		if in.tupleStream {
			t := item.(tuple)
			context = t["@"]
			e = frameFromTuple(env, t)
		}
		res, err := ev.eval(pred, context, e)
		if err != nil {
			return nil, err
		}
		if f, ok := res.(float64); ok {
			res = newSeq(f)
		}
		if nums, ok := arrayOfNumbers(res); ok {
			for _, n := range nums {
				ii := int(math.Floor(n))
				if ii < 0 {
					ii += len(in.v)
				}
				if ii == index {
					results.v = append(results.v, item)
				}
			}
		} else if boolean(res) {
			results.v = append(results.v, item)
		}
	}
	return results, nil
}

func arrayOfNumbers(v any) ([]float64, bool) {
	s, ok := v.(*seq)
	if !ok {
		return nil, false
	}
	out := make([]float64, 0, len(s.v))
	for _, e := range s.v {
		f, ok := e.(float64)
		if !ok {
			return nil, false
		}
		out = append(out, f)
	}
	return out, true
}

func evalWildcard(input any) any {
	results := newSeq()
	if s, ok := input.(*seq); ok && s.outerWrapper && len(s.v) > 0 {
		input = s.v[0]
	}
	add := func(v any) {
		if a, ok := v.(*seq); ok {
			flat := flatten(a, nil, 0)
			results.v = append(results.v, flat...)
			results.sequence = false
		} else {
			results.v = append(results.v, v)
		}
	}
	switch x := input.(type) {
	case *jsonv.Object:
		for _, m := range members(x) {
			add(lift(m.Value))
		}
	case *seq:
		for _, e := range x.v {
			add(e)
		}
	}
	return results
}

func flatten(v any, out []any, depth int) []any {
	if a, ok := v.(*seq); ok && depth < maxNesting {
		for _, e := range a.v {
			out = flatten(e, out, depth+1)
		}
		return out
	}
	return append(out, v)
}

func evalDescendants(input any) any {
	if input == nil {
		return nil
	}
	res := newSeq()
	recurseDescendants(input, res, 0)
	if len(res.v) == 1 {
		return res.v[0]
	}
	return res
}

func recurseDescendants(input any, res *seq, depth int) {
	if depth > maxNesting {
		return
	}
	switch x := input.(type) {
	case *seq:
		for _, e := range x.v {
			recurseDescendants(e, res, depth+1)
		}
		return
	case *jsonv.Object:
		res.v = append(res.v, input)
		for _, m := range members(x) {
			recurseDescendants(lift(m.Value), res, depth+1)
		}
		return
	}
	res.v = append(res.v, input)
}
