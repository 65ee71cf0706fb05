package asl

import (
	"strings"

	"github.com/stepd/stepd/jsonv"
)

// Source maps JSON pointers of a parsed document to line and column, so any
// layer can attach positions to its diagnostics.
type Source struct {
	data    []byte
	offsets map[string]int64
}

// NewSource indexes data, which must be valid JSON (else positions are all
// 1:1). Parse builds one for every machine; use this for other documents.
func NewSource(data []byte) *Source {
	s := &Source{data: data, offsets: map[string]int64{}}
	_, _ = jsonv.ParseVisit(data, func(ptr string, off int64) {
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
	for {
		if off, ok := s.offsets[pointer]; ok {
			return jsonv.LineCol(s.data, off)
		}
		i := strings.LastIndexByte(pointer, '/')
		if i < 0 {
			return 1, 1
		}
		pointer = pointer[:i]
	}
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
	return Diagnostic{Severity: SeverityError, Code: code, Path: pointer, Line: line, Column: col, Message: message}
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
