package machine

import (
	"errors"
	"strings"
	"time"

	"github.com/stepd/stepd/asl"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/query/intrinsic"
	"github.com/stepd/stepd/query/jsonpath"
)

// Compile checks the expressions of sm and compiles it. It returns the
// diagnostics of the expression checks; when any is an error the machine is
// nil. sm must come from asl.Parse without errors.
func Compile(sm *asl.StateMachine) (*Machine, asl.Diagnostics) {
	if sm == nil {
		return nil, asl.Diagnostics{{Severity: asl.SeverityError, Code: asl.CodeMissingDescription, Line: 1, Column: 1, Message: "Received a null or empty workflow input"}}
	}
	c := &compiler{src: sm.Source, m: &Machine{Definition: sm}}
	if sm.TimeoutSeconds != nil {
		c.m.TimeoutSeconds = *sm.TimeoutSeconds
	}
	c.contextUsers = contextUsers(sm)
	c.m.Root = c.scope(sm.States, sm.StartAt)
	c.diags.Sort()
	if c.diags.HasErrors() {
		return nil, c.diags
	}
	return c.m, c.diags
}

type compiler struct {
	contextUsers map[asl.State]bool
	src          *asl.Source
	m            *Machine
	diags        asl.Diagnostics
}

func (c *compiler) fail(pointer, msg string) {
	if len(c.diags) >= asl.MaxDiagnostics {
		return
	}
	c.diags = append(c.diags, c.src.Diagnostic(asl.CodeSchemaValidationFailed, pointer, msg))
}

func (c *compiler) scope(states *asl.States, startAt string) *Scope {
	sc := &Scope{ID: len(c.m.Scopes), byName: make(map[string]int, states.Len())}
	c.m.Scopes = append(c.m.Scopes, sc)
	for i, st := range states.All() {
		sc.byName[st.Common().Name] = i
		sc.States = append(sc.States, &State{Name: st.Common().Name, Type: st.Common().Type, Index: i, Scope: sc, AST: st})
	}
	sc.StartAt = sc.Lookup(startAt)
	if sc.StartAt < 0 {
		// asl.Parse reports this; Compile stays safe on a machine built
		// by hand.
		c.diags = append(c.diags, c.src.Diagnostic(asl.CodeMissingTransitionTarget, "", "Missing 'StartAt' target: "+startAt))
	}
	for _, s := range sc.States {
		c.state(s)
	}
	return sc
}

