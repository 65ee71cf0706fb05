package asl

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/stepd/stepd/jsonv"
)

// Source maps JSON pointers of a parsed document to line and column, so any
// layer can attach positions to its diagnostics.
type Source struct {
	data    []byte
	offsets map[string]int64
	root    jsonv.Value
}

// NewSource indexes data, which must be valid JSON (else positions are all
// 1:1). Parse builds one for every machine; use this for other documents.
func NewSource(data []byte) *Source {
	s := &Source{data: data, offsets: map[string]int64{}}
	s.root, _ = jsonv.ParseVisit(data, func(ptr string, off int64) {
		if _, seen := s.offsets[ptr]; !seen {
			s.offsets[ptr] = off
		}
	})
	return s
}

// Position returns the 1-based line and column of the value at pointer. A
// pointer that is not in the document (a missing field) falls back to its
// nearest existing parent, where the field should have been.
func (s *Source) Position(pointer string) (line, col int) {
	if s == nil {
		return 1, 1
	}
	return jsonv.LineCol(s.data, s.offset(pointer))
}

// offset is the byte offset of the value at pointer or of its nearest
// existing parent.
func (s *Source) offset(pointer string) int64 {
	for {
		if off, ok := s.offsets[pointer]; ok {
			return off
		}
		i := strings.LastIndexByte(pointer, '/')
		if i < 0 {
			return 0
		}
		pointer = pointer[:i]
	}
}

// cursor turns ascending offsets into positions in one pass over the data,
// so positioning many diagnostics costs O(len(data)) in all.
type cursor struct {
	data      []byte
	off       int64
	line, col int
}

func (c *cursor) position(off int64) (line, col int) {
	if c.line == 0 {
		c.line, c.col = 1, 1
	}
	if off > int64(len(c.data)) {
		off = int64(len(c.data))
	}
	for c.off < off {
		r, size := utf8.DecodeRune(c.data[c.off:])
		if r == '\n' {
			c.line, c.col = c.line+1, 1
		} else {
			c.col++
		}
		c.off += int64(size)
	}
	return c.line, c.col
}

// Has reports whether the document holds a value at pointer.
func (s *Source) Has(pointer string) bool {
	if s == nil {
		return false
	}
	_, ok := s.offsets[pointer]
	return ok
}

// Diagnostic builds an error diagnostic positioned at pointer.
func (s *Source) Diagnostic(code, pointer, message string) Diagnostic {
	line, col := s.Position(pointer)
	return Diagnostic{Severity: SeverityError, Code: code, Path: pointer, Line: line, Column: col, Message: message, Location: s.Location(pointer)}
}

// Location renders a JSON pointer the way AWS writes diagnostic locations:
// keys unescaped after "/", array indexes as "[i]" ("/States/C/Choices[0]").
// The root is "".
func (s *Source) Location(pointer string) string {
	if pointer == "" {
		return ""
	}
	var b strings.Builder
	var cur jsonv.Value
	if s != nil {
		cur = s.root
	}
	for _, seg := range strings.Split(pointer[1:], "/") {
		if strings.Contains(seg, "~") {
			seg = strings.NewReplacer("~1", "/", "~0", "~").Replace(seg)
		}
		switch v := cur.(type) {
		case []jsonv.Value:
			b.WriteString("[" + seg + "]")
			if i, err := strconv.Atoi(seg); err == nil && i >= 0 && i < len(v) {
				cur = v[i]
			} else {
				cur = nil
			}
		case *jsonv.Object:
			b.WriteString("/" + seg)
			cur, _ = v.Get(seg)
		default:
			b.WriteString("/" + seg)
			cur = nil
		}
	}
	return b.String()
}

// Warning builds a warning diagnostic positioned at pointer.
func (s *Source) Warning(code, pointer, message string) Diagnostic {
	d := s.Diagnostic(code, pointer, message)
	d.Severity = SeverityWarning
	return d
}

// Pointer joins a JSON pointer and one unescaped key (RFC 6901 escaping).
func Pointer(parent, key string) string {
	if strings.ContainsAny(key, "~/") {
		key = strings.NewReplacer("~", "~0", "/", "~1").Replace(key)
	}
	return parent + "/" + key
}
