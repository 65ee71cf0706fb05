package jsonpath

import (
	"regexp"
	"strings"

	"github.com/stepd/stepd/jsonv"
)

// filterNode is a compiled [?(...)] predicate.
type filterNode interface{}

type filterOr struct{ a, b filterNode }
type filterAnd struct{ a, b filterNode }
type filterNot struct{ x filterNode }

// filterExists is a bare path, [?(@.isbn)]: true when the path matches.
type filterExists struct{ path *Path }

type filterCompare struct {
	op          string
	left, right operand
}

type operandKind uint8

const (
	operandLiteral operandKind = iota
	operandPath
	operandRegex
)

type operand struct {
	kind operandKind
	lit  jsonv.Value
	path *Path
	re   *regexp.Regexp
}

var wordOperators = []string{"subsetof", "anyof", "noneof", "nin", "in", "size", "empty"}

func (p *pathParser) filterOr(depth int) (filterNode, error) {
	a, err := p.filterAnd(depth)
	if err != nil {
		return nil, err
	}
	for {
		p.skipSpace()
		if !strings.HasPrefix(p.src[p.pos:], "||") {
			return a, nil
		}
		p.pos += 2
		b, err := p.filterAnd(depth)
		if err != nil {
			return nil, err
		}
		a = &filterOr{a, b}
	}
}

func (p *pathParser) filterAnd(depth int) (filterNode, error) {
	a, err := p.filterUnary(depth)
	if err != nil {
		return nil, err
	}
	for {
		p.skipSpace()
		if !strings.HasPrefix(p.src[p.pos:], "&&") {
			return a, nil
		}
		p.pos += 2
		b, err := p.filterUnary(depth)
		if err != nil {
			return nil, err
		}
		a = &filterAnd{a, b}
	}
}

func (p *pathParser) filterUnary(depth int) (filterNode, error) {
	p.skipSpace()
	if depth > maxNesting {
		return nil, p.fail("the filter nests more than " + itoa(maxNesting) + " levels deep")
	}
	switch p.peek() {
	case '!':
		p.pos++
		x, err := p.filterUnary(depth + 1)
		if err != nil {
			return nil, err
		}
		return &filterNot{x}, nil
	case '(':
		p.pos++
		x, err := p.filterOr(depth + 1)
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.peek() != ')' {
			return nil, p.fail("expected ')'")
		}
		p.pos++
		return x, nil
	}
	return p.filterComparison(depth)
}

func (p *pathParser) filterComparison(depth int) (filterNode, error) {
	leftAt := p.pos
	left, err := p.operand(depth)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	op := p.operator()
	if op == "" {
		if left.kind != operandPath {
			return nil, p.failAt(leftAt, "a filter needs a path or a comparison")
		}
		return &filterExists{left.path}, nil
	}
	p.skipSpace()
	right, err := p.operand(depth)
	if err != nil {
		return nil, err
	}
	if op == "=~" && right.kind != operandRegex {
		return nil, p.fail("'=~' needs a /regular expression/ on its right")
	}
	if right.kind == operandRegex && op != "=~" {
		return nil, p.fail("a /regular expression/ can only follow '=~'")
	}
	return &filterCompare{op: op, left: left, right: right}, nil
}

func (p *pathParser) operator() string {
	rest := p.src[p.pos:]
	for _, op := range [...]string{"==", "!=", "<=", ">=", "=~", "<", ">"} {
		if strings.HasPrefix(rest, op) {
			p.pos += len(op)
			return op
		}
	}
	for _, op := range wordOperators {
		if strings.HasPrefix(rest, op) && (len(rest) == len(op) || !isVarChar(rest[len(op)])) {
			p.pos += len(op)
			return op
		}
	}
	return ""
}

