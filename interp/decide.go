package interp

import (
	"fmt"
	"time"

	"github.com/stepd/stepd"
	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
	"github.com/stepd/stepd/query/intrinsic"
	"github.com/stepd/stepd/query/jsonata"
)

// New returns the state of an execution of m that has not started yet.
func New(m *machine.Machine) *State { return &State{} }

// decider carries one Decide call.
type decider struct {
	m       *machine.Machine
	s       *State
	now     time.Time
	events  []history.Event
	effects []Effect
	rng     intrinsic.SplitMix64
	env     machine.Env
	busy    map[*Thread]bool
	running map[*Thread]bool

	enc encoder
	// fns are the Step Functions JSONata functions (built on first use);
	// assigned holds a state's evaluated Assign until its Exited event.
	fns      map[string]jsonata.Function
	fnSets   map[uint32]map[string]jsonata.Function
	catching bool // a Catch's Output and Assign are being evaluated
	assigned *jsonv.Object
	arnHash  uint64
	// obs and preset come from Env; both are nil outside TestState.
	obs    Observer
	preset *Preset
	// owned holds the threads this decision created or copied: only they
	// may be changed.
	owned map[*Thread]bool
}

// fresh marks a thread created by this decision.
func (d *decider) fresh(t *Thread) *Thread {
	if d.owned == nil {
		d.owned = map[*Thread]bool{}
	}
	d.owned[t] = true
	return t
}

// own makes every thread of path (from the root) changeable by this
// decision, copying the shared ones and relinking their parents, and
// returns the path of owned threads.
func (d *decider) own(path []*Thread) []*Thread {
	out := make([]*Thread, len(path))
	for i, t := range path {
		if !d.owned[t] {
			c := d.fresh(t.copy())
			if i == 0 {
				d.s.Root = c
			} else {
				parent := out[i-1]
				for j, k := range parent.Children {
					if k == t {
						parent.Children[j] = c
					}
				}
			}
			t = c
		}
		out[i] = t
	}
	return out
}

// ownTree makes t's whole subtree changeable; t must be owned.
func (d *decider) ownTree(t *Thread) {
	for i, k := range t.Children {
		if !d.owned[k] {
			k = d.fresh(k.copy())
			t.Children[i] = k
		}
		d.ownTree(k)
	}
}

// ownRoot makes the whole tree changeable (stop, time-out, redrive).
func (d *decider) ownRoot() {
	if d.s.Root == nil {
		return
	}
	root := d.own([]*Thread{d.s.Root})[0]
	d.ownTree(root)
}

// Decide applies one input to the state and returns the new state, the
// history events it produced and the effects the shell must carry out. It
// never modifies s. Inputs that no longer apply (the result of a task that
// was cancelled, a timer that was withdrawn) produce an empty decision; an
// input that cannot apply at all (a second StartExecution, a task result
// for a closed execution's unknown task) is an error.
func Decide(m *machine.Machine, s *State, in Input, env Env) (Decision, error) {
	d := &decider{m: m, s: s.clone(), now: env.Now.Truncate(time.Millisecond).UTC(), obs: env.Observer, preset: env.Preset}
	d.env.Rand = &d.rng
	if err := d.input(in, env); err != nil {
		return Decision{}, err
	}
	return Decision{State: d.s, Events: d.events, Effects: d.effects}, nil
}

