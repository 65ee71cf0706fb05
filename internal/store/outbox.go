package store

import "time"

// Outbox kinds. OutboxKindTimer rows are timers, read by TimerDue and
// TimerNext; every other kind is work claimed with OutboxClaim. The engine
// may define more kinds (any non-empty string).
const (
	OutboxKindTask  = "task"
	OutboxKindTimer = "timer"
)

// OutboxRow is work the engine wrote in the same transaction as the
// transition that caused it: a task to dispatch or a timer to fire.
//
// Lifecycle: ready (ClaimedBy empty) → claimed by a worker until LeaseUntil
// → deleted by OutboxComplete; a claim whose lease has passed goes back to
// ready with OutboxReleaseExpired. Timers are normally deleted by the
// transaction that fires them (OutboxDelete).
type OutboxRow struct {
	ID           int64 // assigned by the store, increasing
	Kind         string
	ExecutionARN string
	// Key identifies the row within (Kind, ExecutionARN), e.g. the event id
	// that scheduled a task; non-empty keys are unique there.
	Key        string
	Payload    []byte
	DueAt      time.Time // not claimable (or due) before this instant
	CreatedAt  time.Time
	ClaimedBy  string
	LeaseUntil time.Time
	Attempts   int // number of times claimed
}

// OutboxInsertParams inserts rows (only Kind, ExecutionARN, Key, Payload and
// DueAt are read; a zero DueAt means Now). A non-empty Key repeated within
// (Kind, ExecutionARN) fails with ErrAlreadyExists. Returns the rows as
// stored, with ids.
type OutboxInsertParams struct {
	Rows []OutboxRow
	Now  time.Time
}

// OutboxClaimParams claims up to Limit ready rows of Kind with DueAt <= Now,
// oldest due first, for Worker until LeaseUntil. A row is never handed to
// two claims while its lease is live.
type OutboxClaimParams struct {
	Kind       string
	Worker     string
	Limit      int
	Now        time.Time
	LeaseUntil time.Time
}

// OutboxCompleteParams deletes a row claimed by Worker. ErrConflict if the
// row is not claimed by Worker (its lease was released or taken over);
// ErrNotFound if the row is gone.
type OutboxCompleteParams struct {
	ID     int64
	Worker string
}

// OutboxExtendParams moves the lease of a row claimed by Worker to
// LeaseUntil, for work that runs longer than its first lease. ErrConflict if
// the row is not claimed by Worker (it was released or taken over);
// ErrNotFound if the row is gone.
type OutboxExtendParams struct {
	ID         int64
	Worker     string
	LeaseUntil time.Time
}

// OutboxDeleteParams deletes rows whatever their state: by ID (ErrNotFound
// if absent), or else every row of ExecutionARN, narrowed by Kind and Key
// when they are set (no error when nothing matches). Returns how many rows
// went. Deleting by ID or by Kind+Key is an index lookup; by ExecutionARN
// alone may scan the outbox (drivers keep no per-execution index, to keep
// inserts cheap), so the engine should delete the keys it knows of.
type OutboxDeleteParams struct {
	ID           int64
	ExecutionARN string
	Kind         string
	Key          string
}

// OutboxReleaseExpiredParams makes claimed rows whose LeaseUntil <= Now
// ready again. Returns how many were released.
type OutboxReleaseExpiredParams struct {
	Now time.Time
}

// TimerDueParams reads up to Limit unclaimed timers with DueAt <= Now,
// ordered by (DueAt, ID). A timer due at Now is due; one due a nanosecond
// after Now is not.
type TimerDueParams struct {
	Now   time.Time
	Limit int
}

// TimerRef is a timer's position in due order.
type TimerRef struct {
	DueAt time.Time
	ID    int64
}

// TimerNextParams lists up to Limit unclaimed timers after After in (DueAt,
// ID) order (a zero After starts at the beginning), so a timer service can
// hold only the next few in memory.
type TimerNextParams struct {
	After TimerRef
	Limit int
}
