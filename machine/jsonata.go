package machine

import (
	"errors"
	"strings"

	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/query/jsonata"
)

// QueryEnv is what a JSONata-mode field reads: the $states variable, the
// workflow variables and the evaluation options (time, randomness, the
// Step Functions functions, budgets).
type QueryEnv struct {
	States  jsonv.Value
	Vars    func(name string) (jsonv.Value, bool)
	Options jsonata.Options
	// Functions returns the host functions for the set of Step Functions
	// functions an expression mentions (a bit per StepFunctionsFunctions
	// entry); nil leaves Options.Functions as it is. Registering only the
	// functions an expression can call keeps evaluation cheap.
	Functions func(mask uint32) map[string]jsonata.Function
}

// StepFunctionsFunctions are the names of the functions Step Functions
// adds to (or removes from) JSONata, in the order of Query's function mask.
var StepFunctionsFunctions = []string{"partition", "range", "hash", "random", "uuid", "parse", "eval"}

// functionMask says which Step Functions functions src may call.
func functionMask(src string) uint32 {
	var m uint32
	for i, name := range StepFunctionsFunctions {
		if strings.Contains(src, name) {
			m |= 1 << i
		}
	}
	return m
}

// QueryError is a JSONata-mode field that failed at run time; the
// interpreter reports it as States.QueryEvaluationError.
type QueryError struct {
	Field string // the field as AWS names it: "Output", "Arguments", ...
	Expr  string // the expression text between {% and %}
	// Undefined: the expression returned nothing; Unsupported: it returned
	// a value the field cannot take; else Err is the JSONata error.
	Undefined   bool
	Unsupported bool
	Err         error
}

func (e *QueryError) Error() string {
	switch {
	case e.Undefined:
		return "The JSONata expression '" + e.Expr + "' specified for the field '" + e.Field + "' returned nothing (undefined)."
	case e.Unsupported:
		return "The JSONata expression '" + e.Expr + "' specified for the field '" + e.Field + "' returned an unsupported result type."
	}
	msg := e.Err.Error()
	var je *jsonata.Error
	if errors.As(e.Err, &je) {
		msg = je.Code + ": " + je.Message
	}
	return "The JSONata expression '" + e.Expr + "' specified for the field '" + e.Field + "' threw an error during evaluation: " + msg
}

// Query is a compiled JSONata-mode field value: a literal, a "{% %}"
// expression, or an object / array holding some.
type Query struct {
	Field string
	lit   jsonv.Value
	expr  *jsonata.Expression
	keys  []string
	subs  []*Query
	kind  uint8  // queryLiteral, queryExpr, queryObject, queryArray
	fns   uint32 // the Step Functions functions the expression mentions
}

const (
	queryLiteral = iota
	queryExpr
	queryObject
	queryArray
)

// Create-time diagnostic codes of JSONata expressions, as AWS reports them.
const (
	CodeInvalidJSONataExpression     = "INVALID_JSONATA_EXPRESSION"
	CodeUnsupportedJSONataExpression = "UNSUPPORTED_JSONATA_EXPRESSION"
)

// exprText returns the expression inside "{% ... %}".
func exprText(s string) string { return strings.TrimSpace(s[2 : len(s)-2]) }

// compileQuery compiles v; fail receives (code, pointer suffix, message)
// for every expression AWS would refuse. Each expression is named by its
// field path as AWS names it in errors: "Output", "Output/a/b[0]",
// "Assign/x", "Choices[1]/Condition", "Catch[0]/Output/v".
func compileQuery(field string, v jsonv.Value, fail func(code, suffix, msg string)) *Query {
	return compileQueryAt(field, v, "", fail)
}

func compileQueryAt(field string, v jsonv.Value, ptr string, fail func(code, suffix, msg string)) *Query {
	switch x := v.(type) {
	case string:
		if len(x) >= 4 && strings.HasPrefix(x, "{%") && strings.HasSuffix(x, "%}") {
			src := exprText(x)
			if src == "" {
				fail(CodeInvalidJSONataExpression, ptr, "The JSONata expression in {% %} is empty")
				return &Query{Field: field, lit: v}
			}
			e, err := jsonata.Compile(src)
			if err != nil {
				fail(CodeInvalidJSONataExpression, ptr, "The JSONata expression '"+src+"' is invalid: "+err.Error())
				return &Query{Field: field, lit: v}
			}
			if msg := checkQuery(src, field); msg != "" {
				fail(CodeUnsupportedJSONataExpression, ptr, msg)
				return &Query{Field: field, lit: v}
			}
			return &Query{Field: field, kind: queryExpr, expr: e, fns: functionMask(src)}
		}
	case *jsonv.Object:
		q := &Query{Field: field, kind: queryObject}
		dynamic := false
		for _, m := range x.Members() {
			s := compileQueryAt(field+"/"+m.Key, m.Value, ptr+"/"+escapePointer(m.Key), fail)
			dynamic = dynamic || s.kind != queryLiteral
			q.keys = append(q.keys, m.Key)
			q.subs = append(q.subs, s)
		}
		if !dynamic {
			return &Query{Field: field, lit: v}
		}
		return q
	case []jsonv.Value:
		q := &Query{Field: field, kind: queryArray}
		dynamic := false
		for i, e := range x {
			s := compileQueryAt(field+"["+itoa(i)+"]", e, ptr+"/"+itoa(i), fail)
			dynamic = dynamic || s.kind != queryLiteral
			q.subs = append(q.subs, s)
		}
		if !dynamic {
			return &Query{Field: field, lit: v}
		}
		return q
	}
	return &Query{Field: field, lit: v}
}

