package interp_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/stepd/stepd/conformance"
	"github.com/stepd/stepd/interp"
	"github.com/stepd/stepd/jsonv"
)

// mapStages starts def on input with an Observer (and preset) and returns
// what the Observer saw of the state M, with the first decision.
func mapStages(t *testing.T, def, input string, preset *interp.Preset) ([]string, interp.Decision) {
	t.Helper()
	m := load(t, def)
	rec := &recorder{}
	env := interp.Env{Now: conformance.StartTime, Seed: 1, Observer: rec, Preset: preset}
	d, err := interp.Decide(m, interp.New(m), interp.StartExecution{Execution: conformance.DefaultExecution, Input: jsonv.MustParse(input)}, env)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range rec.lines {
		if len(l) > 2 && l[:2] == "M " {
			lines = append(lines, l)
		}
	}
	return lines, d
}

// An inline JSONPath Map shows its input after InputPath, its items, every
// iteration's input (all at once, though iterations make theirs as they
// start) and MaxConcurrency as evaluated.
func TestObserverInlineMap(t *testing.T) {
	got, d := mapStages(t, `{"StartAt":"M","States":{"M":{"Type":"Map","InputPath":"$.in","ItemsPath":"$.list","MaxConcurrencyPath":"$.conc",
		"ItemSelector":{"i.$":"$$.Map.Item.Index","v.$":"$$.Map.Item.Value","k.$":"$.k"},
		"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`,
		`{"in":{"list":["a","b"],"conc":2,"k":7}}`, nil)
	want := []string{
		`M afterInputPath {"list":["a","b"],"conc":2,"k":7}`,
		`M afterItemsPath ["a","b"]`,
		`M maxConcurrency 2`,
		`M afterItemSelector [{"i":0,"v":"a","k":7},{"i":1,"v":"b","k":7}]`,
		`M afterResultSelector [{"i":0,"v":"a","k":7},{"i":1,"v":"b","k":7}]`,
		`M afterResultPath [{"i":0,"v":"a","k":7},{"i":1,"v":"b","k":7}]`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stages (-want +got):\n%s", diff)
	}
	if d.State.Closed() != true {
		t.Errorf("the Map's iterations did not run")
	}
}

// A JSONata Map has no afterItemsPath (Items is an expression); its
// ItemSelector's inputs and MaxConcurrency show.
func TestObserverJSONataMap(t *testing.T) {
	got, _ := mapStages(t, `{"QueryLanguage":"JSONata","StartAt":"M","States":{"M":{"Type":"Map","Items":"{% $states.input.xs %}",
		"ItemSelector":{"twice":"{% $states.context.Map.Item.Value * 2 %}"},"MaxConcurrency":"{% 1 + 2 %}",
		"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`,
		`{"xs":[1,2,3]}`, nil)
	want := []string{
		`M maxConcurrency 3`,
		`M afterItemSelector [{"twice":2},{"twice":4},{"twice":6}]`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stages (-want +got):\n%s", diff)
	}
}

const distributedBatches = `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.xs","ItemSelector":{"x.$":"$$.Map.Item.Value"},
	"ItemBatcher":{"MaxItemsPerBatch":2,"BatchInput":{"tag.$":"$.tag"}},"ToleratedFailureCountPath":"$.fails","ToleratedFailurePercentage":50,
	"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`

// A Distributed Map shows its batches and tolerances too, and asks for
// its Map Run as without an Observer.
func TestObserverDistributedMap(t *testing.T) {
	got, d := mapStages(t, distributedBatches, `{"xs":[1,2,3],"tag":"t","fails":1}`, nil)
	want := []string{
		`M afterInputPath {"xs":[1,2,3],"tag":"t","fails":1}`,
		`M afterItemsPath [1,2,3]`,
		`M maxConcurrency 0`,
		`M toleratedFailureCount 1`,
		`M toleratedFailurePercentage 50`,
		`M afterItemSelector [{"x":1},{"x":2},{"x":3}]`,
		`M afterItemBatcher [{"BatchInput":{"tag":"t"},"Items":[{"x":1},{"x":2}]},{"BatchInput":{"tag":"t"},"Items":[{"x":3}]}]`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stages (-want +got):\n%s", diff)
	}
	if run := startMapRun(d); run == nil || len(run.Inputs) != 2 {
		t.Errorf("effects %v, want a StartMapRun of two batches", d.Effects)
	}
}

func startMapRun(d interp.Decision) *interp.StartMapRun {
	for _, e := range d.Effects {
		if r, ok := e.(interp.StartMapRun); ok {
			return &r
		}
	}
	return nil
}

