package jsonata_test

import (
	"fmt"

	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/query/jsonata"
)

func Example() {
	expr, err := jsonata.Compile(`{"total": $sum(items.(price * qty)), "first": $uppercase(items[0].name)}`)
	if err != nil {
		panic(err)
	}
	input := jsonv.MustParse(`{"items":[{"name":"pen","price":1.5,"qty":4},{"name":"ink","price":3,"qty":1}]}`)
	out, defined, err := expr.Evaluate(input, nil, &jsonata.Options{NowMillis: 1_700_000_000_000})
	fmt.Println(jsonv.String(out), defined, err)
	// Output: {"total":9,"first":"PEN"} true <nil>
}

func ExampleOptions_functions() {
	opts := &jsonata.Options{Functions: map[string]jsonata.Function{
		"double": {Signature: "<n:n>", Call: func(args []jsonv.Value) (jsonv.Value, bool, error) {
			return jsonv.Float(args[0].(jsonv.Number).Float64() * 2), true, nil
		}},
	}}
	out, _, _ := jsonata.MustCompile(`$double(21)`).Evaluate(jsonata.Undefined, nil, opts)
	fmt.Println(jsonv.String(out))
	// Output: 42
}

func ExampleError() {
	_, _, err := jsonata.MustCompile(`"a" + 1`).Evaluate(jsonata.Undefined, nil, nil)
	e := err.(*jsonata.Error)
	fmt.Println(e.Code, e.Position, e.Message)
	// Output: T2001 5 The left side of the "+" operator must evaluate to a number
}
