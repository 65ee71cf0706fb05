package intrinsic

import (
	"strings"

	"github.com/stepd/stepd/jsonv"
)

// MaxDepth is how deeply calls may nest inside one field: AWS allows up to
// 10 intrinsic functions nested within a field.
const MaxDepth = 10

// maxSource bounds the source text of one call; definitions are limited to
// 1 MiB by AWS, and a field value far below that.
const maxSource = 64 << 10

// Operand is a compiled path argument ($.x, $$.x, $var) as the caller's
// path language evaluates it.
type Operand interface {
	Eval(input jsonv.Value, env *Env) (jsonv.Value, error)
}

// PathCompiler compiles the source text of a path argument.
type PathCompiler func(src string) (Operand, error)

// Call is a compiled intrinsic function call. It is immutable and safe to
// share between goroutines.
type Call struct {
	fn   *function
	args []arg
	src  string
	// format holds the pre-split template when fn is States.Format and its
	// first argument is a string literal.
	format *formatTemplate
	// arity says why the argument count is wrong, when it is. AWS accepts
	// such a definition and fails the call when it runs (States.Runtime);
	// Check reports it early for linters.
	arity  string
	offset int
}

type argKind uint8

const (
	argLiteral argKind = iota
	argPath
	argCall
)

type arg struct {
	kind argKind
	lit  jsonv.Value
	raw  string // undecoded text of a string literal, for States.Format
	src  string // source text of a path
	path Operand
	call *Call
}

// String returns the source text of the call.
func (c *Call) String() string { return c.src }

// Name returns the function name, e.g. "States.Format".
func (c *Call) Name() string { return c.fn.name }

// IsCall reports whether src looks like an intrinsic function call rather
// than a path: it starts with "States." after optional blanks.
func IsCall(src string) bool {
	return strings.HasPrefix(strings.TrimLeft(src, " \t\r\n"), "States.")
}

// Compile parses src, a call such as States.Format('Hello {}', $.name).
// Path arguments are compiled with paths. Unknown functions, bad literals,
// malformed syntax and nesting beyond MaxDepth are errors. A wrong number
// of arguments is not: AWS accepts it and fails at run time, and so does
// Eval; Check reports it.
func Compile(src string, paths PathCompiler) (*Call, error) {
	if len(src) > maxSource {
		return nil, &CompileError{Src: src, Msg: "the call is longer than " + itoa(maxSource) + " bytes"}
	}
	p := parser{src: src, paths: paths}
	p.skipSpace()
	c, err := p.call(1)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos < len(src) {
		return nil, p.fail("unexpected " + quoteChar(src[p.pos]) + " after the end of the call")
	}
	return c, nil
}

type parser struct {
	src   string
	pos   int
	paths PathCompiler
}

func (p *parser) fail(msg string) error {
	return &CompileError{Src: p.src, Offset: p.pos, Msg: msg}
}

func (p *parser) skipSpace() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\r', '\n':
			p.pos++
		default:
			return
		}
	}
}

