package interp_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stepd/stepd/conformance"
	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/interp"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
)

func load(t testing.TB, def string) *machine.Machine {
	t.Helper()
	m, ds := machine.Load([]byte(def))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	return m
}

const taskMachine = `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Next":"W"},"W":{"Type":"Wait","Seconds":5,"End":true}}}`

func TestDecideDoesNotModifyItsState(t *testing.T) {
	m := load(t, taskMachine)
	env := interp.Env{Now: conformance.StartTime, Seed: 1}
	d1, err := interp.Decide(m, interp.New(m), interp.StartExecution{Execution: conformance.DefaultExecution, Input: jsonv.MustParse(`{"a":1}`)}, env)
	if err != nil {
		t.Fatal(err)
	}
	task := d1.Effects[0].(interp.DispatchTask)
	before, _ := d1.State.MarshalJSON()
	if _, err := interp.Decide(m, d1.State, interp.TaskSucceeded{TaskID: task.TaskID, Output: "r"}, env); err != nil {
		t.Fatal(err)
	}
	after, _ := d1.State.MarshalJSON()
	if string(before) != string(after) {
		t.Fatalf("Decide changed the state it was given")
	}
	// A second StartExecution is refused; a result for an unknown task is ignored.
	if _, err := interp.Decide(m, d1.State, interp.StartExecution{Input: nil}, env); err == nil {
		t.Errorf("second StartExecution accepted")
	}
	d, err := interp.Decide(m, d1.State, interp.TaskSucceeded{TaskID: "nope"}, env)
	if err != nil || len(d.Events) != 0 {
		t.Errorf("unknown task: %v, %d events", err, len(d.Events))
	}
}

func TestDispatchEffect(t *testing.T) {
	m := load(t, `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","TimeoutSeconds":30,"HeartbeatSeconds":10,"Parameters":{"t.$":"$$.Task.Token"},"End":true}}}`)
	d, err := interp.Decide(m, interp.New(m), interp.StartExecution{Execution: conformance.DefaultExecution, Input: jsonv.NewObject(0)}, interp.Env{Now: conformance.StartTime, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	var task interp.DispatchTask
	var timers int
	for _, e := range d.Effects {
		switch e := e.(type) {
		case interp.DispatchTask:
			task = e
		case interp.StartTimer:
			timers++
		}
	}
	if task.TaskToken == "" || task.Attempt != 1 || task.TimeoutSeconds != 30 || task.HeartbeatSeconds != 10 || timers != 2 {
		t.Fatalf("dispatch = %+v, %d timers", task, timers)
	}
	if got := jsonv.String(task.Input); got != `{"t":"`+task.TaskToken+`"}` {
		t.Errorf("parameters = %s", got)
	}
}

// TestReplayBrokenHistories: histories that Decide would not have produced
// fail with a coded *ReplayError.
func TestReplayBrokenHistories(t *testing.T) {
	m := load(t, taskMachine)
	res, err := conformance.Run(m, conformance.DefaultExecution, jsonv.MustParse(`{"a":1}`), conformance.Script{"T": {{Return: "ok"}}}, conformance.Options{})
	if err != nil {
		t.Fatal(err)
	}
	events := res.Events
	if _, err := interp.Replay(m, res.State.Execution, events); err != nil {
		t.Fatalf("intact history: %v", err)
	}
	withOutput := func(i int, output string) []history.Event {
		out := append([]history.Event(nil), events...)
		d := *out[i].Details.(*history.TaskOutputDetails)
		d.Output = output
		out[i].Details = &d
		return out
	}
	succeeded := -1
	for i, e := range events {
		if e.Type == history.TaskSucceeded {
			succeeded = i
		}
	}
	tests := []struct {
		name   string
		events []history.Event
		code   string
	}{
		{"empty", nil, interp.ReplayEmpty},
		{"not started", events[1:], interp.ReplayNotStarted},
		{"truncated decision", events[:len(events)-1], interp.ReplayIncomplete},
		{"missing event", append(append([]history.Event(nil), events[:2]...), events[3:]...), interp.ReplayUnexpected},
		{"payload not JSON", withOutput(succeeded, "{oops"), interp.ReplayBadEvent},
		{"exited output changed", func() []history.Event {
			out := append([]history.Event(nil), events...)
			for i, e := range out {
				if e.Type == history.TaskStateExited {
					d := *e.Details.(*history.StateExitedEventDetails)
					d.Output = `"forged"`
					out[i].Details = &d
				}
			}
			return out
		}(), interp.ReplayUnexpected},
		{"wrong time", func() []history.Event {
			out := append([]history.Event(nil), events...)
			out[len(out)-1].Timestamp = out[len(out)-1].Timestamp.Add(time.Second)
			return out
		}(), interp.ReplayUnexpected},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := interp.Replay(m, res.State.Execution, tt.events)
			var re *interp.ReplayError
			if !errors.As(err, &re) || re.Code != tt.code {
				t.Fatalf("err = %v, want code %s", err, tt.code)
			}
			if !strings.Contains(err.Error(), tt.code) {
				t.Errorf("message %q lacks the code", err)
			}
		})
	}
}

