package interp

import (
	"errors"
	"time"

	"github.com/stepd/stepd/asl"
	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
	"github.com/stepd/stepd/query/jsonata"
)

// QueryEvaluationError is the error of a JSONata field that failed.
const errQueryEvaluation = "States.QueryEvaluationError"

// statesVar builds the $states variable of a JSONata field.
// The context object is built only for a state whose expressions mention
// it (machine.State.UsesContext).
func (d *decider) statesVar(t *Thread, st *machine.State, input jsonv.Value, item *jsonv.Object) *jsonv.Object {
	if !st.UsesContext {
		return jsonv.ObjectOf("input", input)
	}
	return jsonv.ObjectOf("input", input, "context", d.context(t, st, item))
}

// queryEnv is the environment of a JSONata field of the thread's state.
func (d *decider) queryEnv(t *Thread, states *jsonv.Object) *machine.QueryEnv {
	return &machine.QueryEnv{
		States:    states,
		Vars:      varLookup(t),
		Options:   machineOptions(d.now, nil, &d.rng),
		Functions: d.functions,
	}
}

// varLookup reads the workflow variables visible to a thread.
func varLookup(t *Thread) func(string) (jsonv.Value, bool) {
	vars, _ := t.Vars.V.(*jsonv.Object)
	if vars == nil {
		return nil // no variables: nothing to allocate on the hot path
	}
	return vars.Get
}

// evalAssign evaluates an Assign field (either language) and keeps the
// assignments for the state's Exited event, which applies them.
func (d *decider) evalAssign(st *machine.State, tmpl machine.Evaluator, q *machine.Query, jsonpathInput jsonv.Value, env *machine.Env, qenv *machine.QueryEnv) error {
	var v jsonv.Value
	var err error
	switch {
	case q != nil:
		v, err = q.Eval(qenv)
	case tmpl != nil:
		v, err = tmpl.Eval(jsonpathInput, env)
	default:
		return nil
	}
	if err != nil {
		return err
	}
	obj, ok := v.(*jsonv.Object)
	if !ok {
		return &stateError{"States.Runtime", "The value of the field 'Assign' must be an object"}
	}
	if d.assigned != nil {
		// A Choice rule's Assign on top of the state's.
		merged := d.assigned.Clone()
		for _, m := range obj.Members() {
			merged.Set(m.Key, m.Value)
		}
		obj = merged
	}
	if jsonv.Size(obj) > jsonv.PayloadLimit {
		return &stateError{"States.Runtime", "The assigned variables of the state '" + st.Name + "' exceed the maximum size of 262144 bytes"}
	}
	d.assigned = obj
	return nil
}

// leaveJSONata evaluates a JSONata state's Assign and Output against the
// same $states (new variables are not visible to Output) and leaves.
func (d *decider) leaveJSONata(path []*Thread, st *machine.State, states *jsonv.Object, deflt jsonv.Value, assign, output *machine.Query, next int) {
	d.leaveJSONataRule(path, st, states, deflt, nil, assign, output, next)
}

// leaveJSONataRule is leaveJSONata for a Choice rule that matched: the
// state's Assign applies whichever rule matched, then the rule's own
// (state-choice.html, "Choice Rules (JSONata)").
func (d *decider) leaveJSONataRule(path []*Thread, st *machine.State, states *jsonv.Object, deflt jsonv.Value, stateAssign, assign, output *machine.Query, next int) {
	t := path[len(path)-1]
	qenv := d.queryEnv(t, states)
	d.assigned = nil
	if err := d.evalAssign(st, nil, stateAssign, nil, nil, qenv); err != nil {
		d.leaveFailed(path, err)
		return
	}
	if err := d.evalAssign(st, nil, assign, nil, nil, qenv); err != nil {
		d.assigned = nil
		d.leaveFailed(path, err)
		return
	}
	out := deflt
	if output != nil {
		v, err := output.Eval(qenv)
		if err != nil {
			d.assigned = nil
			d.leaveFailed(path, err)
			return
		}
		out = v
	}
	d.exit(path, st, out, next)
}

