package machine

import (
	"errors"

	"github.com/stepd/stepd/jsonv"
)

// CompileQueryValue compiles a JSONata-mode value that Compile keeps raw
// (the ItemBatcher and tolerance fields of a Distributed Map, evaluated
// once per Map Run). The definition was validated already, so an error
// here is unexpected; it carries the first refusal.
func CompileQueryValue(field string, v jsonv.Value) (*Query, error) {
	var first error
	q := compileQuery(field, v, func(_, _, msg string) {
		if first == nil {
			first = errors.New(msg)
		}
	})
	return q, first
}
