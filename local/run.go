package local

import (
	"container/heap"
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"sync"
	"time"

	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/interp"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
	"github.com/stepd/stepd/mock"
)

// Options configure one run. The zero value runs with real waits, no mocks,
// a random execution name and the default region and account.
type Options struct {
	// Name is the execution name; a random one when empty.
	Name string
	// StateMachineName names the machine in ARNs and $$.StateMachine.Name.
	StateMachineName string
	// Mocks answers Task states. A Task state it does not mock stops the
	// run with an error naming the resource.
	Mocks *mock.Script
	// SkipWaits runs Wait states, retry back-off and timeouts on a clock
	// that jumps to the next due timer instead of sleeping.
	SkipWaits bool
	// Start is the time the execution starts (and the fake clock's origin
	// with SkipWaits); time.Now() when zero.
	Start time.Time
	// Seed is the execution's entropy (jitter, UUIDs, task tokens); random
	// when zero. Fix it for reproducible histories.
	Seed uint64
	// OnEvent, when set, sees every history event as it is recorded.
	OnEvent func(history.Event)
	// Region and Account appear in ARNs; us-east-1 and 123456789012 by default.
	Region, Account string
	// Tasks performs the Task states Mocks does not answer (stepd run
	// passes the runners of its config file). Each call runs on its own
	// goroutine, so Parallel branches and Map iterations run their tasks
	// at once; ctx is cancelled when the interpreter withdraws the task
	// (its branch failed, it timed out). An error ends the run.
	Tasks func(ctx context.Context, t Task) (TaskResult, error)
	// ReadItems reads a Distributed Map's items with its ItemReader (as
	// the state evaluated it: Resource, ReaderConfig, Parameters); stepd
	// run reads them from Amazon S3 with the aws: section. Nil: a Map with
	// an ItemReader fails with States.ItemReaderFailed.
	ReadItems func(ctx context.Context, itemReader jsonv.Value) ([]jsonv.Value, error)
	// WriteResults writes a Distributed Map's results with its
	// ResultWriter and returns the state's result. Nil: a Map with a
	// ResultWriter fails with States.ResultWriterFailed.
	WriteResults func(ctx context.Context, resultWriter jsonv.Value, mapRunArn string, children []ChildResult) (jsonv.Value, error)
}

// ChildResult is how one child execution of a Distributed Map ended.
type ChildResult struct {
	ExecutionArn string
	Input        jsonv.Value
	Status       string // SUCCEEDED, FAILED, TIMED_OUT, ABORTED, or PENDING when it never ran
	Output       jsonv.Value
	Error, Cause string
}

// Task is one attempt of a Task state handed to Options.Tasks.
type Task struct {
	ExecutionArn, StateMachineArn string
	StateName, Resource           string
	// Input is the effective parameters sent to the resource.
	Input     jsonv.Value
	TaskToken string
	// TimeoutSeconds and HeartbeatSeconds are 0 when not set.
	TimeoutSeconds, HeartbeatSeconds int64
	// Attempt counts from 1.
	Attempt int
	// RoleArn is the role of the Task's Credentials field ("" when not set).
	RoleArn string
}

// TaskResult is what a task attempt produced: Output, or a failure named
// by Error (with Cause).
type TaskResult struct {
	Output       jsonv.Value
	Error, Cause string
}

// Result is the end of an execution.
type Result struct {
	ExecutionArn string
	Status       string // SUCCEEDED, FAILED, TIMED_OUT or ABORTED
	Output       jsonv.Value
	Error, Cause string
	History      []history.Event
}

// Defaults for ARNs, the same as AWS's local emulators use.
const (
	RegionDefault           = "us-east-1"
	AccountDefault          = "123456789012"
	StateMachineNameDefault = "LocalStateMachine"
)

// UnmockedTaskError reports a Task state that the run cannot perform.
type UnmockedTaskError struct {
	State, Resource string
}

func (e *UnmockedTaskError) Error() string {
	return fmt.Sprintf("Task state %q calls %s, which this run cannot perform: declare it in stepd.yaml (functions:, connections:, aws:) or mock it (stepd run --mock-config FILE --test-case NAME; Options.Tasks or Options.Mocks in Go)", e.State, e.Resource)
}

// Run executes definition with input until the execution closes or ctx ends.
// A definition that fails validation returns its asl.Diagnostics as the error.
func Run(ctx context.Context, definition []byte, input jsonv.Value, opts Options) (*Result, error) {
	m, diags := machine.Load(definition)
	if diags.HasErrors() {
		return nil, diags
	}
	r := newRunner(m, opts)
	return r.run(ctx, input)
}

