package sfnapi

import (
	"context"

	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
)

type testStateRequest struct {
	Definition         string                  `json:"definition"`
	RoleArn            string                  `json:"roleArn"`
	Input              *string                 `json:"input"`
	InspectionLevel    string                  `json:"inspectionLevel"`
	RevealSecrets      bool                    `json:"revealSecrets"`
	Variables          *string                 `json:"variables"`
	StateName          string                  `json:"stateName"`
	Mock               *testStateMock          `json:"mock"`
	Context            *string                 `json:"context"`
	StateConfiguration *testStateConfiguration `json:"stateConfiguration"`
}

type testStateMock struct {
	Result              *string           `json:"result"`
	ErrorOutput         *testStateMockErr `json:"errorOutput"`
	FieldValidationMode string            `json:"fieldValidationMode"`
}

type testStateMockErr struct {
	Error *string `json:"error"`
	Cause string  `json:"cause"`
}

type testStateConfiguration struct {
	ErrorCausedByState       string `json:"errorCausedByState"`
	MapItemReaderData        string `json:"mapItemReaderData"`
	MapIterationFailureCount *int64 `json:"mapIterationFailureCount"`
	RetrierRetryCount        *int64 `json:"retrierRetryCount"`
}

type testStateResponse struct {
	Output         *string         `json:"output,omitempty"`
	Error          string          `json:"error,omitempty"`
	Cause          string          `json:"cause,omitempty"`
	InspectionData *inspectionData `json:"inspectionData,omitempty"`
	NextState      string          `json:"nextState,omitempty"`
	Status         string          `json:"status"`
}

// Test statuses (TestExecutionStatus).
const (
	testSucceeded   = "SUCCEEDED"
	testFailed      = "FAILED"
	testRetriable   = "RETRIABLE"
	testCaughtError = "CAUGHT_ERROR"
)

// testStateName names a lone state definition inside the wrapper machine.
const testStateName = "TestState"

// testState runs one state as AWS's TestState does: the state is wrapped
// in a machine whose every transition target is a placeholder Succeed
// state (the placeholder entered names nextState), and run by the
// interpreter. A Task calls its resource through the same runners as the
// engine, unless the request mocks it.
func (h *handler) testState(ctx context.Context, req *testStateRequest) (*testStateResponse, error) {
	t, err := h.prepareTest(req)
	if err != nil {
		return nil, err
	}
	return h.runTest(ctx, t)
}

// testRun is a checked TestState request, ready to run.
type testRun struct {
	req       *testStateRequest
	name      string // the state under test
	stateType string
	resource  string
	machine   *machine.Machine
	input     jsonv.Value
	inputText string
	vars      *jsonv.Object
	context   *jsonv.Object
	mock      jsonv.Value // the parsed mock result (nil for errorOutput)
	level     string
	inMap     bool // the state is inside a Map's ItemProcessor
}

// prepareTest checks the request and builds the wrapper machine. The
// checks follow AWS's order where it is known: definition, then request
// fields, then the mock against the state.
func (h *handler) prepareTest(req *testStateRequest) (*testRun, error) {
	t := &testRun{req: req, level: req.InspectionLevel}
	if err := checkTestLengths(req); err != nil {
		return nil, err
	}
	switch t.level {
	case "":
		t.level = "INFO"
	case "INFO", "DEBUG", "TRACE":
	default:
		return nil, validation("", "1 validation error detected: Value '%s' at 'inspectionLevel' failed to satisfy constraint: Member must satisfy enum value set: [INFO, DEBUG, TRACE]", req.InspectionLevel)
	}
	if req.Mock != nil {
		switch req.Mock.FieldValidationMode {
		case "", "STRICT", "PRESENT", "NONE":
		default:
			return nil, validation("", "1 validation error detected: Value '%s' at 'mock.fieldValidationMode' failed to satisfy constraint: Member must satisfy enum value set: [STRICT, PRESENT, NONE]", req.Mock.FieldValidationMode)
		}
	}
	if sc := req.StateConfiguration; sc != nil {
		// Map runs are not simulated: a mocked Map state's mock is its
		// whole result (see asMockedTask).
		if sc.MapIterationFailureCount != nil || sc.MapItemReaderData != "" {
			return nil, validation("", "stepd's TestState does not simulate Map iterations: stateConfiguration.mapIterationFailureCount and mapItemReaderData are not supported")
		}
		if n := len(sc.ErrorCausedByState); n > 80 {
			return nil, validation("", "1 validation error detected: Value at 'stateConfiguration.errorCausedByState' failed to satisfy constraint: Member must have length less than or equal to 80")
		}
	}
	if req.StateConfiguration != nil {
		for field, n := range map[string]*int64{"retrierRetryCount": req.StateConfiguration.RetrierRetryCount, "mapIterationFailureCount": req.StateConfiguration.MapIterationFailureCount} {
			if n != nil && *n < 0 {
				return nil, validation("", "1 validation error detected: Value '%d' at 'stateConfiguration.%s' failed to satisfy constraint: Member must have value greater than or equal to 0", *n, field)
			}
		}
	}
	state, err := t.wrap()
	if err != nil {
		return nil, err
	}
	if err := t.checkMock(state); err != nil {
		return nil, err
	}
	if err := t.parseData(); err != nil {
		return nil, err
	}
	return t, nil
}

