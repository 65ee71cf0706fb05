package jsonpath

import (
	"strconv"
	"strings"
)

const (
	// maxPathSource bounds the source of one path.
	maxPathSource = 16 << 10
	// maxNesting bounds filters within filters and parentheses within a
	// filter, so parsing and evaluation never recurse deeply.
	maxNesting = 32
)

type pathParser struct {
	src       string
	pos       int
	reference bool
}

func (p *pathParser) fail(msg string) error {
	return &CompileError{Src: p.src, Offset: p.pos, Msg: msg}
}

func (p *pathParser) failAt(pos int, msg string) error {
	return &CompileError{Src: p.src, Offset: pos, Msg: msg}
}

func (p *pathParser) peek() byte {
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

func (p *pathParser) skipSpace() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\r', '\n':
			p.pos++
		default:
			return
		}
	}
}

func isVarStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func isVarChar(c byte) bool { return isVarStart(c) || c >= '0' && c <= '9' }

// path parses a path at p.pos. Inside a filter (depth > 0) it stops at the
// first character that cannot continue a path and accepts @ as the root.
func (p *pathParser) path(depth int, inFilter bool) (*Path, error) {
	path := &Path{}
	start := p.pos
	switch {
	case inFilter && p.peek() == '@':
		path.root = RootCurrent
		p.pos++
	case strings.HasPrefix(p.src[p.pos:], "$$"):
		path.root = RootContext
		p.pos += 2
	case p.peek() == '$':
		p.pos++
		if p.pos < len(p.src) && isVarStart(p.src[p.pos]) {
			s := p.pos
			for p.pos < len(p.src) && isVarChar(p.src[p.pos]) {
				p.pos++
			}
			path.root = RootVariable
			path.variable = p.src[s:p.pos]
		}
	default:
		if p.pos >= len(p.src) {
			return nil, p.fail("a path must start with '$'")
		}
		return nil, p.fail("a path must start with '$', found " + quoteByte(p.src[p.pos]))
	}
	var offsets []int
	for p.pos < len(p.src) {
		at := p.pos
		var s step
		switch p.src[p.pos] {
		case '.':
			p.pos++
			if p.peek() == '.' {
				s.scan = true
				p.pos++
			}
			switch c := p.peek(); {
			case c == '[' && s.scan:
				p.pos++
				if err := p.bracket(&s, depth); err != nil {
					return nil, err
				}
			case c == '*':
				p.pos++
				s.kind = stepWildcard
			default:
				name, err := p.dotName(inFilter)
				if err != nil {
					return nil, err
				}
				s.kind, s.name = stepField, name
				if p.peek() == '(' && !s.scan {
					if err := p.functionArgs(); err != nil {
						return nil, err
					}
					s.kind = stepFunction
				}
			}
		case '[':
			p.pos++
			if err := p.bracket(&s, depth); err != nil {
				return nil, err
			}
		case ' ', '\t', '\r', '\n':
			if !inFilter {
				return nil, p.fail("blank characters are not allowed in a path; use bracket notation ['my prop'] for a name that contains them")
			}
			goto done
		default:
			if inFilter {
				goto done
			}
			return nil, p.fail("unexpected " + quoteByte(p.src[p.pos]) + ": expected '.' or '['")
		}
		path.steps = append(path.steps, s)
		offsets = append(offsets, at)
	}
done:
	path.src = p.src[start:p.pos]
	path.definite = true
	for i := range path.steps {
		s := &path.steps[i]
		if s.scan || (s.kind != stepField && s.kind != stepIndex && s.kind != stepFunction) {
			path.definite = false
		}
	}
	if n := len(path.steps); !path.definite && n > 0 && path.steps[n-1].kind == stepFields && !path.steps[n-1].scan {
		rest := &Path{steps: path.steps[:n-1]}
		if rest.IsReference() {
			path.definite, path.mergeLeaf = true, true
		}
	}
	if p.reference {
		for i := range path.steps {
			if msg := referenceProblem(&path.steps[i]); msg != "" {
				return nil, p.failAt(offsets[i], msg)
			}
		}
	}
	return path, nil
}

// referenceProblem words why a step cannot appear in a reference path. AWS:
// reference paths use only dot and bracket notation; the operators
// @ .. , : ? * are not supported.
func referenceProblem(s *step) string {
	const prefix = "a reference path must identify a single node; "
	switch {
	case s.scan:
		return prefix + "'..' is not supported"
	case s.kind == stepWildcard:
		return prefix + "'*' is not supported"
	case s.kind == stepFilter:
		return prefix + "'?' filters are not supported"
	case s.kind == stepSlice:
		return prefix + "':' slices are not supported"
	case s.kind == stepFields || s.kind == stepIndexes:
		return prefix + "',' unions are not supported"
	case s.kind == stepFunction:
		return prefix + "functions such as " + s.name + "() are not supported"
	}
	return ""
}

