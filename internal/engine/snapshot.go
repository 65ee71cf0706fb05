package engine

import (
	"encoding/json"

	"github.com/stepd/stepd/interp"
)

// snapshot is what the engine keeps in store.Execution.Snapshot: the
// interpreter's state plus what the engine needs to go on after a restart.
// The definition is kept per execution because an execution runs the
// definition it started with, even after the state machine is updated; it
// is stored once, in store.Execution.Definition, since the snapshot is
// rewritten on every transition. Definition is only read, from snapshots
// written before that column existed.
type snapshot struct {
	Definition string `json:"definition,omitempty"`
	TestCase   string `json:"testCase,omitempty"`
	// Parent links a nested execution to the Task state that started it.
	Parent *parentLink `json:"parent,omitempty"`
	// MapRun links a Distributed Map's child execution to its run.
	MapRun *mapRunLink   `json:"mapRun,omitempty"`
	State  *interp.State `json:"state"`
}

func encodeSnapshot(s *snapshot) ([]byte, error) { return json.Marshal(s) }

func decodeSnapshot(b []byte) (*snapshot, error) {
	var s snapshot
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, err
	}
	if s.State == nil {
		s.State = &interp.State{}
	}
	return &s, nil
}

// taskPayload is an outbox task row's payload: one DispatchTask.
type taskPayload struct {
	StateMachineARN  string          `json:"stateMachineArn"`
	TestCase         string          `json:"testCase,omitempty"`
	TaskID           string          `json:"taskId"`
	StateName        string          `json:"stateName"`
	Resource         string          `json:"resource"`
	Input            json.RawMessage `json:"input"`
	TaskToken        string          `json:"taskToken,omitempty"`
	TimeoutSeconds   int64           `json:"timeoutSeconds,omitempty"`
	HeartbeatSeconds int64           `json:"heartbeatSeconds,omitempty"`
	Attempt          int             `json:"attempt"`
	RoleArn          string          `json:"roleArn,omitempty"`
}

// tokenPayload is a task token row's payload.
type tokenPayload struct {
	TaskID string `json:"taskId"`
	// TimedOut marks the token of a task that timed out.
	TimedOut bool `json:"timedOut,omitempty"`
}
