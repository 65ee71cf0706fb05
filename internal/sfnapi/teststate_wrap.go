package sfnapi

import (
	"strconv"

	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
)

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
		// A Map or Parallel may hold a state of that name (AWS accepts
		// it): the wrapper's name for the lone state must differ.
		for i := 1; containsState(state, t.name); i++ {
			t.name = testStateName + strconv.Itoa(i)
		}
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
	if req.Mock != nil && t.stateType == "Parallel" {
		run = asMockedTask(state)
	}
	// A mocked Map runs as it is: the interpreter works out its items and
	// settings, and the mock answers for its iterations (runTest).
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

// mockedResource is the resource of the Task a mocked Parallel state
// runs as: the mock answers it, nothing else can.
const mockedResource = "arn:aws:states:::stepd:testState.mock"

// asMockedTask turns a Parallel state into a Task with the same input and
// output processing, Retry and Catch: with a mock, AWS runs no branch,
// the mock is the state's result.
func asMockedTask(state *jsonv.Object) *jsonv.Object {
	task := jsonv.NewObject(state.Len())
	task.Set("Type", "Task")
	task.Set("Resource", mockedResource)
	for _, m := range state.Members() {
		switch m.Key {
		case "Comment", "QueryLanguage", "InputPath", "Parameters", "Arguments", "ResultSelector", "ResultPath", "OutputPath",
			"Output", "Assign", "Retry", "Catch", "Next", "End":
			task.Set(m.Key, m.Value)
		}
	}
	return task
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