// checkTestLengths applies the request's length constraints.
func checkTestLengths(req *testStateRequest) error {
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	var mockResult string
	if req.Mock != nil {
		mockResult = str(req.Mock.Result)
	}
	for _, f := range []struct {
		field    string
		value    string
		min, max int
	}{
		{"definition", req.Definition, 1, 1 << 20},
		{"input", str(req.Input), 0, 262144},
		{"variables", str(req.Variables), 0, 262144},
		{"context", str(req.Context), 0, 262144},
		{"mock.result", mockResult, 0, 262144},
		{"roleArn", req.RoleArn, 0, 256},
		{"stateName", req.StateName, 0, 80},
	} {
		switch n := len(f.value); {
		case n < f.min:
			return validation("", "1 validation error detected: Value at '%s' failed to satisfy constraint: Member must have length greater than or equal to %d", f.field, f.min)
		case n > f.max:
			return validation("", "1 validation error detected: Value at '%s' failed to satisfy constraint: Member must have length less than or equal to %d", f.field, f.max)
		}
	}
	return nil
}

// wrap finds the state under test and builds the wrapper machine around
// it; it returns the state's definition.
func (t *testRun) wrap() (*jsonv.Object, error) {
	req := t.req
	def, err := jsonv.Parse([]byte(req.Definition))
	if err != nil {
		return nil, errf("InvalidDefinition", "Invalid State Machine Definition: '%v'", err)
	}
	obj, ok := def.(*jsonv.Object)
	if !ok {
		return nil, errf("InvalidDefinition", "Invalid State Machine Definition: 'the definition must be an object'")
	}
	var state *jsonv.Object
	top := jsonv.NewObject(2)
	if states, ok := obj.Get("States"); ok {
		t.name = req.StateName
		so, _ := states.(*jsonv.Object)
		if t.name == "" {
			start, _ := obj.Get("StartAt")
			t.name, _ = start.(string)
		}
		if so != nil {
			state, t.inMap = findState(so, t.name, false)
		}
		if ql, ok := obj.Get("QueryLanguage"); ok {
			top.Set("QueryLanguage", ql)
		}
		if state == nil {
			return nil, validation("", "State '%s' not found in the definition", t.name)
		}
		// The whole machine must be valid, not only the state under test.
		if _, ds := machine.Load([]byte(req.Definition)); ds.HasErrors() {
			return nil, invalidDefinition(ds)
		}
	} else {
		if req.StateName != "" {
			return nil, errf("InvalidDefinition", "Invalid State Machine Definition: 'a stateName needs a full state machine definition (StartAt and States)'")
		}
		state, t.name = obj, testStateName
	}
	typ, _ := state.Get("Type")
	t.stateType, _ = typ.(string)
	res, _ := state.Get("Resource")
	t.resource, _ = res.(string)
	switch t.stateType {
	case "Map", "Parallel":
		if req.Mock == nil {
			return nil, errf("InvalidDefinition", "TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]")
		}
	}
	run := state
	if req.Mock != nil && (t.stateType == "Map" || t.stateType == "Parallel") {
		run = asMockedTask(state)
	}
	placeholders := map[string]bool{}
	collectTargets(state, placeholders)
	states := jsonv.NewObject(len(placeholders) + 1)
	states.Set(t.name, run)
	for target := range placeholders {
		if target != t.name {
			states.Set(target, jsonv.ObjectOf("Type", "Succeed"))
		}
	}
	top.Set("StartAt", t.name)
	top.Set("States", states)
	m, ds := machine.Load(jsonv.Append(nil, top))
	if ds.HasErrors() {
		if run != state {
			// Report the problems of the definition as given.
			if _, ds2 := machine.Load(jsonv.Append(nil, jsonv.ObjectOf("StartAt", t.name, "States", jsonv.ObjectOf(t.name, state)))); ds2.HasErrors() {
				return nil, invalidDefinition(ds2)
			}
		}
		return nil, invalidDefinition(ds)
	}
	t.machine = m
	return state, nil
}