func (d *decider) input(in Input, env Env) error {
	s := d.s
	if _, ok := in.(StartExecution); !ok && s.Status == "" {
		return fmt.Errorf("interp: %T before StartExecution", in)
	}
	// Draws made before any state is entered (retry jitter) derive from
	// the id of the decision's first event.
	d.reseed(s.LastEventID + 1)
	switch in := in.(type) {
	case StartExecution:
		if s.Status != "" {
			return fmt.Errorf("interp: the execution has already started")
		}
		return d.start(in, env.Seed)
	case StopExecution:
		if s.Closed() {
			return nil
		}
		s.Error, s.Cause = in.Error, in.Cause
		d.closeAll()
		if in.Failed {
			d.emitExec(history.ExecutionFailed, errorDetails(in.Error, in.Cause))
			d.close(StatusFailed, nil, in.Error, in.Cause)
			return nil
		}
		d.emitExec(history.ExecutionAborted, errorDetails(in.Error, in.Cause))
		d.close(StatusAborted, nil, in.Error, in.Cause)
	case RedriveExecution:
		return d.redrive()
	case TaskStarted:
		path := d.findTask(in.TaskID)
		if path == nil {
			return nil
		}
		d.taskStarted(path, in.WorkerName)
	case TaskSubmitted:
		path := d.findTask(in.TaskID)
		if path == nil {
			return nil
		}
		d.taskSubmitted(path, in.Output)
	case TaskSucceeded:
		path := d.findTask(in.TaskID)
		if path == nil {
			return nil
		}
		d.taskSucceeded(path, in.Output)
	case TaskFailed:
		path := d.findTask(in.TaskID)
		if path == nil {
			return nil
		}
		d.taskFailed(path, in.Error, in.Cause, false)
	case TaskHeartbeat:
		path := d.findTask(in.TaskID)
		if path == nil {
			return nil
		}
		// The heartbeat timer is re-armed under the same id: the state does
		// not change, so a heartbeat needs no history event to replay.
		t := path[len(path)-1]
		if t.Heartbeat != "" {
			d.effects = append(d.effects, StartTimer{TimerID: t.Heartbeat, Due: d.now.Add(time.Duration(t.HeartbeatS) * time.Second)})
		}
	case TimerFired:
		return d.timerFired(in.TimerID)
	case MapRunEnded:
		path := d.findMapRun(in.MapRunARN)
		if path == nil {
			return nil
		}
		d.mapRunEnded(path, in)
	default:
		return fmt.Errorf("interp: unknown input %T", in)
	}
	return nil
}

func (d *decider) start(in StartExecution, seed uint64) error {
	s := d.s
	if jsonv.Size(in.Input) > jsonv.PayloadLimit {
		return fmt.Errorf("interp: the execution input is larger than %d bytes", jsonv.PayloadLimit)
	}
	s.Execution = in.Execution
	s.Execution.Seed = seed
	d.arnHash = 0 // the execution is known only now
	s.Status = StatusRunning
	s.StartTime = d.now
	s.Input = Data{in.Input}
	root := d.fresh(&Thread{Scope: d.m.Root.ID, State: d.m.Root.StartAt, Input: Data{in.Input}, Index: -1})
	if d.preset != nil && d.preset.Variables != nil {
		root.Vars = Data{d.preset.Variables}
	}
	s.Root = root
	d.emit(root, history.ExecutionStarted, &history.ExecutionStartedEventDetails{
		Input: d.encode(in.Input), InputDetails: notTruncated, RoleArn: in.RoleArn,
	})
	if d.m.TimeoutSeconds > 0 {
		s.ExecTimer = d.timer(d.now.Add(time.Duration(d.m.TimeoutSeconds) * time.Second))
	}
	d.run([]*Thread{root})
	return nil
}

// emit appends an event that follows t's latest one and makes it t's
// latest. t nil links the event to the latest event of the execution.
//
// History is limited to stepd.HistoryLimit events: when a running execution
// reaches the last one, that event is ExecutionFailed (States.Runtime), as on
// AWS, and the events the decision would have produced after it are dropped.
func (d *decider) emit(t *Thread, typ history.EventType, details history.Details) int64 {
	s := d.s
	if s.Closed() {
		return s.LastEventID
	}
	if s.LastEventID+1 >= stepd.HistoryLimit && !closing[typ] {
		d.closeAll()
		s.LastEventID++
		d.events = append(d.events, history.Event{ID: s.LastEventID, PreviousEventID: s.LastEventID - 1, Timestamp: d.now, Type: history.ExecutionFailed,
			Details: errorDetails("States.Runtime", historyLimitCause)})
		d.close(StatusFailed, nil, "States.Runtime", historyLimitCause)
		return s.LastEventID
	}
	s.LastEventID++
	prev := s.LastEventID - 1
	if t != nil {
		prev = t.Last
		t.Last = s.LastEventID
	}
	d.events = append(d.events, history.Event{ID: s.LastEventID, PreviousEventID: prev, Timestamp: d.now, Type: typ, Details: details})
	return s.LastEventID
}

// emitExec appends an execution-level event linked to the latest event.
func (d *decider) emitExec(typ history.EventType, details history.Details) {
	d.emit(nil, typ, details)
}

