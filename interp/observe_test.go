package interp_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/stepd/stepd/conformance"
	"github.com/stepd/stepd/interp"
	"github.com/stepd/stepd/jsonv"
)

// recorder writes down what an Observer is told, one line each.
type recorder struct{ lines []string }

func (r *recorder) Stage(state string, stage interp.Stage, v jsonv.Value) {
	r.lines = append(r.lines, fmt.Sprintf("%s %s %s", state, stage, jsonv.String(v)))
}

func (r *recorder) Handled(h interp.Handled) {
	r.lines = append(r.lines, fmt.Sprintf("%s handled %s (%s) retry=%d catch=%d backoff=%s", h.State, h.Error, h.Cause, h.RetryIndex, h.CatchIndex, h.Backoff))
}

// The Observer sees each stage of a Task's data flow, and the retrier and
// catcher that take its errors; the Preset's retry count skips attempts.
func TestObserverAndPreset(t *testing.T) {
	m := load(t, `{"StartAt":"T","States":{
		"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","InputPath":"$.in","Parameters":{"n.$":"$.n","r.$":"$$.State.RetryCount","v.$":"$seed"},
			"ResultSelector":{"got.$":"$.x"},"ResultPath":"$.out","OutputPath":"$.out","Assign":{"last.$":"$.got"},
			"Retry":[{"ErrorEquals":["Busy"],"IntervalSeconds":3,"MaxAttempts":2,"BackoffRate":2}],
			"Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"Next":"N"},
		"H":{"Type":"Pass","End":true},"N":{"Type":"Pass","End":true}}}`)
	start := interp.StartExecution{Execution: conformance.DefaultExecution, Input: jsonv.MustParse(`{"in":{"n":1}}`)}
	run := func(preset *interp.Preset, answers ...interp.Input) []string {
		rec := &recorder{}
		env := interp.Env{Now: conformance.StartTime, Seed: 1, Observer: rec, Preset: preset}
		d, err := interp.Decide(m, interp.New(m), start, env)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range answers {
			var task string
			for _, e := range d.Effects {
				if dt, ok := e.(interp.DispatchTask); ok {
					task = dt.TaskID
				}
			}
			switch a := in.(type) {
			case interp.TaskSucceeded:
				a.TaskID = task
				in = a
			case interp.TaskFailed:
				a.TaskID = task
				in = a
			}
			if d, err = interp.Decide(m, d.State, in, env); err != nil {
				t.Fatal(err)
			}
		}
		return rec.lines
	}
	vars := jsonv.MustParse(`{"seed":"s"}`).(*jsonv.Object)
	got := run(&interp.Preset{Variables: vars}, interp.TaskSucceeded{Output: jsonv.MustParse(`{"x":5}`)})
	want := []string{
		`T afterInputPath {"n":1}`,
		`T afterParameters {"n":1,"r":0,"v":"s"}`,
		`T result {"x":5}`,
		`T afterResultSelector {"got":5}`,
		`T afterResultPath {"in":{"n":1},"out":{"got":5}}`,
		`T variables {"seed":"s","last":5}`,
		`N afterInputPath {"got":5}`,
		`N afterParameters {"got":5}`,
		`N afterResultSelector {"got":5}`,
		`N afterResultPath {"got":5}`,
		`N variables {"seed":"s","last":5}`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("success (-want +got):\n%s", diff)
	}

	got = run(&interp.Preset{Variables: vars}, interp.TaskFailed{Error: "Busy", Cause: "try later"})
	if diff := cmp.Diff(`T handled Busy (try later) retry=0 catch=-1 backoff=3s`, got[len(got)-1]); diff != "" {
		t.Errorf("first attempt:\n%s", diff)
	}
	// One attempt already made: $$.State.RetryCount is 1, the back-off doubles.
	got = run(&interp.Preset{Variables: vars, RetryCount: 1}, interp.TaskFailed{Error: "Busy", Cause: "try later"})
	if !strings.Contains(got[1], `"r":1`) || got[len(got)-1] != `T handled Busy (try later) retry=0 catch=-1 backoff=6s` {
		t.Errorf("second attempt: %q", got)
	}
	// Attempts exhausted: the catcher takes it.
	got = run(&interp.Preset{Variables: vars, RetryCount: 2}, interp.TaskFailed{Error: "Busy", Cause: "try later"})
	if !containsLine(got, `T handled Busy (try later) retry=-1 catch=0 backoff=0s`) {
		t.Errorf("exhausted: %q", got)
	}
	// A preset context replaces $$.
	ctx := jsonv.MustParse(`{"State":{"RetryCount":7}}`).(*jsonv.Object)
	got = run(&interp.Preset{Variables: vars, Context: ctx})
	if got[1] != `T afterParameters {"n":1,"r":7,"v":"s"}` {
		t.Errorf("context: %q", got)
	}
}

func containsLine(lines []string, s string) bool {
	for _, l := range lines {
		if l == s {
			return true
		}
	}
	return false
}

// An Observer changes nothing the decisions produce.
func TestObserverChangesNothing(t *testing.T) {
	m := load(t, taskMachine)
	start := interp.StartExecution{Execution: conformance.DefaultExecution, Input: jsonv.MustParse(`{"a":1}`)}
	plain, err := interp.Decide(m, interp.New(m), start, interp.Env{Now: conformance.StartTime, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	seen, err := interp.Decide(m, interp.New(m), start, interp.Env{Now: conformance.StartTime, Seed: 3, Observer: &recorder{}})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := plain.State.MarshalJSON()
	b, _ := seen.State.MarshalJSON()
	if string(a) != string(b) || len(plain.Events) != len(seen.Events) {
		t.Errorf("the observer changed the decision")
	}
}
