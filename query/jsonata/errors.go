package jsonata

import (
	"github.com/stepd/stepd/query/jsonata/picture"
	"math"
	"strconv"
	"strings"
)

// Error is a JSONata error with jsonata-js's code, message and the
// character offset of the offending token (-1 when unknown).
type Error struct {
	Code     string
	Message  string
	Position int
	Token    string
	Value    any
	Value2   any
	Index    int
	Type     string

	tokenValue any  // when set, the token as a value rather than text
	internal   bool // a recovered panic: a bug, reported rather than crashing
}

func (e *Error) Error() string {
	if e.Position >= 0 {
		return e.Code + ": " + e.Message + " (at " + strconv.Itoa(e.Position) + ")"
	}
	return e.Code + ": " + e.Message
}

// stepsExceeded is jsonata's timeout error: the step budget stands in for
// its wall-clock limit, with the same code.
func stepsExceeded(pos int) *Error {
	return &Error{Code: "U1001", Message: "Expression evaluation timeout: Check for infinite loop", Position: pos}
}

func newError(code string, pos int, token string, value any) *Error {
	return &Error{Code: code, Position: pos, Token: token, Value: value}
}

// finish fills the message from the template once position and token are known.
func (e *Error) finish() *Error {
	if e.Message != "" {
		return e
	}
	tmpl, ok := messages[e.Code]
	if !ok {
		// The number and date-time picture codes are worded in package picture.
		tmpl, ok = picture.Template(e.Code)
	}
	if !ok {
		tmpl = "Error " + e.Code
	}
	fields := func(name string) any {
		switch name {
		case "token":
			if e.tokenValue != nil {
				return e.tokenValue
			}
			if e.Token == "" {
				return nil
			}
			return e.Token
		case "value":
			return e.Value
		case "value2", "exp":
			return e.Value2
		case "index":
			return float64(e.Index)
		case "type":
			if e.Type == "" {
				return nil
			}
			return e.Type
		}
		return nil
	}
	// As jsonata-js: {{{field}}} is the raw value, {{field}} its JSON text.
	var b strings.Builder
	for {
		i := strings.Index(tmpl, "{{")
		if i < 0 {
			b.WriteString(tmpl)
			break
		}
		b.WriteString(tmpl[:i])
		triple := strings.HasPrefix(tmpl[i:], "{{{")
		open, close := "{{", "}}"
		if triple {
			open, close = "{{{", "}}}"
		}
		j := strings.Index(tmpl[i+len(open):], close)
		if j < 0 {
			b.WriteString(tmpl[i:])
			break
		}
		name := tmpl[i+len(open) : i+len(open)+j]
		v := fields(name)
		if triple {
			b.WriteString(rawText(v))
		} else {
			b.WriteString(jsonText(v))
		}
		tmpl = tmpl[i+len(open)+j+len(close):]
	}
	e.Message = b.String()
	return e
}

// rawText is JavaScript's String(v).
func rawText(v any) string {
	switch x := v.(type) {
	case nil:
		return "undefined"
	case string:
		return x
	case float64:
		return formatNumberJS(x)
	}
	return jsonText(v)
}

// jsonText is JavaScript's JSON.stringify(v), with "undefined" where that
// yields nothing.
func jsonText(v any) string {
	switch x := v.(type) {
	case nil, callable:
		return "undefined"
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "null"
		}
		return formatNumberJS(x)
	}
	b, err := appendJSON(nil, v, false, 0)
	if err != nil {
		return "null"
	}
	return string(b)
}