// mockedResource is the resource of the Task a mocked Map or Parallel
// state runs as: the mock answers it, nothing else can.
const mockedResource = "arn:aws:states:::stepd:testState.mock"

// asMockedTask turns a Map or Parallel state into a Task with the same
// input and output processing, Retry and Catch: with a mock, AWS runs
// neither branches nor iterations, the mock is the state's result.
func asMockedTask(state *jsonv.Object) *jsonv.Object {
	task := jsonv.NewObject(state.Len())
	task.Set("Type", "Task")
	task.Set("Resource", mockedResource)
	for _, m := range state.Members() {
		switch m.Key {
		case "Comment", "QueryLanguage", "InputPath", "ResultSelector", "ResultPath", "OutputPath",
			"Output", "Assign", "Retry", "Catch", "Next", "End":
			task.Set(m.Key, m.Value)
		case "Parameters", "Arguments":
			// A Map's Parameters are its legacy ItemSelector, per item.
			if v, _ := state.Get("Type"); v == "Parallel" {
				task.Set(m.Key, m.Value)
			}
		}
	}
	return task
}

// checkMock checks the mock against the state as AWS does.
func (t *testRun) checkMock(state *jsonv.Object) error {
	req := t.req
	if req.Mock == nil {
		if req.Context != nil {
			return validation("", "The context field can only be specified when a mock is specified")
		}
		if t.stateType == "Task" {
			res := runner.ParseResource(t.resource)
			switch {
			case res.Kind == runner.KindActivity:
				return validation("", "TestState does not support Activity tasks without a mock")
			case res.Pattern == "sync" || res.Pattern == "sync:2":
				return validation("", "TestState does not support the .sync service integration pattern without a mock")
			case res.Pattern == "waitForTaskToken":
				return validation("", "TestState does not support the .waitForTaskToken service integration pattern without a mock")
			}
			if req.RoleArn == "" {
				return validation("", "RoleArn must be specified when testing a Task state")
			}
		}
		return nil
	}
	switch t.stateType {
	case "Task", "Map", "Parallel":
	default:
		return validation("", "State type '%s' is not supported when a mock is specified", t.stateType)
	}
	if req.RevealSecrets {
		return validation("", "TestState does not support RevealSecrets when a mock is specified.")
	}
	m := req.Mock
	if m.Result != nil && m.ErrorOutput != nil {
		return validation("", "A test mock should have only one of the following fields: [result, errorOutput].")
	}
	if m.Result == nil && m.ErrorOutput == nil {
		return validation("", "A test mock should have one of the following fields: [result, errorOutput].")
	}
	if sc := req.StateConfiguration; sc != nil && sc.ErrorCausedByState != "" {
		// The state a mocked Map or Parallel error comes from must be one
		// of its own.
		if t.stateType == "Task" || !containsState(state, sc.ErrorCausedByState) {
			return validation("", "stateConfiguration.errorCausedByState '%s' is not a state inside the Map or Parallel state under test", sc.ErrorCausedByState)
		}
	}
	if m.ErrorOutput != nil {
		if m.ErrorOutput.Error == nil {
			return validation("", "1 validation error detected: Value null at 'mock.errorOutput.error' failed to satisfy constraint: Member must not be null")
		}
		return nil
	}
	v, err := jsonv.Parse([]byte(*m.Result))
	if err != nil {
		return validation("", "Mocked result must be valid JSON")
	}
	t.mock = v
	switch t.stateType {
	case "Parallel":
		arr, ok := v.([]jsonv.Value)
		if !ok {
			return validation("", "Mocked result must be an array.")
		}
		branches, _ := state.Get("Branches")
		if list, _ := branches.([]jsonv.Value); len(list) != len(arr) {
			return validation("", "Mocked result must contain the same number of items as number of Parallel branches.")
		}
	case "Map":
		if _, writer := state.Get("ResultWriter"); writer {
			if _, ok := v.(*jsonv.Object); !ok {
				return validation("", "Mocked result must be a JSON object.")
			}
		} else if _, ok := v.([]jsonv.Value); !ok {
			return validation("", "Mocked result must be an array.")
		}
	}
	return nil
}

// parseData parses input, variables and context.
func (t *testRun) parseData() error {
	req := t.req
	t.inputText = "{}"
	if req.Input != nil {
		t.inputText = *req.Input
	}
	input, err := jsonv.Parse([]byte(t.inputText))
	if err != nil {
		return errf("InvalidExecutionInput", "Invalid State Machine Execution Input: '%v'", err)
	}
	t.input = input
	if req.Variables != nil {
		v, err := jsonv.Parse([]byte(*req.Variables))
		obj, ok := v.(*jsonv.Object)
		if err != nil || !ok {
			return validation("", "The variables field must be a JSON object whose keys are variable names")
		}
		t.vars = obj
	}
	if req.Context != nil {
		v, err := jsonv.Parse([]byte(*req.Context))
		obj, ok := v.(*jsonv.Object)
		if err != nil || !ok {
			return validation("", "The context field must be a JSON object (a Context object)")
		}
		if err := t.checkContext(obj); err != nil {
			return err
		}
		t.context = obj
	}
	return nil
}

