package asl

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stepd/stepd/jsonv"
)

func mustParse(t *testing.T, src string) *StateMachine {
	t.Helper()
	sm, ds := Parse([]byte(src))
	if ds.HasErrors() || sm == nil {
		t.Fatalf("unexpected diagnostics:\n%s", render(ds))
	}
	return sm
}

func mustParseFile(t *testing.T, name string) *StateMachine {
	t.Helper()
	data, err := os.ReadFile("testdata/valid/" + name + ".asl.json")
	if err != nil {
		t.Fatal(err)
	}
	return mustParse(t, string(data))
}

func get[T State](t *testing.T, ss *States, name string) T {
	t.Helper()
	st, ok := ss.Get(name)
	if !ok {
		t.Fatalf("no state %q", name)
	}
	s, ok := st.(T)
	if !ok {
		t.Fatalf("state %q is %T", name, st)
	}
	return s
}

func TestParseMachineFields(t *testing.T) {
	sm := mustParseFile(t, "jsonata_machine")
	if sm.QueryLanguage != JSONata || sm.Version != "1.0" || sm.TimeoutSeconds == nil || *sm.TimeoutSeconds != 3600 || sm.StartAt != "Init" {
		t.Errorf("machine fields: %+v", sm)
	}
	want := []string{"Init", "Call", "Decide", "Pause", "Until", "Items", "Both", "Done", "Failed"}
	if diff := cmp.Diff(want, sm.States.Names()); diff != "" {
		t.Errorf("document order (-want +got):\n%s", diff)
	}
	call := get[*Task](t, sm.States, "Call")
	if call.TimeoutSeconds.Expr != "{% $timeout %}" || !call.TimeoutSeconds.IsExpr() {
		t.Errorf("TimeoutSeconds = %+v", call.TimeoutSeconds)
	}
	if n, ok := call.HeartbeatSeconds.Int64(); !ok || n != 10 {
		t.Errorf("HeartbeatSeconds = %+v", call.HeartbeatSeconds)
	}
	if !call.IsJSONata() || call.QueryLanguage != "" || call.Pointer != "/States/Call" {
		t.Errorf("common = %+v", call.StateCommon)
	}
	if !call.Arguments.Set || call.Arguments.Pointer != "/States/Call/Arguments" {
		t.Errorf("Arguments = %+v", call.Arguments)
	}
	c := call.Catch[0]
	if c.Next != "Failed" || !c.Output.Set || !c.Assign.Set || c.Pointer != "/States/Call/Catch/0" {
		t.Errorf("catcher = %+v", c)
	}
	decide := get[*Choice](t, sm.States, "Decide")
	if len(decide.Choices) != 2 || decide.Choices[0].Condition.Value != "{% $count > 3 %}" || decide.Choices[1].Condition.Value != true || decide.Default != "Failed" {
		t.Errorf("choices = %+v", decide.Choices)
	}
	items := get[*Map](t, sm.States, "Items")
	if items.ItemProcessor == nil || items.ItemProcessor.Mode != ModeInline || items.ItemProcessor.States.Len() != 1 || items.ItemProcessor.Pointer != "/States/Items/ItemProcessor" {
		t.Errorf("processor = %+v", items.ItemProcessor)
	}
	if got := get[*Pass](t, items.ItemProcessor.States, "Each").Language; got != JSONata {
		t.Errorf("nested state language = %q, want the machine's", got)
	}
}

