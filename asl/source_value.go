package asl

import (
	"strconv"
	"strings"

	"github.com/stepd/stepd/jsonv"
)

// Value returns the parsed value at pointer (RFC 6901), false when the
// document holds none there. A Distributed Map uses it to hand its
// ItemProcessor to child executions as a definition of their own.
func (s *Source) Value(pointer string) (jsonv.Value, bool) {
	if s == nil {
		return nil, false
	}
	v := s.root
	if pointer == "" {
		return v, true
	}
	if !strings.HasPrefix(pointer, "/") {
		return nil, false
	}
	for _, tok := range strings.Split(pointer[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch c := v.(type) {
		case *jsonv.Object:
			next, ok := c.Get(tok)
			if !ok {
				return nil, false
			}
			v = next
		case []jsonv.Value:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			v = c[i]
		default:
			return nil, false
		}
	}
	return v, true
}
