package jsonpath

import (
	"strconv"
	"strings"

	"github.com/stepd/stepd/jsonv"
)

// Root says what a path is evaluated against.
type Root uint8

const (
	RootInput    Root = iota // $
	RootContext              // $$
	RootVariable             // $name
	RootCurrent              // @, only inside filters
)

// Path is a compiled JSONPath. It is immutable.
type Path struct {
	src      string
	root     Root
	variable string
	steps    []step
	definite bool
	// mergeLeaf: the last step is a union of names on a definite path,
	// which Jayway answers with one object holding those members.
	mergeLeaf bool
}

type stepKind uint8

const (
	stepField    stepKind = iota // .name ['name']
	stepIndex                    // [0] [-1]
	stepWildcard                 // .* [*]
	stepFields                   // ['a','b']
	stepIndexes                  // [0,1]
	stepSlice                    // [1:3]
	stepFilter                   // [?(...)]
	// stepFunction is a Jayway function such as .length() or .sum(). AWS
	// accepts the definition but such a path never matches anything: the
	// state fails with "could not be found in the input".
	stepFunction
)

type step struct {
	kind    stepKind
	scan    bool // preceded by "..": applies to every node below
	name    string
	names   []string
	index   int
	indexes []int
	from    int
	to      int
	hasFrom bool
	hasTo   bool
	filter  filterNode
}

// String returns the source text.
func (p *Path) String() string { return p.src }

// Root reports what the path reads: the input, the context object or a
// variable.
func (p *Path) Root() Root { return p.root }

// Variable is the variable name of a $name path, "" otherwise.
func (p *Path) Variable() string { return p.variable }

// IsDefinite reports whether the path identifies at most one node. An
// indefinite path evaluates to an array of all matches.
func (p *Path) IsDefinite() bool { return p.definite }

// IsRoot reports whether the path is the bare root ($, $$ or $name).
func (p *Path) IsRoot() bool { return len(p.steps) == 0 }

// IsReference reports whether the path is a reference path: only field
// names and array indexes, so that it identifies a single node.
func (p *Path) IsReference() bool {
	for i := range p.steps {
		if s := &p.steps[i]; s.scan || s.kind != stepField && s.kind != stepIndex {
			return false
		}
	}
	return true
}

// Fields returns the field names of a reference path made only of field
// steps ($.a.b → [a b]) and true; false when it has other steps.
func (p *Path) Fields() ([]string, bool) {
	out := make([]string, 0, len(p.steps))
	for i := range p.steps {
		if s := &p.steps[i]; s.scan || s.kind != stepField {
			return nil, false
		}
		out = append(out, p.steps[i].name)
	}
	return out, true
}

// normalized renders the first n steps in Jayway's bracket notation
// ($['a'][0]), the way Jayway names paths in its messages.
func (p *Path) normalized(n int) string {
	var b strings.Builder
	switch p.root {
	case RootContext:
		b.WriteString("$$")
	case RootVariable:
		b.WriteString("$" + p.variable)
	case RootCurrent:
		b.WriteString("@")
	default:
		b.WriteString("$")
	}
	for i := 0; i < n && i < len(p.steps); i++ {
		s := &p.steps[i]
		if s.scan {
			b.WriteString("..")
		}
		switch s.kind {
		case stepField:
			b.WriteString("['" + s.name + "']")
		case stepIndex:
			b.WriteString("[" + strconv.Itoa(s.index) + "]")
		case stepWildcard:
			b.WriteString("[*]")
		case stepFields:
			b.WriteString("[")
			for j, n := range s.names {
				if j > 0 {
					b.WriteString(",")
				}
				b.WriteString("'" + n + "'")
			}
			b.WriteString("]")
		case stepIndexes:
			b.WriteString("[")
			for j, n := range s.indexes {
				if j > 0 {
					b.WriteString(",")
				}
				b.WriteString(strconv.Itoa(n))
			}
			b.WriteString("]")
		case stepSlice:
			b.WriteString("[")
			if s.hasFrom {
				b.WriteString(strconv.Itoa(s.from))
			}
			b.WriteString(":")
			if s.hasTo {
				b.WriteString(strconv.Itoa(s.to))
			}
			b.WriteString("]")
		case stepFilter:
			b.WriteString("[?]")
		case stepFunction:
			b.WriteString("." + s.name + "()")
		}
	}
	return b.String()
}

// Compile parses a path as Step Functions accepts it in InputPath,
// Parameters, ResultSelector, intrinsic arguments and the like.
func Compile(src string) (*Path, error) {
	return compile(src, false)
}

// CompileReference parses a reference path (ResultPath, OutputPath,
// ItemsPath, the *Path comparison operators, TimeoutSecondsPath…): it may
// only use field names and array indexes so that it identifies one node.
func CompileReference(src string) (*Path, error) {
	return compile(src, true)
}

func compile(src string, reference bool) (*Path, error) {
	if len(src) > maxPathSource {
		return nil, &CompileError{Src: src, Msg: "the path is longer than " + itoa(maxPathSource) + " bytes"}
	}
	p := &pathParser{src: src, reference: reference}
	path, err := p.path(0, false)
	if err != nil {
		return nil, err
	}
	if p.pos < len(src) {
		return nil, p.fail("unexpected " + quoteByte(src[p.pos]))
	}
	return path, nil
}

// MustCompile is Compile for literals in tests; it panics on error.
func MustCompile(src string) *Path {
	p, err := Compile(src)
	if err != nil {
		panic(err)
	}
	return p
}

var _ interface {
	Eval(jsonv.Value, *Env) (jsonv.Value, error)
} = (*Path)(nil)

func itoa(i int) string { return strconv.Itoa(i) }

func quoteByte(c byte) string {
	if c < 0x20 || c >= 0x7f {
		return "byte 0x" + strconv.FormatUint(uint64(c), 16)
	}
	return "'" + string(c) + "'"
}