func (c *compiler) state(s *State) {
	ast := s.AST
	com := ast.Common()
	s.Next = -1
	if com.Next != "" {
		s.Next = c.target(s, com.Next, "Next")
	}
	s.Default = -1
	s.UsesContext = c.contextUsers[ast]
	if com.IsJSONata() {
		c.jsonataState(s)
		return
	}
	s.Assign, _ = c.assign(com.Assign, false)
	s.InputPath = c.path(com.InputPath, "InputPath", false)
	s.OutputPath = c.path(com.OutputPath, "OutputPath", false)
	switch a := ast.(type) {
	case *asl.Pass:
		s.Parameters = c.template(a.Parameters)
		s.ResultPath = c.path(a.ResultPath, "ResultPath", true)
		if a.Result.Set {
			s.HasResult, s.Result = true, a.Result.Value
		}
	case *asl.Task:
		s.Resource = a.Resource
		s.Parameters = c.template(a.Parameters)
		s.Credentials = c.template(a.Credentials)
		s.ResultSelector = c.template(a.ResultSelector)
		s.ResultPath = c.path(a.ResultPath, "ResultPath", true)
		s.TimeoutSeconds, _ = a.TimeoutSeconds.Int64()
		s.TimeoutSecondsPath = c.path(a.TimeoutSecondsPath, "TimeoutSecondsPath", true).Path
		s.HeartbeatSeconds, _ = a.HeartbeatSeconds.Int64()
		s.HeartbeatSecondsPath = c.path(a.HeartbeatSecondsPath, "HeartbeatSecondsPath", true).Path
		s.Retry = c.retry(a.Retry)
		s.Catch = c.catch(s.Scope, a.Catch, false)
	case *asl.Choice:
		for _, r := range a.Choices {
			s.Choices = append(s.Choices, c.rule(s.Scope, r, true))
		}
		if a.Default != "" {
			s.Default = c.target(s, a.Default, "Default")
		}
	case *asl.Wait:
		if a.Seconds.Set && !a.Seconds.IsExpr() {
			s.Seconds, _ = a.Seconds.Int64()
			s.HasSeconds = true
		}
		if a.Timestamp.Set {
			if t, err := time.Parse(time.RFC3339Nano, a.Timestamp.Value); err == nil {
				s.Timestamp, s.HasTimestamp = t, true
			}
		}
		s.SecondsPath = c.path(a.SecondsPath, "SecondsPath", true).Path
		s.TimestampPath = c.path(a.TimestampPath, "TimestampPath", true).Path
	case *asl.Fail:
		s.Error, s.Cause = a.Error.Value, a.Cause.Value
		s.ErrorPath = c.pathOrIntrinsic(a.ErrorPath, "ErrorPath")
		s.CausePath = c.pathOrIntrinsic(a.CausePath, "CausePath")
	case *asl.Parallel:
		s.Parameters = c.template(a.Parameters)
		s.ResultSelector = c.template(a.ResultSelector)
		s.ResultPath = c.path(a.ResultPath, "ResultPath", true)
		s.Retry = c.retry(a.Retry)
		s.Catch = c.catch(s.Scope, a.Catch, false)
		for _, b := range a.Branches {
			s.Branches = append(s.Branches, c.scope(b.States, b.StartAt))
		}
	case *asl.Map:
		s.ItemsPath = c.path(a.ItemsPath, "ItemsPath", true)
		s.ItemSelector = c.template(a.ItemSelector)
		if s.ItemSelector == nil {
			s.ItemSelector = c.template(a.Parameters)
		}
		s.ResultSelector = c.template(a.ResultSelector)
		s.ResultPath = c.path(a.ResultPath, "ResultPath", true)
		s.MaxConcurrency, _ = a.MaxConcurrency.Int64()
		s.MaxConcurrencyPath = c.path(a.MaxConcurrencyPath, "MaxConcurrencyPath", true).Path
		s.Retry = c.retry(a.Retry)
		s.Catch = c.catch(s.Scope, a.Catch, false)
		if a.ItemProcessor != nil {
			s.Processor = c.scope(a.ItemProcessor.States, a.ItemProcessor.StartAt)
		} else {
			c.diags = append(c.diags, c.src.Diagnostic(asl.CodeSchemaValidationFailed, com.Pointer, "The field 'ItemProcessor' is required but was missing"))
		}
	}
}

// target resolves a transition in the state's scope.
func (c *compiler) target(s *State, name, field string) int {
	i := s.Scope.Lookup(name)
	if i < 0 {
		c.diags = append(c.diags, c.src.Diagnostic(asl.CodeMissingTransitionTarget, s.AST.Common().FieldPointer(field), "Missing '"+field+"' target: "+name))
	}
	return i
}

// path compiles an optional (reference) path field.
func (c *compiler) path(p asl.OptionalPath, field string, reference bool) Path {
	if !p.Set {
		return Path{}
	}
	if p.Null {
		return Path{Set: true, Null: true}
	}
	var (
		compiled *jsonpath.Path
		err      error
	)
	if reference {
		compiled, err = jsonpath.CompileReference(p.Path)
	} else {
		compiled, err = jsonpath.Compile(p.Path)
	}
	if err != nil {
		kind := "JSONPath"
		if reference {
			kind = "ReferencePath"
		}
		c.fail(p.Pointer, "The value for the field '"+field+"' must be a valid "+kind+reason(err))
		return Path{}
	}
	if field == "ResultPath" && compiled.Root() != jsonpath.RootInput {
		c.fail(p.Pointer, "The value for the field '"+field+"' must be a valid ReferencePath (a ResultPath must start with '$' and point into the state input)")
		return Path{}
	}
	return Path{Set: true, Path: compiled}
}

