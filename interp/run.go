package interp

import (
	"time"

	"github.com/stepd/stepd/asl"
	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
)

// stateError is a failure raised while running a state.
type stateError struct{ Name, Cause string }

func (d *decider) state(t *Thread) *machine.State {
	return d.m.Scopes[t.Scope].States[t.State]
}

// run advances the last thread of path until it blocks or ends, then lets
// its parent (or the execution) react to its end.
//
// run is re-entrant: when a thread that is already running in an outer
// call moves on (a Parallel whose branches all ended at once), the outer
// loop carries on and run returns at once.
func (d *decider) run(path []*Thread) {
	t := path[len(path)-1]
	if d.running[t] {
		return
	}
	if d.running == nil {
		d.running = map[*Thread]bool{}
	}
	d.running[t] = true
	for t.Phase == PhaseIdle && !d.s.Closed() {
		d.enter(path)
	}
	delete(d.running, t)
	d.settle(path)
}

// settle reacts to the end of the last thread of path.
func (d *decider) settle(path []*Thread) {
	t := path[len(path)-1]
	if d.s.Closed() {
		return
	}
	if len(path) == 1 {
		switch t.Phase {
		case PhaseDone:
			d.emit(t, history.ExecutionSucceeded, &history.OutputDetails{Output: d.encode(t.Output.V), OutputDetails: notTruncated})
			d.close(StatusSucceeded, t.Output.V, "", "")
		case PhaseFailed:
			d.closeAll()
			d.emit(t, history.ExecutionFailed, errorDetails(t.Error, t.Cause))
			d.close(StatusFailed, nil, t.Error, t.Cause)
		}
		return
	}
	if t.Phase == PhaseDone || t.Phase == PhaseFailed {
		d.childEnded(path[:len(path)-1], t)
	}
}

var enteredTypes = map[string][2]history.EventType{
	asl.TypePass:     {history.PassStateEntered, history.PassStateExited},
	asl.TypeTask:     {history.TaskStateEntered, history.TaskStateExited},
	asl.TypeChoice:   {history.ChoiceStateEntered, history.ChoiceStateExited},
	asl.TypeWait:     {history.WaitStateEntered, history.WaitStateExited},
	asl.TypeSucceed:  {history.SucceedStateEntered, history.SucceedStateExited},
	asl.TypeFail:     {history.FailStateEntered, ""},
	asl.TypeParallel: {history.ParallelStateEntered, history.ParallelStateExited},
	asl.TypeMap:      {history.MapStateEntered, history.MapStateExited},
}

// enter enters the thread's current state and runs it as far as it goes.
func (d *decider) enter(path []*Thread) {
	t := path[len(path)-1]
	st := d.state(t)
	id := d.emit(t, enteredTypes[st.Type][0], &history.StateEnteredEventDetails{Name: st.Name, Input: d.encode(t.Input.V), InputDetails: notTruncated})
	t.Entered = d.now
	t.EnteredID = id
	t.FailedRun, t.MapRunRedrives = "", 0
	t.RetryCount = 0
	t.Retries = nil
	if d.preset != nil {
		t.RetryCount = d.preset.RetryCount
	}
	d.reseed(id)
	d.execute(path)
}

// reseed derives the randomness of what follows from the execution seed
// and the id of the event that starts it, so that replay draws the same.
//
// The execution ARN is mixed in so that executions started with the same
// seed still draw different task tokens and UUIDs.
func (d *decider) reseed(eventID int64) {
	if d.arnHash == 0 {
		h := uint64(14695981039346656037) // FNV-1a
		for i := 0; i < len(d.s.Execution.ExecutionArn); i++ {
			h ^= uint64(d.s.Execution.ExecutionArn[i])
			h *= 1099511628211
		}
		d.arnHash = h | 1
	}
	d.rng.State = d.s.Execution.Seed ^ d.arnHash ^ uint64(eventID)*0x9e3779b97f4a7c15
}