func TestParseRetryDefaults(t *testing.T) {
	sm := mustParseFile(t, "task_retry_catch")
	task := get[*Task](t, sm.States, "HelloWorld")
	delay := int64(60)
	want := []*Retrier{
		{ErrorEquals: []string{"HandledError"}, IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2, JitterStrategy: "NONE", Pointer: "/States/HelloWorld/Retry/0"},
		{ErrorEquals: []string{"States.TaskFailed"}, IntervalSeconds: 30, MaxAttempts: 2, BackoffRate: 2, MaxDelaySeconds: &delay, JitterStrategy: "FULL", Pointer: "/States/HelloWorld/Retry/1"},
		{ErrorEquals: []string{"States.ALL"}, IntervalSeconds: 1, MaxAttempts: 0, BackoffRate: 2, JitterStrategy: "NONE", Pointer: "/States/HelloWorld/Retry/2"},
	}
	if diff := cmp.Diff(want, task.Retry); diff != "" {
		t.Errorf("retriers (-want +got):\n%s", diff)
	}
	if got := task.Catch[1].ResultPath; got != (OptionalPath{Set: true, Path: "$.error", Pointer: "/States/HelloWorld/Catch/1/ResultPath"}) {
		t.Errorf("catch ResultPath = %+v", got)
	}
}

func TestParseOptionalPaths(t *testing.T) {
	sm := mustParseFile(t, "pass_result_resultpath")
	noop := get[*Pass](t, sm.States, "No-op")
	if noop.InputPath.Set || noop.ResultPath.Path != "$.coords" || !noop.Result.Set {
		t.Errorf("No-op = %+v", noop)
	}
	if !jsonv.Equal(noop.Result.Value, jsonv.MustParse(`{"x-datum":0.381018,"y-datum":622.2269926397355}`)) {
		t.Errorf("Result = %s", jsonv.String(noop.Result.Value))
	}
	params := get[*Pass](t, sm.States, "Params")
	if !params.ResultPath.Set || !params.ResultPath.Null || !params.OutputPath.Null || params.InputPath.Null || params.InputPath.Path != "$.coords" {
		t.Errorf("Params = %+v", params)
	}
}

func TestParseChoiceRules(t *testing.T) {
	sm := mustParseFile(t, "choice_operators")
	ch := get[*Choice](t, sm.States, "ChoiceStateX")
	not := ch.Choices[0]
	if not.Operator != OperatorNot || not.Not == nil || not.Not.Operator != "StringEquals" || not.Not.Variable != "$.type" || not.Not.Operand != "Private" || not.Next != "Public" {
		t.Errorf("Not rule = %+v / %+v", not, not.Not)
	}
	and := ch.Choices[2]
	if and.Operator != OperatorAnd || len(and.And) != 2 || and.And[1].Operand != jsonv.Number("30") || and.And[1].Pointer != "/States/ChoiceStateX/Choices/2/And/1" {
		t.Errorf("And rule = %+v", and)
	}
	if or := ch.Choices[3]; len(or.Or) != 6 || or.Or[0].Operator != "IsPresent" || or.Or[0].Operand != false {
		t.Errorf("Or rule = %+v", or)
	}
	if got := ch.Choices[5].OperandPointer(); got != "/States/ChoiceStateX/Choices/5/TimestampGreaterThanEqualsPath" {
		t.Errorf("OperandPointer = %q", got)
	}
	if n := len(ComparisonOperators); n != 39 {
		t.Errorf("%d comparison operators, want 39", n)
	}
}

func TestParseWaitFailParallel(t *testing.T) {
	sm := mustParseFile(t, "wait_all_forms")
	if w := get[*Wait](t, sm.States, "wait_until"); w.Timestamp.Value != "2026-03-14T01:59:00Z" || w.Seconds.Set {
		t.Errorf("wait_until = %+v", w)
	}
	if w := get[*Wait](t, sm.States, "wait_path"); w.SecondsPath.Path != "$.waitSeconds" {
		t.Errorf("wait_path = %+v", w)
	}
	sm = mustParseFile(t, "fail_paths")
	if f := get[*Fail](t, sm.States, "FailState"); f.ErrorPath.Path != "$.Error" || f.Error.Set || !f.CausePath.Set {
		t.Errorf("fail = %+v", f)
	}
	sm = mustParseFile(t, "parallel")
	p := get[*Parallel](t, sm.States, "LookupCustomerInfo")
	if len(p.Branches) != 2 || p.Branches[1].Comment != "second" || p.Branches[1].Pointer != "/States/LookupCustomerInfo/Branches/1" || p.Branches[0].StartAt != "LookupAddress" {
		t.Errorf("branches = %+v", p.Branches)
	}
	sm = mustParseFile(t, "map_legacy_iterator")
	m := get[*Map](t, sm.States, "Map")
	if m.ItemProcessor == nil || !m.ItemProcessor.Legacy || !m.Parameters.Set || m.ItemSelector.Set || m.MaxConcurrencyPath.Path != "$.max" {
		t.Errorf("legacy map = %+v", m)
	}
	sm = mustParseFile(t, "map_distributed")
	m = get[*Map](t, sm.States, "Map")
	if m.ItemProcessor.Mode != ModeDistributed || m.ItemProcessor.ExecutionType != "EXPRESS" || m.ToleratedFailurePercentage.Number != "5.5" || m.Label != "MyMapRun" || !m.ItemReader.Set {
		t.Errorf("distributed map = %+v", m)
	}
}