type runner struct {
	m         *machine.Machine
	opts      Options
	exec      interp.Execution
	state     *interp.State
	now       time.Time // the fake clock, with SkipWaits
	queue     []interp.Input
	timers    timerHeap
	cancelled map[string]bool // timer and task ids withdrawn by the interpreter
	result    *Result

	// Tasks running on Options.Tasks: their results arrive on done.
	ctx      context.Context
	inflight map[string]context.CancelFunc // by task id
	done     chan taskDone
	wg       sync.WaitGroup
}

type taskDone struct {
	taskID string
	res    TaskResult
	err    error
}

func newRunner(m *machine.Machine, opts Options) *runner {
	if opts.Region == "" {
		opts.Region = RegionDefault
	}
	if opts.Account == "" {
		opts.Account = AccountDefault
	}
	if opts.StateMachineName == "" {
		opts.StateMachineName = StateMachineNameDefault
	}
	if opts.Seed == 0 {
		var b [8]byte
		_, _ = rand.Read(b[:])
		opts.Seed = binary.LittleEndian.Uint64(b[:]) | 1
	}
	if opts.Name == "" {
		opts.Name = fmt.Sprintf("%016x", opts.Seed)
	}
	if opts.Start.IsZero() {
		opts.Start = time.Now()
	}
	machineArn := fmt.Sprintf("arn:aws:states:%s:%s:stateMachine:%s", opts.Region, opts.Account, opts.StateMachineName)
	return &runner{
		m:    m,
		opts: opts,
		exec: interp.Execution{
			ExecutionArn:     fmt.Sprintf("arn:aws:states:%s:%s:execution:%s:%s", opts.Region, opts.Account, opts.StateMachineName, opts.Name),
			Name:             opts.Name,
			StateMachineArn:  machineArn,
			StateMachineName: opts.StateMachineName,
			RoleArn:          fmt.Sprintf("arn:aws:iam::%s:role/StepFunctionsLocal", opts.Account),
		},
		state:     interp.New(m),
		now:       opts.Start,
		cancelled: map[string]bool{},
		inflight:  map[string]context.CancelFunc{},
		done:      make(chan taskDone),
	}
}

func (r *runner) clock() time.Time {
	if r.opts.SkipWaits {
		return r.now
	}
	return time.Now()
}

func (r *runner) run(ctx context.Context, input jsonv.Value) (*Result, error) {
	ctx, cancel := context.WithCancel(ctx)
	r.ctx = ctx
	defer func() {
		// Withdraw the tasks still running and wait for them: nothing
		// outlives the run.
		cancel()
		go func() {
			for range r.done {
			}
		}()
		r.wg.Wait()
		close(r.done)
	}()
	r.result = &Result{ExecutionArn: r.exec.ExecutionArn}
	r.queue = append(r.queue, interp.StartExecution{Execution: r.exec, Input: input})
	for {
		for len(r.queue) > 0 {
			in := r.queue[0]
			r.queue = r.queue[1:]
			if err := r.decide(in); err != nil {
				return nil, err
			}
			if r.result.Status != "" {
				return r.result, nil
			}
		}
		if err := r.next(ctx); err != nil {
			return nil, err
		}
	}
}

// next waits for the next input: a task result or a timer, whichever
// comes first. With SkipWaits the clock jumps to the next timer only when
// no task is running, so a task's timeout cannot fire before it returns.
func (r *runner) next(ctx context.Context) error {
	for r.timers.Len() > 0 && r.cancelled[r.timers[0].id] {
		heap.Pop(&r.timers)
	}
	if r.timers.Len() == 0 && len(r.inflight) == 0 {
		return fmt.Errorf("execution %s is waiting for something this run cannot deliver", r.exec.Name)
	}
	var fire <-chan time.Time
	if r.timers.Len() > 0 {
		due := r.timers[0].due
		switch {
		case r.opts.SkipWaits && len(r.inflight) == 0:
			if due.After(r.now) {
				r.now = due
			}
			r.fireTimer()
			return ctx.Err()
		case !r.opts.SkipWaits:
			t := time.NewTimer(time.Until(due))
			defer t.Stop()
			fire = t.C
		}
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-fire:
		r.fireTimer()
	case d := <-r.done:
		return r.taskDone(d)
	}
	return nil
}

func (r *runner) fireTimer() {
	t := heap.Pop(&r.timers).(timer)
	r.queue = append(r.queue, interp.TimerFired{TimerID: t.id})
}

func (r *runner) decide(in interp.Input) error {
	d, err := interp.Decide(r.m, r.state, in, interp.Env{Now: r.clock(), Seed: r.opts.Seed})
	if err != nil {
		return err
	}
	r.state = d.State
	for _, e := range d.Events {
		r.result.History = append(r.result.History, e)
		if r.opts.OnEvent != nil {
			r.opts.OnEvent(e)
		}
	}
	for _, eff := range d.Effects {
		if err := r.effect(eff); err != nil {
			return err
		}
	}
	return nil
}

