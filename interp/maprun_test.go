package interp_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stepd/stepd/conformance"
	"github.com/stepd/stepd/interp"
	"github.com/stepd/stepd/jsonv"
)

func TestToleranceExceeded(t *testing.T) {
	cases := []struct {
		count         int64
		countSet      bool
		pct           float64
		pctSet        bool
		failed, total int
		want          bool
	}{
		{failed: 0, total: 5, want: false},                                                  // nothing failed
		{failed: 1, total: 5, want: true},                                                   // no tolerance: any failure
		{count: 1, countSet: true, failed: 1, total: 5, want: false},                        // at the count
		{count: 1, countSet: true, failed: 2, total: 5, want: true},                         // beyond it
		{pct: 40, pctSet: true, failed: 2, total: 5, want: false},                           // 40% of 5 is 2
		{pct: 40, pctSet: true, failed: 3, total: 5, want: true},                            // 60%
		{pct: 0, pctSet: true, failed: 1, total: 5, want: true},                             // 0% set
		{count: 9, countSet: true, pct: 10, pctSet: true, failed: 2, total: 10, want: true}, // either one
		{count: 0, countSet: true, pct: 50, pctSet: true, failed: 1, total: 10, want: true},
	}
	for i, c := range cases {
		if got := interp.ToleranceExceeded(c.count, c.countSet, c.pct, c.pctSet, c.failed, c.total); got != c.want {
			t.Errorf("case %d %+v: got %v", i, c, got)
		}
	}
}

// startRun decides StartExecution of def on input and returns the Map
// Run it asks for.
func startRun(t *testing.T, def, input string) (interp.StartMapRun, interp.Decision) {
	t.Helper()
	m := load(t, def)
	d, err := interp.Decide(m, interp.New(m), interp.StartExecution{Execution: conformance.DefaultExecution, Input: jsonv.MustParse(input)},
		interp.Env{Now: conformance.StartTime, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range d.Effects {
		if r, ok := e.(interp.StartMapRun); ok {
			return r, d
		}
	}
	t.Fatalf("no StartMapRun in %+v", d.Effects)
	return interp.StartMapRun{}, d
}

func distributed(fields string) string {
	return `{"StartAt":"M","States":{"M":{"Type":"Map",` + fields + `"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},
		"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`
}

func inputs(r interp.StartMapRun) string {
	var b []string
	for _, in := range r.Inputs {
		b = append(b, jsonv.String(in))
	}
	return strings.Join(b, " ") + fmt.Sprint(r.Items)
}

func TestStartMapRun(t *testing.T) {
	r, _ := startRun(t, distributed(`"Label":"L","MaxConcurrency":0,"ItemsPath":"$.xs","ToleratedFailurePercentagePath":"$.pct",`), `{"pct":12.5,"xs":[]}`)
	if r.MaxConcurrency != 0 || !r.ToleratedFailurePercentageSet || r.ToleratedFailurePercentage != 12.5 || r.ToleratedFailureCountSet {
		t.Errorf("settings %+v", r)
	}
	if len(r.Inputs) != 0 {
		t.Errorf("inputs %s", inputs(r))
	}
	if !strings.HasPrefix(r.MapRunARN, "arn:aws:states:us-east-1:123456789012:mapRun:Machine/L:") || r.StateMachineARN != "arn:aws:states:us-east-1:123456789012:stateMachine:Machine/L" {
		t.Errorf("ARNs %s %s", r.MapRunARN, r.StateMachineARN)
	}
	if string(r.Definition) != `{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}` {
		t.Errorf("definition %s", r.Definition)
	}
}

func TestMapRunBatches(t *testing.T) {
	cases := []struct{ fields, input, want string }{
		// MaxItemsPerBatch.
		{`"ItemBatcher":{"MaxItemsPerBatch":2},`, `[1,2,3]`, `{"Items":[1,2]} {"Items":[3]}[2 1]`},
		// MaxInputBytesPerBatch: each item counts its size plus a separator.
		{`"ItemBatcher":{"MaxInputBytesPerBatch":10},`, `["aa","bb","cc"]`, `{"Items":["aa","bb"]} {"Items":["cc"]}[2 1]`},
		// A path, and BatchInput from the state input.
		{`"ItemsPath":"$.xs","ItemBatcher":{"MaxItemsPerBatchPath":"$.n","BatchInput":{"k.$":"$.k"}},`, `{"xs":[1,2,3],"n":3,"k":7}`,
			`{"BatchInput":{"k":7},"Items":[1,2,3]}[3]`},
		// ItemSelector applies to each item before batching.
		{`"ItemSelector":{"v.$":"$$.Map.Item.Value","i.$":"$$.Map.Item.Index"},"ItemBatcher":{"MaxItemsPerBatch":5},`, `["a","b"]`,
			`{"Items":[{"v":"a","i":0},{"v":"b","i":1}]}[2]`},
		// No batcher: one child per item.
		{``, `[{"x":1},{"x":2}]`, `{"x":1} {"x":2}[1 1]`},
	}
	for _, c := range cases {
		r, _ := startRun(t, distributed(c.fields), c.input)
		if got := inputs(r); got != c.want {
			t.Errorf("%s on %s:\n got %s\nwant %s", c.fields, c.input, got, c.want)
		}
	}
}

// A bad tolerance fails the state before any run starts.
func TestMapRunBadTolerance(t *testing.T) {
	m := load(t, distributed(`"ItemsPath":"$.xs","ToleratedFailureCountPath":"$.n",`))
	d, err := interp.Decide(m, interp.New(m), interp.StartExecution{Execution: conformance.DefaultExecution, Input: jsonv.MustParse(`{"n":-1,"xs":[1]}`)},
		interp.Env{Now: conformance.StartTime, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	last := d.Events[len(d.Events)-1]
	name, cause, _ := last.Failure()
	if last.Type != "ExecutionFailed" || name != "States.Runtime" || !strings.Contains(cause, "ToleratedFailureCount of the state 'M' must be a non-negative integer, not -1") {
		t.Errorf("%s %s %s", last.Type, name, cause)
	}
}

// MapRunInputs makes the items an ItemReader read into the children's
// inputs in the state that waits for the run.
func TestMapRunInputs(t *testing.T) {
	def := distributed(`"ItemReader":{"Resource":"arn:aws:states:::s3:getObject","Parameters":{"Bucket":"b","Key.$":"$.key"},"ReaderConfig":{"MaxItemsPath":"$.max"}},
		"ItemSelector":{"row.$":"$$.Map.Item.Value","at.$":"$$.Map.Item.Index"},"ItemBatcher":{"MaxItemsPerBatch":2},`)
	r, d := startRun(t, def, `{"key":"k.json","max":3}`)
	if got := jsonv.String(r.ItemReader); got != `{"Resource":"arn:aws:states:::s3:getObject","Parameters":{"Bucket":"b","Key":"k.json"},"ReaderConfig":{"MaxItems":3}}` {
		t.Errorf("ItemReader %s", got)
	}
	m := load(t, def)
	in, counts, err := interp.MapRunInputs(m, d.State, r.MapRunARN, []jsonv.Value{"x", "y", "z"}, interp.Env{Now: conformance.StartTime})
	if err != nil {
		t.Fatal(err)
	}
	got := jsonv.String(in) + fmt.Sprint(counts)
	if want := `[{"Items":[{"row":"x","at":0},{"row":"y","at":1}]},{"Items":[{"row":"z","at":2}]}][2 1]`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if _, _, err := interp.MapRunInputs(m, d.State, r.MapRunARN+"x", nil, interp.Env{}); err == nil {
		t.Errorf("an unknown run was accepted")
	}
}