var historyLimitCause = "The execution reached the maximum number of history events (" + itoa(stepd.HistoryLimit) + ")."

// closing lists the events that end an execution.
var closing = map[history.EventType]bool{
	history.ExecutionSucceeded: true, history.ExecutionFailed: true,
	history.ExecutionAborted: true, history.ExecutionTimedOut: true,
}

func errorDetails(name, cause string) *history.ErrorDetails {
	return &history.ErrorDetails{Error: name, Cause: cause}
}

// timer allocates a timer id and asks the shell to start it.
func (d *decider) timer(due time.Time) string {
	d.s.Counter++
	id := "timer-" + itoa(d.s.Counter)
	d.effects = append(d.effects, StartTimer{TimerID: id, Due: due})
	return id
}

func (d *decider) cancelTimer(id *string) {
	if *id != "" {
		d.effects = append(d.effects, CancelTimer{TimerID: *id})
		*id = ""
	}
}

// close ends the execution.
func (d *decider) close(status string, output jsonv.Value, errName, cause string) {
	s := d.s
	s.Status = status
	s.Output = Data{output}
	s.Error, s.Cause = errName, cause
	d.cancelTimer(&s.ExecTimer)
	d.effects = append(d.effects, CloseExecution{Status: status, Output: output, Error: errName, Cause: cause})
}

// closeAll cancels every pending task and timer of the execution.
func (d *decider) closeAll() {
	d.ownRoot()
	d.abort(d.s.Root)
}

// abort stops t and everything under it, cancelling tasks and timers.
func (d *decider) abort(t *Thread) {
	if t == nil {
		return
	}
	if t.TaskID != "" {
		d.effects = append(d.effects, CancelTask{TaskID: t.TaskID})
		t.TaskID = ""
	}
	if t.MapRun != "" {
		d.effects = append(d.effects, CancelMapRun{MapRunARN: t.MapRun})
		t.FailedRun, t.MapRun = t.MapRun, ""
	}
	d.cancelTimer(&t.Timer)
	d.cancelTimer(&t.Timeout)
	d.cancelTimer(&t.Heartbeat)
	for _, c := range t.Children {
		d.abort(c)
	}
	if t.Phase != PhaseDone && t.Phase != PhaseFailed {
		t.Phase = PhaseAborted
	}
}

// findTask returns the path from the root to the thread running task id.
func (d *decider) findTask(id string) []*Thread {
	if id == "" || d.s.Closed() {
		return nil
	}
	path := find(d.s.Root, nil, func(t *Thread) bool { return t.TaskID == id && t.Phase == PhaseTask })
	if path == nil {
		return nil
	}
	return d.own(path)
}

func find(t *Thread, path []*Thread, match func(*Thread) bool) []*Thread {
	if t == nil {
		return nil
	}
	path = append(path, t)
	if match(t) {
		return path
	}
	for _, c := range t.Children {
		if p := find(c, path, match); p != nil {
			return p
		}
	}
	return nil
}

func (d *decider) timerFired(id string) error {
	s := d.s
	if s.Closed() || id == "" {
		return nil
	}
	if id == s.ExecTimer {
		s.ExecTimer = ""
		d.closeAll()
		d.emitExec(history.ExecutionTimedOut, &history.ErrorDetails{Error: "States.Timeout", Cause: "The execution timed out"})
		d.close(StatusTimedOut, nil, "States.Timeout", "The execution timed out")
		return nil
	}
	path := find(s.Root, nil, func(t *Thread) bool { return t.Timer == id || t.Timeout == id || t.Heartbeat == id })
	if path == nil {
		return nil
	}
	path = d.own(path)
	t := path[len(path)-1]
	switch id {
	case t.Timer:
		t.Timer = ""
		switch t.Phase {
		case PhaseWait:
			d.waitDone(path)
		case PhaseBackoff:
			d.retryNow(path)
		}
	case t.Timeout:
		t.Timeout = ""
		d.taskFailed(path, "States.Timeout", "", true)
	case t.Heartbeat:
		t.Heartbeat = ""
		d.taskFailed(path, "States.HeartbeatTimeout", "", true)
	}
	return nil
}

func itoa(i int64) string {
	return fmt.Sprint(i)
}
