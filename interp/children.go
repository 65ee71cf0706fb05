package interp

import (
	"github.com/stepd/stepd/asl"
	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
)

// parallel starts every branch of a Parallel state on the same input.
func (d *decider) parallel(path []*Thread, st *machine.State, env *machine.Env) {
	t := path[len(path)-1]
	var eff jsonv.Value
	var err error
	if st.JSONata {
		eff, _, err = d.arguments(t, st)
	} else {
		eff, err = d.inputPath(st, t.Input.V, env)
		if err == nil && st.Parameters != nil {
			eff, err = evalField(st.Parameters, eff, env)
		}
	}
	if err != nil {
		d.fail(path, err)
		return
	}
	t.Effective = Data{eff}
	d.emit(t, history.ParallelStateStarted, nil)
	t.Phase = PhaseChildren
	t.Children = make([]*Thread, len(st.Branches))
	for i, b := range st.Branches {
		t.Children[i] = d.fresh(&Thread{Scope: b.ID, State: b.StartAt, Input: Data{eff}, Index: -1, Last: t.Last, Vars: t.Vars})
	}
	d.startChildren(path, t.Children)
}

// startChildren runs new children one after the other; their ends are
// collected once all have run as far as they go.
func (d *decider) startChildren(path []*Thread, kids []*Thread) {
	t := path[len(path)-1]
	starting := d.starting(t, true)
	for _, k := range kids {
		if t.Phase != PhaseChildren || d.s.Closed() {
			break
		}
		d.run(append(path[:len(path):len(path)], k))
	}
	d.starting(t, starting)
	if !starting {
		d.checkChildren(path)
	}
}

// starting sets whether t is starting children and returns the old value.
// While starting, a child's end is recorded but the parent does not yet
// react, so that the children start in order.
func (d *decider) starting(t *Thread, on bool) bool {
	if d.busy == nil {
		d.busy = map[*Thread]bool{}
	}
	old := d.busy[t]
	d.busy[t] = on
	return old
}

// childEnded is called when a branch or iteration ends.
func (d *decider) childEnded(path []*Thread, k *Thread) {
	t := path[len(path)-1]
	if t.Phase != PhaseChildren {
		return
	}
	st := d.state(t)
	if st.Type == "Map" {
		typ := history.MapIterationSucceeded
		if k.Phase == PhaseFailed {
			typ = history.MapIterationFailed
		}
		id := d.emitAfter(k.Last, typ, &history.MapIterationEventDetails{Name: st.Name, Index: int64(k.Index)})
		t.Last = id
	} else {
		t.Last = k.Last
	}
	if d.busy[t] {
		return
	}
	d.checkChildren(path)
}

// emitAfter appends an event that follows event prev.
func (d *decider) emitAfter(prev int64, typ history.EventType, details history.Details) int64 {
	tmp := &Thread{Last: prev}
	return d.emit(tmp, typ, details)
}

// checkChildren reacts to the state of a Parallel's or Map's children:
// the first failure fails the state and aborts the rest; when all are done
// the state succeeds; a Map starts more iterations as slots free up.
func (d *decider) checkChildren(path []*Thread) {
	t := path[len(path)-1]
	st := d.state(t)
	isMap := st.Type == "Map"
	for {
		if t.Phase != PhaseChildren || d.s.Closed() {
			return
		}
		var failed *Thread
		running := 0
		for _, k := range t.Children {
			switch k.Phase {
			case PhaseFailed:
				if failed == nil {
					failed = k
				}
			case PhaseDone:
			default:
				running++
			}
		}
		if failed != nil {
			d.ownTree(t)
			for _, k := range t.Children {
				if k.Phase == PhaseDone || k.Phase == PhaseFailed || k.Phase == PhaseAborted {
					continue
				}
				d.abortBranch(k)
				if isMap {
					d.emitAfter(k.Last, history.MapIterationAborted, &history.MapIterationEventDetails{Name: st.Name, Index: int64(k.Index)})
				}
			}
			if isMap {
				d.emit(t, history.MapStateFailed, nil)
			} else {
				d.emit(t, history.ParallelStateFailed, nil)
			}
			t.Phase = PhaseIdle
			d.raise(path, failed.Error, failed.Cause)
			d.resume(path)
			return
		}
		if isMap && t.Started < itemCount(t) && (t.MaxConc <= 0 || running < t.MaxConc) {
			d.startItems(path, running)
			continue
		}
		if running > 0 {
			return
		}
		results := make([]jsonv.Value, len(t.Children))
		for i, k := range t.Children {
			results[i] = k.Output.V
		}
		if isMap {
			d.emit(t, history.MapStateSucceeded, nil)
		} else {
			d.emit(t, history.ParallelStateSucceeded, nil)
		}
		t.Children = nil
		t.Items = Data{}
		t.Phase = PhaseIdle
		d.afterResult(path, st, results)
		d.resume(path)
		return
	}
}

