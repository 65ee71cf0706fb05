package jsonpath

import (
	"testing"

	"github.com/stepd/stepd/jsonv"
)

// resultPathInput is the state input of the AWS guide's ResultPath page.
const resultPathInput = `{"comment": "This is a test of the input and output of a Task state.", "details": "Default example", "who": "AWS Step Functions"}`

var resultPathCases = []struct {
	name   string
	path   string // "null" for ResultPath: null
	input  string
	result string
	want   string
	err    string
}{
	{name: "aws: ResultPath $ replaces the input with the result", path: "$", input: resultPathInput, result: `"Hello, AWS Step Functions!"`, want: `"Hello, AWS Step Functions!"`},
	{name: "aws: ResultPath null discards the result", path: "null", input: resultPathInput, result: `"Hello, AWS Step Functions!"`, want: resultPathInput},
	{name: "aws: ResultPath $.taskresult includes the result with the input", path: "$.taskresult", input: resultPathInput, result: `"Hello, AWS Step Functions!"`,
		want: `{"comment":"This is a test of the input and output of a Task state.","details":"Default example","who":"AWS Step Functions","taskresult":"Hello, AWS Step Functions!"}`},
	{name: "aws: ResultPath $.master.detail updates a node in the input", path: "$.master.detail", input: `{"master": {"detail": [1, 2, 3]}}`, result: `"Hello, AWS Step Functions!"`,
		want: `{"master":{"detail":"Hello, AWS Step Functions!"}}`},
	{name: "aws: Catch ResultPath $.error keeps the input with the error output", path: "$.error", input: `{"foo":"bar"}`, result: `{"Error":"States.TaskFailed","Cause":"boom"}`,
		want: `{"foo":"bar","error":{"Error":"States.TaskFailed","Cause":"boom"}}`},
	{name: "missing intermediate objects are created", path: "$.a.b.c", input: `{"x":1}`, result: `true`, want: `{"x":1,"a":{"b":{"c":true}}}`},
	{name: "an existing object on the way is extended", path: "$.a.b", input: `{"a":{"z":0}}`, result: `1`, want: `{"a":{"z":0,"b":1}}`},
	{name: "an existing key keeps its position", path: "$.who", input: resultPathInput, result: `"me"`,
		want: `{"comment":"This is a test of the input and output of a Task state.","details":"Default example","who":"me"}`},
	{name: "bracket notation", path: "$['my key']", input: `{}`, result: `1`, want: `{"my key":1}`},
	{name: "index replaces an array element", path: "$.a[1]", input: `{"a":[1,2,3]}`, result: `"x"`, want: `{"a":[1,"x",3]}`},
	{name: "negative index", path: "$.a[-1]", input: `{"a":[1,2,3]}`, result: `"x"`, want: `{"a":[1,2,"x"]}`},
	{name: "index then field", path: "$.a[0].b", input: `{"a":[{"c":1}]}`, result: `2`, want: `{"a":[{"c":1,"b":2}]}`},
	{name: "result may be null", path: "$.r", input: `{}`, result: `null`, want: `{"r":null}`},
	{name: "empty object input", path: "$.r", input: `{}`, result: `[1]`, want: `{"r":[1]}`},
	{name: "aws: a string input cannot take $.x", path: "$.x", input: `"foo"`, result: `1`, err: `Unable to apply step "x" to input "foo"`},
	{name: "an array input cannot take a field", path: "$.x", input: `[1]`, result: `1`, err: `Unable to apply step "x" to input [1]`},
	{name: "a null input cannot take a field", path: "$.x", input: `null`, result: `1`, err: `Unable to apply step "x" to input null`},
	{name: "a scalar on the way cannot take a field", path: "$.a.b", input: `{"a":5}`, result: `1`, err: `Unable to apply step "b" to input {"a":5}`},
	{name: "an index outside the array", path: "$.a[3]", input: `{"a":[1]}`, result: `1`, err: `Unable to apply step "3" to input {"a":[1]}`},
	{name: "an index into an object", path: "$.a[0]", input: `{"a":{}}`, result: `1`, err: `Unable to apply step "0" to input {"a":{}}`},
	{name: "an index into a missing array", path: "$.a[0]", input: `{}`, result: `1`, err: `Unable to apply step "0" to input {}`},
}

func TestApplyResultPath(t *testing.T) {
	for _, tc := range resultPathCases {
		t.Run(tc.name, func(t *testing.T) {
			var p *Path
			if tc.path != "null" {
				var err error
				if p, err = CompileReference(tc.path); err != nil {
					t.Fatal(err)
				}
			}
			input := jsonv.MustParse(tc.input)
			before := jsonv.String(input)
			got, err := ApplyResultPath(input, jsonv.MustParse(tc.result), p)
			if jsonv.String(input) != before {
				t.Fatalf("the input was modified: %s", jsonv.String(input))
			}
			if tc.err != "" {
				if e, ok := err.(*Error); !ok || e.Name != ErrResultPathMatchFailure {
					t.Fatalf("got %v, want %s", err, ErrResultPathMatchFailure)
				}
			}
			checkResult(t, got, err, tc.want, tc.err)
		})
	}
}

func TestApplyResultPathRejectsNonReference(t *testing.T) {
	for _, src := range []string{"$$.Execution", "$var.x", "$.a[*]"} {
		if _, err := ApplyResultPath(jsonv.NewObject(0), 1, MustCompile(src)); err == nil {
			t.Errorf("ApplyResultPath(%s) should fail", src)
		}
	}
}

func TestApplyResultPathSharesUntouchedValues(t *testing.T) {
	input := jsonv.MustParse(`{"keep":{"big":[1,2,3]},"a":{"b":1}}`).(*jsonv.Object)
	out, err := ApplyResultPath(input, "r", MustCompile("$.a.c"))
	if err != nil {
		t.Fatal(err)
	}
	kept, _ := out.(*jsonv.Object).Get("keep")
	orig, _ := input.Get("keep")
	if kept.(*jsonv.Object) != orig.(*jsonv.Object) {
		t.Error("values off the path should be shared, not copied")
	}
}