// dotName reads a name after '.'. Like Jayway, a dot name runs to the next
// '.' or '['; blanks and '(' (a function call) are rejected.
func (p *pathParser) dotName(inFilter bool) (string, error) {
	start := p.pos
loop:
	for p.pos < len(p.src) {
		switch c := p.src[p.pos]; c {
		case '.', '[', ']', ')', ',', '\'', '"':
			break loop
		case ' ', '\t', '\r', '\n':
			break loop
		case '(':
			break loop
		case '<', '>', '=', '!', '~', '&', '|':
			if inFilter {
				break loop
			}
		}
		p.pos++
	}
	if p.pos == start {
		return "", p.fail("a name is expected after '.'")
	}
	return p.src[start:p.pos], nil
}

// functionArgs skips the parenthesised arguments of a function step,
// keeping quoted text and nested parentheses together.
func (p *pathParser) functionArgs() error {
	start := p.pos
	depth := 0
	for p.pos < len(p.src) {
		switch c := p.src[p.pos]; c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				p.pos++
				return nil
			}
		case '\'', '"':
			if _, err := p.quoted(); err != nil {
				return err
			}
			continue
		}
		p.pos++
	}
	return p.failAt(start, "missing ')' to close the function call")
}

// bracket parses the inside of [...] after the '['.
func (p *pathParser) bracket(s *step, depth int) error {
	p.skipSpace()
	switch c := p.peek(); {
	case c == '*':
		p.pos++
		s.kind = stepWildcard
	case c == '?':
		p.pos++
		p.skipSpace()
		if p.peek() != '(' {
			return p.fail("expected '(' after '?'")
		}
		p.pos++
		if depth+1 > maxNesting {
			return p.fail("filters nest more than " + itoa(maxNesting) + " levels deep")
		}
		f, err := p.filterOr(depth + 1)
		if err != nil {
			return err
		}
		p.skipSpace()
		if p.peek() != ')' {
			return p.fail("expected ')' to close the filter")
		}
		p.pos++
		s.kind, s.filter = stepFilter, f
	case c == '\'' || c == '"':
		for {
			name, err := p.quoted()
			if err != nil {
				return err
			}
			s.names = append(s.names, name)
			p.skipSpace()
			if p.peek() != ',' {
				break
			}
			p.pos++
			p.skipSpace()
			if c := p.peek(); c != '\'' && c != '"' {
				return p.fail("expected a quoted name after ','")
			}
		}
		if len(s.names) == 1 {
			s.kind, s.name, s.names = stepField, s.names[0], nil
		} else {
			s.kind = stepFields
		}
	case c == '-' || c >= '0' && c <= '9' || c == ':':
		if err := p.indexes(s); err != nil {
			return err
		}
	default:
		if p.pos >= len(p.src) {
			return p.fail("missing ']'")
		}
		return p.fail("unexpected " + quoteByte(c) + " in brackets: expected a quoted name, an index, a slice, '*' or a '?(…)' filter")
	}
	p.skipSpace()
	if p.peek() != ']' {
		if p.pos >= len(p.src) {
			return p.fail("missing ']'")
		}
		return p.fail("expected ']', found " + quoteByte(p.src[p.pos]))
	}
	p.pos++
	return nil
}

// quoted reads 'name' or "name"; a backslash escapes the next character.
func (p *pathParser) quoted() (string, error) {
	q := p.src[p.pos]
	start := p.pos
	p.pos++
	var b strings.Builder
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c == q:
			p.pos++
			return b.String(), nil
		case c == '\\' && p.pos+1 < len(p.src):
			b.WriteByte(p.src[p.pos+1])
			p.pos += 2
		default:
			b.WriteByte(c)
			p.pos++
		}
	}
	return "", p.failAt(start, "unterminated quoted name")
}

func (p *pathParser) integer() (int, bool, error) {
	start := p.pos
	if p.peek() == '-' {
		p.pos++
	}
	for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
		p.pos++
	}
	if p.pos == start {
		return 0, false, nil
	}
	n, err := strconv.Atoi(p.src[start:p.pos])
	if err != nil || n > 1<<31-1 || n < -(1<<31) {
		return 0, false, p.failAt(start, "the index "+p.src[start:p.pos]+" is not a valid integer")
	}
	return n, true, nil
}

// indexes parses [0], [-1], [0,2], [1:3], [:2], [-2:].
func (p *pathParser) indexes(s *step) error {
	first, ok, err := p.integer()
	if err != nil {
		return err
	}
	p.skipSpace()
	if p.peek() == ':' {
		p.pos++
		p.skipSpace()
		s.kind, s.from, s.hasFrom = stepSlice, first, ok
		to, ok, err := p.integer()
		if err != nil {
			return err
		}
		s.to, s.hasTo = to, ok
		return nil
	}
	if !ok {
		return p.fail("an index is expected")
	}
	s.kind, s.index = stepIndex, first
	if p.peek() != ',' {
		return nil
	}
	s.kind, s.indexes = stepIndexes, []int{first}
	for p.peek() == ',' {
		p.pos++
		p.skipSpace()
		n, ok, err := p.integer()
		if err != nil {
			return err
		}
		if !ok {
			return p.fail("an index is expected after ','")
		}
		s.indexes = append(s.indexes, n)
		p.skipSpace()
	}
	return nil
}
