package history

import (
	"strings"
	"testing"
)

func TestStateTypes(t *testing.T) {
	for _, st := range []string{"Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"} {
		in, ok := StateEnteredType(st)
		if !ok || in.StateType() != st {
			t.Errorf("%s: entered %s %v", st, in, ok)
		}
		out, ok := StateExitedType(st)
		if want := st != "Fail"; ok != want || (ok && out.StateType() != st) {
			t.Errorf("%s: exited %s %v", st, out, ok)
		}
	}
	if _, ok := StateEnteredType("Teleport"); ok {
		t.Error("unknown state type accepted")
	}
	if _, ok := StateEnteredType("Execution"); ok {
		t.Error("Execution is not a state type")
	}
}

func TestWithoutData(t *testing.T) {
	for _, typ := range Types() {
		e := sampleEvent(typ)
		before, _ := AppendJSON(nil, e)
		got, _ := AppendJSON(nil, WithoutData(e))
		after, _ := AppendJSON(nil, e)
		if string(before) != string(after) {
			t.Fatalf("%s: WithoutData modified its argument", typ)
		}
		for _, member := range []string{`"input":`, `"output":`, `"assignedVariables":`} {
			if strings.Contains(string(got), member) {
				t.Errorf("%s keeps %s: %s", typ, member, got)
			}
		}
		if strings.Contains(string(before), `Details":{"truncated":false}`) && !strings.Contains(string(got), `Details":{"truncated":false}`) {
			t.Errorf("%s lost its data details flag: %s", typ, got)
		}
	}
}
