package conformance

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/interp"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
)

// Response is one scripted answer to a task attempt.
type Response struct {
	// Return is the task's result when Error is empty.
	Return jsonv.Value
	// Error and Cause make the attempt fail.
	Error, Cause string
	// Silent never answers, so that the task's timeout or heartbeat fires.
	Silent bool
	// DelaySeconds is how long the task runs before it answers.
	DelaySeconds int64
	// Submitted, when set, is reported as TaskSubmitted right after the
	// task starts (.sync integrations).
	Submitted jsonv.Value
}

// Script answers tasks: per state name, the responses by attempt (the last
// one repeats). A state without responses gets its input back.
type Script map[string][]Response

// Result is how a run ended.
type Result struct {
	Status       string
	Output       jsonv.Value
	Error, Cause string
	Events       []history.Event
	State        *interp.State
	Decisions    int
}

// StartTime is the fake clock's start for every case.
var StartTime = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

// DefaultExecution is the execution identity the corpus uses.
var DefaultExecution = interp.Execution{
	ExecutionArn:     "arn:aws:states:us-east-1:123456789012:execution:Machine:run",
	Name:             "run",
	StateMachineArn:  "arn:aws:states:us-east-1:123456789012:stateMachine:Machine",
	StateMachineName: "Machine",
	RoleArn:          "arn:aws:iam::123456789012:role/StepFunctions",
}

type pending struct {
	at    time.Time
	seq   int
	input interp.Input
	task  string // the task the input answers, to drop it on CancelTask
	timer string
}

// seed is the entropy every run of the corpus uses.
const seed = 42

// Options tune a run.
type Options struct {
	// StopAt stops the execution at this offset from the start (0: never).
	StopAt time.Duration
	// StopQuietly stops without an error or a cause.
	StopQuietly bool
	// Redrive redrives the execution once after it fails.
	Redrive bool
	// MaxDecisions bounds the run (default 100000).
	MaxDecisions int
	// CheckApply folds each decision's events with interp.Apply and checks
	// that the result is the decision's state (Decide ≡ Apply).
	CheckApply bool
	// RoundTrip passes the state through MarshalJSON / UnmarshalJSON
	// between decisions, as a durable engine does.
	RoundTrip bool
	// attempts counts task attempts per state name; a Map Run's children
	// share their parent's, so the script answers them in turn.
	attempts map[string]int
}

