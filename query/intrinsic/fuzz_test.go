package intrinsic_test

import (
	"testing"

	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/query/intrinsic"
	"github.com/stepd/stepd/query/jsonpath"
)

// FuzzIntrinsic compiles arbitrary calls and evaluates those that compile:
// no input may panic, loop or exhaust the stack.
func FuzzIntrinsic(f *testing.F) {
	for _, tc := range evalCases {
		f.Add(tc.src)
	}
	for _, tc := range compileErrorCases {
		f.Add(tc.src)
	}
	input := jsonv.MustParse(`{"a":[1,2,3],"s":"a,b","n":5,"o":{"k":"v"},"t":"{}","j":"[1]","b":"QUJD"}`)
	f.Fuzz(func(t *testing.T, src string) {
		call, err := jsonpath.CompileIntrinsic(src)
		if err != nil {
			if _, ok := err.(*intrinsic.CompileError); !ok {
				t.Fatalf("Compile(%q) returned %T: %v", src, err, err)
			}
			return
		}
		v, err := call.Eval(input, env())
		if err != nil {
			if _, ok := err.(*intrinsic.Error); !ok {
				t.Fatalf("Eval(%q) returned %T: %v", src, err, err)
			}
			return
		}
		if jsonv.KindOf(v) == jsonv.KindInvalid {
			t.Fatalf("Eval(%q) returned a value outside the JSON model: %#v", src, v)
		}
	})
}