func itemCount(t *Thread) int {
	items, _ := t.Items.V.([]jsonv.Value)
	return len(items)
}

// mapState starts an inline Map state.
func (d *decider) mapState(path []*Thread, st *machine.State, env *machine.Env) {
	t := path[len(path)-1]
	if st.JSONata {
		d.mapJSONata(path, st)
		return
	}
	eff, err := d.inputPath(st, t.Input.V, env)
	if err != nil {
		d.fail(path, err)
		return
	}
	d.observe(st, StageAfterInputPath, eff)
	items := eff
	if readsItems(st) {
		items = []jsonv.Value{} // the shell reads them
	} else if st.ItemsPath.Set && !st.ItemsPath.Null {
		if items, err = st.ItemsPath.Path.Eval(eff, env); err != nil {
			d.fail(path, err)
			return
		}
	}
	list, ok := items.([]jsonv.Value)
	if !ok {
		d.fail(path, &stateError{"States.Runtime", "Unable to apply ItemsPath '" + itemsPathText(st) + "' to input: the value is not an array"})
		return
	}
	if !readsItems(st) {
		d.observe(st, StageAfterItemsPath, list)
	}
	conc := st.MaxConcurrency
	if st.MaxConcurrencyPath != nil {
		v, err := st.MaxConcurrencyPath.Eval(eff, env)
		if err != nil {
			d.fail(path, err)
			return
		}
		n, ok := v.(jsonv.Number)
		c, isInt := n.Int64()
		if !ok || !isInt || c < 0 {
			d.fail(path, &stateError{"States.Runtime", "The MaxConcurrencyPath parameter does not reference a valid non-negative integer value"})
			return
		}
		conc = c
	}
	d.observe(st, StageMaxConcurrency, jsonv.Int(conc))
	d.startMap(path, eff, list, conc)
}

// startMap starts a Map state's iterations over list.
func (d *decider) startMap(path []*Thread, eff jsonv.Value, list []jsonv.Value, conc int64) {
	t := path[len(path)-1]
	st := d.state(t)
	if distributed(st) || d.mockedMap(st) {
		d.startMapRun(path, st, eff, list, conc)
		return
	}
	if conc <= 0 || conc > 40 {
		conc = 40
	}
	t.Effective = Data{eff}
	if d.obs != nil && selects(st) {
		d.observeItemInputs(t, st, list)
	}
	t.Items = Data{list}
	t.Started = 0
	t.MaxConc = int(conc)
	t.Children = make([]*Thread, 0, len(list))
	d.emit(t, history.MapStateStarted, &history.MapStateStartedEventDetails{Length: int64(len(list))})
	t.Phase = PhaseChildren
	d.checkChildren(path)
}

func itemsPathText(st *machine.State) string {
	if st.ItemsPath.Path != nil {
		return st.ItemsPath.Path.String()
	}
	return "$"
}

// startItems starts iterations while slots are free.
func (d *decider) startItems(path []*Thread, running int) {
	t := path[len(path)-1]
	st := d.state(t)
	list := t.Items.V.([]jsonv.Value)
	var kids []*Thread
	for t.Started < len(list) && running < t.MaxConc {
		i := t.Started
		t.Started++
		running++
		input, err := d.itemInput(t, st, list, i)
		if err != nil {
			// An ItemSelector failure fails the Map state.
			d.ownTree(t)
			d.abort(t)
			t.Phase = PhaseIdle
			t.Children = nil
			d.fail(path, err)
			return
		}
		k := d.fresh(&Thread{Scope: st.Processor.ID, State: st.Processor.StartAt, Input: Data{input}, Index: i, Last: t.Last, Vars: childVars(t, st)})
		k.Last = d.emitAfter(t.Last, history.MapIterationStarted, &history.MapIterationEventDetails{Name: st.Name, Index: int64(i)})
		t.Children = append(t.Children, k)
		kids = append(kids, k)
	}
	old := d.starting(t, true)
	for _, k := range kids {
		if t.Phase != PhaseChildren || d.s.Closed() {
			break
		}
		d.run(append(path[:len(path):len(path)], k))
	}
	d.starting(t, old)
}