// pathOrIntrinsic compiles ErrorPath / CausePath, which take a reference
// path or an intrinsic function call.
func (c *compiler) pathOrIntrinsic(p asl.OptionalPath, field string) Evaluator {
	if !p.Set || p.Null {
		return nil
	}
	if intrinsic.IsCall(p.Path) {
		call, err := jsonpath.CompileIntrinsic(p.Path)
		if err != nil {
			c.fail(p.Pointer, "The value for the field '"+field+"' must be a valid JSONPath or a valid intrinsic function call"+reason(err))
			return nil
		}
		return call
	}
	compiled, err := jsonpath.CompileReference(p.Path)
	if err != nil {
		c.fail(p.Pointer, "The value for the field '"+field+"' must be a valid JSONPath or a valid intrinsic function call"+reason(err))
		return nil
	}
	return compiled
}

// template compiles a payload template; a template whose fields are all
// static compiles to a constant.
func (c *compiler) template(p asl.Payload) Evaluator {
	if !p.Set {
		return nil
	}
	t, err := jsonpath.CompileTemplate(p.Value)
	if err != nil {
		var te *jsonpath.TemplateError
		if errors.As(err, &te) {
			msg := te.Msg
			if te.Err != nil {
				msg += reason(te.Err)
			}
			c.fail(p.Pointer+te.Pointer, msg)
		} else {
			c.fail(p.Pointer, err.Error())
		}
		return nil
	}
	if t.IsStatic() {
		return constant{p.Value}
	}
	return t
}

// constant is an Evaluator that always returns the same value.
type constant struct{ v jsonv.Value }

func (k constant) Eval(jsonv.Value, *Env) (jsonv.Value, error) { return k.v, nil }

// reason renders the compile error behind a diagnostic as a short suffix.
func reason(err error) string {
	var pe *jsonpath.CompileError
	if errors.As(err, &pe) {
		return " (" + pe.Msg + " at offset " + itoa(pe.Offset) + ")"
	}
	var ie *intrinsic.CompileError
	if errors.As(err, &ie) {
		return " (" + ie.Msg + " at offset " + itoa(ie.Offset) + ")"
	}
	return " (" + err.Error() + ")"
}

func (c *compiler) retry(list []*asl.Retrier) []*Retrier {
	out := make([]*Retrier, 0, len(list))
	for _, r := range list {
		cr := &Retrier{ErrorEquals: r.ErrorEquals, IntervalSeconds: r.IntervalSeconds, MaxAttempts: r.MaxAttempts,
			BackoffRate: r.BackoffRate, JitterFull: r.JitterStrategy == "FULL"}
		if r.MaxDelaySeconds != nil {
			cr.MaxDelaySeconds = *r.MaxDelaySeconds
		}
		out = append(out, cr)
	}
	return out
}

func (c *compiler) catch(sc *Scope, list []*asl.Catcher, jsonata bool) []*Catcher {
	out := make([]*Catcher, 0, len(list))
	for i, k := range list {
		prefix := "Catch[" + itoa(i) + "]/"
		next := sc.Lookup(k.Next)
		if next < 0 {
			c.diags = append(c.diags, c.src.Diagnostic(asl.CodeMissingTransitionTarget, k.Pointer, "Missing 'Next' target: "+k.Next))
		}
		cc := &Catcher{ErrorEquals: k.ErrorEquals, Next: next}
		if jsonata {
			cc.Output = c.query(prefix+"Output", k.Output)
		} else {
			cc.ResultPath = c.path(k.ResultPath, "ResultPath", true)
		}
		cc.Assign, cc.JSONataAssign = c.assignAt(prefix+"Assign", k.Assign, jsonata)
		out = append(out, cc)
	}
	return out
}