// execute runs the thread's current state after its Entered event (and
// again after a retry back-off).
func (d *decider) execute(path []*Thread) {
	t := path[len(path)-1]
	st := d.state(t)
	d.assigned = nil
	if st.JSONata {
		d.executeJSONata(path)
		return
	}
	env := d.envFor(t, st)
	switch st.Type {
	case asl.TypePass:
		eff, err := d.inputPath(st, t.Input.V, env)
		if err != nil {
			d.fail(path, err)
			return
		}
		result := eff
		if st.HasResult {
			// AWS shows a Result as the state's raw result, with no
			// input stages.
			result = st.Result
			d.observe(st, StageResult, result)
		} else {
			d.observe(st, StageAfterInputPath, eff)
			if st.Parameters != nil {
				if result, err = evalField(st.Parameters, eff, env); err != nil {
					d.fail(path, err)
					return
				}
			}
			d.observe(st, StageAfterParameters, result)
		}
		// A Pass state has no ResultSelector: AWS shows its result there.
		d.observe(st, StageAfterResultSelector, result)
		d.finish(path, st, result, st.Next, env)
	case asl.TypeTask:
		d.dispatch(path, st, env)
	case asl.TypeChoice:
		d.choice(path, st, env)
	case asl.TypeWait:
		d.wait(path, st, env)
	case asl.TypeSucceed:
		eff, err := d.inputPath(st, t.Input.V, env)
		if err == nil {
			d.observe(st, StageAfterInputPath, eff)
			eff, err = d.outputPath(st, eff, env)
		}
		if err == nil {
			err = d.evalAssign(st, st.Assign, nil, eff, env, nil)
		}
		if err != nil {
			d.fail(path, err)
			return
		}
		d.exit(path, st, eff, -1)
	case asl.TypeFail:
		d.failState(path, st, env)
	case asl.TypeParallel:
		d.parallel(path, st, env)
	case asl.TypeMap:
		d.mapState(path, st, env)
	}
}

// finish applies ResultPath and OutputPath to a state's result and leaves
// the state for next.
func (d *decider) finish(path []*Thread, st *machine.State, result jsonv.Value, next int, env *machine.Env) {
	t := path[len(path)-1]
	d.assigned = nil
	err := d.evalAssign(st, st.Assign, nil, result, env, nil)
	var out jsonv.Value
	if err == nil {
		out, err = d.resultPath(st.ResultPath, t.Input.V, result)
	}
	if err == nil {
		d.observe(st, StageAfterResultPath, out)
		out, err = d.outputPath(st, out, env)
	}
	if err != nil {
		d.fail(path, err)
		return
	}
	d.exit(path, st, out, next)
}

// exit records the state's Exited event and moves the thread to next, or
// ends its scope when next is -1.
func (d *decider) exit(path []*Thread, st *machine.State, output jsonv.Value, next int) {
	t := path[len(path)-1]
	text := d.encode(output)
	if len(text) > jsonv.PayloadLimit {
		d.assigned = nil
		se := &stateError{Name: "States.DataLimitExceeded", Cause: "The state/task '" + st.Name + "' returned a result with a size exceeding the maximum number of bytes service limit."}
		if d.catching {
			// The output of a Catch is not caught again.
			d.failThread(path, se)
			return
		}
		d.fail(path, se)
		return
	}
	assigned, assignedDetails, err := d.applyAssigned(t)
	if err != nil {
		d.leaveFailed(path, err)
		return
	}
	if d.obs != nil && t.Vars.V != nil {
		d.obs.Stage(st.Name, StageVariables, t.Vars.V)
	}
	d.emit(t, enteredTypes[st.Type][1], &history.StateExitedEventDetails{Name: st.Name, Output: text, OutputDetails: notTruncated,
		AssignedVariables: assigned, AssignedVariablesDetails: assignedDetails})
	t.Input = Data{output}
	t.Effective = Data{}
	t.TaskToken = ""
	t.TaskBegun = false
	if next < 0 {
		t.Phase = PhaseDone
		t.Output = Data{output}
		return
	}
	t.State = next
	t.Phase = PhaseIdle
}

// fail raises err in the thread's current state: Retry, then Catch, then
// the failure of the thread.
//
// A States.Runtime failure of the interpreter itself (a path that matches
// nothing, bad intrinsic arguments) names the state as AWS does: "An error
// occurred while executing the state 'X' (entered at the event id #N). ".
func (d *decider) fail(path []*Thread, err error) {
	d.assigned = nil
	se := d.queryFailure(path, err)
	if se.Name == "States.Runtime" {
		t := path[len(path)-1]
		se = &stateError{se.Name, "An error occurred while executing the state '" + d.state(t).Name + "' (entered at the event id #" + itoa(t.EnteredID) + "). " + se.Cause}
	}
	d.raise(path, se.Name, se.Cause)
}

func (se *stateError) Error() string { return se.Name + ": " + se.Cause }