func escapePointer(k string) string {
	return strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
}

// checkQuery reports what AWS refuses at create time in an expression
// that JSONata itself accepts: reading the (absent) context item through
// $$, $ or a bare field name at the top level of the expression (a
// JSONata state reads its input as $states.input), and
// $states.errorOutput outside a Catch. The 2.1 operators ?: and ?? are
// already syntax errors of query/jsonata.
func checkQuery(src, field string) string {
	switch first := leadingToken(src); {
	case first == "$$":
		return "Reference to '$$' is not supported."
	case first == "$":
		return "Reference to '$' at the top level is not supported."
	case first != "" && !jsonataKeywords[first]:
		return "Reference to '" + first + "' at the top level is not supported."
	}
	if strings.Contains(src, "$states.errorOutput") && !strings.HasPrefix(field, "Catch[") {
		return "Reference to '$states.errorOutput' is only supported in a Catch's Output and Assign."
	}
	return ""
}

// IsExpr reports whether q is a single "{% %}" expression.
func (q *Query) IsExpr() bool { return q != nil && q.kind == queryExpr }

// Source is the expression text of a single-expression query.
func (q *Query) Source() string {
	if q.expr == nil {
		return ""
	}
	return q.expr.String()
}

// Eval evaluates the field. An expression that returns nothing, at any
// depth, fails the field with its own path ("Output/v returned nothing").
func (q *Query) Eval(env *QueryEnv) (jsonv.Value, error) {
	v, _, err := q.eval(env)
	return v, err
}

func (q *Query) eval(env *QueryEnv) (jsonv.Value, bool, error) {
	switch q.kind {
	case queryExpr:
		opts := env.Options
		if env.Functions != nil {
			opts.Functions = env.Functions(q.fns)
		}
		opts.Lookup = func(name string) (jsonv.Value, bool) {
			if name == "states" {
				return env.States, env.States != nil
			}
			if env.Vars != nil {
				return env.Vars(name)
			}
			return nil, false
		}
		v, ok, err := q.expr.Evaluate(nil, nil, &opts)
		if err != nil {
			return nil, false, &QueryError{Field: q.Field, Expr: q.expr.String(), Err: err}
		}
		if !ok {
			return nil, false, &QueryError{Field: q.Field, Expr: q.expr.String(), Undefined: true}
		}
		return v, true, nil
	case queryObject:
		o := jsonv.NewObject(len(q.keys))
		for i, s := range q.subs {
			v, _, err := s.eval(env)
			if err != nil {
				return nil, false, err
			}
			o.Set(q.keys[i], v)
		}
		return o, true, nil
	case queryArray:
		a := make([]jsonv.Value, 0, len(q.subs))
		for _, s := range q.subs {
			v, _, err := s.eval(env)
			if err != nil {
				return nil, false, err
			}
			a = append(a, v)
		}
		return a, true, nil
	}
	return q.lit, true, nil
}

var jsonataKeywords = map[string]bool{"true": true, "false": true, "null": true, "function": true, "λ": true, "and": true, "or": true, "in": true}

// leadingToken returns "$" or "$$" when the expression starts with the
// context variable itself, the name when it starts with a bare field name
// (not a call or a variable), else "".
func leadingToken(src string) string {
	s := strings.TrimLeft(src, " \t\r\n(")
	if strings.HasPrefix(s, "$$") {
		if len(s) == 2 || !isNameByte(s[2]) {
			return "$$"
		}
		return ""
	}
	if strings.HasPrefix(s, "$") {
		if len(s) == 1 || !isNameByte(s[1]) {
			return "$"
		}
		return ""
	}
	if strings.HasPrefix(s, "`") {
		if end := strings.IndexByte(s[1:], '`'); end >= 0 {
			return s[1 : 1+end]
		}
		return ""
	}
	n := 0
	for n < len(s) && isNameByte(s[n]) {
		n++
	}
	if n == 0 || (s[0] >= '0' && s[0] <= '9') {
		return ""
	}
	return s[:n]
}

func isNameByte(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}
