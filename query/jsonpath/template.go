package jsonpath

import (
	"strings"

	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/query/intrinsic"
)

// Template is a compiled payload template (Parameters, ResultSelector,
// ItemSelector, Arguments of JSONPath states): fields whose names end in
// ".$" take the value of a path or of an intrinsic function call, and the
// ".$" is dropped from the output name. Nested objects, and objects inside
// arrays, are templates too. A Template is immutable; parts without any
// ".$" field are kept as they are and shared by every evaluation.
type Template struct {
	root tnode
}

type tnodeKind uint8

const (
	tStatic tnodeKind = iota
	tObject
	tArray
	tPath
	tCall
)

type tnode struct {
	kind  tnodeKind
	value jsonv.Value // tStatic
	keys  []string    // tObject: output names
	kids  []tnode     // tObject values, tArray elements
	path  *Path
	call  *intrinsic.Call
	field string // the ".$" name as written, for error causes
}

// TemplateError reports a malformed template field: Pointer is the JSON
// pointer of the field inside the template (e.g. "/detail/id.$").
type TemplateError struct {
	Pointer string
	Field   string
	Msg     string
	Err     error // the path or intrinsic compile error, when there is one
}

func (e *TemplateError) Error() string {
	s := "invalid payload template field '" + e.Field + "' at " + e.Pointer + ": " + e.Msg
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *TemplateError) Unwrap() error { return e.Err }

// maxTemplateDepth bounds how deeply a template may nest.
const maxTemplateDepth = 512

// CompileTemplate compiles a payload template.
func CompileTemplate(v jsonv.Value) (*Template, error) {
	n, err := compileNode(v, "", 0)
	if err != nil {
		return nil, err
	}
	return &Template{root: n}, nil
}

// Check reports problems AWS only raises when the state runs, such as an
// intrinsic call with the wrong number of arguments, for validators that
// want to warn early. It returns the first one found, or nil.
func (t *Template) Check() error { return t.root.check() }

func (n *tnode) check() error {
	switch n.kind {
	case tCall:
		if err := n.call.Check(); err != nil {
			return &TemplateError{Field: n.field, Msg: "The intrinsic function call in the field '" + n.field + "' will fail when it runs", Err: err}
		}
	case tObject, tArray:
		for i := range n.kids {
			if err := n.kids[i].check(); err != nil {
				return err
			}
		}
	}
	return nil
}

// IsStatic reports whether the template has no ".$" field anywhere, so
// that it always evaluates to the same value.
func (t *Template) IsStatic() bool { return t.root.kind == tStatic }

