package jsonv

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/go-json-experiment/json/jsontext"
)

// SyntaxError reports malformed JSON with the byte offset, line and column
// (both 1-based) where it was found.
type SyntaxError struct {
	Offset int64
	Line   int
	Column int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// LineCol converts a byte offset in data into a 1-based line and column
// (columns count runes).
func LineCol(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	head := data[:offset]
	line = bytes.Count(head, []byte{'\n'}) + 1
	start := bytes.LastIndexByte(head, '\n') + 1
	return line, len([]rune(string(head[start:]))) + 1
}

var decoders = sync.Pool{New: func() any {
	return jsontext.NewDecoder(bytes.NewReader(nil), jsontext.AllowDuplicateNames(true))
}}

// Parse decodes exactly one JSON value from data. Object members keep
// document order; a repeated key keeps its first position and last value.
func Parse(data []byte) (Value, error) {
	return ParseVisit(data, nil)
}

// MustParse is Parse for literals in tests and tables; it panics on bad JSON.
func MustParse(s string) Value {
	v, err := Parse([]byte(s))
	if err != nil {
		panic(err)
	}
	return v
}

// Visitor is told the JSON pointer and start offset of every value decoded,
// in document order. The asl package uses it to map diagnostics to lines.
type Visitor func(pointer string, offset int64)

type frame struct {
	arr    []Value
	obj    *Object
	key    string
	hasKey bool
	ptr    string // JSON pointer of this container; only kept when visiting
}

// ParseVisit is Parse that also calls visit (when not nil) for every value.
func ParseVisit(data []byte, visit Visitor) (Value, error) {
	dec := decoders.Get().(*jsontext.Decoder)
	dec.Reset(bytes.NewReader(data), jsontext.AllowDuplicateNames(true))
	defer func() {
		dec.Reset(bytes.NewReader(nil))
		decoders.Put(dec)
	}()

	var stack []frame
	var root Value
	done := false
	for {
		ptr := ""
		if visit != nil {
			if k := dec.PeekKind(); k != ']' && k != '}' && k != 0 {
				n := len(stack)
				if n == 0 || stack[n-1].obj == nil || stack[n-1].hasKey {
					if n > 0 {
						top := &stack[n-1]
						if top.obj != nil {
							ptr = top.ptr + "/" + escapePointer(top.key)
						} else {
							ptr = top.ptr + "/" + strconv.Itoa(len(top.arr))
						}
					}
					off := dec.InputOffset()
					// InputOffset is before any whitespace and separators.
					for off < int64(len(data)) && isSkippable(data[off]) {
						off++
					}
					visit(ptr, off)
				}
			}
		}
		tok, err := dec.ReadToken()
		if err != nil {
			if err == io.EOF && done {
				return root, nil
			}
			return nil, syntaxError(data, dec, err)
		}
		if done {
			line, col := LineCol(data, dec.InputOffset()-int64(len(tok.String())))
			return nil, &SyntaxError{Offset: dec.InputOffset(), Line: line, Column: col, Msg: "invalid character after top-level value"}
		}
		var v Value
		switch tok.Kind() {
		case '{':
			stack = append(stack, frame{obj: NewObject(4), ptr: ptr})
			continue
		case '[':
			stack = append(stack, frame{arr: make([]Value, 0, 4), ptr: ptr})
			continue
		case '}':
			v = stack[len(stack)-1].obj
			stack = stack[:len(stack)-1]
		case ']':
			v = stack[len(stack)-1].arr
			stack = stack[:len(stack)-1]
		case 'n':
			v = nil
		case 't':
			v = true
		case 'f':
			v = false
		case '0':
			v = Number(tok.String())
		case '"':
			s := tok.String()
			if n := len(stack); n > 0 && stack[n-1].obj != nil && !stack[n-1].hasKey {
				stack[n-1].key, stack[n-1].hasKey = s, true
				continue
			}
			v = s
		}
		if n := len(stack); n > 0 {
			top := &stack[n-1]
			if top.obj != nil {
				top.obj.Set(top.key, v)
				top.hasKey = false
			} else {
				top.arr = append(top.arr, v)
			}
			continue
		}
		root, done = v, true
		// Anything after the value other than whitespace is an error,
		// which the next ReadToken reports.
	}
}

func isSkippable(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ':'
}

// escapePointer escapes a key for use as a JSON pointer segment (RFC 6901).
func escapePointer(key string) string {
	if !strings.ContainsAny(key, "~/") {
		return key
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(key)
}

func syntaxError(data []byte, dec *jsontext.Decoder, err error) error {
	off := dec.InputOffset()
	msg := err.Error()
	var se *jsontext.SyntacticError
	if errors.As(err, &se) {
		off = se.ByteOffset
		msg = se.Err.Error()
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		off = int64(len(data))
		msg = "unexpected end of JSON input"
		if len(bytes.TrimSpace(data)) == 0 {
			msg = "empty input"
		}
	}
	line, col := LineCol(data, off)
	return &SyntaxError{Offset: off, Line: line, Column: col, Msg: msg}
}