func asStateError(err error) *stateError {
	switch e := err.(type) {
	case *stateError:
		return e
	}
	if e, ok := err.(*jsonpathError); ok {
		return &stateError{e.Name, e.Cause}
	}
	return &stateError{Name: "States.Runtime", Cause: err.Error()}
}

// Wait ---------------------------------------------------------------------

func (d *decider) wait(path []*Thread, st *machine.State, env *machine.Env) {
	t := path[len(path)-1]
	eff, err := d.inputPath(st, t.Input.V, env)
	if err != nil {
		d.fail(path, err)
		return
	}
	d.observe(st, StageAfterInputPath, eff)
	t.Effective = Data{eff}
	var due time.Time
	switch {
	case st.HasSeconds:
		due = d.now.Add(time.Duration(st.Seconds) * time.Second)
	case st.HasTimestamp:
		due = st.Timestamp
	case st.SecondsPath != nil:
		v, err := st.SecondsPath.Eval(eff, env)
		if err != nil {
			d.fail(path, err)
			return
		}
		n, ok := v.(jsonv.Number)
		secs, isInt := n.Int64()
		if !ok || !isInt || secs < 0 || secs > asl.MaxIntegerSeconds {
			d.fail(path, &stateError{"States.Runtime", "The SecondsPath parameter does not reference a valid integer value: " + st.SecondsPath.String()})
			return
		}
		due = d.now.Add(time.Duration(secs) * time.Second)
	case st.TimestampPath != nil:
		v, err := st.TimestampPath.Eval(eff, env)
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
			d.fail(path, &stateError{"States.Runtime", "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: " + st.TimestampPath.String()})
			return
		}
		due = ts
	}
	if !due.After(d.now) {
		d.waitDone(path)
		return
	}
	t.Phase = PhaseWait
	t.Timer = d.timer(due)
}

func (d *decider) waitDone(path []*Thread) {
	t := path[len(path)-1]
	st := d.state(t)
	d.assigned = nil
	if st.JSONata {
		d.waitDoneJSONata(path, st)
		d.resume(path)
		return
	}
	env := d.envFor(t, st)
	out, err := d.outputPath(st, t.Effective.V, env)
	if err == nil {
		err = d.evalAssign(st, st.Assign, nil, t.Effective.V, env, nil)
	}
	if err != nil {
		d.fail(path, err)
	} else {
		d.exit(path, st, out, st.Next)
	}
	d.resume(path)
}

// Fail ---------------------------------------------------------------------

func (d *decider) failState(path []*Thread, st *machine.State, env *machine.Env) {
	t := path[len(path)-1]
	// A Fail state has no InputPath; AWS shows its input as afterInputPath.
	d.observe(st, StageAfterInputPath, t.Input.V)
	name, cause := st.Error, st.Cause
	if st.ErrorPath != nil {
		v, err := st.ErrorPath.Eval(t.Input.V, env)
		if err != nil {
			d.failThread(path, asStateError(err))
			return
		}
		s, ok := v.(string)
		if !ok {
			d.failThread(path, &stateError{"States.Runtime", "The ErrorPath '" + st.AST.(*asl.Fail).ErrorPath.Path + "' did not resolve to a string"})
			return
		}
		name = s
	}
	if st.CausePath != nil {
		v, err := st.CausePath.Eval(t.Input.V, env)
		if err != nil {
			d.failThread(path, asStateError(err))
			return
		}
		s, ok := v.(string)
		if !ok {
			d.failThread(path, &stateError{"States.Runtime", "The CausePath '" + st.AST.(*asl.Fail).CausePath.Path + "' did not resolve to a string"})
			return
		}
		cause = s
	}
	d.failThread(path, &stateError{name, cause})
}

// failThread ends the thread with an error that no Retry or Catch sees.
func (d *decider) failThread(path []*Thread, se *stateError) {
	t := path[len(path)-1]
	t.Phase = PhaseFailed
	t.Error, t.Cause = se.Name, se.Cause
}

// backoff computes a retrier's delay for the attempt (0-based) as AWS
// does: IntervalSeconds × BackoffRate^attempt, capped by MaxDelaySeconds,
// then FULL jitter draws uniformly below it.
func (d *decider) backoff(r *machine.Retrier, attempt int64) time.Duration {
	delay := backoffBase(r, attempt)
	if r.JitterFull {
		frac := float64(d.rng.Uint64()>>11) / (1 << 53)
		delay = time.Duration(frac * float64(delay))
	}
	return delay.Truncate(time.Millisecond)
}