func (p *pathParser) operand(depth int) (operand, error) {
	p.skipSpace()
	switch c := p.peek(); {
	case c == '@' || c == '$':
		path, err := p.path(depth, true)
		if err != nil {
			return operand{}, err
		}
		return operand{kind: operandPath, path: path}, nil
	case c == '\'' || c == '"':
		s, err := p.quoted()
		if err != nil {
			return operand{}, err
		}
		return operand{lit: s}, nil
	case c == '-' || c >= '0' && c <= '9':
		return p.numberOperand()
	case c == '[':
		return p.listOperand()
	case c == '/':
		return p.regexOperand()
	}
	for _, w := range [...]struct {
		word string
		v    jsonv.Value
	}{{"true", true}, {"false", false}, {"null", nil}} {
		rest := p.src[p.pos:]
		if strings.HasPrefix(rest, w.word) && (len(rest) == len(w.word) || !isVarChar(rest[len(w.word)])) {
			p.pos += len(w.word)
			return operand{lit: w.v}, nil
		}
	}
	if p.pos >= len(p.src) {
		return operand{}, p.fail("the filter ends too early")
	}
	return operand{}, p.fail("unexpected " + quoteByte(p.src[p.pos]) + " in filter: expected a path, a literal or a /regex/")
}

func (p *pathParser) numberOperand() (operand, error) {
	start := p.pos
	if p.peek() == '-' {
		p.pos++
	}
	digits := 0
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c >= '0' && c <= '9' {
			digits++
		} else if c != '.' && c != 'e' && c != 'E' && !((c == '+' || c == '-') && (p.src[p.pos-1] == 'e' || p.src[p.pos-1] == 'E')) {
			break
		}
		p.pos++
	}
	text := p.src[start:p.pos]
	if digits == 0 {
		return operand{}, p.failAt(start, "malformed number "+text)
	}
	v, err := jsonv.Parse([]byte(text))
	if err != nil {
		return operand{}, p.failAt(start, "malformed number "+text)
	}
	return operand{lit: v}, nil
}

// listOperand reads a JSON-like array of literals, ['a','b'] or [1,2], for
// in, nin, subsetof, anyof and noneof.
func (p *pathParser) listOperand() (operand, error) {
	p.pos++
	list := []jsonv.Value{}
	p.skipSpace()
	if p.peek() == ']' {
		p.pos++
		return operand{lit: list}, nil
	}
	for {
		p.skipSpace()
		at := p.pos
		o, err := p.operand(maxNesting)
		if err != nil {
			return operand{}, err
		}
		if o.kind != operandLiteral {
			return operand{}, p.failAt(at, "a list may hold only literals")
		}
		list = append(list, o.lit)
		p.skipSpace()
		switch p.peek() {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return operand{lit: list}, nil
		default:
			return operand{}, p.fail("expected ',' or ']' in list")
		}
	}
}

// regexOperand reads /pattern/flags; the i flag makes it case-insensitive.
func (p *pathParser) regexOperand() (operand, error) {
	start := p.pos
	p.pos++
	var b strings.Builder
	for {
		if p.pos >= len(p.src) {
			return operand{}, p.failAt(start, "unterminated regular expression")
		}
		c := p.src[p.pos]
		if c == '\\' && p.pos+1 < len(p.src) && p.src[p.pos+1] == '/' {
			b.WriteByte('/')
			p.pos += 2
			continue
		}
		if c == '/' {
			p.pos++
			break
		}
		b.WriteByte(c)
		p.pos++
	}
	pattern := b.String()
	flags := ""
	for p.pos < len(p.src) && isVarStart(p.src[p.pos]) {
		switch p.src[p.pos] {
		case 'i', 'm', 's':
			flags += string(p.src[p.pos])
		default:
			return operand{}, p.fail("unknown regular expression flag " + quoteByte(p.src[p.pos]))
		}
		p.pos++
	}
	if flags != "" {
		pattern = "(?" + flags + ")" + pattern
	}
	// Jayway matches the whole value (Java's Matcher.matches).
	re, err := regexp.Compile("^(?:" + pattern + ")$")
	if err != nil {
		return operand{}, p.failAt(start, "invalid regular expression: "+err.Error())
	}
	return operand{kind: operandRegex, re: re}, nil
}

// holds evaluates a filter with @ bound to cur.
func (c *evalCtx) holds(f filterNode, cur jsonv.Value, depth int) bool {
	if c.err != nil {
		return false
	}
	switch f := f.(type) {
	case *filterOr:
		return c.holds(f.a, cur, depth) || c.holds(f.b, cur, depth)
	case *filterAnd:
		return c.holds(f.a, cur, depth) && c.holds(f.b, cur, depth)
	case *filterNot:
		return !c.holds(f.x, cur, depth)
	case *filterExists:
		_, ok := c.value(operand{kind: operandPath, path: f.path}, cur, depth)
		return ok
	case *filterCompare:
		return c.compare(f, cur, depth)
	}
	return false
}