func isIdent(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

func (p *parser) call(depth int) (*Call, error) {
	start := p.pos
	if depth > MaxDepth {
		return nil, p.fail("intrinsic functions nest more than " + itoa(MaxDepth) + " levels deep")
	}
	if !strings.HasPrefix(p.src[p.pos:], "States.") {
		return nil, p.fail("expected an intrinsic function name starting with 'States.'")
	}
	end := p.pos + len("States.")
	for end < len(p.src) && isIdent(p.src[end]) {
		end++
	}
	name := p.src[p.pos:end]
	fn := functions[name]
	if fn == nil {
		return nil, p.fail("unknown intrinsic function '" + name + "'")
	}
	p.pos = end
	p.skipSpace()
	if p.pos >= len(p.src) || p.src[p.pos] != '(' {
		return nil, p.fail("expected '(' after " + name)
	}
	p.pos++
	c := &Call{fn: fn}
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == ')' {
		p.pos++
	} else {
		for {
			p.skipSpace()
			a, err := p.arg(depth)
			if err != nil {
				return nil, err
			}
			c.args = append(c.args, a)
			p.skipSpace()
			if p.pos >= len(p.src) {
				return nil, p.fail("missing ')' to close " + name)
			}
			if p.src[p.pos] == ',' {
				p.pos++
				continue
			}
			if p.src[p.pos] == ')' {
				p.pos++
				break
			}
			return nil, p.fail("expected ',' or ')' in the arguments of " + name + ", found " + quoteChar(p.src[p.pos]))
		}
	}
	c.src = p.src[start:p.pos]
	c.offset = start
	if n := len(c.args); n < fn.minArgs || (fn.maxArgs >= 0 && n > fn.maxArgs) {
		c.arity = arityMessage(fn, n)
	}
	if fn.name == "States.Format" && len(c.args) > 0 && c.args[0].kind == argLiteral {
		if _, ok := c.args[0].lit.(string); ok {
			c.format = splitFormat(c.args[0].raw, true)
		}
	}
	return c, nil
}

// Check reports problems that AWS only raises when the call runs, such as
// a wrong number of arguments, so that a validator can warn about them.
func (c *Call) Check() error {
	if c.arity != "" {
		return &CompileError{Src: c.src, Offset: c.offset, Msg: c.arity}
	}
	for i := range c.args {
		if c.args[i].kind == argCall {
			if err := c.args[i].call.Check(); err != nil {
				return err
			}
		}
	}
	return nil
}

func arityMessage(fn *function, n int) string {
	var want string
	switch {
	case fn.maxArgs < 0:
		want = "at least " + itoa(fn.minArgs) + " argument"
		if fn.minArgs != 1 {
			want += "s"
		}
	case fn.minArgs == fn.maxArgs:
		want = "exactly " + itoa(fn.minArgs) + " argument"
		if fn.minArgs != 1 {
			want += "s"
		}
	default:
		want = itoa(fn.minArgs) + " or " + itoa(fn.maxArgs) + " arguments"
	}
	return fn.name + " takes " + want + ", but " + itoa(n) + " were given"
}

func (p *parser) arg(depth int) (arg, error) {
	if p.pos >= len(p.src) {
		return arg{}, p.fail("missing argument")
	}
	c := p.src[p.pos]
	switch {
	case c == '\'':
		return p.stringLiteral()
	case c == '$':
		return p.pathArg()
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case strings.HasPrefix(p.src[p.pos:], "States."):
		call, err := p.call(depth + 1)
		if err != nil {
			return arg{}, err
		}
		return arg{kind: argCall, call: call}, nil
	}
	for _, w := range [...]struct {
		word string
		v    jsonv.Value
	}{{"true", true}, {"false", false}, {"null", nil}} {
		if strings.HasPrefix(p.src[p.pos:], w.word) && (p.pos+len(w.word) == len(p.src) || !isIdent(p.src[p.pos+len(w.word)])) {
			p.pos += len(w.word)
			return arg{kind: argLiteral, lit: w.v}, nil
		}
	}
	if c == ',' || c == ')' {
		return arg{}, p.fail("missing argument")
	}
	return arg{}, p.fail("unexpected " + quoteChar(c) + ": an argument is a 'string', a number, true, false, null, a path or an intrinsic function call")
}

// stringLiteral reads '...' where \' \{ \} \\ are the only escapes AWS
// defines; any other backslash is an open escape, which AWS rejects.
func (p *parser) stringLiteral() (arg, error) {
	p.pos++ // opening quote
	start := p.pos
	var b strings.Builder
	plain := true
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch c {
		case '\'':
			raw := p.src[start:p.pos]
			p.pos++
			if plain {
				return arg{kind: argLiteral, lit: raw, raw: raw}, nil
			}
			return arg{kind: argLiteral, lit: b.String(), raw: raw}, nil
		case '\\':
			if p.pos+1 >= len(p.src) {
				return arg{}, p.fail("open escape: '\\' at the end of the string")
			}
			switch e := p.src[p.pos+1]; e {
			case '\'', '{', '}', '\\':
				if plain {
					b.WriteString(p.src[start:p.pos])
					plain = false
				}
				b.WriteByte(e)
				p.pos += 2
			default:
				return arg{}, p.fail("open escape: '\\" + string(e) + "' is not one of \\' \\{ \\} \\\\")
			}
		default:
			if !plain {
				b.WriteByte(c)
			}
			p.pos++
		}
	}
	p.pos = start - 1
	return arg{}, p.fail("unterminated string literal")
}

func (p *parser) number() (arg, error) {
	start := p.pos
	i := p.pos
	if i < len(p.src) && p.src[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(p.src) && p.src[i] >= '0' && p.src[i] <= '9' {
			i++
			n++
		}
		return n
	}
	intStart := i
	if digits() == 0 {
		return arg{}, p.fail("malformed number")
	}
	if p.src[intStart] == '0' && i-intStart > 1 {
		return arg{}, p.fail("malformed number: leading zero")
	}
	if i < len(p.src) && p.src[i] == '.' {
		i++
		if digits() == 0 {
			p.pos = i
			return arg{}, p.fail("malformed number: digits expected after '.'")
		}
	}
	if i < len(p.src) && (p.src[i] == 'e' || p.src[i] == 'E') {
		i++
		if i < len(p.src) && (p.src[i] == '+' || p.src[i] == '-') {
			i++
		}
		if digits() == 0 {
			p.pos = i
			return arg{}, p.fail("malformed number: digits expected in the exponent")
		}
	}
	if i < len(p.src) && isIdent(p.src[i]) {
		p.pos = i
		return arg{}, p.fail("malformed number")
	}
	p.pos = i
	return arg{kind: argLiteral, lit: jsonv.Number(p.src[start:i])}, nil
}

// pathArg reads a path up to the ',' or ')' that ends the argument, keeping
// brackets, parentheses and quoted names (which may hold those characters)
// together, and hands it to the path compiler.
func (p *parser) pathArg() (arg, error) {
	start := p.pos
	depth := 0
	i := p.pos
scan:
	for i < len(p.src) {
		c := p.src[i]
		switch c {
		case '[', '(':
			depth++
		case ']', ')':
			if depth == 0 {
				break scan
			}
			depth--
		case ',', ' ', '\t', '\r', '\n':
			if depth == 0 {
				break scan
			}
		case '\'', '"':
			j := i + 1
			for j < len(p.src) && p.src[j] != c {
				if p.src[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(p.src) {
				p.pos = i
				return arg{}, p.fail("unterminated quoted name in path")
			}
			i = j
		}
		i++
	}
	src := p.src[start:i]
	if p.paths == nil {
		return arg{}, p.fail("paths are not allowed here")
	}
	op, err := p.paths(src)
	if err != nil {
		p.pos = start
		return arg{}, p.fail("invalid path " + src + ": " + err.Error())
	}
	p.pos = i
	return arg{kind: argPath, src: src, path: op}, nil
}

func quoteChar(c byte) string {
	if c < 0x20 || c >= 0x7f {
		return "byte 0x" + string("0123456789abcdef"[c>>4]) + string("0123456789abcdef"[c&15])
	}
	return "'" + string(c) + "'"
}