// TestDeterministic: the same inputs give byte-identical events, over many
// seeds (jitter, UUIDs and tokens come from the seed).
func TestDeterministic(t *testing.T) {
	m := load(t, `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"id.$":"States.UUID()","tok.$":"$$.Task.Token"},"Retry":[{"ErrorEquals":["States.ALL"],"JitterStrategy":"FULL","MaxAttempts":3}],"End":true}}}`)
	for seed := uint64(0); seed < 20; seed++ {
		run := func() string {
			s := interp.New(m)
			var out strings.Builder
			now := conformance.StartTime
			in := interp.Input(interp.StartExecution{Execution: conformance.DefaultExecution, Input: jsonv.NewObject(0)})
			for i := 0; i < 20 && in != nil; i++ {
				d, err := interp.Decide(m, s, in, interp.Env{Now: now, Seed: seed})
				if err != nil {
					t.Fatal(err)
				}
				s, in = d.State, nil
				for _, e := range d.Events {
					b, _ := history.AppendJSON(nil, e)
					out.Write(b)
				}
				for _, e := range d.Effects {
					switch e := e.(type) {
					case interp.DispatchTask:
						in = interp.TaskFailed{TaskID: e.TaskID, Error: "E"}
					case interp.StartTimer:
						now = e.Due
						in = interp.TimerFired{TimerID: e.TimerID}
					}
				}
			}
			return out.String()
		}
		if a, b := run(), run(); a != b {
			t.Fatalf("seed %d: histories differ", seed)
		}
	}
}

// TestHeartbeatRearmsTimer: SendTaskHeartbeat moves the heartbeat timer
// without changing the state, so replay needs no event for it.
func TestHeartbeatRearmsTimer(t *testing.T) {
	m := load(t, `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:us-east-1:123456789012:activity:a","HeartbeatSeconds":10,"End":true}}}`)
	env := interp.Env{Now: conformance.StartTime}
	d, err := interp.Decide(m, interp.New(m), interp.StartExecution{Execution: conformance.DefaultExecution, Input: jsonv.NewObject(0)}, env)
	if err != nil {
		t.Fatal(err)
	}
	var task interp.DispatchTask
	var timer interp.StartTimer
	for _, e := range d.Effects {
		switch e := e.(type) {
		case interp.DispatchTask:
			task = e
		case interp.StartTimer:
			timer = e
		}
	}
	env.Now = env.Now.Add(7 * time.Second)
	h, err := interp.Decide(m, d.State, interp.TaskHeartbeat{TaskID: task.TaskID}, env)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := d.State.MarshalJSON()
	b, _ := h.State.MarshalJSON()
	if len(h.Events) != 0 || string(a) != string(b) {
		t.Fatalf("a heartbeat changed the state or produced events")
	}
	if len(h.Effects) != 1 || h.Effects[0] != (interp.StartTimer{TimerID: timer.TimerID, Due: env.Now.Add(10 * time.Second)}) {
		t.Fatalf("effects = %+v", h.Effects)
	}
}

