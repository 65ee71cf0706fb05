package interp

import (
	"strings"
	"time"

	"github.com/stepd/stepd/asl"
	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
	"github.com/stepd/stepd/query/jsonpath"
)

// family is the set of history events a kind of Task resource produces.
type family struct {
	scheduled, started, succeeded, failed, timedOut history.EventType
	kind                                            int // familyService, familyLambda, familyActivity
}

const (
	familyService = iota
	familyLambda
	familyActivity
)

var (
	serviceEvents  = family{history.TaskScheduled, history.TaskStarted, history.TaskSucceeded, history.TaskFailed, history.TaskTimedOut, familyService}
	lambdaEvents   = family{history.LambdaFunctionScheduled, history.LambdaFunctionStarted, history.LambdaFunctionSucceeded, history.LambdaFunctionFailed, history.LambdaFunctionTimedOut, familyLambda}
	activityEvents = family{history.ActivityScheduled, history.ActivityStarted, history.ActivitySucceeded, history.ActivityFailed, history.ActivityTimedOut, familyActivity}
)

// resourceFamily classifies a Task resource ARN: a Lambda function ARN and
// an activity ARN have their own events; service integrations
// (arn:aws:states:::service:action) use the Task* events.
func resourceFamily(resource string) (family, string, string) {
	parts := strings.SplitN(resource, ":", 7)
	if len(parts) >= 7 && parts[2] == "lambda" && parts[5] == "function" {
		return lambdaEvents, "", ""
	}
	if len(parts) >= 7 && parts[2] == "states" && parts[5] == "activity" {
		return activityEvents, "", ""
	}
	if len(parts) >= 6 && parts[2] == "states" && parts[3] == "" {
		return serviceEvents, parts[5], strings.Join(parts[6:], ":")
	}
	return serviceEvents, "", resource
}

func (d *decider) region() string {
	parts := strings.SplitN(d.s.Execution.StateMachineArn, ":", 5)
	if len(parts) >= 4 && parts[3] != "" {
		return parts[3]
	}
	return "us-east-1"
}

