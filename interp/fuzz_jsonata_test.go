package interp_test

import (
	"testing"

	"github.com/stepd/stepd/conformance"
	"github.com/stepd/stepd/interp"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
)

// FuzzJSONataState: any expression in Assign and Output of a JSONata
// state, on any input, ends the execution (succeeded or failed with an
// error) and never panics; a failure is States.QueryEvaluationError or a
// States.Runtime limit.
func FuzzJSONataState(f *testing.F) {
	for _, seed := range []struct{ assign, output, input string }{
		{`$states.input.a`, `$x`, `{"a":1}`},
		{`$partition($states.input, 2)`, `$range(1, $x[0][0], 1)`, `[5,6,7]`},
		{`$hash($string($states.input), 'SHA-256')`, `$parse($string($states.context))`, `"s"`},
		{`$random(7)`, `$uuid() & $now()`, `null`},
		{`$eval('1')`, `$x ~> $count`, `{}`},
		{`function($f){$f($f)}(function($f){$f($f)})`, `$x`, `{}`},
	} {
		f.Add(seed.assign, seed.output, seed.input)
	}
	f.Fuzz(func(t *testing.T, assign, output, input string) {
		in, err := jsonv.Parse([]byte(input))
		if err != nil {
			return
		}
		def := jsonv.ObjectOf("QueryLanguage", "JSONata", "StartAt", "A", "States", jsonv.ObjectOf(
			"A", jsonv.ObjectOf("Type", "Pass", "Assign", jsonv.ObjectOf("x", "{% "+assign+" %}"), "Next", "B"),
			"B", jsonv.ObjectOf("Type", "Task", "Resource", "arn:aws:states:::lambda:invoke", "Arguments", "{% "+output+" %}",
				"Catch", []jsonv.Value{jsonv.ObjectOf("ErrorEquals", []jsonv.Value{"States.ALL"}, "Output", "{% "+output+" %}", "Next", "C")}, "Next", "C"),
			"C", jsonv.ObjectOf("Type", "Pass", "Output", "{% "+output+" %}", "End", true)))
		m, ds := machine.Load(jsonv.Marshal(def))
		if ds.HasErrors() {
			return
		}
		res, err := conformance.Run(m, conformance.DefaultExecution, in, nil, conformance.Options{})
		if err != nil {
			t.Fatal(err)
		}
		switch res.Status {
		case interp.StatusSucceeded:
		case interp.StatusFailed:
			if res.Error != "States.QueryEvaluationError" && res.Error != "States.Runtime" && res.Error != "States.DataLimitExceeded" {
				t.Fatalf("failed with %s: %s", res.Error, res.Cause)
			}
		default:
			t.Fatalf("status %s", res.Status)
		}
	})
}
