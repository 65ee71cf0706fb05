package jsonpath

import (
	"testing"

	"github.com/stepd/stepd/jsonv"
)

// FuzzCompilePath compiles arbitrary paths and evaluates those that compile:
// no input may panic or exhaust the stack.
func FuzzCompilePath(f *testing.F) {
	for _, tc := range pathCases {
		f.Add(tc.src)
	}
	for _, tc := range compileErrorCases {
		f.Add(tc.src)
	}
	for _, tc := range referenceCases {
		f.Add(tc.src)
	}
	doc := jsonv.MustParse(bookstore)
	env := &Env{
		Context: jsonv.MustParse(`{"Execution":{"Id":"x"},"Map":{"Item":{"Value":[1,{"a":2}]}}}`),
		Vars:    func(n string) (jsonv.Value, bool) { return doc, n == "v" },
	}
	f.Fuzz(func(t *testing.T, src string) {
		p, err := Compile(src)
		if err != nil {
			if _, ok := err.(*CompileError); !ok {
				t.Fatalf("Compile(%q) returned %T", src, err)
			}
			return
		}
		if p.String() != src {
			t.Fatalf("String() = %q, want %q", p.String(), src)
		}
		_, _ = p.Eval(doc, env)
		_, _, _ = p.Lookup(jsonv.MustParse(misc), env)
		if r, err := CompileReference(src); err == nil {
			if !r.IsReference() {
				t.Fatalf("CompileReference(%q) accepted a non-reference path", src)
			}
			_, _ = ApplyResultPath(doc, "r", r)
		}
	})
}
