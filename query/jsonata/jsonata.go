package jsonata

import (
	"fmt"
	"sync"

	"github.com/stepd/stepd/jsonv"
)

// Default budgets used when Options leaves a field zero.
const (
	DefaultMaxDepth       = 1000
	DefaultMaxSteps       = 10_000_000
	DefaultMaxResultBytes = 64 << 20
)

// Options bounds and parameterises one evaluation.
type Options struct {
	// MaxDepth bounds nested evaluation (recursion); exceeding it is U1001.
	MaxDepth int
	// MaxSteps bounds the number of evaluation steps; exceeding it is U1002.
	MaxSteps int
	// MaxResultBytes bounds the encoded size of the result and of strings
	// built during evaluation; exceeding it is U1003.
	MaxResultBytes int
	// NowMillis is the evaluation time, in milliseconds since the Unix
	// epoch, that $now() and $millis() report (fixed for one evaluation).
	NowMillis int64
	// Random is the source for $random() and $shuffle(); values in [0, 1).
	// Nil uses a fixed deterministic sequence.
	Random func() float64
	// Functions adds or overrides functions, named without the '$'.
	Functions map[string]Function
	// Lookup, when set, supplies variables (named without '$') that are
	// neither bound in the expression nor given as bindings: values can be
	// produced lazily. It is consulted before the built-in functions.
	Lookup func(name string) (jsonv.Value, bool)
}

// Undefined stands for JSONata's undefined in the arguments given to a
// registered Function (a missing argument or one that evaluated to nothing).
var Undefined = undefinedArg{}

type undefinedArg struct{}

// Function is a host function callable from expressions.
type Function struct {
	// Signature is a JSONata signature such as "<n-n?:n>"; empty skips
	// argument validation.
	Signature string
	// Call receives the arguments as jsonv values (Undefined where
	// undefined) and returns a value, whether it is defined, and an error.
	// An *Error keeps its code; other errors become D3137 with their text.
	Call func(args []jsonv.Value) (jsonv.Value, bool, error)
}

// Expression is a compiled JSONata expression: immutable and safe for
// concurrent use.
type Expression struct {
	src string
	ast *node
}

// Compile parses a JSONata expression.
func Compile(expr string) (_ *Expression, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &Error{Code: "S0500", Message: fmt.Sprint("internal error while parsing: ", r), Position: -1, internal: true}
		}
	}()
	ast, err := parse(expr)
	if err != nil {
		return nil, finishErr(err, expr)
	}
	return &Expression{src: expr, ast: ast}, nil
}

// MustCompile is Compile that panics on error, for tests and constants.
func MustCompile(expr string) *Expression {
	e, err := Compile(expr)
	if err != nil {
		panic(err)
	}
	return e
}

// String returns the source text.
func (e *Expression) String() string { return e.src }

type lcg struct{ state uint64 }

func (l *lcg) next() float64 {
	l.state = l.state*6364136223846793005 + 1442695040888963407
	return float64(l.state>>11) / (1 << 53)
}

// Evaluate runs the expression against input with variable bindings
// (named without '$'). defined is false when the result is undefined.
// A nil input is JSON null; pass Undefined for no input at all. Errors are
// *Error values carrying jsonata-js's code, message and position.
func (e *Expression) Evaluate(input jsonv.Value, bindings map[string]jsonv.Value, opts *Options) (result jsonv.Value, defined bool, err error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	ev := &evaluator{maxDepth: o.MaxDepth, maxSteps: o.MaxSteps, maxBytes: o.MaxResultBytes, now: o.NowMillis, random: o.Random}
	if ev.maxDepth <= 0 {
		ev.maxDepth = DefaultMaxDepth
	}
	if ev.maxSteps <= 0 {
		ev.maxSteps = DefaultMaxSteps
	}
	if ev.maxBytes <= 0 {
		ev.maxBytes = DefaultMaxResultBytes
	}
	if ev.random == nil {
		g := &lcg{state: 0x9E3779B97F4A7C15}
		ev.random = g.next
	}
	defer func() {
		if r := recover(); r != nil {
			result, defined = nil, false
			err = &Error{Code: "U1001", Message: fmt.Sprint("internal error during evaluation: ", r), Position: -1, internal: true}
		}
	}()
	in := lift(input)
	if input == Undefined {
		in = nil
	}
	root := &frame{host: o.Lookup}
	for name, f := range o.Functions {
		root.bind(name, hostFunction(name, f))
	}
	env := newFrame(root)
	env.bind("$", in) // $$ is the input itself, bound before the array wrapping below
	if s, ok := in.(*seq); ok {
		w := &seq{v: []any{s}, sequence: true, outerWrapper: true}
		in = w
	}
	for k, v := range bindings {
		env.bind(k, lift(v))
	}
	res, err := ev.eval(e.ast, in, env)
	if err != nil {
		return nil, false, finishErr(err, e.src)
	}
	if s, ok := res.(*seq); ok && s.sequence && len(s.v) == 1 && !s.keepSingleton {
		res = s.v[0]
	}
	out, def, err := toOutput(res)
	if err != nil {
		return nil, false, finishErr(err, e.src)
	}
	if def && jsonv.Size(out) > ev.maxBytes {
		return nil, false, (&Error{Code: "U1003", Position: -1}).finish()
	}
	return out, def, nil
}

// finishErr renders the message and turns the byte offset into the UTF-16
// offset jsonata-js reports.
func finishErr(err error, src string) error {
	if e, ok := err.(*Error); ok {
		if e.Position > 0 && e.Position <= len(src) && !isASCII(src[:e.Position]) {
			e.Position = utf16Index(src, e.Position)
		}
		return e.finish()
	}
	return err
}

// hostSignatures caches parsed host-function signatures: hosts pass the
// same Functions on every Evaluate, and parsing compiles a regexp.
var hostSignatures sync.Map // signature text → *signature

func hostFunction(name string, f Function) callable {
	var sig *signature
	if f.Signature != "" {
		if cached, ok := hostSignatures.Load(f.Signature); ok {
			sig = cached.(*signature)
		} else if s, err := parseSignature(f.Signature); err == nil {
			hostSignatures.Store(f.Signature, s)
			sig = s
		}
	}
	return &builtin{name: name, sig: sig, fn: func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		in := make([]jsonv.Value, len(args))
		for i, a := range args {
			v, def, err := toOutput(a)
			if err != nil {
				return nil, err
			}
			if !def {
				in[i] = Undefined
			} else {
				in[i] = v
			}
		}
		out, def, err := f.Call(in)
		if err != nil {
			if e, ok := err.(*Error); ok {
				return nil, e
			}
			return nil, &Error{Code: "D3137", Message: err.Error(), Position: -1}
		}
		if !def {
			return nil, nil
		}
		return lift(out), nil
	}}
}
