package store

import "time"

// Map Run statuses, as DescribeMapRun spells them.
const (
	MapRunRunning   = "RUNNING"
	MapRunSucceeded = "SUCCEEDED"
	MapRunFailed    = "FAILED"
	MapRunAborted   = "ABORTED"
)

// MapRun is one Distributed Map run: the set of child executions a Map
// state started. The engine keeps its bookkeeping (items, counts,
// settings) in Payload, opaque to the store, and updates it with a
// version check like an execution's snapshot.
//
// Lifecycle: RUNNING → SUCCEEDED | FAILED | ABORTED (StopDate set).
type MapRun struct {
	ARN          string
	ExecutionARN string // the execution whose Map state started the run
	// StateMachineARN is the labelled ARN the children run under.
	StateMachineARN string
	Status          string
	StartDate       time.Time
	StopDate        time.Time
	Payload         []byte
	// Version counts writes: 1 after create, +1 per MapRunUpdate.
	Version int64
}

// MapRunCreateParams creates a run at Version 1 with status RUNNING and
// StartDate Now. ARN is unique (ErrAlreadyExists).
type MapRunCreateParams struct {
	ARN             string
	ExecutionARN    string
	StateMachineARN string
	Payload         []byte
	Now             time.Time
}

// MapRunGetParams names a run (ErrNotFound if absent).
type MapRunGetParams struct{ ARN string }

// MapRunUpdateParams replaces a run's Status, StopDate and Payload if its
// Version equals ExpectedVersion (else ErrConflict; ErrNotFound if the run
// does not exist) and returns the new version.
type MapRunUpdateParams struct {
	ARN             string
	ExpectedVersion int64
	Status          string
	StopDate        time.Time
	Payload         []byte
}

// MapRunListParams lists the runs of one execution, newest first
// (StartDate descending, then ARN descending), in stable pages. Payloads
// are left out.
type MapRunListParams struct {
	ExecutionARN string
	Limit        int
	Cursor       string
}
