package interp

import (
	"time"

	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
	"github.com/stepd/stepd/query/intrinsic"
	"github.com/stepd/stepd/query/jsonpath"
)

type jsonpathError = intrinsic.Error

// envFor returns the expression environment of a state: the context object
// is built only when one of the state's expressions reads it.
func (d *decider) envFor(t *Thread, st *machine.State) *machine.Env {
	d.env.Context = nil
	d.env.Vars = varLookup(t)
	if st.UsesContext {
		d.env.Context = d.context(t, st, nil)
	}
	return &d.env
}

// timestamp formats t as AWS does in the context object.
func timestamp(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// context builds the context object ($$) for a state; item is the Map item
// ({Index, Value}) while an ItemSelector runs.
func (d *decider) context(t *Thread, st *machine.State, item *jsonv.Object) *jsonv.Object {
	if d.preset != nil && d.preset.Context != nil {
		return d.preset.Context
	}
	s := d.s
	ex := jsonv.NewObject(7)
	ex.Set("Id", s.Execution.ExecutionArn)
	ex.Set("Input", s.Input.V)
	ex.Set("Name", s.Execution.Name)
	ex.Set("RoleArn", s.Execution.RoleArn)
	ex.Set("StartTime", timestamp(s.StartTime))
	ex.Set("RedriveCount", jsonv.Int(s.RedriveCount))
	if s.RedriveCount > 0 {
		ex.Set("RedriveTime", timestamp(s.RedriveTime))
	}
	state := jsonv.ObjectOf("EnteredTime", timestamp(t.Entered), "Name", st.Name, "RetryCount", jsonv.Int(t.RetryCount))
	sm := jsonv.ObjectOf("Id", s.Execution.StateMachineArn, "Name", s.Execution.StateMachineName)
	ctx := jsonv.ObjectOf("Execution", ex, "State", state, "StateMachine", sm)
	if t.TaskToken != "" {
		ctx.Set("Task", jsonv.ObjectOf("Token", t.TaskToken))
	}
	if item != nil {
		ctx.Set("Map", jsonv.ObjectOf("Item", item))
	}
	return ctx
}

// inputPath applies InputPath: absent keeps the input, null gives {}.
func (d *decider) inputPath(st *machine.State, input jsonv.Value, env *machine.Env) (jsonv.Value, error) {
	return applyPath(st.InputPath, input, env)
}

// outputPath applies OutputPath: absent keeps the output, null gives {}.
func (d *decider) outputPath(st *machine.State, output jsonv.Value, env *machine.Env) (jsonv.Value, error) {
	return applyPath(st.OutputPath, output, env)
}

func applyPath(p machine.Path, v jsonv.Value, env *machine.Env) (jsonv.Value, error) {
	switch {
	case !p.Set:
		return v, nil
	case p.Null:
		return jsonv.NewObject(0), nil
	case p.Path.IsRoot() && p.Path.Root() == jsonpath.RootInput:
		return v, nil
	}
	return p.Path.Eval(v, env)
}

// resultPath combines the state input and its result: absent puts the
// result in place of the input, null discards the result.
func (d *decider) resultPath(p machine.Path, input, result jsonv.Value) (jsonv.Value, error) {
	switch {
	case !p.Set:
		return result, nil
	case p.Null:
		return input, nil
	}
	return jsonpath.ApplyResultPath(input, result, p.Path)
}

// evalField evaluates a payload template (Parameters, ResultSelector,
// ItemSelector).
func evalField(e machine.Evaluator, input jsonv.Value, env *machine.Env) (jsonv.Value, error) {
	return e.Eval(input, env)
}