// Run executes m on input with the script on a fake clock until the
// execution closes.
func Run(m *machine.Machine, exec interp.Execution, input jsonv.Value, script Script, opts Options) (*Result, error) {
	if opts.MaxDecisions == 0 {
		opts.MaxDecisions = 100000
	}
	now := StartTime
	s := interp.New(m)
	res := &Result{}
	attempts := opts.attempts
	if attempts == nil {
		attempts = map[string]int{}
	}
	var queue []pending
	seq := 0
	push := func(p pending) {
		seq++
		p.seq = seq
		queue = append(queue, p)
	}
	if opts.StopAt > 0 {
		stop := interp.StopExecution{Error: "Stopped", Cause: "stopped by the test"}
		if opts.StopQuietly {
			stop = interp.StopExecution{}
		}
		push(pending{at: now.Add(opts.StopAt), input: stop})
	}
	redriven := false
	runs := map[string]*mapRun{}
	in := interp.Input(interp.StartExecution{Execution: exec, Input: input})
	for {
		if res.Decisions >= opts.MaxDecisions {
			return res, fmt.Errorf("conformance: more than %d decisions", opts.MaxDecisions)
		}
		res.Decisions++
		var before []byte
		if opts.CheckApply {
			before, _ = json.Marshal(s)
		}
		dec, err := interp.Decide(m, s, in, interp.Env{Now: now, Seed: seed})
		if err != nil {
			return res, err
		}
		if opts.CheckApply {
			if after, _ := json.Marshal(s); string(after) != string(before) {
				return res, fmt.Errorf("conformance: Decide modified the state it was given (decision %d)", res.Decisions)
			}
		}
		if opts.CheckApply && len(dec.Events) > 0 {
			folded := s
			if s.Status == "" {
				// Before the start, Apply needs what history does not record.
				folded = interp.New(m)
				folded.Execution = exec
				folded.Execution.Seed = seed
			}
			outside := false
			for _, e := range dec.Events {
				if folded, err = interp.Apply(m, folded, e); err != nil {
					var re *interp.ReplayError
					if errors.As(err, &re) && re.Code == interp.ReplayOutsideHistory {
						outside = true // a Map Run's output: not in the history
						break
					}
					return res, fmt.Errorf("conformance: Apply(event %d): %w", e.ID, err)
				}
			}
			a, _ := json.Marshal(folded)
			b, _ := json.Marshal(dec.State)
			if !outside && string(a) != string(b) {
				return res, fmt.Errorf("conformance: Apply over the events of decision %d differs from Decide", res.Decisions)
			}
		}
		s = dec.State
		if opts.RoundTrip {
			data, err := json.Marshal(s)
			if err != nil {
				return res, err
			}
			s = interp.New(m)
			if err := json.Unmarshal(data, s); err != nil {
				return res, err
			}
		}
		res.Events = append(res.Events, dec.Events...)
		closed := false
		for _, eff := range dec.Effects {
			switch e := eff.(type) {
			case interp.DispatchTask:
				n := attempts[e.StateName]
				attempts[e.StateName]++
				r := Response{Return: e.Input}
				if list := script[e.StateName]; len(list) > 0 {
					r = list[min(n, len(list)-1)]
				}
				if r.Silent {
					continue
				}
				at := now.Add(time.Duration(r.DelaySeconds) * time.Second)
				push(pending{at: now, input: interp.TaskStarted{TaskID: e.TaskID}, task: e.TaskID})
				if r.Submitted != nil {
					push(pending{at: now, input: interp.TaskSubmitted{TaskID: e.TaskID, Output: r.Submitted}, task: e.TaskID})
				}
				if r.Error != "" {
					push(pending{at: at, input: interp.TaskFailed{TaskID: e.TaskID, Error: r.Error, Cause: r.Cause}, task: e.TaskID})
				} else {
					push(pending{at: at, input: interp.TaskSucceeded{TaskID: e.TaskID, Output: r.Return}, task: e.TaskID})
				}
			case interp.CancelTask:
				queue = drop(queue, func(p pending) bool { return p.task == e.TaskID })
			case interp.StartTimer:
				queue = drop(queue, func(p pending) bool { return p.timer == e.TimerID })
				push(pending{at: e.Due, input: interp.TimerFired{TimerID: e.TimerID}, timer: e.TimerID})
			case interp.CancelTimer:
				queue = drop(queue, func(p pending) bool { return p.timer == e.TimerID })
			case interp.StartMapRun:
				runs[e.MapRunARN] = &mapRun{start: e}
				end, err := runs[e.MapRunARN].run(script, Options{MaxDecisions: opts.MaxDecisions, RoundTrip: opts.RoundTrip, attempts: attempts})
				if err != nil {
					return res, err
				}
				push(pending{at: now, input: end})
			case interp.RedriveMapRun:
				r, ok := runs[e.MapRunARN]
				if !ok {
					return res, fmt.Errorf("conformance: redrive of an unknown Map Run %s", e.MapRunARN)
				}
				end, err := r.run(script, Options{MaxDecisions: opts.MaxDecisions, RoundTrip: opts.RoundTrip, attempts: attempts})
				if err != nil {
					return res, err
				}
				push(pending{at: now, input: end})
			case interp.CloseExecution:
				closed = true
				res.Status, res.Output, res.Error, res.Cause = e.Status, e.Output, e.Error, e.Cause
			}
		}
		if closed {
			queue = drop(queue, func(p pending) bool { _, stop := p.input.(interp.StopExecution); return !stop })
			if opts.Redrive && !redriven && res.Status != interp.StatusSucceeded {
				redriven = true
				attemptsAfter := map[string]int{}
				for k, v := range attempts {
					attemptsAfter[k] = v
				}
				attempts = attemptsAfter
				in = interp.RedriveExecution{}
				now = now.Add(time.Minute)
				continue
			}
			res.State = s
			return res, nil
		}
		if len(queue) == 0 {
			return res, fmt.Errorf("conformance: the execution is stuck: nothing pending and not closed")
		}
		sort.SliceStable(queue, func(i, j int) bool {
			if !queue[i].at.Equal(queue[j].at) {
				return queue[i].at.Before(queue[j].at)
			}
			return queue[i].seq < queue[j].seq
		})
		next := queue[0]
		queue = queue[1:]
		if next.at.After(now) {
			now = next.at
		}
		in = next.input
	}
}

func drop(q []pending, match func(pending) bool) []pending {
	out := q[:0]
	for _, p := range q {
		if !match(p) {
			out = append(out, p)
		}
	}
	return out
}

// mapRun is a Distributed Map run of the corpus: its children run one
// after the other, each as an execution of its own on the same script;
// their histories are theirs, not the parent's. A redrive runs the
// children that did not succeed again.
type mapRun struct {
	start    interp.StartMapRun
	children []interp.MapRunChild
	attempt  int
}

func (r *mapRun) run(script Script, opts Options) (interp.MapRunEnded, error) {
	m, diags := machine.Load(r.start.Definition)
	if diags.HasErrors() {
		return interp.MapRunEnded{}, fmt.Errorf("conformance: the ItemProcessor of %s does not load: %v", r.start.StateName, diags)
	}
	sm := r.start.StateMachineARN
	name := sm[strings.LastIndex(sm, ":")+1:]
	end, children, err := r.start.RunSequentially(r.children, func(i int, input jsonv.Value) (interp.MapRunChild, error) {
		child := fmt.Sprintf("child-%d", i)
		if r.attempt > 0 {
			child += fmt.Sprintf("-redrive-%d", r.attempt)
		}
		exec := interp.Execution{
			ExecutionArn:     strings.Replace(sm, ":stateMachine:", ":execution:", 1) + ":" + child,
			Name:             child,
			StateMachineArn:  sm,
			StateMachineName: name,
			RoleArn:          DefaultExecution.RoleArn,
		}
		res, err := Run(m, exec, input, script, opts)
		if err != nil {
			return interp.MapRunChild{}, err
		}
		return interp.MapRunChild{Status: res.Status, Output: res.Output, Error: res.Error, Cause: res.Cause}, nil
	})
	r.children = children
	r.attempt++
	return end, err
}
