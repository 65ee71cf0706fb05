package asl

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/stepd/stepd/jsonv"
)

// Parse decodes and validates an ASL definition. It collects every problem it
// finds (up to MaxDiagnostics) rather than stopping at the first, and returns
// the machine whenever the document is a JSON object, so callers can still
// inspect a definition that has errors. The machine is nil only for malformed
// JSON or a document that is not an object.
//
// Parse checks structure only; expressions are checked by package machine
// (see Expressions).
func Parse(data []byte) (*StateMachine, Diagnostics) {
	p := &parser{names: map[string]string{}, badTransition: map[string]bool{}}
	if len(bytes.TrimSpace(data)) == 0 {
		p.src = &Source{data: data, offsets: map[string]int64{}}
		p.add(CodeMissingDescription, "", "Received a null or empty workflow input")
		return nil, p.finish()
	}
	src := &Source{data: data, offsets: make(map[string]int64, len(data)/16)} // about one value per 16 bytes
	p.src = src
	if off := tooDeep(data, MaxJSONDepth); off >= 0 {
		// Refuse before decoding: building the pointer of every value costs
		// depth squared.
		line, col := jsonv.LineCol(data, off)
		return nil, Diagnostics{{Severity: SeverityError, Code: CodeTooDeeplyNested, Line: line, Column: col,
			Message: fmt.Sprintf("The definition is nested more than %d levels deep", MaxJSONDepth)}}
	}
	root, err := jsonv.ParseVisit(data, func(ptr string, off int64) {
		if _, seen := src.offsets[ptr]; seen {
			if p.dups == nil {
				p.dups = map[string]bool{}
			}
			p.dups[ptr] = true
			return
		}
		src.offsets[ptr] = off
	})
	if err != nil {
		var se *jsonv.SyntaxError
		d := Diagnostic{Severity: SeverityError, Code: CodeInvalidJSON, Line: 1, Column: 1, Message: err.Error()}
		if errors.As(err, &se) {
			d.Line, d.Column, d.Message = se.Line, se.Column, "Invalid JSON: "+se.Msg
		}
		return nil, Diagnostics{d}
	}
	src.root = root
	obj, ok := root.(*jsonv.Object)
	if !ok {
		if root == nil {
			p.add(CodeMissingDescription, "", "Received a null or empty workflow input")
		} else {
			p.add(CodeSchemaValidationFailed, "", "Expected value of type Object")
		}
		return nil, p.finish()
	}
	sm := p.machine(obj)
	sm.Source = src
	return sm, p.finish()
}

// parser carries the state of one Parse call.
type parser struct {
	src   *Source
	dups  map[string]bool   // pointers that occur more than once (duplicate keys)
	names map[string]string // state name → pointer of its first definition
	diags []pending
	lang  string // the machine's query language
	// badTransition marks states whose Next or End is broken, so the
	// scope's graph checks do not pile noise on top.
	badTransition map[string]bool
}

// pending is a diagnostic whose position is filled in by finish.
type pending struct {
	Diagnostic
	off int64
}

func (p *parser) add(code, ptr, msg string) {
	p.addAt(code, ptr, ptr, msg)
}

// addAt records a diagnostic at ptr that AWS reports at location.
func (p *parser) addAt(code, ptr, location, msg string) {
	d := Diagnostic{Severity: SeverityError, Code: code, Path: ptr, Message: msg, Location: p.src.Location(location)}
	p.diags = append(p.diags, pending{d, p.src.offset(ptr)})
}

func (p *parser) warn(code, ptr, msg string) {
	p.add(code, ptr, msg)
	p.diags[len(p.diags)-1].Severity = SeverityWarning
}

func (p *parser) schema(ptr, format string, args ...any) {
	p.add(CodeSchemaValidationFailed, ptr, fmt.Sprintf(format, args...))
}

