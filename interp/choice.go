package interp

import (
	"time"

	"github.com/stepd/stepd/asl"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
)

// choice runs a Choice state: the first rule that matches picks the next
// state, then Default, else States.NoChoiceMatched.
func (d *decider) choice(path []*Thread, st *machine.State, env *machine.Env) {
	t := path[len(path)-1]
	eff, err := d.inputPath(st, t.Input.V, env)
	if err != nil {
		d.fail(path, err)
		return
	}
	d.observe(st, StageAfterInputPath, eff)
	next := -1
	var ruleAssign machine.Evaluator
	for _, r := range st.Choices {
		ok, err := matchRule(r, eff, env)
		if err != nil {
			d.fail(path, err)
			return
		}
		if ok {
			next = r.Next
			ruleAssign = r.Assign
			break
		}
	}
	if next < 0 {
		next = st.Default
	}
	if next < 0 {
		d.failThread(path, &stateError{"States.NoChoiceMatched", "No Matches!"})
		return
	}
	out, err := d.outputPath(st, eff, env)
	if err == nil {
		// The state's Assign applies whichever rule matched, then the
		// rule's own.
		d.assigned = nil
		err = d.evalAssign(st, st.Assign, nil, eff, env, nil)
		if err == nil {
			err = d.evalAssign(st, ruleAssign, nil, eff, env, nil)
		}
	}
	if err != nil {
		d.fail(path, err)
		return
	}
	d.exit(path, st, out, next)
}

func matchRule(r *machine.Rule, input jsonv.Value, env *machine.Env) (bool, error) {
	switch r.Op {
	case machine.OpAnd:
		for _, s := range r.Subs {
			ok, err := matchRule(s, input, env)
			if err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	case machine.OpOr:
		for _, s := range r.Subs {
			ok, err := matchRule(s, input, env)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	case machine.OpNot:
		ok, err := matchRule(r.Subs[0], input, env)
		return !ok && err == nil, err
	}
	if r.Variable == nil {
		return false, &stateError{"States.Runtime", "The choice rule has no Variable"}
	}
	v, found, err := r.Variable.Lookup(input, env)
	if err != nil {
		return false, err
	}
	switch r.Op {
	case machine.OpIsPresent:
		return found == r.Operand.(bool), nil
	case machine.OpIsNull, machine.OpIsNumeric, machine.OpIsString, machine.OpIsBoolean, machine.OpIsTimestamp:
		if !found {
			return false, nil
		}
		return typeTest(r.Op, v) == r.Operand.(bool), nil
	}
	if !found {
		return false, &stateError{"States.Runtime", "Invalid path '" + r.Variable.String() + "': The choice state's condition path references an invalid value."}
	}
	operand := r.Operand
	if r.OperandPath != nil {
		w, ok, err := r.OperandPath.Lookup(input, env)
		if err != nil {
			return false, err
		}
		if !ok {
			return false, &stateError{"States.Runtime", "Invalid path '" + r.OperandPath.String() + "': The choice state's condition path references an invalid value."}
		}
		operand = w
	}
	return compare(r.Op, v, operand), nil
}

func typeTest(op machine.Operator, v jsonv.Value) bool {
	switch op {
	case machine.OpIsNull:
		return v == nil
	case machine.OpIsNumeric:
		_, ok := v.(jsonv.Number)
		return ok
	case machine.OpIsString:
		_, ok := v.(string)
		return ok
	case machine.OpIsBoolean:
		_, ok := v.(bool)
		return ok
	case machine.OpIsTimestamp:
		s, ok := v.(string)
		return ok && asl.IsTimestamp(s)
	}
	return false
}

// compare applies a comparison operator; values of the wrong type never
// match.
func compare(op machine.Operator, a, b jsonv.Value) bool {
	switch op {
	case machine.OpStringEquals, machine.OpStringLessThan, machine.OpStringGreaterThan,
		machine.OpStringLessThanEquals, machine.OpStringGreaterThanEquals:
		x, ok1 := a.(string)
		y, ok2 := b.(string)
		if !ok1 || !ok2 {
			return false
		}
		return order(op-machine.OpStringEquals, cmpString(x, y))
	case machine.OpNumericEquals, machine.OpNumericLessThan, machine.OpNumericGreaterThan,
		machine.OpNumericLessThanEquals, machine.OpNumericGreaterThanEquals:
		x, ok1 := a.(jsonv.Number)
		y, ok2 := b.(jsonv.Number)
		if !ok1 || !ok2 {
			return false
		}
		return order(op-machine.OpNumericEquals, cmpNumber(x, y))
	case machine.OpTimestampEquals, machine.OpTimestampLessThan, machine.OpTimestampGreaterThan,
		machine.OpTimestampLessThanEquals, machine.OpTimestampGreaterThanEquals:
		x, ok1 := parseTimestamp(a)
		y, ok2 := parseTimestamp(b)
		if !ok1 || !ok2 {
			return false
		}
		return order(op-machine.OpTimestampEquals, x.Compare(y))
	case machine.OpBooleanEquals:
		x, ok1 := a.(bool)
		y, ok2 := b.(bool)
		return ok1 && ok2 && x == y
	case machine.OpStringMatches:
		x, ok1 := a.(string)
		y, ok2 := b.(string)
		return ok1 && ok2 && globMatch(y, x)
	}
	return false
}

// order turns a three-way comparison into the result of the relation at
// offset rel (Equals, LessThan, GreaterThan, LessThanEquals,
// GreaterThanEquals).
func order(rel machine.Operator, c int) bool {
	switch rel {
	case 0:
		return c == 0
	case 1:
		return c < 0
	case 2:
		return c > 0
	case 3:
		return c <= 0
	default:
		return c >= 0
	}
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpNumber(a, b jsonv.Number) int {
	if a == b {
		return 0
	}
	if x, ok := a.Int64(); ok {
		if y, ok := b.Int64(); ok {
			switch {
			case x < y:
				return -1
			case x > y:
				return 1
			}
			return 0
		}
	}
	x, y := a.Float64(), b.Float64()
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

func parseTimestamp(v jsonv.Value) (time.Time, bool) {
	s, ok := v.(string)
	if !ok || !asl.IsTimestamp(s) {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}

// globMatch matches s against an ASL StringMatches pattern: '*' matches
// any run of characters, '\*' a literal star and '\\' a backslash.
func globMatch(pattern, s string) bool {
	// Split the pattern into literal segments separated by unescaped stars.
	var segs []string
	var cur []byte
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		if c == '\\' && i+1 < len(pattern) && (pattern[i+1] == '*' || pattern[i+1] == '\\') {
			cur = append(cur, pattern[i+1])
			i++
			continue
		}
		if c == '*' {
			segs = append(segs, string(cur))
			cur = cur[:0]
			continue
		}
		cur = append(cur, c)
	}
	segs = append(segs, string(cur))
	if len(segs) == 1 {
		return s == segs[0]
	}
	if len(s) < len(segs[0]) || s[:len(segs[0])] != segs[0] {
		return false
	}
	s = s[len(segs[0]):]
	last := segs[len(segs)-1]
	for _, seg := range segs[1 : len(segs)-1] {
		i := indexOf(s, seg)
		if i < 0 {
			return false
		}
		s = s[i+len(seg):]
	}
	return len(s) >= len(last) && s[len(s)-len(last):] == last
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}