// leaveFailed raises an expression failure of a state's Assign or
// Output. One in a Catch's own Output or Assign fails the thread: it is
// not caught again.
func (d *decider) leaveFailed(path []*Thread, err error) {
	d.assigned = nil
	if d.catching {
		d.failThread(path, d.queryFailure(path, err))
		return
	}
	d.fail(path, err)
}

// applyAssigned merges the pending assignments into the thread's
// variables and returns them for the Exited event.
func (d *decider) applyAssigned(t *Thread) (history.Variables, *history.AssignedVariablesDetails, error) {
	a := d.assigned
	d.assigned = nil
	if a == nil {
		return nil, nil, nil
	}
	old, _ := t.Vars.V.(*jsonv.Object)
	var vars *jsonv.Object
	if old != nil {
		vars = old.Clone()
	} else {
		vars = jsonv.NewObject(a.Len())
	}
	hv := make(history.Variables, 0, a.Len())
	for _, m := range a.Members() {
		vars.Set(m.Key, m.Value)
		hv = append(hv, history.Variable{Name: m.Key, Value: string(jsonv.Marshal(m.Value))})
	}
	if jsonv.Size(vars) > MaxVariablesBytes {
		return nil, nil, &stateError{"States.Runtime", "The total size of the workflow variables exceeds the maximum of 10485760 bytes"}
	}
	t.Vars = Data{vars}
	return hv, &history.AssignedVariablesDetails{}, nil
}

// MaxVariablesBytes is AWS's limit on all the variables of an execution.
const MaxVariablesBytes = 10 << 20

// executeJSONata runs a JSONata state after its Entered event.
func (d *decider) executeJSONata(path []*Thread) {
	t := path[len(path)-1]
	st := d.state(t)
	input := t.Input.V
	states := d.statesVar(t, st, input, nil)
	qenv := d.queryEnv(t, states)
	switch st.Type {
	case asl.TypePass:
		d.leaveJSONata(path, st, states, input, st.JSONataAssign, st.Output, st.Next)
	case asl.TypeSucceed:
		d.leaveJSONata(path, st, states, input, st.JSONataAssign, st.Output, -1)
	case asl.TypeTask:
		d.dispatch(path, st, d.envFor(t, st))
	case asl.TypeChoice:
		for _, r := range st.Choices {
			v, err := r.Condition.Eval(qenv)
			if err != nil {
				d.fail(path, err)
				return
			}
			b, ok := v.(bool)
			if !ok {
				d.fail(path, &machine.QueryError{Field: "Condition", Expr: r.Condition.Source(), Unsupported: true})
				return
			}
			if b {
				out := r.Output
				if out == nil {
					out = st.Output
				}
				d.leaveJSONataRule(path, st, states, input, st.JSONataAssign, r.JSONataAssign, out, r.Next)
				return
			}
		}
		if st.Default < 0 {
			d.failThread(path, &stateError{"States.NoChoiceMatched", "No Matches!"})
			return
		}
		d.leaveJSONata(path, st, states, input, st.JSONataAssign, st.Output, st.Default)
	case asl.TypeWait:
		var due time.Time
		switch {
		case st.HasSeconds:
			due = d.now.Add(time.Duration(st.Seconds) * time.Second)
		case st.HasTimestamp:
			due = st.Timestamp
		case st.SecondsQ != nil:
			secs, err := queryInt(st.SecondsQ, qenv, 0)
			if err != nil {
				d.fail(path, err)
				return
			}
			due = d.now.Add(time.Duration(secs) * time.Second)
		case st.TimestampQ != nil:
			v, err := st.TimestampQ.Eval(qenv)
			if err != nil {
				d.fail(path, err)
				return
			}
			s, ok := v.(string)
			var ts time.Time
			if ok && asl.IsTimestamp(s) {
				ts, err = time.Parse(time.RFC3339Nano, s)
			}
			if !ok || !asl.IsTimestamp(s) || err != nil {
				d.fail(path, &machine.QueryError{Field: "Timestamp", Expr: st.TimestampQ.Source(), Unsupported: true})
				return
			}
			due = ts
		}
		t.Effective = Data{input}
		if !due.After(d.now) {
			d.waitDone(path)
			return
		}
		t.Phase = PhaseWait
		t.Timer = d.timer(due)
	case asl.TypeFail:
		name, cause := st.Error, st.Cause
		for _, f := range []struct {
			q   *machine.Query
			dst *string
		}{{st.ErrorQ, &name}, {st.CauseQ, &cause}} {
			if f.q == nil {
				continue
			}
			v, err := f.q.Eval(qenv)
			if err != nil {
				d.failThread(path, d.queryFailure(path, err))
				return
			}
			s, ok := v.(string)
			if !ok {
				d.failThread(path, d.queryFailure(path, &machine.QueryError{Field: f.q.Field, Expr: f.q.Source(), Unsupported: true}))
				return
			}
			*f.dst = s
		}
		d.failThread(path, &stateError{name, cause})
	case asl.TypeParallel:
		d.parallel(path, st, nil)
	case asl.TypeMap:
		d.mapState(path, st, nil)
	}
}