// value evaluates an operand; ok is false when a definite path matches
// nothing (Jayway's "undefined").
func (c *evalCtx) value(o operand, cur jsonv.Value, depth int) (jsonv.Value, bool) {
	if o.kind != operandPath {
		return o.lit, true
	}
	p := o.path
	var root jsonv.Value
	switch p.root {
	case RootCurrent:
		root = cur
	case RootInput:
		root = c.input
	default:
		v, miss := p.rootValue(c.input, c.env)
		if miss != "" {
			return nil, false
		}
		root = v
	}
	if p.definite {
		v, miss := p.walkDefinite(root)
		return v, miss == ""
	}
	if depth > maxNesting*4 {
		return nil, false
	}
	return c.walk(p, 0, root, []jsonv.Value{}, depth+1), true
}

func (c *evalCtx) compare(f *filterCompare, cur jsonv.Value, depth int) bool {
	l, lok := c.value(f.left, cur, depth)
	if f.op == "=~" {
		s, ok := l.(string)
		return lok && ok && f.right.re.MatchString(s)
	}
	r, rok := c.value(f.right, cur, depth)
	if f.op == "!=" {
		return !(lok && rok && equalLoose(l, r))
	}
	if !lok || !rok {
		return false
	}
	switch f.op {
	case "==":
		return equalLoose(l, r)
	case "<", "<=", ">", ">=":
		cmp, ok := order(l, r)
		if !ok {
			return false
		}
		switch f.op {
		case "<":
			return cmp < 0
		case "<=":
			return cmp <= 0
		case ">":
			return cmp > 0
		}
		return cmp >= 0
	case "in", "nin":
		list, ok := r.([]jsonv.Value)
		if !ok {
			return false
		}
		found := false
		for _, e := range list {
			if equalLoose(l, e) {
				found = true
				break
			}
		}
		return found == (f.op == "in")
	case "subsetof", "anyof", "noneof":
		la, ok1 := l.([]jsonv.Value)
		ra, ok2 := r.([]jsonv.Value)
		if !ok1 || !ok2 {
			return false
		}
		count := 0
		for _, x := range la {
			for _, y := range ra {
				if equalLoose(x, y) {
					count++
					break
				}
			}
		}
		switch f.op {
		case "subsetof":
			return count == len(la)
		case "anyof":
			return count > 0
		}
		return count == 0
	case "size":
		n, ok := r.(jsonv.Number)
		if !ok {
			return false
		}
		want, ok := n.Int64()
		if !ok {
			return false
		}
		switch x := l.(type) {
		case []jsonv.Value:
			return int64(len(x)) == want
		case string:
			return int64(len([]rune(x))) == want
		}
		return false
	case "empty":
		want, ok := r.(bool)
		if !ok {
			return false
		}
		switch x := l.(type) {
		case []jsonv.Value:
			return (len(x) == 0) == want
		case string:
			return (x == "") == want
		}
		return false
	}
	return false
}

// equalLoose is Jayway's == : numbers by value, a number and a string
// compare after converting the right side to the left side's type, other
// values by JSON equality.
func equalLoose(l, r jsonv.Value) bool {
	switch x := l.(type) {
	case jsonv.Number:
		switch y := r.(type) {
		case jsonv.Number:
			return x == y || x.Float64() == y.Float64()
		case string:
			v, err := jsonv.Parse([]byte(strings.TrimSpace(y)))
			n, ok := v.(jsonv.Number)
			return err == nil && ok && x.Float64() == n.Float64()
		}
		return false
	case string:
		switch y := r.(type) {
		case string:
			return x == y
		case jsonv.Number:
			return x == string(y)
		}
		return false
	}
	return jsonv.Equal(l, r)
}

// order compares two numbers or two strings.
func order(l, r jsonv.Value) (int, bool) {
	switch x := l.(type) {
	case jsonv.Number:
		y, ok := r.(jsonv.Number)
		if !ok {
			return 0, false
		}
		a, b := x.Float64(), y.Float64()
		switch {
		case a < b:
			return -1, true
		case a > b:
			return 1, true
		}
		return 0, true
	case string:
		y, ok := r.(string)
		if !ok {
			return 0, false
		}
		return strings.Compare(x, y), true
	}
	return 0, false
}