// dispatch evaluates a Task state's parameters and sends one attempt.
func (d *decider) dispatch(path []*Thread, st *machine.State, env *machine.Env) {
	t := path[len(path)-1]
	d.s.Counter++
	taskID := "task-" + itoa(d.s.Counter)
	token := d.token()
	t.TaskToken = token
	if st.UsesContext {
		env = d.envFor(t, st)
	}
	timeout, heartbeat := st.TimeoutSeconds, st.HeartbeatSeconds
	var eff, params, creds jsonv.Value
	var err error
	if st.JSONata {
		var qenv *machine.QueryEnv
		params, qenv, err = d.arguments(t, st)
		if err == nil && st.CredentialsQ != nil {
			creds, err = st.CredentialsQ.Eval(qenv)
		}
		if err == nil && st.TimeoutQ != nil {
			timeout, err = queryInt(st.TimeoutQ, qenv, 1)
		}
		if err == nil && st.HeartbeatQ != nil {
			heartbeat, err = queryInt(st.HeartbeatQ, qenv, 1)
		}
		if err != nil {
			d.fail(path, err)
			return
		}
		d.observe(st, StageAfterArguments, params)
	} else {
		eff, err = d.inputPath(st, t.Input.V, env)
		if err != nil {
			d.fail(path, err)
			return
		}
		d.observe(st, StageAfterInputPath, eff)
		params = eff
		if st.Parameters != nil {
			if params, err = evalField(st.Parameters, eff, env); err != nil {
				d.fail(path, err)
				return
			}
		}
		d.observe(st, StageAfterParameters, params)
		if st.Credentials != nil {
			if creds, err = evalField(st.Credentials, eff, env); err != nil {
				d.fail(path, err)
				return
			}
		}
	}
	var taskCreds *history.TaskCredentials
	if creds != nil {
		var role string
		if obj, ok := creds.(*jsonv.Object); ok {
			v, _ := obj.Get("RoleArn")
			role, _ = v.(string)
		}
		if role == "" {
			d.fail(path, &stateError{Name: "States.Runtime", Cause: "An error occurred while executing the state '" + st.Name + "'. The Credentials field must be an object with a string RoleArn."})
			return
		}
		taskCreds = &history.TaskCredentials{RoleArn: role}
	}
	if st.TimeoutSecondsPath != nil {
		if timeout, err = secondsAt(st.TimeoutSecondsPath, "TimeoutSecondsPath", eff, env); err != nil {
			d.fail(path, err)
			return
		}
	}
	if st.HeartbeatSecondsPath != nil {
		if heartbeat, err = secondsAt(st.HeartbeatSecondsPath, "HeartbeatSecondsPath", eff, env); err != nil {
			d.fail(path, err)
			return
		}
	}
	t.Effective = Data{params}
	t.TaskID = taskID
	t.Phase = PhaseTask
	t.TaskBegun = false
	t.HeartbeatS = heartbeat
	fam, rtype, res := resourceFamily(st.Resource)
	paramText := d.encode(params)
	if len(paramText) > jsonv.PayloadLimit {
		// AWS: the state input after Parameters is larger than the quota.
		t.Phase = PhaseIdle
		t.TaskID = ""
		d.fail(path, &stateError{Name: "States.DataLimitExceeded", Cause: "The state/task '" + st.Name + "' has an input with a size exceeding the maximum number of bytes service limit."})
		return
	}
	var details history.Details
	switch fam.kind {
	case familyLambda:
		details = &history.LambdaFunctionScheduledEventDetails{Resource: st.Resource, Input: paramText, InputDetails: notTruncated, TimeoutInSeconds: optInt(timeout), TaskCredentials: taskCreds}
	case familyActivity:
		details = &history.ActivityScheduledEventDetails{Resource: st.Resource, Input: paramText, InputDetails: notTruncated, TimeoutInSeconds: optInt(timeout), HeartbeatInSeconds: optInt(heartbeat)}
	default:
		details = &history.TaskScheduledEventDetails{ResourceType: rtype, Resource: res, Region: d.region(), Parameters: paramText, TimeoutInSeconds: optInt(timeout), HeartbeatInSeconds: optInt(heartbeat), TaskCredentials: taskCreds}
	}
	d.emit(t, fam.scheduled, details)
	if timeout > 0 {
		t.Timeout = d.timer(d.now.Add(time.Duration(timeout) * time.Second))
	}
	if heartbeat > 0 {
		t.Heartbeat = d.timer(d.now.Add(time.Duration(heartbeat) * time.Second))
	}
	d.effects = append(d.effects, DispatchTask{TaskID: taskID, StateName: st.Name, Resource: st.Resource, Input: params,
		TaskToken: token, TimeoutSeconds: timeout, HeartbeatSeconds: heartbeat, Attempt: int(t.RetryCount) + 1, RoleArn: roleArn(taskCreds)})
}

func optInt(v int64) *int64 {
	if v <= 0 {
		return nil
	}
	return &v
}

// secondsAt reads a positive integer number of seconds at p, for
// TimeoutSecondsPath and HeartbeatSecondsPath.
func secondsAt(p *jsonpath.Path, field string, input jsonv.Value, env *machine.Env) (int64, error) {
	v, err := p.Eval(input, env)
	if err != nil {
		return 0, err
	}
	n, ok := v.(jsonv.Number)
	secs, isInt := n.Int64()
	if !ok || !isInt || secs <= 0 || secs > asl.MaxIntegerSeconds {
		return 0, &stateError{"States.Runtime", "The " + field + " parameter does not reference a valid positive integer value: " + p.String()}
	}
	return secs, nil
}

