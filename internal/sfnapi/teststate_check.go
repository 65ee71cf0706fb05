package sfnapi

import (
	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/jsonv"
)

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