// observeItemInputs shows the Observer every iteration's input of an
// inline Map, which iterations make only as they start. An ItemSelector
// that fails here fails its iteration's start later. The random draws are
// put back, so an observed run draws what an execution does.
func (d *decider) observeItemInputs(t *Thread, st *machine.State, list []jsonv.Value) {
	rng := d.rng
	defer func() { d.rng = rng }()
	inputs := make([]jsonv.Value, len(list))
	for i := range list {
		v, err := d.itemInput(t, st, list, i)
		if err != nil {
			return
		}
		inputs[i] = v
	}
	d.observe(st, StageAfterItemSelector, inputs)
}

// selects reports whether a Map state has an ItemSelector (or the
// legacy Parameters).
func selects(st *machine.State) bool {
	return st.Selector != nil || st.ItemSelector != nil
}

// itemInput is the input of item i: the item itself, or what the
// ItemSelector makes of it.
func (d *decider) itemInput(t *Thread, st *machine.State, list []jsonv.Value, i int) (jsonv.Value, error) {
	if st.Selector != nil {
		item := jsonv.ObjectOf("Index", jsonv.Int(int64(i)), "Value", list[i])
		return st.Selector.Eval(d.queryEnv(t, d.statesVar(t, st, t.Input.V, item)))
	}
	if st.ItemSelector != nil {
		d.env.Context = nil
		d.env.Vars = varLookup(t)
		if st.UsesContext {
			d.env.Context = d.context(t, st, jsonv.ObjectOf("Index", jsonv.Int(int64(i)), "Value", list[i]))
		}
		return evalField(st.ItemSelector, t.Effective.V, &d.env)
	}
	return list[i], nil
}

var abortedTypes = map[string]history.EventType{
	"Task": history.TaskStateAborted, "Wait": history.WaitStateAborted,
	"Parallel": history.ParallelStateAborted, "Map": history.MapStateAborted,
}

// abortBranch stops a branch or iteration because a sibling failed: the
// state it is in records its <Type>StateAborted event (inner states
// first), then its tasks and timers are cancelled.
func (d *decider) abortBranch(t *Thread) {
	switch t.Phase {
	case PhaseTask, PhaseBackoff, PhaseWait, PhaseChildren, PhaseMapRun:
		st := d.state(t)
		if t.Phase == PhaseMapRun {
			t.Last = d.emitAfter(t.Last, history.MapRunAborted, nil)
		}
		if t.Phase == PhaseChildren {
			for _, k := range t.Children {
				if k.Phase == PhaseDone || k.Phase == PhaseFailed || k.Phase == PhaseAborted {
					continue
				}
				d.abortBranch(k)
				if st.Type == "Map" {
					d.emitAfter(k.Last, history.MapIterationAborted, &history.MapIterationEventDetails{Name: st.Name, Index: int64(k.Index)})
				}
			}
		}
		if typ, ok := abortedTypes[st.Type]; ok {
			d.emitAfter(t.Last, typ, nil)
		}
	}
	d.abort(t)
}

// childVars are the variables a Map iteration sees: the Map state's,
// except in a Distributed Map, whose child executions see none.
func childVars(t *Thread, st *machine.State) Data {
	if m, ok := st.AST.(*asl.Map); ok && m.ItemProcessor != nil && m.ItemProcessor.Mode == asl.ModeDistributed {
		return Data{}
	}
	return t.Vars
}

// mapJSONata starts a JSONata Map state: Items (default: the input, which
// must be an array) and MaxConcurrency.
func (d *decider) mapJSONata(path []*Thread, st *machine.State) {
	t := path[len(path)-1]
	qenv := d.queryEnv(t, d.statesVar(t, st, t.Input.V, nil))
	items := t.Input.V
	if readsItems(st) {
		items = []jsonv.Value{} // the shell reads them
	} else if st.Items != nil {
		v, err := st.Items.Eval(qenv)
		if err != nil {
			d.fail(path, err)
			return
		}
		items = v
	}
	list, ok := items.([]jsonv.Value)
	if !ok {
		if st.Items != nil {
			d.fail(path, &machine.QueryError{Field: "Items", Expr: st.Items.Source(), Unsupported: true})
		} else {
			d.fail(path, &stateError{"States.QueryEvaluationError", "An error occurred while executing the state '" + st.Name + "' (entered at the event id #" + itoa(t.EnteredID) + "). The Items field must evaluate to a JSON array"})
		}
		return
	}
	conc := st.MaxConcurrency
	if st.MaxConcurrencyQ != nil {
		c, err := queryInt(st.MaxConcurrencyQ, qenv, 0)
		if err != nil {
			d.fail(path, err)
			return
		}
		conc = c
	}
	d.observe(st, StageMaxConcurrency, jsonv.Int(conc))
	d.startMap(path, t.Input.V, list, conc)
}