var messages = map[string]string{
	"S0101": "String literal must be terminated by a matching quote",
	"S0102": "Number out of range: {{token}}",
	"S0103": "Unsupported escape sequence: \\{{token}}",
	"S0104": "The escape sequence \\u must be followed by 4 hex digits",
	"S0105": "Quoted property name must be terminated with a backquote (`)",
	"S0106": "Comment has no closing tag",
	"S0201": "Syntax error: {{token}}",
	"S0202": "Expected {{value}}, got {{token}}",
	"S0203": "Expected {{value}} before end of expression",
	"S0204": "Unknown operator: {{token}}",
	"S0205": "Unexpected token: {{token}}",
	"S0206": "Unknown expression type: {{token}}",
	"S0207": "Unexpected end of expression",
	"S0208": "Parameter {{value}} of function definition must be a variable name (start with $)",
	"S0209": "A predicate cannot follow a grouping expression in a step",
	"S0210": "Each step can only have one grouping expression",
	"S0211": "The symbol {{token}} cannot be used as a unary operator",
	"S0212": "The left side of := must be a variable name (start with $)",
	"S0213": "The literal value {{value}} cannot be used as a step within a path expression",
	"S0214": "The right side of {{token}} must be a variable name (start with $)",
	"S0215": "A context variable binding must precede any predicates on a step",
	"S0216": "A context variable binding must precede the 'order-by' clause on a step",
	"S0217": "The object representing the 'parent' cannot be derived from this expression",
	"S0301": "Empty regular expressions are not allowed",
	"S0302": "No terminating / in regular expression",
	// jsonata-js surfaces JavaScript's own SyntaxError here, without a code.
	"S0303": "Invalid or unsupported regular expression: {{value}}",
	"S0402": "Choice groups containing parameterized types are not supported",
	"S0401": "Type parameters can only be applied to functions and arrays",
	"S0500": "Attempted to evaluate an expression containing syntax error(s)",
	"T0410": "Argument {{index}} of function {{token}} does not match function signature",
	"T0411": "Context value is not a compatible type with argument {{index}} of function {{token}}",
	"T0412": "Argument {{index}} of function {{token}} must be an array of {{type}}",
	"D1001": "Number out of range: {{value}}",
	"D1002": "Cannot negate a non-numeric value: {{value}}",
	"T1003": "Key in object structure must evaluate to a string; got: {{value}}",
	"D1004": "Regular expression matches zero length string",
	"T1005": "Attempted to invoke a non-function. Did you mean ${{{token}}}?",
	"T1006": "Attempted to invoke a non-function",
	"T1007": "Attempted to partially apply a non-function. Did you mean ${{{token}}}?",
	"T1008": "Attempted to partially apply a non-function",
	"D1009": "Multiple key definitions evaluate to same key: {{value}}",
	"D1010": "Attempted to access the Javascript object prototype",
	"T1010": "The matcher function argument passed to function {{token}} does not return the correct object structure",
	"T2001": "The left side of the {{token}} operator must evaluate to a number",
	"T2002": "The right side of the {{token}} operator must evaluate to a number",
	"T2003": "The left side of the range operator (..) must evaluate to an integer",
	"T2004": "The right side of the range operator (..) must evaluate to an integer",
	"D2005": "The left side of := must be a variable name (start with $)",
	"T2006": "The right side of the function application operator ~> must be a function",
	"T2007": "Type mismatch when comparing values {{value}} and {{value2}} in order-by clause",
	"T2008": "The expressions within an order-by clause must evaluate to numeric or string values",
	"T2009": "The values {{value}} and {{value2}} either side of operator {{token}} must be of the same data type",
	"T2010": "The expressions either side of operator {{token}} must evaluate to numeric or string values",
	"T2011": "The insert/update clause of the transform expression must evaluate to an object: {{value}}",
	"T2012": "The delete clause of the transform expression must evaluate to a string or array of strings: {{value}}",
	"T2013": "The transform expression clones the input object using the $clone() function.  This has been overridden in the current scope by a non-function.",
	"D2014": "The size of the sequence allocated by the range operator (..) must not exceed 1e6.  Attempted to allocate {{value}}.",
	"D3001": "Attempting to invoke string function on Infinity or NaN",
	"D3010": "Second argument of replace function cannot be an empty string",
	"D3011": "Fourth argument of replace function must evaluate to a positive number",
	"D3012": "Attempted to replace a matched string with a non-string value",
	"D3020": "Third argument of split function must evaluate to a positive number",
	"D3030": "Unable to cast value to a number: {{value}}",
	"D3040": "Third argument of match function must evaluate to a positive number",
	"D3050": "The second argument of reduce function must be a function with at least two arguments",
	"D3060": "The sqrt function cannot be applied to a negative number: {{value}}",
	"D3061": "The power function has resulted in a value that cannot be represented as a JSON number: base={{value}}, exponent={{exp}}",
	"D3070": "The single argument form of the sort function can only be applied to an array of strings or an array of numbers.  Use the second argument to specify a comparison function",
	"D3120": "Syntax error in expression passed to function eval: {{value}}",
	"D3121": "Dynamic error evaluating the expression passed to function eval: {{value}}",
	"D3137": "{{{message}}}",
	"D3138": "The $single() function expected exactly 1 matching result.  Instead it matched more.",
	"D3139": "The $single() function expected exactly 1 matching result.  Instead it matched 0.",
	"D3140": "Malformed URL passed to ${{{functionName}}}(): {{value}}",
	"D3141": "{{{message}}}",
	"U1001": "Stack overflow error: Check for non-terminating recursive function.  Consider rewriting as tail-recursive.",
	"U1002": "Expression evaluation timeout: Check for infinite loop",
	"U1003": "Result exceeds the size limit",
}
