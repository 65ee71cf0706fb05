package sfnapi

import (
	"context"
	"strings"

	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/interp"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
)

type testStateRequest struct {
	Definition      string         `json:"definition"`
	RoleArn         string         `json:"roleArn"`
	Input           *string        `json:"input"`
	InspectionLevel string         `json:"inspectionLevel"`
	RevealSecrets   bool           `json:"revealSecrets"`
	Variables       *string        `json:"variables"`
	StateName       string         `json:"stateName"`
	Mock            *testStateMock `json:"mock"`
}

type testStateMock struct {
	Result      *string `json:"result"`
	ErrorOutput *struct {
		Error string `json:"error"`
		Cause string `json:"cause"`
	} `json:"errorOutput"`
}

type inspectionData struct {
	Input  string  `json:"input"`
	Result *string `json:"result,omitempty"`
}

type testStateResponse struct {
	Output         *string         `json:"output,omitempty"`
	Error          string          `json:"error,omitempty"`
	Cause          string          `json:"cause,omitempty"`
	InspectionData *inspectionData `json:"inspectionData,omitempty"`
	NextState      string          `json:"nextState,omitempty"`
	Status         string          `json:"status"`
}

// testStateName names a lone state definition inside the wrapper machine.
const testStateName = "TestState"

// testState runs one state through the interpreter: the state is wrapped
// in a machine whose every transition target is a placeholder Succeed
// state, so the placeholder entered names nextState. Task states need a
// mock (stepd calls no AWS service for TestState).
func (h *handler) testState(ctx context.Context, req *testStateRequest) (*testStateResponse, error) {
	def, err := jsonv.Parse([]byte(req.Definition))
	if err != nil {
		return nil, errf("InvalidDefinition", "Invalid State Machine Definition: '%v'", err)
	}
	obj, ok := def.(*jsonv.Object)
	if !ok {
		return nil, errf("InvalidDefinition", "Invalid State Machine Definition: 'the definition must be an object'")
	}
	var state *jsonv.Object
	name := req.StateName
	top := jsonv.NewObject(2)
	if states, ok := obj.Get("States"); ok {
		so, _ := states.(*jsonv.Object)
		if name == "" {
			start, _ := obj.Get("StartAt")
			name, _ = start.(string)
		}
		if so != nil {
			v, _ := so.Get(name)
			state, _ = v.(*jsonv.Object)
		}
		if ql, ok := obj.Get("QueryLanguage"); ok {
			top.Set("QueryLanguage", ql)
		}
		if state == nil {
			return nil, validation("", "State '%s' not found in the definition", name)
		}
	} else {
		state, name = obj, testStateName
	}
	placeholders := map[string]bool{}
	collectTargets(state, placeholders)
	states := jsonv.NewObject(len(placeholders) + 1)
	states.Set(name, state)
	for target := range placeholders {
		if target != name {
			states.Set(target, jsonv.ObjectOf("Type", "Succeed"))
		}
	}
	top.Set("StartAt", name)
	top.Set("States", states)
	m, ds := machine.Load(jsonv.Append(nil, top))
	if ds.HasErrors() {
		return nil, invalidDefinition(ds)
	}
	inputText := "{}"
	if req.Input != nil {
		inputText = *req.Input
	}
	input, err := jsonv.Parse([]byte(inputText))
	if err != nil {
		return nil, errf("InvalidExecutionInput", "Invalid State Machine Execution Input: '%v'", err)
	}
	now := h.clock.Now()
	exec := interp.Execution{ExecutionArn: h.prefix() + "execution:TestState:test", Name: "test", StateMachineArn: h.stateMachineARN("TestState"), StateMachineName: "TestState", RoleArn: req.RoleArn}
	s := interp.New(m)
	d, err := interp.Decide(m, s, interp.StartExecution{Execution: exec, Input: input}, interp.Env{Now: now, Seed: 1})
	if err != nil {
		return nil, errf("InvalidExecutionInput", "%v", err)
	}
	out := &testStateResponse{}
	var events []history.Event
	failed := false
	for steps := 0; steps < 16; steps++ {
		events = append(events, d.Events...)
		var next interp.Input
		for _, eff := range d.Effects {
			switch e := eff.(type) {
			case interp.CloseExecution:
				return h.testStateResult(req, out, name, inputText, events, e, failed), nil
			case interp.DispatchTask:
				if req.Mock == nil {
					return nil, validation("", "stepd's TestState needs a mock result or errorOutput for Task state '%s' (%s)", e.StateName, e.Resource)
				}
				if req.Mock.ErrorOutput != nil {
					failed = true
					out.Error, out.Cause = req.Mock.ErrorOutput.Error, req.Mock.ErrorOutput.Cause
					next = interp.TaskFailed{TaskID: e.TaskID, Error: req.Mock.ErrorOutput.Error, Cause: req.Mock.ErrorOutput.Cause}
				} else {
					text := "null"
					if req.Mock.Result != nil {
						text = *req.Mock.Result
					}
					v, err := jsonv.Parse([]byte(text))
					if err != nil {
						return nil, validation("", "The mock result is not valid JSON: %v", err)
					}
					out.InspectionData = &inspectionData{Input: inputText, Result: &text}
					next = interp.TaskSucceeded{TaskID: e.TaskID, Output: v}
				}
			case interp.StartTimer:
				if failed {
					// A retrier matched the error: AWS answers RETRIABLE.
					out.Status = "RETRIABLE"
					return out, nil
				}
				next = interp.TimerFired{TimerID: e.TimerID}
			}
			if next != nil {
				break
			}
		}
		if next == nil {
			break
		}
		if d, err = interp.Decide(m, d.State, next, interp.Env{Now: now}); err != nil {
			return nil, err
		}
	}
	return nil, errf("InternalFailure", "TestState did not finish")
}

func (h *handler) testStateResult(req *testStateRequest, out *testStateResponse, name, input string, events []history.Event, c interp.CloseExecution, failed bool) *testStateResponse {
	next := ""
	for _, ev := range events {
		if strings.HasSuffix(string(ev.Type), "StateEntered") && ev.StateName() != name {
			next = ev.StateName()
		}
	}
	if req.InspectionLevel == "DEBUG" || req.InspectionLevel == "TRACE" {
		if out.InspectionData == nil {
			out.InspectionData = &inspectionData{}
		}
		out.InspectionData.Input = input
	} else {
		out.InspectionData = nil
	}
	switch {
	case c.Status != interp.StatusSucceeded:
		out.Status, out.Error, out.Cause = "FAILED", c.Error, c.Cause
	case failed:
		out.Status, out.NextState = "CAUGHT_ERROR", next
	default:
		out.Status, out.NextState, out.Error, out.Cause = "SUCCEEDED", next, "", ""
	}
	if c.Status == interp.StatusSucceeded {
		s := jsonv.String(c.Output)
		out.Output = &s
	}
	return out
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