// contextFields are the members a mocked Context object may have, with
// the JSON kind of each ("" for any value).
var contextFields = map[string]map[string]string{
	"Execution":    {"Id": "string", "Input": "", "Name": "string", "RoleArn": "string", "StartTime": "string", "RedriveCount": "number", "RedriveTime": "string"},
	"State":        {"EnteredTime": "string", "Name": "string", "RetryCount": "number"},
	"StateMachine": {"Id": "string", "Name": "string"},
	"Task":         {"Token": "string"},
}

// checkContext checks a mocked Context object as AWS does: known members
// only, of the right kinds; Map never, Task only for a callback or .sync
// Task.
func (t *testRun) checkContext(ctx *jsonv.Object) error {
	bad := func(format string, args ...any) error {
		return validation("", "Invalid Context object provided: "+format, args...)
	}
	for _, m := range ctx.Members() {
		fields, known := contextFields[m.Key]
		switch {
		case m.Key == "Map":
			return bad("'Map' field is not supported when mocking a Context object")
		case !known:
			return bad("Field '%s' is not allowed", m.Key)
		case m.Key == "Task":
			res := runner.ParseResource(t.resource)
			if t.stateType != "Task" || (res.Pattern != "sync" && res.Pattern != "sync:2" && res.Pattern != "waitForTaskToken") {
				return bad("Context object contains 'Task' when state is not a Task state with a '.sync' or '.waitForTaskToken' service integration pattern")
			}
		}
		obj, ok := m.Value.(*jsonv.Object)
		if !ok {
			return bad("%s must be an object", m.Key)
		}
		for _, f := range obj.Members() {
			kind, known := fields[f.Key]
			if !known {
				return bad("Field '%s' is not allowed", f.Key)
			}
			if kind != "" && jsonv.KindOf(f.Value).String() != kind {
				return bad("%s.%s must be a %s", m.Key, f.Key, kind)
			}
		}
	}
	return nil
}

// findState looks for the state called name in states, then in the
// branches of Parallel states and the processors of Map states; inMap says
// whether it was found inside a Map.
func findState(states *jsonv.Object, name string, inMap bool) (*jsonv.Object, bool) {
	if v, ok := states.Get(name); ok {
		st, _ := v.(*jsonv.Object)
		return st, inMap
	}
	for _, m := range states.Members() {
		st, _ := m.Value.(*jsonv.Object)
		if st == nil {
			continue
		}
		var scopes []jsonv.Value
		if b, ok := st.Get("Branches"); ok {
			scopes, _ = b.([]jsonv.Value)
		}
		mapScope := false
		for _, key := range []string{"ItemProcessor", "Iterator"} {
			if p, ok := st.Get(key); ok {
				scopes, mapScope = append(scopes, p), true
			}
		}
		for _, sc := range scopes {
			obj, _ := sc.(*jsonv.Object)
			if obj == nil {
				continue
			}
			inner, _ := obj.Get("States")
			if so, ok := inner.(*jsonv.Object); ok {
				if found, fm := findState(so, name, inMap || mapScope); found != nil {
					return found, fm
				}
			}
		}
	}
	return nil, false
}

// containsState reports whether a Parallel's branches or a Map's
// processor define a state called name, at any depth.
func containsState(v jsonv.Value, name string) bool {
	switch x := v.(type) {
	case *jsonv.Object:
		if states, ok := x.Get("States"); ok {
			if so, ok := states.(*jsonv.Object); ok {
				if _, ok := so.Get(name); ok {
					return true
				}
			}
		}
		for _, m := range x.Members() {
			if containsState(m.Value, name) {
				return true
			}
		}
	case []jsonv.Value:
		for _, e := range x {
			if containsState(e, name) {
				return true
			}
		}
	}
	return false
}

// collectTargets gathers every state name the state can transition to.
func collectTargets(v jsonv.Value, into map[string]bool) {
	switch x := v.(type) {
	case *jsonv.Object:
		for _, m := range x.Members() {
			switch m.Key {
			case "Next", "Default":
				if s, ok := m.Value.(string); ok {
					into[s] = true
				}
			case "Choices", "Catch":
				collectTargets(m.Value, into)
			}
		}
	case []jsonv.Value:
		for _, e := range x {
			collectTargets(e, into)
		}
	}
}
