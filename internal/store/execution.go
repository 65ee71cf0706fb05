package store

import "time"

// Execution statuses, as the API spells them.
const (
	StatusRunning        = "RUNNING"
	StatusSucceeded      = "SUCCEEDED"
	StatusFailed         = "FAILED"
	StatusTimedOut       = "TIMED_OUT"
	StatusAborted        = "ABORTED"
	StatusPendingRedrive = "PENDING_REDRIVE"
)

// Execution is one execution's row: what DescribeExecution shows plus the
// engine's snapshot. Zero times mean "not set".
type Execution struct {
	ARN             string
	StateMachineARN string // always the unqualified state machine ARN
	// VersionARN and AliasARN record how the execution was started: through
	// a version, an alias (which resolved to VersionARN), or neither.
	VersionARN string
	AliasARN   string
	Name       string
	Type       string // TypeStandard or TypeExpress
	Status     string
	Input      []byte
	Output     []byte
	Error      string
	Cause      string
	// TraceHeader is the X-Ray trace header given at start.
	TraceHeader string
	// ParentARN is the execution that started this one, for nested executions.
	ParentARN string
	// MapRunARN is the Map Run that started this child execution, if any.
	MapRunARN    string
	StartDate    time.Time
	StopDate     time.Time
	RedriveCount int
	RedriveDate  time.Time
	// Snapshot is the interpreter's serialised state, opaque to the store.
	Snapshot []byte
	// Version counts writes: 1 after create, +1 per ExecutionUpdate.
	Version int64
	// Definition is the definition the execution runs, written once at
	// create so the snapshot, rewritten on every transition, need not
	// carry it. ExecutionGet returns it; listings leave it nil.
	Definition []byte
}

// ExecutionCreateParams creates an execution at Version 1. ARN is unique
// (ErrAlreadyExists). Status defaults to StatusRunning; StartDate is Now.
type ExecutionCreateParams struct {
	ARN             string
	StateMachineARN string
	VersionARN      string
	AliasARN        string
	Name            string
	Type            string
	Status          string
	Input           []byte
	TraceHeader     string
	ParentARN       string
	MapRunARN       string
	Snapshot        []byte
	// Definition is stored once and never updated (see Execution).
	Definition []byte
	Now        time.Time
}

// ExecutionGetParams names an execution.
type ExecutionGetParams struct{ ARN string }

// ExecutionUpdateParams replaces an execution's mutable fields if its stored
// Version equals ExpectedVersion, and bumps the version; otherwise it fails
// with ErrConflict (ErrNotFound if the execution does not exist). It
// returns the new version (ExpectedVersion+1) rather than the row: this is
// the engine's hot path and the caller already holds everything else.
type ExecutionUpdateParams struct {
	ARN             string
	ExpectedVersion int64
	Snapshot        []byte
	Status          string
	StopDate        time.Time
	Output          []byte
	Error           string
	Cause           string
	RedriveCount    int
	RedriveDate     time.Time
	Now             time.Time
}

// Redrive filters for ExecutionList.
const (
	RedriveAny         = ""
	RedriveRedriven    = "REDRIVEN"     // RedriveCount > 0
	RedriveNotRedriven = "NOT_REDRIVEN" // RedriveCount == 0
)

// ExecutionListParams lists executions newest first (StartDate descending,
// then ARN descending). Set exactly one of StateMachineARN, VersionARN,
// AliasARN or MapRunARN (the children of a Map Run), or none to list all
// executions. Pages are stable: rows inserted
// while paging never make a row appear twice or go missing.
type ExecutionListParams struct {
	StateMachineARN string
	VersionARN      string
	AliasARN        string
	MapRunARN       string
	Status          string // "" for any
	Redrive         string // RedriveAny, RedriveRedriven or RedriveNotRedriven
	Limit           int
	Cursor          string
}

// ExecutionPurgeParams deletes up to Limit (ListLimit rules) closed
// executions whose StopDate is before StoppedBefore, oldest first, with
// everything that hangs off them: history events, outbox rows, activity
// tasks and task tokens. Running executions are never purged. Returns how
// many executions went; call again until it returns 0. This is for
// retention (AWS keeps closed executions for 90 days) and may scan.
type ExecutionPurgeParams struct {
	StoppedBefore time.Time
	Limit         int
}

// ExecutionDeleteParams deletes one execution, running or not, with
// everything that hangs off it (as ExecutionPurge does); ErrNotFound if it
// does not exist. The engine deletes Express executions once they closed
// and their result was delivered: AWS keeps no history of them
// (DescribeExecution "is not supported by EXPRESS state machines"). The
// drivers may scan the outbox and task tokens, which keep no
// per-execution index.
type ExecutionDeleteParams struct{ ARN string }