// finish sorts the diagnostics by position, keeps the first MaxDiagnostics
// and only then computes lines and columns, so hostile input with many
// problems stays cheap.
func (p *parser) finish() Diagnostics {
	sort.SliceStable(p.diags, func(i, j int) bool {
		a, b := p.diags[i], p.diags[j]
		if a.off != b.off {
			return a.off < b.off
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Message < b.Message
	})
	keep := min(len(p.diags), MaxDiagnostics)
	ds := make(Diagnostics, keep, keep+1)
	cur := cursor{data: p.src.data}
	for i := range keep {
		d := p.diags[i].Diagnostic
		d.Line, d.Column = cur.position(p.diags[i].off)
		ds[i] = d
	}
	if omitted := len(p.diags) - keep; omitted > 0 {
		last := ds[keep-1]
		ds = append(ds, Diagnostic{
			Severity: SeverityError, Code: CodeTooManyDiagnostics, Path: last.Path, Line: last.Line, Column: last.Column,
			Message: fmt.Sprintf("%d more diagnostics were omitted", omitted),
		})
	}
	if len(ds) == 0 {
		return nil
	}
	return ds
}

// machine reads the top-level object.
func (p *parser) machine(obj *jsonv.Object) *StateMachine {
	sm := &StateMachine{QueryLanguage: JSONPath}
	p.onlyFields(obj, "", topLevelFields)
	sm.Comment, _ = p.str(obj, "", "Comment")
	if v, ok := p.str(obj, "", "Version"); ok {
		sm.Version = v
		if v != "1.0" {
			p.schema(Pointer("", "Version"), "The field 'Version' should have one of these values: [1.0]")
		}
	}
	if ql, ok := p.queryLanguage(obj, ""); ok {
		sm.QueryLanguage = ql
	}
	p.lang = sm.QueryLanguage
	if n, ok := p.integer(obj, "", "TimeoutSeconds"); ok {
		p.intRange(Pointer("", "TimeoutSeconds"), n, 1, MaxIntegerSeconds)
		sm.TimeoutSeconds = &n
	}
	sc := p.scope(obj, "", 0, scopeTop)
	sm.StartAt, sm.States = sc.StartAt, sc.States
	return sm
}

// queryLanguage reads a QueryLanguage field. Like AWS, any value other than
// exactly "JSONPath" counts as JSONata once the enum error is reported.
func (p *parser) queryLanguage(obj *jsonv.Object, ptr string) (string, bool) {
	v, ok := p.str(obj, ptr, "QueryLanguage")
	if !ok {
		return "", false
	}
	if v != JSONPath && v != JSONata {
		p.schema(Pointer(ptr, "QueryLanguage"), "The field 'QueryLanguage' should have one of these values: [JSONPath, JSONata]")
	}
	if v == JSONPath {
		return JSONPath, true
	}
	return JSONata, true
}

// onlyFields reports every member of obj whose key is not in allowed.
func (p *parser) onlyFields(obj *jsonv.Object, ptr string, allowed map[string]bool) {
	for _, m := range obj.Members() {
		if !allowed[m.Key] {
			p.notSupported(ptr, m.Key)
		}
	}
}

// notSupported reports an unknown or misplaced field. AWS locates this
// diagnostic at the enclosing object; Path points at the field itself so
// the line and column land on it.
func (p *parser) notSupported(ptr, key string) {
	p.addAt(CodeSchemaValidationFailed, Pointer(ptr, key), ptr, fmt.Sprintf("Field '%s' is not supported", key))
}

func (p *parser) required(ptr, key string) {
	p.schema(ptr, "The field '%s' is required but was missing", key)
}

func (p *parser) onlyOne(ptr string, keys ...string) {
	p.schema(ptr, "There should only be one of the following fields: [%s]", strings.Join(keys, ", "))
}

func (p *parser) typeError(ptr, typ string) {
	p.schema(ptr, "Expected value of type %s", typ)
}

// str reads an optional string field.
func (p *parser) str(obj *jsonv.Object, ptr, key string) (string, bool) {
	v, ok := obj.Get(key)
	if !ok {
		return "", false
	}
	s, ok := v.(string)
	if !ok {
		p.typeError(Pointer(ptr, key), "String")
		return "", false
	}
	return s, true
}

// target reads an optional transition target (Next, Default): a string that
// must name a state, so an empty one is reported here as dangling.
func (p *parser) target(obj *jsonv.Object, ptr, key string) string {
	s, ok := p.str(obj, ptr, key)
	if ok && s == "" {
		p.add(CodeMissingTransitionTarget, Pointer(ptr, key), "Missing 'Next' target: ")
	}
	return s
}

// boolean reads an optional boolean field.
func (p *parser) boolean(obj *jsonv.Object, ptr, key string) (bool, bool) {
	v, ok := obj.Get(key)
	if !ok {
		return false, false
	}
	b, ok := v.(bool)
	if !ok {
		p.typeError(Pointer(ptr, key), "Boolean")
		return false, false
	}
	return b, true
}

// integer reads an optional integer field.
func (p *parser) integer(obj *jsonv.Object, ptr, key string) (int64, bool) {
	v, ok := obj.Get(key)
	if !ok {
		return 0, false
	}
	n, ok := asInteger(v)
	if !ok {
		p.typeError(Pointer(ptr, key), "Integer")
		return 0, false
	}
	return n, true
}

func asInteger(v jsonv.Value) (int64, bool) {
	n, ok := v.(jsonv.Number)
	if !ok || !n.IsInteger() {
		return 0, false
	}
	return n.Int64()
}

// number reads an optional numeric field.
func (p *parser) number(obj *jsonv.Object, ptr, key string) (float64, bool) {
	v, ok := obj.Get(key)
	if !ok {
		return 0, false
	}
	n, ok := v.(jsonv.Number)
	if !ok {
		p.typeError(Pointer(ptr, key), "Number")
		return 0, false
	}
	return n.Float64(), true
}

func (p *parser) intRange(ptr string, n, lo, hi int64) bool {
	if n < lo {
		p.schema(ptr, "Minimum value is %d", lo)
		return false
	}
	if n > hi {
		p.schema(ptr, "Maximum value is %d", hi)
		return false
	}
	return true
}

// optPath reads a path field that may be a string or null.
func (p *parser) optPath(obj *jsonv.Object, ptr, key string) OptionalPath {
	v, ok := obj.Get(key)
	if !ok {
		return OptionalPath{}
	}
	fp := Pointer(ptr, key)
	switch v := v.(type) {
	case nil:
		return OptionalPath{Set: true, Null: true, Pointer: fp}
	case string:
		return OptionalPath{Set: true, Path: v, Pointer: fp}
	}
	p.typeError(fp, "String")
	return OptionalPath{}
}

// refPath reads a path field that must be a string (the ...Path fields).
func (p *parser) refPath(obj *jsonv.Object, ptr, key string) OptionalPath {
	s, ok := p.str(obj, ptr, key)
	if !ok {
		return OptionalPath{}
	}
	return OptionalPath{Set: true, Path: s, Pointer: Pointer(ptr, key)}
}

// payload reads a template or literal field of any JSON type.
func (p *parser) payload(obj *jsonv.Object, ptr, key string) Payload {
	v, ok := obj.Get(key)
	if !ok {
		return Payload{}
	}
	return Payload{Set: true, Value: v, Pointer: Pointer(ptr, key)}
}

// objectPayload reads a template that must be a JSON object; allowExpr also
// accepts a JSONata "{% %}" string (JSONata Arguments).
func (p *parser) objectPayload(obj *jsonv.Object, ptr, key string, allowExpr bool) Payload {
	pl := p.payload(obj, ptr, key)
	if !pl.Set {
		return pl
	}
	switch v := pl.Value.(type) {
	case *jsonv.Object:
		return pl
	case string:
		if allowExpr && IsJSONataString(v) {
			return pl
		}
	}
	p.typeError(pl.Pointer, "Object")
	return Payload{}
}

// numOrExpr reads a numeric field that a JSONata state may also write as a
// "{% %}" string. integer demands an integral literal.
func (p *parser) numOrExpr(obj *jsonv.Object, ptr, key, lang string, integer bool) NumberOrExpr {
	v, ok := obj.Get(key)
	if !ok {
		return NumberOrExpr{}
	}
	fp := Pointer(ptr, key)
	switch v := v.(type) {
	case jsonv.Number:
		if !integer || v.IsInteger() {
			if _, ok := v.Int64(); ok || !integer {
				return NumberOrExpr{Set: true, Number: v, Pointer: fp}
			}
		}
	case string:
		if lang == JSONata && IsJSONataString(v) {
			return NumberOrExpr{Set: true, Expr: v, Pointer: fp}
		}
	}
	if integer {
		p.typeError(fp, "Integer")
	} else {
		p.typeError(fp, "Number")
	}
	return NumberOrExpr{}
}

// text reads a string field that may hold a JSONata string.
func (p *parser) text(obj *jsonv.Object, ptr, key string) Text {
	s, ok := p.str(obj, ptr, key)
	if !ok {
		return Text{}
	}
	return Text{Set: true, Value: s, Pointer: Pointer(ptr, key)}
}

func set(keys ...string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

var topLevelFields = set("Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage")

// tooDeep returns the offset where data's nesting of arrays and objects
// first exceeds max, or -1. Brackets inside strings do not count.
func tooDeep(data []byte, max int) int64 {
	depth, inString, escaped := 0, false, false
	for i, c := range data {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			depth++
			if depth > max {
				return int64(i)
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return -1
}
