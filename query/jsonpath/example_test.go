package jsonpath_test

import (
	"fmt"

	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/query/jsonpath"
)

// The AWS guide's "InputPath, ResultPath and OutputPath Example": a Task
// with InputPath $.lambda, ResultPath $.data.lambdaresult and OutputPath
// $.data.
func Example() {
	input := jsonv.MustParse(`{"comment": "An input comment.", "data": {"val1": 23, "val2": 17},
		"extra": "foo", "lambda": {"who": "AWS Step Functions"}}`)
	inputPath := jsonpath.MustCompile("$.lambda")
	resultPath, _ := jsonpath.CompileReference("$.data.lambdaresult")
	outputPath := jsonpath.MustCompile("$.data")

	taskInput, _ := inputPath.Eval(input, nil)
	fmt.Println("task input:", jsonv.String(taskInput))

	who, _ := taskInput.(*jsonv.Object).Get("who")
	result := "Hello, " + who.(string) + "!"

	combined, _ := jsonpath.ApplyResultPath(input, result, resultPath)
	output, _ := outputPath.Eval(combined, nil)
	fmt.Println("state output:", jsonv.String(output))
	// Output:
	// task input: {"who":"AWS Step Functions"}
	// state output: {"val1":23,"val2":17,"lambdaresult":"Hello, AWS Step Functions!"}
}

// A Parameters template with a path, the context object and an intrinsic.
func ExampleCompileTemplate() {
	tpl, err := jsonpath.CompileTemplate(jsonv.MustParse(`{
		"greeting.$": "States.Format('Hello, {}!', $.who)",
		"execution.$": "$$.Execution.Name",
		"static": [1, 2]}`))
	if err != nil {
		panic(err)
	}
	env := &jsonpath.Env{Context: jsonv.MustParse(`{"Execution": {"Name": "run-1"}}`)}
	out, err := tpl.Eval(jsonv.MustParse(`{"who": "Ada"}`), env)
	fmt.Println(jsonv.String(out), err)

	_, err = tpl.Eval(jsonv.MustParse(`{}`), env)
	fmt.Println(err)
	// Output:
	// {"greeting":"Hello, Ada!","execution":"run-1","static":[1,2]} <nil>
	// States.Runtime: The JSONPath '$.who' specified for the field 'greeting.$' could not be found in the input '{}' (Invalid path '$.who' : No results for path: $['who'])
}