func escapePointer(k string) string {
	if !strings.ContainsAny(k, "~/") {
		return k
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(k)
}

func compileNode(v jsonv.Value, ptr string, depth int) (tnode, error) {
	if depth > maxTemplateDepth {
		return tnode{}, &TemplateError{Pointer: ptr, Msg: "the template nests more than " + itoa(maxTemplateDepth) + " levels deep"}
	}
	switch x := v.(type) {
	case *jsonv.Object:
		n := tnode{kind: tObject, keys: make([]string, 0, x.Len()), kids: make([]tnode, 0, x.Len())}
		dynamic := false
		for _, m := range x.Members() {
			fptr := ptr + "/" + escapePointer(m.Key)
			if name, ok := strings.CutSuffix(m.Key, ".$"); ok {
				kid, err := compileField(m.Key, m.Value, fptr)
				if err != nil {
					return tnode{}, err
				}
				n.keys = append(n.keys, name)
				n.kids = append(n.kids, kid)
				dynamic = true
				continue
			}
			kid, err := compileNode(m.Value, fptr, depth+1)
			if err != nil {
				return tnode{}, err
			}
			dynamic = dynamic || kid.kind != tStatic
			n.keys = append(n.keys, m.Key)
			n.kids = append(n.kids, kid)
		}
		if !dynamic {
			return tnode{kind: tStatic, value: v}, nil
		}
		return n, nil
	case []jsonv.Value:
		n := tnode{kind: tArray, kids: make([]tnode, 0, len(x))}
		dynamic := false
		for i, e := range x {
			kid, err := compileNode(e, ptr+"/"+itoa(i), depth+1)
			if err != nil {
				return tnode{}, err
			}
			dynamic = dynamic || kid.kind != tStatic
			n.kids = append(n.kids, kid)
		}
		if !dynamic {
			return tnode{kind: tStatic, value: v}, nil
		}
		return n, nil
	}
	return tnode{kind: tStatic, value: v}, nil
}

func compileField(key string, v jsonv.Value, ptr string) (tnode, error) {
	src, ok := v.(string)
	if !ok {
		return tnode{}, &TemplateError{Pointer: ptr, Field: key,
			Msg: "The value for the field '" + key + "' must be a STRING that contains a JSONPath or an intrinsic function call, but was " + kindArticle(v)}
	}
	if intrinsic.IsCall(src) {
		call, err := CompileIntrinsic(src)
		if err != nil {
			return tnode{}, &TemplateError{Pointer: ptr, Field: key,
				Msg: "The value for the field '" + key + "' must be a valid intrinsic function call", Err: err}
		}
		return tnode{kind: tCall, call: call, field: key}, nil
	}
	path, err := Compile(src)
	if err != nil {
		return tnode{}, &TemplateError{Pointer: ptr, Field: key,
			Msg: "The value for the field '" + key + "' must be a valid JSONPath or a valid intrinsic function call", Err: err}
	}
	return tnode{kind: tPath, path: path, field: key}, nil
}

func kindArticle(v jsonv.Value) string {
	switch k := jsonv.KindOf(v); k {
	case jsonv.KindArray, jsonv.KindObject:
		return "an " + strings.ToUpper(k.String())
	default:
		return "a " + strings.ToUpper(k.String())
	}
}

// CompileIntrinsic compiles an intrinsic function call whose path
// arguments use this package's paths.
func CompileIntrinsic(src string) (*intrinsic.Call, error) {
	return intrinsic.Compile(src, compileOperand)
}

func compileOperand(src string) (intrinsic.Operand, error) {
	p, err := Compile(src)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Eval builds the payload from input and env.
func (t *Template) Eval(input jsonv.Value, env *Env) (jsonv.Value, error) {
	return t.root.eval(input, env)
}

func (n *tnode) eval(input jsonv.Value, env *Env) (jsonv.Value, error) {
	switch n.kind {
	case tStatic:
		return n.value, nil
	case tObject:
		out := jsonv.NewObject(len(n.keys))
		for i := range n.kids {
			v, err := n.kids[i].eval(input, env)
			if err != nil {
				return nil, err
			}
			out.Set(n.keys[i], v)
		}
		return out, nil
	case tArray:
		out := make([]jsonv.Value, len(n.kids))
		for i := range n.kids {
			v, err := n.kids[i].eval(input, env)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	case tPath:
		v, err := n.path.Eval(input, env)
		if err != nil {
			return nil, n.fieldError(err, input, env)
		}
		return v, nil
	case tCall:
		v, err := n.call.Eval(input, env)
		if err != nil {
			return nil, n.fieldError(err, input, env)
		}
		return v, nil
	}
	return nil, nil
}

// fieldError words a path that matched nothing as AWS does for a ".$"
// field: The JSONPath '$.x' specified for the field 'x.$' could not be
// found in the input '{...}'.
func (n *tnode) fieldError(err error, input jsonv.Value, env *Env) error {
	e, ok := err.(*Error)
	if !ok || e.Path == "" {
		return err
	}
	subject := input
	if strings.HasPrefix(e.Path, "$$") && env != nil {
		subject = env.Context
	}
	return &Error{
		Name:   ErrRuntime,
		Cause:  "The JSONPath '" + e.Path + "' specified for the field '" + n.field + "' could not be found in the input '" + jsonv.String(subject) + "'",
		Path:   e.Path,
		Detail: e.Cause,
	}
}