// With an ItemReader, the per-item stages come when the shell hands the
// items it read to MapRunInputs.
func TestObserverMapRunInputs(t *testing.T) {
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","ItemReader":{"Resource":"arn:aws:states:::s3:getObject","Parameters":{"Bucket":"b","Key":"k"}},
		"ItemSelector":{"x.$":"$$.Map.Item.Value.n"},"ItemBatcher":{"MaxItemsPerBatch":5},
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`
	got, d := mapStages(t, def, `{}`, nil)
	if diff := cmp.Diff([]string{`M afterInputPath {}`, `M maxConcurrency 0`}, got); diff != "" {
		t.Errorf("stages at the start (-want +got):\n%s", diff)
	}
	run := startMapRun(d)
	if run == nil || run.ItemReader == nil {
		t.Fatalf("effects %v, want a StartMapRun with an ItemReader", d.Effects)
	}
	m := load(t, def)
	rec := &recorder{}
	inputs, counts, err := interp.MapRunInputs(m, d.State, run.MapRunARN, []jsonv.Value{jsonv.MustParse(`{"n":1}`), jsonv.MustParse(`{"n":2}`)},
		interp.Env{Now: conformance.StartTime, Observer: rec})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`M afterItemSelector [{"x":1},{"x":2}]`,
		`M afterItemBatcher [{"Items":[{"x":1},{"x":2}]}]`,
	}
	if diff := cmp.Diff(want, rec.lines); diff != "" {
		t.Errorf("stages (-want +got):\n%s", diff)
	}
	if len(inputs) != 1 || len(counts) != 1 || counts[0] != 2 {
		t.Errorf("inputs %v counts %v", inputs, counts)
	}
}

// A Preset's MockedMap runs an inline Map as a Map Run whose end the shell
// reports: no iteration runs, and the reported result goes on through
// ResultPath (or the error through Catch).
func TestPresetMockedMap(t *testing.T) {
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.xs","ResultPath":"$.out",
		"Catch":[{"ErrorEquals":["Oops"],"Next":"H"}],
		"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}},"End":true},
		"H":{"Type":"Pass","End":true}}}`
	m := load(t, def)
	preset := &interp.Preset{MockedMap: "M"}
	for _, tc := range []struct {
		name string
		end  interp.MapRunEnded
		want string
	}{
		{"result", interp.MapRunEnded{Status: interp.StatusSucceeded, Output: jsonv.MustParse(`["r"]`)}, `{"xs":[1,2],"out":["r"]}`},
		{"error", interp.MapRunEnded{Status: interp.StatusFailed, Error: "Oops", Cause: "c"}, `{"Error":"Oops","Cause":"c"}`},
	} {
		lines, d := mapStages(t, def, `{"xs":[1,2]}`, preset)
		if len(lines) != 3 || lines[1] != `M afterItemsPath [1,2]` {
			t.Errorf("%s: stages %q", tc.name, lines)
		}
		run := startMapRun(d)
		if run == nil {
			t.Fatalf("%s: effects %v, want a StartMapRun", tc.name, d.Effects)
		}
		for _, e := range d.Effects {
			if _, ok := e.(interp.DispatchTask); ok {
				t.Errorf("%s: an iteration ran: %v", tc.name, e)
			}
		}
		tc.end.MapRunARN = run.MapRunARN
		env := interp.Env{Now: conformance.StartTime, Seed: 1, Preset: preset}
		d, err := interp.Decide(m, d.State, tc.end, env)
		if err != nil {
			t.Fatal(err)
		}
		var out string
		for _, e := range d.Effects {
			if c, ok := e.(interp.CloseExecution); ok {
				out = jsonv.String(c.Output)
			}
		}
		if out != tc.want {
			t.Errorf("%s: output %s, want %s", tc.name, out, tc.want)
		}
	}
}

// Seeing an inline Map's inputs at once draws no random numbers the
// execution would not: an observed decision is the same.
func TestObserverInlineMapChangesNothing(t *testing.T) {
	m := load(t, `{"StartAt":"M","States":{"M":{"Type":"Map","ItemSelector":{"id.$":"States.UUID()","v.$":"$$.Map.Item.Value"},
		"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}},"End":true}}}`)
	start := interp.StartExecution{Execution: conformance.DefaultExecution, Input: jsonv.MustParse(`[1,2,3]`)}
	plain, err := interp.Decide(m, interp.New(m), start, interp.Env{Now: conformance.StartTime, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	seen, err := interp.Decide(m, interp.New(m), start, interp.Env{Now: conformance.StartTime, Seed: 3, Observer: rec})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := plain.State.MarshalJSON()
	b, _ := seen.State.MarshalJSON()
	if string(a) != string(b) {
		t.Errorf("the observer changed the decision")
	}
	if len(rec.lines) == 0 || !strings.Contains(strings.Join(rec.lines, "\n"), "M afterItemSelector [{\"id\":") {
		t.Errorf("the inputs were not observed: %q", rec.lines)
	}
}