func TestRedrivable(t *testing.T) {
	m := load(t, `{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E"}}}`)
	s := interp.New(m)
	if ok, why := s.Redrivable(); ok || why == "" {
		t.Errorf("a new execution is redrivable")
	}
	d, err := interp.Decide(m, s, interp.StartExecution{Execution: conformance.DefaultExecution}, interp.Env{Now: conformance.StartTime})
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := d.State.Redrivable(); !ok {
		t.Errorf("a failed execution is not redrivable")
	}
	r, err := interp.Decide(m, d.State, interp.RedriveExecution{}, interp.Env{Now: conformance.StartTime})
	if err != nil || r.Events[0].Type != history.ExecutionRedriven {
		t.Fatalf("redrive: %v", err)
	}
	loop := load(t, `{"StartAt":"L","States":{"L":{"Type":"Pass","Next":"C"},"C":{"Type":"Choice","Choices":[{"Variable":"$.stop","IsPresent":true,"Next":"D"}],"Default":"L"},"D":{"Type":"Succeed"}}}`)
	d, err = interp.Decide(loop, interp.New(loop), interp.StartExecution{Execution: conformance.DefaultExecution}, interp.Env{Now: conformance.StartTime})
	if err != nil {
		t.Fatal(err)
	}
	if ok, why := d.State.Redrivable(); ok || why != "Execution history event limit exceeded" {
		t.Errorf("Redrivable after the history limit = %v, %q", ok, why)
	}
	if _, err := interp.Decide(loop, d.State, interp.RedriveExecution{}, interp.Env{Now: conformance.StartTime}); err == nil {
		t.Errorf("redrive past the history limit accepted")
	}
}

// TestTokensDifferAcrossExecutions: the same seed in two executions still
// gives different task tokens.
func TestTokensDifferAcrossExecutions(t *testing.T) {
	m := load(t, taskMachine)
	token := func(arn string) string {
		exec := conformance.DefaultExecution
		exec.ExecutionArn = arn
		d, err := interp.Decide(m, interp.New(m), interp.StartExecution{Execution: exec, Input: jsonv.NewObject(0)}, interp.Env{Now: conformance.StartTime})
		if err != nil {
			t.Fatal(err)
		}
		return d.Effects[0].(interp.DispatchTask).TaskToken
	}
	if a, b := token("arn:a"), token("arn:b"); a == b || a != token("arn:a") {
		t.Fatalf("tokens %q %q", a, b)
	}
}

func TestPendingTasksAndTimers(t *testing.T) {
	m := load(t, `{"StartAt":"P","TimeoutSeconds":60,"States":{"P":{"Type":"Parallel","End":true,"Branches":[
		{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","TimeoutSeconds":9,"End":true}}},
		{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":5,"End":true}}}]}}}`)
	d, err := interp.Decide(m, interp.New(m), interp.StartExecution{Execution: conformance.DefaultExecution, Input: jsonv.NewObject(0)}, interp.Env{Now: conformance.StartTime})
	if err != nil {
		t.Fatal(err)
	}
	tasks := d.State.PendingTasks(m)
	if len(tasks) != 1 || tasks[0].StateName != "T" || tasks[0].TaskToken == "" {
		t.Fatalf("PendingTasks = %+v", tasks)
	}
	var started []string
	for _, e := range d.Effects {
		if st, ok := e.(interp.StartTimer); ok {
			started = append(started, st.TimerID)
		}
	}
	if got := d.State.PendingTimers(); len(got) != 3 || len(started) != 3 {
		t.Fatalf("PendingTimers = %v, started %v", got, started)
	}
}
