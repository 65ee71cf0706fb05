package jsonpath

import (
	"github.com/stepd/stepd/jsonv"
)

const (
	// maxVisits bounds the nodes an indefinite path may visit in one
	// evaluation: $..*..*..* on a large document grows polynomially.
	maxVisits = 1 << 20
	// maxScanDepth bounds the descent of '..' through nested values.
	maxScanDepth = 4096
)

// Eval evaluates the path against input. A definite path returns its one
// value, or fails with States.Runtime and Jayway's wording ("Invalid path
// '$.x' : No results for path: $['x']") when nothing matches. An
// indefinite path returns an array of every match (possibly empty).
func (p *Path) Eval(input jsonv.Value, env *Env) (jsonv.Value, error) {
	v, miss, err := p.get(input, env)
	if err != nil {
		return nil, err
	}
	if miss != "" {
		return nil, &Error{Name: ErrRuntime, Cause: "Invalid path '" + p.src + "' : " + miss, Path: p.src}
	}
	return v, nil
}

// Lookup evaluates the path like Eval but reports a definite path that
// matches nothing as found == false instead of an error, so that callers
// (Choice rules, IsPresent) can word their own failure.
func (p *Path) Lookup(input jsonv.Value, env *Env) (v jsonv.Value, found bool, err error) {
	v, miss, err := p.get(input, env)
	if err != nil {
		return nil, false, err
	}
	return v, miss == "", nil
}

// root returns the value the path starts from.
func (p *Path) rootValue(input jsonv.Value, env *Env) (jsonv.Value, string) {
	switch p.root {
	case RootContext:
		if env == nil {
			return nil, "No results for path: $$ (no context object)"
		}
		return env.Context, ""
	case RootVariable:
		if env == nil || env.Vars == nil {
			return nil, "The variable '" + p.variable + "' is not defined"
		}
		v, ok := env.Vars(p.variable)
		if !ok {
			return nil, "The variable '" + p.variable + "' is not defined"
		}
		return v, ""
	}
	return input, ""
}

// get evaluates the path; miss is Jayway's message when a definite path
// matched nothing.
func (p *Path) get(input jsonv.Value, env *Env) (jsonv.Value, string, error) {
	root, miss := p.rootValue(input, env)
	if miss != "" {
		return nil, miss, nil
	}
	if p.definite {
		v, miss := p.walkDefinite(root)
		return v, miss, nil
	}
	c := evalCtx{input: input, env: env, budget: maxVisits}
	out := c.walk(p, 0, root, make([]jsonv.Value, 0, 4), 0)
	if c.err != nil {
		return nil, "", c.err
	}
	return out, "", nil
}

// walkDefinite follows a path of single steps, the allocation-free case.
func (p *Path) walkDefinite(cur jsonv.Value) (jsonv.Value, string) {
	n := len(p.steps)
	if p.mergeLeaf {
		n--
	}
	for i := 0; i < n; i++ {
		s := &p.steps[i]
		switch s.kind {
		case stepField:
			obj, ok := cur.(*jsonv.Object)
			if !ok {
				return nil, notAnObject("['"+s.name+"']", p.normalized(i), cur)
			}
			v, ok := obj.Get(s.name)
			if !ok {
				if i == len(p.steps)-1 {
					return nil, "No results for path: " + p.normalized(len(p.steps))
				}
				return nil, "Missing property in path " + p.normalized(i+1)
			}
			cur = v
		case stepIndex:
			arr, ok := cur.([]jsonv.Value)
			if !ok {
				return nil, "Filter: [" + itoa(s.index) + "] can only be applied to arrays. Current context is: " + jsonv.String(cur)
			}
			idx := s.index
			if idx < 0 {
				idx += len(arr)
			}
			if idx < 0 || idx >= len(arr) {
				return nil, "No results for path: " + p.normalized(len(p.steps))
			}
			cur = arr[idx]
		case stepFunction:
			return nil, "No results for path: " + p.normalized(len(p.steps))
		}
	}
	if p.mergeLeaf {
		s := &p.steps[n]
		obj, ok := cur.(*jsonv.Object)
		if !ok {
			return nil, notAnObject(p.normalized(n + 1)[len(p.normalized(n)):], p.normalized(n), cur)
		}
		out := jsonv.NewObject(len(s.names))
		for _, name := range s.names {
			if v, ok := obj.Get(name); ok {
				out.Set(name, v)
			}
		}
		return out, ""
	}
	return cur, ""
}

// notAnObject is Jayway's message for a name applied to a value that is
// not an object. AWS runs Jayway over Jackson nodes, so the value is named
// by its Jackson node class.
func notAnObject(fragment, at string, v jsonv.Value) string {
	return "Expected to find an object with property " + fragment + " in path " + at +
		" but found '" + jacksonClass(v) + "'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider'."
}

// jacksonClass names the Jackson node class Jackson parses v into.
func jacksonClass(v jsonv.Value) string {
	const pkg = "com.fasterxml.jackson.databind.node."
	switch x := v.(type) {
	case nil:
		return pkg + "NullNode"
	case bool:
		return pkg + "BooleanNode"
	case string:
		return pkg + "TextNode"
	case []jsonv.Value:
		return pkg + "ArrayNode"
	case *jsonv.Object:
		return pkg + "ObjectNode"
	case jsonv.Number:
		if !x.IsInteger() {
			return pkg + "DoubleNode"
		}
		i, ok := x.Int64()
		switch {
		case !ok:
			return pkg + "BigIntegerNode"
		case i < -(1<<31) || i >= 1<<31:
			return pkg + "LongNode"
		}
		return pkg + "IntNode"
	}
	return "null"
}