func (r *runner) effect(eff interp.Effect) error {
	switch e := eff.(type) {
	case interp.DispatchTask:
		return r.dispatch(e)
	case interp.CancelTask:
		r.cancelled[e.TaskID] = true
		r.dropQueued(e.TaskID)
		if cancel, ok := r.inflight[e.TaskID]; ok {
			cancel()
			delete(r.inflight, e.TaskID)
		}
	case interp.StartTimer:
		delete(r.cancelled, e.TimerID)
		heap.Push(&r.timers, timer{due: e.Due, id: e.TimerID})
	case interp.CancelTimer:
		r.cancelled[e.TimerID] = true
	case interp.StartMapRun:
		end, err := r.mapRun(e)
		if err != nil {
			return err
		}
		r.queue = append(r.queue, end)
	case interp.CloseExecution:
		r.result.Status = e.Status
		r.result.Output = e.Output
		r.result.Error, r.result.Cause = e.Error, e.Cause
	}
	return nil
}

// dispatch answers a task from the mock script, or starts it on
// Options.Tasks. Mock answers are queued, not applied at once: the
// interpreter sees them as later inputs, as it would from a real worker.
func (r *runner) dispatch(t interp.DispatchTask) error {
	if r.opts.Mocks != nil {
		res, ok, err := r.opts.Mocks.Next(t.StateName)
		if err != nil {
			return err
		}
		if ok {
			r.queue = append(r.queue, interp.TaskStarted{TaskID: t.TaskID})
			if res.Failed() {
				r.queue = append(r.queue, interp.TaskFailed{TaskID: t.TaskID, Error: res.Error, Cause: res.Cause})
			} else {
				r.queue = append(r.queue, interp.TaskSucceeded{TaskID: t.TaskID, Output: res.Output})
			}
			return nil
		}
	}
	if r.opts.Tasks == nil {
		return &UnmockedTaskError{State: t.StateName, Resource: t.Resource}
	}
	task := Task{
		ExecutionArn: r.exec.ExecutionArn, StateMachineArn: r.exec.StateMachineArn,
		StateName: t.StateName, Resource: t.Resource, Input: t.Input, TaskToken: t.TaskToken,
		TimeoutSeconds: t.TimeoutSeconds, HeartbeatSeconds: t.HeartbeatSeconds, Attempt: t.Attempt,
		RoleArn: t.RoleArn,
	}
	ctx, cancel := context.WithCancel(r.ctx)
	r.inflight[t.TaskID] = cancel
	r.queue = append(r.queue, interp.TaskStarted{TaskID: t.TaskID})
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		res, err := r.opts.Tasks(ctx, task)
		r.done <- taskDone{taskID: t.TaskID, res: res, err: err}
	}()
	return nil
}

// taskDone turns a finished task into its input, unless the interpreter
// withdrew it meanwhile.
func (r *runner) taskDone(d taskDone) error {
	cancel, ok := r.inflight[d.taskID]
	if !ok {
		return nil // withdrawn
	}
	cancel()
	delete(r.inflight, d.taskID)
	switch {
	case d.err != nil:
		return d.err
	case d.res.Error != "":
		r.queue = append(r.queue, interp.TaskFailed{TaskID: d.taskID, Error: d.res.Error, Cause: d.res.Cause})
	default:
		r.queue = append(r.queue, interp.TaskSucceeded{TaskID: d.taskID, Output: d.res.Output})
	}
	return nil
}

// dropQueued withdraws the queued answers of a cancelled task.
func (r *runner) dropQueued(taskID string) {
	kept := r.queue[:0]
	for _, in := range r.queue {
		switch x := in.(type) {
		case interp.TaskStarted:
			if x.TaskID == taskID {
				continue
			}
		case interp.TaskSucceeded:
			if x.TaskID == taskID {
				continue
			}
		case interp.TaskFailed:
			if x.TaskID == taskID {
				continue
			}
		}
		kept = append(kept, in)
	}
	r.queue = kept
}

type timer struct {
	due time.Time
	id  string
}

// timerHeap orders timers by due time, then id, so runs are reproducible.
type timerHeap []timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if !h[i].due.Equal(h[j].due) {
		return h[i].due.Before(h[j].due)
	}
	return h[i].id < h[j].id
}
func (h timerHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *timerHeap) Push(x any)   { *h = append(*h, x.(timer)) }
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	*h = old[:len(old)-1]
	return t
}