// queryInt evaluates a "{% %}" number field that must be an integer of at
// least min.
func queryInt(q *machine.Query, qenv *machine.QueryEnv, min int64) (int64, error) {
	v, err := q.Eval(qenv)
	if err != nil {
		return 0, err
	}
	n, ok := v.(jsonv.Number)
	i, isInt := n.Int64()
	if !ok || !isInt || i < min || i > asl.MaxIntegerSeconds {
		return 0, &machine.QueryError{Field: q.Field, Expr: q.Source(), Unsupported: true}
	}
	return i, nil
}

// waitDoneJSONata leaves a JSONata Wait state.
func (d *decider) waitDoneJSONata(path []*Thread, st *machine.State) {
	t := path[len(path)-1]
	states := d.statesVar(t, st, t.Input.V, nil)
	d.leaveJSONata(path, st, states, t.Input.V, st.JSONataAssign, st.Output, st.Next)
}

// queryFailure turns an expression failure into the state error AWS
// reports, recording the EvaluationFailed event.
func (d *decider) queryFailure(path []*Thread, err error) *stateError {
	var qe *machine.QueryError
	if !errors.As(err, &qe) {
		return asStateError(err)
	}
	t := path[len(path)-1]
	st := d.state(t)
	cause := "An error occurred while executing the state '" + st.Name + "' (entered at the event id #" + itoa(t.EnteredID) + "). " + qe.Error()
	d.emit(t, history.EvaluationFailed, &history.EvaluationFailedEventDetails{Error: errQueryEvaluation, Cause: cause, Location: qe.Field, State: st.Name})
	return &stateError{errQueryEvaluation, cause}
}

// arguments evaluates a JSONata Task's or Parallel's Arguments (default:
// the state input).
func (d *decider) arguments(t *Thread, st *machine.State) (jsonv.Value, *machine.QueryEnv, error) {
	states := d.statesVar(t, st, t.Input.V, nil)
	qenv := d.queryEnv(t, states)
	if st.Arguments == nil {
		return t.Input.V, qenv, nil
	}
	v, err := st.Arguments.Eval(qenv)
	return v, qenv, err
}

// functions returns the Step Functions functions of a mask (see
// machine.StepFunctionsFunctions), built once per decision.
func (d *decider) functions(mask uint32) map[string]jsonata.Function {
	if mask == 0 {
		return nil
	}
	if set, ok := d.fnSets[mask]; ok {
		return set
	}
	if d.fns == nil {
		d.fns = stepFunctions(&d.rng)
	}
	set := map[string]jsonata.Function{}
	for i, name := range machine.StepFunctionsFunctions {
		if mask&(1<<i) != 0 {
			set[name] = d.fns[name]
		}
	}
	if d.fnSets == nil {
		d.fnSets = map[uint32]map[string]jsonata.Function{}
	}
	d.fnSets[mask] = set
	return set
}
