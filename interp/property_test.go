package interp_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stepd/stepd/conformance"
	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/interp"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
)

const propertyMachine = `{"StartAt":"T","TimeoutSeconds":500,"States":{
	"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":30,"HeartbeatSeconds":10,
		"Retry":[{"ErrorEquals":["E"],"MaxAttempts":2,"JitterStrategy":"FULL"}],"Catch":[{"ErrorEquals":["Fatal"],"Next":"F"}],"ResultPath":"$.t","Next":"P"},
	"P":{"Type":"Parallel","Next":"M","ResultPath":"$.p","Branches":[
		{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3,"Next":"U"},"U":{"Type":"Task","Resource":"arn:aws:states:us-east-1:1:activity:a","End":true}}},
		{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.t","IsPresent":true,"Next":"V"}],"Default":"X"},"V":{"Type":"Pass","End":true},"X":{"Type":"Fail","Error":"NoT"}}}]},
	"M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":2,"ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":1}],"End":true}}},"End":true},
	"F":{"Type":"Fail","Error":"Caught"}}}`

// runScript drives an execution with inputs chosen by the bytes of ops and
// checks the properties every history must have: Decide never fails on
// them, the history's chain is valid, and it replays to the same state.
func runScript(t *testing.T, m *machine.Machine, ops []byte) (status string, n int) {
	now := conformance.StartTime
	env := func() interp.Env { return interp.Env{Now: now, Seed: 7} }
	d, err := interp.Decide(m, interp.New(m), interp.StartExecution{Execution: conformance.DefaultExecution, Input: jsonv.MustParse(`{"items":[1,2,3]}`)}, env())
	if err != nil {
		t.Fatal(err)
	}
	s, events := d.State, d.Events
	timers := map[string]time.Time{}
	note := func(effs []interp.Effect) {
		for _, e := range effs {
			switch e := e.(type) {
			case interp.StartTimer:
				timers[e.TimerID] = e.Due
			case interp.CancelTimer:
				delete(timers, e.TimerID)
			}
		}
	}
	note(d.Effects)
	for i := 0; i+1 < len(ops) && !s.Closed(); i += 2 {
		tasks := s.PendingTasks(m)
		pending := s.PendingTimers()
		var in interp.Input
		pick := int(ops[i+1])
		switch ops[i] % 8 {
		case 0, 1:
			if len(tasks) > 0 {
				in = interp.TaskSucceeded{TaskID: tasks[pick%len(tasks)].TaskID, Output: jsonv.Int(int64(pick))}
			}
		case 2:
			if len(tasks) > 0 {
				errs := []string{"E", "Fatal", "Other", "States.Timeout"}
				in = interp.TaskFailed{TaskID: tasks[pick%len(tasks)].TaskID, Error: errs[pick%len(errs)], Cause: "c"}
			}
		case 3, 4:
			if len(pending) > 1 && pick%8 != 0 {
				pending = pending[1:] // the execution timeout, mostly not
			}
			if len(pending) > 0 {
				id := pending[pick%len(pending)]
				if due, ok := timers[id]; ok && due.After(now) {
					now = due
				}
				in = interp.TimerFired{TimerID: id}
			}
		case 5:
			if len(tasks) > 0 {
				in = interp.TaskStarted{TaskID: tasks[pick%len(tasks)].TaskID}
			}
		case 6:
			if len(tasks) > 0 {
				now = now.Add(time.Second)
				in = interp.TaskHeartbeat{TaskID: tasks[pick%len(tasks)].TaskID}
			}
		case 7:
			if pick%16 == 0 {
				in = interp.StopExecution{Error: "S"}
			}
		}
		if in == nil {
			continue
		}
		d, err := interp.Decide(m, s, in, env())
		if err != nil {
			t.Fatalf("Decide(%T): %v", in, err)
		}
		s = d.State
		events = append(events, d.Events...)
		note(d.Effects)
	}
	if err := history.Validate(events); err != nil {
		t.Fatalf("history.Validate: %v", err)
	}
	r, err := interp.Replay(m, s.Execution, events)
	if err != nil {
		t.Fatalf("Replay: %v", err)
	}
	a, _ := json.Marshal(s)
	b, _ := json.Marshal(r)
	if string(a) != string(b) {
		t.Fatalf("replayed state differs")
	}
	return s.Status, len(events)
}

// FuzzDecide drives an execution with arbitrary sequences of task results,
// failures, timers, heartbeats and stops.
func FuzzDecide(f *testing.F) {
	m := load(f, propertyMachine)
	f.Add([]byte{5, 0, 0, 0, 3, 0, 3, 1, 0, 0, 0, 0, 0, 1, 0, 2})
	f.Add([]byte{2, 0, 3, 0, 2, 0, 3, 0, 2, 0})
	f.Add([]byte{2, 1, 0, 0})
	f.Add([]byte{0, 0, 3, 0, 3, 1, 2, 2, 3, 0, 7, 0})
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) > 400 {
			ops = ops[:400]
		}
		_, _ = runScript(t, m, ops)
	})
}

// TestPropertyRandomScripts runs a deterministic sample of scripts under
// plain go test.
func TestPropertyRandomScripts(t *testing.T) {
	m := load(t, propertyMachine)
	x := uint32(12345)
	statuses := map[string]int{}
	events := 0
	for n := 0; n < 300; n++ {
		ops := make([]byte, 120)
		for i := range ops {
			x = x*1664525 + 1013904223
			ops[i] = byte(x >> 24)
		}
		status, k := runScript(t, m, ops)
		statuses[status]++
		events += k
	}
	t.Logf("statuses %v, %d events", statuses, events)
	if len(statuses) < 3 {
		t.Errorf("the scripts reach too few outcomes: %v", statuses)
	}
}