var operators = map[string]Operator{
	"And": OpAnd, "Or": OpOr, "Not": OpNot,
	"StringEquals": OpStringEquals, "StringLessThan": OpStringLessThan, "StringGreaterThan": OpStringGreaterThan,
	"StringLessThanEquals": OpStringLessThanEquals, "StringGreaterThanEquals": OpStringGreaterThanEquals,
	"NumericEquals": OpNumericEquals, "NumericLessThan": OpNumericLessThan, "NumericGreaterThan": OpNumericGreaterThan,
	"NumericLessThanEquals": OpNumericLessThanEquals, "NumericGreaterThanEquals": OpNumericGreaterThanEquals,
	"TimestampEquals": OpTimestampEquals, "TimestampLessThan": OpTimestampLessThan, "TimestampGreaterThan": OpTimestampGreaterThan,
	"TimestampLessThanEquals": OpTimestampLessThanEquals, "TimestampGreaterThanEquals": OpTimestampGreaterThanEquals,
	"BooleanEquals": OpBooleanEquals, "StringMatches": OpStringMatches,
	"IsPresent": OpIsPresent, "IsNull": OpIsNull, "IsNumeric": OpIsNumeric, "IsString": OpIsString,
	"IsBoolean": OpIsBoolean, "IsTimestamp": OpIsTimestamp,
}

func (c *compiler) rule(sc *Scope, r *asl.ChoiceRule, top bool) *Rule {
	out := &Rule{Name: r.Operator, Next: -1}
	if top {
		out.Assign, _ = c.assign(r.Assign, false)
		out.Next = sc.Lookup(r.Next)
		if out.Next < 0 {
			c.diags = append(c.diags, c.src.Diagnostic(asl.CodeMissingTransitionTarget, r.Pointer, "Missing 'Next' target: "+r.Next))
		}
	}
	switch {
	case len(r.And) > 0 || r.Operator == "And":
		out.Op = OpAnd
		for _, s := range r.And {
			out.Subs = append(out.Subs, c.rule(sc, s, false))
		}
		return out
	case len(r.Or) > 0 || r.Operator == "Or":
		out.Op = OpOr
		for _, s := range r.Or {
			out.Subs = append(out.Subs, c.rule(sc, s, false))
		}
		return out
	case r.Not != nil:
		out.Op = OpNot
		out.Subs = []*Rule{c.rule(sc, r.Not, false)}
		return out
	}
	if r.Variable != "" {
		p, err := jsonpath.Compile(r.Variable)
		if err != nil {
			c.fail(asl.Pointer(r.Pointer, "Variable"), "The value for the field 'Variable' must be a valid JSONPath"+reason(err))
		}
		out.Variable = p
	}
	name, isPath := strings.CutSuffix(r.Operator, "Path")
	if isPath && name != "" && operators[name] != 0 {
		out.Op = operators[name]
		if s, ok := r.Operand.(string); ok {
			p, err := jsonpath.Compile(s)
			if err != nil {
				c.fail(r.OperandPointer(), "The value for the field '"+r.Operator+"' must be a valid JSONPath"+reason(err))
			}
			out.OperandPath = p
		}
		return out
	}
	out.Op = operators[r.Operator]
	out.Operand = r.Operand
	return out
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	neg := i < 0
	if neg {
		i = -i
	}
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		n--
		b[n] = '-'
	}
	return string(b[n:])
}

// contextUsers finds the states with an expression that reads the context
// object ($$), so that the interpreter builds it only for them.
func contextUsers(sm *asl.StateMachine) map[asl.State]bool {
	users := map[asl.State]bool{}
	for _, e := range asl.Expressions(sm) {
		if strings.Contains(e.Text, "$$") || valueMentions(e.Value, "$$") {
			users[e.State] = true
		}
	}
	return users
}

func valueMentions(v jsonv.Value, needle string) bool {
	switch x := v.(type) {
	case string:
		return strings.Contains(x, needle)
	case []jsonv.Value:
		for _, e := range x {
			if valueMentions(e, needle) {
				return true
			}
		}
	case *jsonv.Object:
		for _, m := range x.Members() {
			if valueMentions(m.Value, needle) {
				return true
			}
		}
	}
	return false
}
