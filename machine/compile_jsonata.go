package machine

import (
	"strings"
	"time"

	"github.com/stepd/stepd/asl"
)

// query compiles a JSONata-mode payload field (Arguments, Output, Assign,
// Items, ItemSelector, Condition).
func (c *compiler) query(field string, p asl.Payload) *Query {
	if !p.Set {
		return nil
	}
	return compileQuery(field, p.Value, c.queryFail(p.Pointer))
}

// numberQuery compiles a numeric field given as "{% %}"; literals are
// read by the caller.
func (c *compiler) numberQuery(field string, n asl.NumberOrExpr) *Query {
	if !n.Set || !n.IsExpr() {
		return nil
	}
	return compileQuery(field, n.Expr, c.queryFail(n.Pointer))
}

// textQuery compiles a text field given as "{% %}".
func (c *compiler) textQuery(field string, t asl.Text) *Query {
	if !t.Set || !asl.IsJSONataString(t.Value) {
		return nil
	}
	return compileQuery(field, t.Value, c.queryFail(t.Pointer))
}

// queryFail reports a refused expression under pointer.
func (c *compiler) queryFail(pointer string) func(code, suffix, msg string) {
	return func(code, suffix, msg string) {
		if len(c.diags) < asl.MaxDiagnostics {
			c.diags = append(c.diags, c.src.Diagnostic(code, pointer+suffix, msg))
		}
	}
}

// assign compiles an Assign field in the state's language.
func (c *compiler) assign(p asl.Payload, jsonata bool) (Evaluator, *Query) {
	return c.assignAt("Assign", p, jsonata)
}

// assignAt is assign for a field named prefix ("Choices[0]/Assign").
func (c *compiler) assignAt(field string, p asl.Payload, jsonata bool) (Evaluator, *Query) {
	if !p.Set {
		return nil, nil
	}
	if jsonata {
		return nil, c.query(field, p)
	}
	return c.template(p), nil
}

// jsonataState compiles the fields of a JSONata state.
func (c *compiler) jsonataState(s *State) {
	ast := s.AST
	com := ast.Common()
	s.JSONata = true
	s.Output = c.query("Output", com.Output)
	_, s.JSONataAssign = c.assign(com.Assign, true)
	switch a := ast.(type) {
	case *asl.Pass:
		// Pass has no Arguments; Output (default: the input) says it all.
	case *asl.Task:
		s.Resource = a.Resource
		s.Arguments = c.query("Arguments", a.Arguments)
		s.CredentialsQ = c.query("Credentials", a.Credentials)
		s.TimeoutSeconds, _ = a.TimeoutSeconds.Int64()
		s.TimeoutQ = c.numberQuery("TimeoutSeconds", a.TimeoutSeconds)
		s.HeartbeatSeconds, _ = a.HeartbeatSeconds.Int64()
		s.HeartbeatQ = c.numberQuery("HeartbeatSeconds", a.HeartbeatSeconds)
		s.Retry = c.retry(a.Retry)
		s.Catch = c.catch(s.Scope, a.Catch, true)
	case *asl.Choice:
		for i, r := range a.Choices {
			prefix := "Choices[" + itoa(i) + "]/"
			cr := &Rule{Name: "Condition", Next: s.Scope.Lookup(r.Next)}
			if cr.Next < 0 {
				c.diags = append(c.diags, c.src.Diagnostic(asl.CodeMissingTransitionTarget, r.Pointer, "Missing 'Next' target: "+r.Next))
			}
			cr.Condition = c.query(prefix+"Condition", r.Condition)
			_, cr.JSONataAssign = c.assignAt(prefix+"Assign", r.Assign, true)
			cr.Output = c.query(prefix+"Output", r.Output)
			s.Choices = append(s.Choices, cr)
		}
		if a.Default != "" {
			s.Default = c.target(s, a.Default, "Default")
		}
	case *asl.Wait:
		if a.Seconds.Set && !a.Seconds.IsExpr() {
			s.Seconds, _ = a.Seconds.Int64()
			s.HasSeconds = true
		}
		s.SecondsQ = c.numberQuery("Seconds", a.Seconds)
		if q := c.textQuery("Timestamp", a.Timestamp); q != nil {
			s.TimestampQ = q
		} else if a.Timestamp.Set {
			if t, ok := parseTimestamp(a.Timestamp.Value); ok {
				s.Timestamp, s.HasTimestamp = t, true
			}
		}
	case *asl.Fail:
		s.Error, s.Cause = a.Error.Value, a.Cause.Value
		s.ErrorQ = c.textQuery("Error", a.Error)
		s.CauseQ = c.textQuery("Cause", a.Cause)
	case *asl.Parallel:
		s.Arguments = c.query("Arguments", a.Arguments)
		s.Retry = c.retry(a.Retry)
		s.Catch = c.catch(s.Scope, a.Catch, true)
		for _, b := range a.Branches {
			s.Branches = append(s.Branches, c.scope(b.States, b.StartAt))
		}
	case *asl.Map:
		s.Items = c.query("Items", a.Items)
		s.Selector = c.query("ItemSelector", a.ItemSelector)
		s.MaxConcurrency, _ = a.MaxConcurrency.Int64()
		s.MaxConcurrencyQ = c.numberQuery("MaxConcurrency", a.MaxConcurrency)
		s.Retry = c.retry(a.Retry)
		s.Catch = c.catch(s.Scope, a.Catch, true)
		if a.ItemProcessor != nil {
			s.Processor = c.scope(a.ItemProcessor.States, a.ItemProcessor.StartAt)
		} else {
			c.diags = append(c.diags, c.src.Diagnostic(asl.CodeSchemaValidationFailed, com.Pointer, "The field 'ItemProcessor' is required but was missing"))
		}
	}
	s.UsesContext = jsonataUsesContext(s)
}

func parseTimestamp(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}

// mentions reports whether an expression of q contains sub.
func (q *Query) mentions(sub string) bool {
	if q == nil {
		return false
	}
	if q.expr != nil && strings.Contains(q.expr.String(), sub) {
		return true
	}
	for _, s := range q.subs {
		if s.mentions(sub) {
			return true
		}
	}
	return false
}

// jsonataUsesContext says whether an expression of a JSONata state may
// read $states.context, so that the interpreter builds it only then.
func jsonataUsesContext(s *State) bool {
	qs := []*Query{s.Output, s.JSONataAssign, s.Arguments, s.Items, s.Selector,
		s.SecondsQ, s.TimestampQ, s.TimeoutQ, s.HeartbeatQ, s.MaxConcurrencyQ, s.ErrorQ, s.CauseQ}
	for _, r := range s.Choices {
		qs = append(qs, r.Condition, r.JSONataAssign, r.Output)
	}
	for _, c := range s.Catch {
		qs = append(qs, c.Output, c.JSONataAssign)
	}
	for _, q := range qs {
		if q.mentions("context") {
			return true
		}
	}
	return false
}