// evalCtx is the state of one indefinite evaluation.
type evalCtx struct {
	input  jsonv.Value // what $ means inside filters
	env    *Env
	budget int
	err    error
}

func (c *evalCtx) spend() bool {
	if c.err != nil {
		return false
	}
	c.budget--
	if c.budget < 0 {
		c.err = &Error{Name: ErrRuntime, Cause: "The JSONPath evaluation visited more than " + itoa(maxVisits) + " values"}
		return false
	}
	return true
}

// walk applies steps[i:] to cur, appending matches to out.
func (c *evalCtx) walk(p *Path, i int, cur jsonv.Value, out []jsonv.Value, depth int) []jsonv.Value {
	if !c.spend() {
		return out
	}
	if i == len(p.steps) {
		return append(out, cur)
	}
	s := &p.steps[i]
	if s.scan {
		return c.scan(p, i, cur, out, depth)
	}
	return c.apply(p, i, cur, out, depth)
}

// scan applies step i to cur and to every value below it, in document
// order (pre-order), as Jayway's deep scan does.
func (c *evalCtx) scan(p *Path, i int, cur jsonv.Value, out []jsonv.Value, depth int) []jsonv.Value {
	if depth > maxScanDepth {
		if c.err == nil {
			c.err = &Error{Name: ErrRuntime, Cause: "The JSONPath '..' descended more than " + itoa(maxScanDepth) + " levels"}
		}
		return out
	}
	if !c.spend() {
		return out
	}
	s := &p.steps[i]
	if s.kind == stepFilter {
		// A scanning filter tests every container node itself.
		switch cur.(type) {
		case *jsonv.Object, []jsonv.Value:
			if c.holds(s.filter, cur, depth) {
				out = c.walk(p, i+1, cur, out, depth+1)
			}
		}
	} else if s.kind != stepFields || hasAll(cur, s.names) {
		// A scanning union of names picks the objects that have them all.
		out = c.apply(p, i, cur, out, depth)
	}
	switch x := cur.(type) {
	case *jsonv.Object:
		for _, m := range x.Members() {
			out = c.scan(p, i, m.Value, out, depth+1)
		}
	case []jsonv.Value:
		for _, e := range x {
			out = c.scan(p, i, e, out, depth+1)
		}
	}
	return out
}

// apply applies the selector of step i to cur (not to its descendants).
func (c *evalCtx) apply(p *Path, i int, cur jsonv.Value, out []jsonv.Value, depth int) []jsonv.Value {
	s := &p.steps[i]
	switch s.kind {
	case stepField:
		if obj, ok := cur.(*jsonv.Object); ok {
			if v, ok := obj.Get(s.name); ok {
				out = c.walk(p, i+1, v, out, depth+1)
			}
		}
	case stepFields:
		if obj, ok := cur.(*jsonv.Object); ok {
			if i == len(p.steps)-1 {
				// Jayway merges the named members of each match at the leaf.
				merged := jsonv.NewObject(len(s.names))
				for _, name := range s.names {
					if v, ok := obj.Get(name); ok {
						merged.Set(name, v)
					}
				}
				return c.walk(p, i+1, merged, out, depth+1)
			}
			for _, name := range s.names {
				if v, ok := obj.Get(name); ok {
					out = c.walk(p, i+1, v, out, depth+1)
				}
			}
		}
	case stepIndex:
		if arr, ok := cur.([]jsonv.Value); ok {
			if idx := normIndex(s.index, len(arr)); idx >= 0 {
				out = c.walk(p, i+1, arr[idx], out, depth+1)
			}
		}
	case stepIndexes:
		if arr, ok := cur.([]jsonv.Value); ok {
			for _, n := range s.indexes {
				if idx := normIndex(n, len(arr)); idx >= 0 {
					out = c.walk(p, i+1, arr[idx], out, depth+1)
				}
			}
		}
	case stepWildcard:
		switch x := cur.(type) {
		case *jsonv.Object:
			for _, m := range x.Members() {
				out = c.walk(p, i+1, m.Value, out, depth+1)
			}
		case []jsonv.Value:
			for _, e := range x {
				out = c.walk(p, i+1, e, out, depth+1)
			}
		}
	case stepSlice:
		if arr, ok := cur.([]jsonv.Value); ok {
			from, to := sliceBounds(s, len(arr))
			for j := from; j < to; j++ {
				out = c.walk(p, i+1, arr[j], out, depth+1)
			}
		}
	case stepFilter:
		switch x := cur.(type) {
		case []jsonv.Value:
			for _, e := range x {
				if c.holds(s.filter, e, depth) {
					out = c.walk(p, i+1, e, out, depth+1)
				}
			}
		case *jsonv.Object:
			// Jayway tests a filter applied to an object on the object itself.
			if c.holds(s.filter, x, depth) {
				out = c.walk(p, i+1, x, out, depth+1)
			}
		}
	}
	return out
}

func hasAll(v jsonv.Value, names []string) bool {
	obj, ok := v.(*jsonv.Object)
	if !ok {
		return false
	}
	for _, n := range names {
		if !obj.Has(n) {
			return false
		}
	}
	return true
}

func normIndex(i, n int) int {
	if i < 0 {
		i += n
	}
	if i < 0 || i >= n {
		return -1
	}
	return i
}

// sliceBounds resolves [from:to] like Jayway: negative bounds count from
// the end, and both are clamped to the array.
func sliceBounds(s *step, n int) (int, int) {
	from, to := 0, n
	if s.hasFrom {
		from = s.from
		if from < 0 {
			from = max(0, n+from)
		}
	}
	if s.hasTo {
		to = s.to
		if to < 0 {
			to = n + to
		}
	}
	from = min(from, n)
	to = max(min(to, n), 0)
	if from > to {
		from = to
	}
	return from, to
}