// token returns a fresh task token drawn from the execution's randomness.
func (d *decider) token() string {
	const hexdigits = "0123456789abcdef"
	var b [32]byte
	for i := 0; i < 2; i++ {
		x := d.rng.Uint64()
		for j := 0; j < 16; j++ {
			b[i*16+j] = hexdigits[x&15]
			x >>= 4
		}
	}
	return string(b[:])
}

func (d *decider) taskStarted(path []*Thread, worker string) {
	t := path[len(path)-1]
	if t.TaskBegun {
		return
	}
	t.TaskBegun = true
	st := d.state(t)
	fam, rtype, res := resourceFamily(st.Resource)
	var details history.Details
	switch fam.kind {
	case familyLambda:
	case familyActivity:
		details = &history.ActivityStartedEventDetails{WorkerName: worker}
	default:
		details = &history.TaskStartedEventDetails{ResourceType: rtype, Resource: res}
	}
	d.emit(t, fam.started, details)
}

// taskSubmitted records TaskSubmitted for service integrations (Lambda
// function and activity resources have no such event).
func (d *decider) taskSubmitted(path []*Thread, output jsonv.Value) {
	t := path[len(path)-1]
	st := d.state(t)
	fam, rtype, res := resourceFamily(st.Resource)
	if fam.kind != familyService {
		return
	}
	d.emit(t, history.TaskSubmitted, &history.TaskSubmittedEventDetails{ResourceType: rtype, Resource: res, Output: d.encode(output), OutputDetails: notTruncated})
}

func (d *decider) endTask(t *Thread) {
	t.TaskID = ""
	d.cancelTimer(&t.Timeout)
	d.cancelTimer(&t.Heartbeat)
}

func (d *decider) taskSucceeded(path []*Thread, output jsonv.Value) {
	t := path[len(path)-1]
	st := d.state(t)
	d.endTask(t)
	fam, rtype, res := resourceFamily(st.Resource)
	text := d.encode(output)
	var details history.Details
	switch fam.kind {
	case familyLambda, familyActivity:
		details = &history.OutputDetails{Output: text, OutputDetails: notTruncated}
	default:
		details = &history.TaskSucceededEventDetails{ResourceType: rtype, Resource: res, Output: text, OutputDetails: notTruncated}
	}
	d.emit(t, fam.succeeded, details)
	t.Phase = PhaseIdle
	d.observe(st, StageResult, output)
	d.afterResult(path, st, output)
	d.resume(path)
}

// afterResult runs ResultSelector, ResultPath and OutputPath on the
// result of a Task, Parallel or Map state and leaves it.
func (d *decider) afterResult(path []*Thread, st *machine.State, result jsonv.Value) {
	if len(d.encode(result)) > jsonv.PayloadLimit {
		d.fail(path, &stateError{Name: "States.DataLimitExceeded", Cause: "The state/task '" + st.Name + "' returned a result with a size exceeding the maximum number of bytes service limit."})
		return
	}
	t := path[len(path)-1]
	if st.JSONata {
		states := d.statesVar(t, st, t.Input.V, nil)
		states.Set("result", result)
		d.leaveJSONata(path, st, states, result, st.JSONataAssign, st.Output, st.Next)
		return
	}
	env := d.envFor(t, st)
	if st.ResultSelector != nil {
		var err error
		if result, err = evalField(st.ResultSelector, result, env); err != nil {
			d.fail(path, err)
			return
		}
	}
	d.observe(st, StageAfterResultSelector, result)
	d.finish(path, st, result, st.Next, env)
}

// taskFailed records a failed (or timed-out) attempt and raises the error.
func (d *decider) taskFailed(path []*Thread, name, cause string, timedOut bool) {
	t := path[len(path)-1]
	st := d.state(t)
	if timedOut && t.TaskID != "" {
		d.effects = append(d.effects, CancelTask{TaskID: t.TaskID})
	}
	d.endTask(t)
	fam, rtype, res := resourceFamily(st.Resource)
	typ := fam.failed
	if timedOut {
		typ = fam.timedOut
	}
	var details history.Details
	switch fam.kind {
	case familyLambda, familyActivity:
		details = &history.ErrorDetails{Error: name, Cause: cause}
	default:
		details = &history.TaskErrorDetails{ResourceType: rtype, Resource: res, Error: name, Cause: cause}
	}
	d.emit(t, typ, details)
	t.Phase = PhaseIdle
	d.raise(path, name, cause)
	d.resume(path)
}