func TestTransitionsAndTerminal(t *testing.T) {
	sm := mustParseFile(t, "task_retry_catch")
	task, _ := sm.States.Get("HelloWorld")
	if diff := cmp.Diff([]string{"CustomErrorFallback", "CatchAllFallback"}, Transitions(task)); diff != "" {
		t.Error(diff)
	}
	if !IsTerminal(task) {
		t.Error("End: true state is terminal")
	}
}

func TestSourcePosition(t *testing.T) {
	src := "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\", \"End\": true}\n  }\n}"
	sm := mustParse(t, src)
	for _, tc := range []struct {
		ptr       string
		line, col int
	}{
		{"", 1, 1},
		{"/StartAt", 2, 14},
		{"/States/A", 4, 10},
		{"/States/A/End", 4, 34},
		{"/States/A/Missing", 4, 10}, // falls back to the parent
	} {
		if l, c := sm.Source.Position(tc.ptr); l != tc.line || c != tc.col {
			t.Errorf("Position(%q) = %d:%d, want %d:%d", tc.ptr, l, c, tc.line, tc.col)
		}
	}
	d := sm.Source.Diagnostic("INVALID_JSONPATH", "/States/A/End", "bad")
	if got, want := d.String(), "4:34: INVALID_JSONPATH: bad (at /States/A/End)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if !sm.Source.Has("/States/A") || sm.Source.Has("/States/B") {
		t.Error("Has")
	}
	if l, c := NewSource([]byte(src)).Position("/StartAt"); l != 2 || c != 14 {
		t.Errorf("NewSource position %d:%d", l, c)
	}
}

func TestDiagnosticsHelpers(t *testing.T) {
	_, ds := Parse([]byte(`{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"A"},"B":{"Type":"Succeed"}}}`))
	if !ds.HasErrors() || ds.Err() == nil || len(ds.Errors()) != len(ds) {
		t.Fatalf("diagnostics: %v", ds)
	}
	if ds.Error() != render(ds)[:len(render(ds))-1] {
		t.Errorf("Error() = %q", ds.Error())
	}
	w := Diagnostics{{Severity: SeverityWarning, Code: "X", Line: 1, Column: 1, Message: "m"}}
	if w.HasErrors() || w.Err() != nil || w[0].String() != "1:1: X: m (at /) [warning]" {
		t.Errorf("warning handling: %q", w[0].String())
	}
}

func TestIsTimestamp(t *testing.T) {
	for s, want := range map[string]bool{
		"2016-03-14T01:59:00Z":           true,
		"2016-03-14T01:59:00.123Z":       true,
		"2016-03-14T01:59:00+01:00":      true,
		"2016-03-14t01:59:00Z":           false,
		"2016-03-14T01:59:00z":           false,
		"2016-03-14 01:59:00Z":           false,
		"2016-03-14T01:59:00":            false,
		"2016-02-30T01:59:00Z":           false,
		"yesterday":                      false,
		"2016-03-14T25:59:00Z":           false,
		"2016-03-14T01:59:00.123456789Z": true,
	} {
		if got := IsTimestamp(s); got != want {
			t.Errorf("IsTimestamp(%q) = %v", s, got)
		}
	}
}
