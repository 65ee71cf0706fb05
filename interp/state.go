package interp

import (
	"encoding/json"
	"time"

	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/jsonv"
)

// State is the explicit, serialisable state of one execution. Treat it as
// immutable: Decide and Apply return a new State.
type State struct {
	Execution    Execution `json:"execution"`
	Status       string    `json:"status"` // "" before StartExecution
	StartTime    time.Time `json:"startTime"`
	Input        Data      `json:"input"`
	Output       Data      `json:"output"`
	Error        string    `json:"error,omitempty"`
	Cause        string    `json:"cause,omitempty"`
	LastEventID  int64     `json:"lastEventId"`
	Counter      int64     `json:"counter"` // source of task and timer ids
	RedriveCount int64     `json:"redriveCount"`
	RedriveTime  time.Time `json:"redriveTime"`
	ExecTimer    string    `json:"execTimer,omitempty"`
	Root         *Thread   `json:"root,omitempty"`

	// starting marks Parallel and Map threads that are starting children
	// within the current decision (not serialised).
	// replay holds the rest of a decision's events while Apply walks them.
	replay []history.Event
}

// Phase says what a thread is doing.
type Phase uint8

// Thread phases.
const (
	PhaseIdle     Phase = iota // about to enter State
	PhaseTask                  // a task is dispatched; waiting for its result
	PhaseBackoff               // waiting for a retry timer
	PhaseWait                  // in a Wait state, waiting for its timer
	PhaseChildren              // Parallel or Map: waiting for branches/iterations
	PhaseDone                  // the scope ended; Output holds the result
	PhaseFailed                // the scope failed with Error/Cause
	PhaseAborted               // stopped because a sibling failed or the execution closed
	PhaseMapRun                // Distributed Map: waiting for its Map Run (MapRun)
)

// Thread runs one scope: the top level, a Parallel branch or a Map
// iteration.
type Thread struct {
	Scope int   `json:"scope"` // machine.Scope.ID
	State int   `json:"state"` // index of the current state in the scope
	Phase Phase `json:"phase"`
	// Input is the current state's raw input; Effective is what its
	// InputPath (and Parameters) made of it.
	Input     Data      `json:"input"`
	Effective Data      `json:"effective"`
	Entered   time.Time `json:"entered"`
	EnteredID int64     `json:"enteredId"` // the id of the state's Entered event
	// Retries counts the attempts consumed per retrier; RetryCount is their
	// sum ($$.State.RetryCount).
	Retries    []int64 `json:"retries,omitempty"`
	RetryCount int64   `json:"retryCount"`
	TaskID     string  `json:"taskId,omitempty"`
	TaskToken  string  `json:"taskToken,omitempty"`
	TaskBegun  bool    `json:"taskBegun,omitempty"`
	Timer      string  `json:"timer,omitempty"` // wait or back-off timer
	Timeout    string  `json:"timeout,omitempty"`
	Heartbeat  string  `json:"heartbeat,omitempty"`
	HeartbeatS int64   `json:"heartbeatSeconds,omitempty"`
	// Last is the id of this thread's latest event: the previousEventId of
	// its next one.
	Last int64 `json:"last"`
	// Children are the branches or iterations of a Parallel or Map state.
	Children []*Thread `json:"children,omitempty"`
	// Map bookkeeping: the items, how many were started, the concurrency.
	Items   Data `json:"items"`
	Started int  `json:"started,omitempty"`
	MaxConc int  `json:"maxConcurrency,omitempty"`
	Index   int  `json:"index"` // Map iteration index, -1 otherwise
	// MapRun is the ARN of the Map Run a Distributed Map waits for;
	// FailedRun is the run that failed or was aborted in the current
	// state, which a redrive redrives (MapRunRedrives times so far).
	MapRun         string `json:"mapRun,omitempty"`
	FailedRun      string `json:"failedRun,omitempty"`
	MapRunRedrives int64  `json:"mapRunRedrives,omitempty"`
	Output         Data   `json:"output"`
	// Vars are the workflow variables the thread sees: its parent's when
	// it started (read-only copies) and its own assignments.
	Vars  Data   `json:"vars"`
	Error string `json:"error,omitempty"`
	Cause string `json:"cause,omitempty"`
}

// Data is a JSON value that marshals as itself; State uses it so that the
// snapshot is plain JSON.
type Data struct{ V jsonv.Value }

// MarshalJSON encodes the value; a missing value is null.
func (d Data) MarshalJSON() ([]byte, error) { return jsonv.Marshal(d.V), nil }

// UnmarshalJSON decodes any JSON value.
func (d *Data) UnmarshalJSON(b []byte) error {
	v, err := jsonv.Parse(b)
	if err != nil {
		return err
	}
	d.V = v
	return nil
}

// MarshalJSON encodes the state as a JSON snapshot.
func (s *State) MarshalJSON() ([]byte, error) {
	type plain State
	return json.Marshal((*plain)(s))
}

// UnmarshalJSON decodes a snapshot made by MarshalJSON.
func (s *State) UnmarshalJSON(b []byte) error {
	type plain State
	return json.Unmarshal(b, (*plain)(s))
}

// Closed reports whether the execution has ended.
func (s *State) Closed() bool {
	return s.Status != "" && s.Status != StatusRunning
}

// clone copies the state for a decision. Threads are shared with s and
// copied on write (see decider.own), so a decision costs what it touches,
// not the size of the whole tree.
func (s *State) clone() *State {
	c := *s
	c.replay = nil
	return &c
}

// copy returns a shallow copy of t that may be changed: its Retries and
// its Children slice are fresh, the children themselves are shared.
func (t *Thread) copy() *Thread {
	c := *t
	if t.Retries != nil {
		c.Retries = append([]int64(nil), t.Retries...)
	}
	if t.Children != nil {
		c.Children = append([]*Thread(nil), t.Children...)
	}
	return &c
}