// resume continues a thread after an input moved it.
func (d *decider) resume(path []*Thread) {
	t := path[len(path)-1]
	switch t.Phase {
	case PhaseIdle, PhaseDone, PhaseFailed:
		d.run(path)
	}
}

// raise handles an error in the thread's current state: the first
// retrier that matches retries (until its MaxAttempts), else the first
// catcher that matches transitions, else the thread fails.
func (d *decider) raise(path []*Thread, name, cause string) {
	t := path[len(path)-1]
	st := d.state(t)
	for i, r := range st.Retry {
		if !errorMatches(r.ErrorEquals, name) {
			continue
		}
		if t.Retries == nil {
			t.Retries = make([]int64, len(st.Retry))
			if d.preset != nil {
				t.Retries[i] = d.preset.RetryCount
			}
		}
		if t.Retries[i] >= r.MaxAttempts {
			break
		}
		if d.obs != nil {
			d.obs.Handled(Handled{State: st.Name, Error: name, Cause: cause, RetryIndex: i, CatchIndex: -1, Backoff: backoffBase(r, t.Retries[i])})
		}
		delay := d.backoff(r, t.Retries[i])
		t.Retries[i]++
		t.RetryCount++
		t.Phase = PhaseBackoff
		t.Timer = d.timer(d.now.Add(delay))
		return
	}
	for i, c := range st.Catch {
		if !errorMatches(c.ErrorEquals, name) {
			continue
		}
		if d.obs != nil {
			d.obs.Handled(Handled{State: st.Name, Error: name, Cause: cause, RetryIndex: -1, CatchIndex: i})
		}
		errObj := jsonv.ObjectOf("Error", name, "Cause", cause)
		if st.JSONata {
			states := d.statesVar(t, st, t.Input.V, nil)
			states.Set("errorOutput", errObj)
			d.catching = true
			d.leaveJSONata(path, st, states, errObj, c.JSONataAssign, c.Output, c.Next)
			d.catching = false
			return
		}
		d.assigned = nil
		if err := d.evalAssign(st, c.Assign, nil, errObj, d.envFor(t, st), nil); err != nil {
			d.failThread(path, asStateError(err))
			return
		}
		out, err := d.resultPath(c.ResultPath, t.Input.V, errObj)
		if err != nil {
			se := asStateError(err)
			d.failThread(path, se)
			return
		}
		d.catching = true
		d.exit(path, st, out, c.Next)
		d.catching = false
		return
	}
	d.failThread(path, &stateError{name, cause})
}

// errorMatches reports whether a Retry or Catch ErrorEquals list matches
// an error name. States.ALL matches everything but States.Runtime and
// States.DataLimitExceeded, which AWS says it cannot catch;
// States.TaskFailed matches every error but States.Timeout.
func errorMatches(list []string, name string) bool {
	for _, e := range list {
		switch {
		case e == name:
			return name != "States.Runtime"
		case e == "States.ALL":
			if name != "States.Runtime" && name != "States.DataLimitExceeded" {
				return true
			}
		case e == "States.TaskFailed":
			if name != "States.Timeout" && name != "States.Runtime" && name != "States.DataLimitExceeded" {
				return true
			}
		}
	}
	return false
}

// retryNow starts the next attempt after a back-off.
func (d *decider) retryNow(path []*Thread) {
	t := path[len(path)-1]
	t.Phase = PhaseIdle
	d.reseed(d.s.LastEventID)
	d.execute(path)
	d.resume(path)
}

func roleArn(c *history.TaskCredentials) string {
	if c == nil {
		return ""
	}
	return c.RoleArn
}
