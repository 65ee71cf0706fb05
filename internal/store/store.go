package store

import "context"

// Store opens transactions. It is safe for concurrent use.
//
// There is no Begin/Commit pair on purpose: a transaction is a function, so
// the sqlite driver can run many of them inside one database transaction
// (group commit) and always knows when each one ends. The function must not
// start another transaction on the same Store (it would wait on itself), must
// not keep the Tx after it returns, should not block on I/O (it delays every
// transaction batched with it), and must not call runtime.Goexit (t.FailNow
// in tests): drivers may run fn on a goroutine of their own.
type Store interface {
	// Tx runs fn in a read-write transaction. If fn returns an error, or
	// panics, everything it wrote is rolled back and the error (or panic)
	// is passed on; otherwise its writes are committed, durably, before Tx
	// returns. A driver may run fn again after rolling it back (PostgreSQL
	// does on a deadlock or serialization failure), so fn must leave
	// nothing behind outside tx but values it sets afresh on every run.
	Tx(ctx context.Context, fn func(Tx) error) error
	// ReadTx runs fn in a read-only transaction over a consistent snapshot.
	// Write methods called inside it fail.
	ReadTx(ctx context.Context, fn func(Tx) error) error
	// Close releases the store's resources. Transactions started after
	// Close fail.
	Close() error
}

// Tx is one transaction. Methods are not safe for concurrent use: a Tx
// belongs to the goroutine running its function.
type Tx interface {
	StateMachineCreate(ctx context.Context, p *StateMachineCreateParams) (*StateMachine, error)
	StateMachineGet(ctx context.Context, p *StateMachineGetParams) (*StateMachine, error)
	StateMachineUpdate(ctx context.Context, p *StateMachineUpdateParams) (*StateMachine, error)
	StateMachineDelete(ctx context.Context, p *StateMachineDeleteParams) error
	StateMachineSetDeleting(ctx context.Context, p *StateMachineSetDeletingParams) error
	StateMachineList(ctx context.Context, p *StateMachineListParams) (*Page[StateMachine], error)

	StateMachineVersionCreate(ctx context.Context, p *StateMachineVersionCreateParams) (*StateMachineVersion, error)
	StateMachineVersionGet(ctx context.Context, p *StateMachineVersionGetParams) (*StateMachineVersion, error)
	StateMachineVersionList(ctx context.Context, p *StateMachineVersionListParams) (*Page[StateMachineVersion], error)
	StateMachineVersionDelete(ctx context.Context, p *StateMachineVersionDeleteParams) error

	AliasCreate(ctx context.Context, p *AliasCreateParams) (*Alias, error)
	AliasGet(ctx context.Context, p *AliasGetParams) (*Alias, error)
	AliasUpdate(ctx context.Context, p *AliasUpdateParams) (*Alias, error)
	AliasDelete(ctx context.Context, p *AliasDeleteParams) error
	AliasList(ctx context.Context, p *AliasListParams) (*Page[Alias], error)

	ExecutionCreate(ctx context.Context, p *ExecutionCreateParams) (*Execution, error)
	ExecutionGet(ctx context.Context, p *ExecutionGetParams) (*Execution, error)
	ExecutionUpdate(ctx context.Context, p *ExecutionUpdateParams) (version int64, err error)
	ExecutionList(ctx context.Context, p *ExecutionListParams) (*Page[Execution], error)
	ExecutionPurge(ctx context.Context, p *ExecutionPurgeParams) (int, error)
	ExecutionDelete(ctx context.Context, p *ExecutionDeleteParams) error

	MapRunCreate(ctx context.Context, p *MapRunCreateParams) (*MapRun, error)
	MapRunGet(ctx context.Context, p *MapRunGetParams) (*MapRun, error)
	MapRunUpdate(ctx context.Context, p *MapRunUpdateParams) (version int64, err error)
	MapRunList(ctx context.Context, p *MapRunListParams) (*Page[MapRun], error)

	EventAppend(ctx context.Context, p *EventAppendParams) error
	EventList(ctx context.Context, p *EventListParams) ([]Event, error)
	EventCount(ctx context.Context, p *EventCountParams) (int64, error)

	OutboxInsert(ctx context.Context, p *OutboxInsertParams) ([]OutboxRow, error)
	OutboxClaim(ctx context.Context, p *OutboxClaimParams) ([]OutboxRow, error)
	OutboxComplete(ctx context.Context, p *OutboxCompleteParams) error
	OutboxExtend(ctx context.Context, p *OutboxExtendParams) error
	OutboxDelete(ctx context.Context, p *OutboxDeleteParams) (int, error)
	OutboxReleaseExpired(ctx context.Context, p *OutboxReleaseExpiredParams) (int, error)
	TimerDue(ctx context.Context, p *TimerDueParams) ([]OutboxRow, error)
	TimerNext(ctx context.Context, p *TimerNextParams) ([]TimerRef, error)

	ActivityCreate(ctx context.Context, p *ActivityCreateParams) (*Activity, error)
	ActivityGet(ctx context.Context, p *ActivityGetParams) (*Activity, error)
	ActivityDelete(ctx context.Context, p *ActivityDeleteParams) error
	ActivityList(ctx context.Context, p *ActivityListParams) (*Page[Activity], error)

	ActivityTaskCreate(ctx context.Context, p *ActivityTaskCreateParams) (*ActivityTask, error)
	ActivityTaskClaim(ctx context.Context, p *ActivityTaskClaimParams) (*ActivityTask, error)
	ActivityTaskDelete(ctx context.Context, p *ActivityTaskDeleteParams) (int, error)
	ActivityTaskCountPending(ctx context.Context, p *ActivityTaskCountPendingParams) (map[string]int, error)

	TaskTokenCreate(ctx context.Context, p *TaskTokenCreateParams) (*TaskToken, error)
	TaskTokenGet(ctx context.Context, p *TaskTokenGetParams) (*TaskToken, error)
	TaskTokenHeartbeat(ctx context.Context, p *TaskTokenHeartbeatParams) (*TaskToken, error)
	TaskTokenDelete(ctx context.Context, p *TaskTokenDeleteParams) error

	TagSet(ctx context.Context, p *TagSetParams) error
	TagDelete(ctx context.Context, p *TagDeleteParams) error
	TagList(ctx context.Context, p *TagListParams) ([]Tag, error)

	LeaseAcquire(ctx context.Context, p *LeaseAcquireParams) (*Lease, error)
	LeaseRenew(ctx context.Context, p *LeaseRenewParams) (*Lease, error)
	LeaseRelease(ctx context.Context, p *LeaseReleaseParams) error
}

// Page is one page of a listing. Next is the cursor of the following page,
// empty on the last one.
type Page[T any] struct {
	Items []T
	Next  string
}

// ListLimitDefault is the page size when a listing's Limit is 0;
// ListLimitMax caps larger limits.
const (
	ListLimitDefault = 100
	ListLimitMax     = 1000
)

// ListLimit returns the effective page size for a requested limit.
func ListLimit(limit int) int {
	switch {
	case limit <= 0:
		return ListLimitDefault
	case limit > ListLimitMax:
		return ListLimitMax
	}
	return limit
}

// Announcer is a store that several nodes share and that can pass short
// messages to all of them (PostgreSQL's NOTIFY). The engine announces
// executions starting and closing with it, so each node's console sees
// those of every node. Announcements are hints: one sent while a node is
// not listening is lost to it.
type Announcer interface {
	Announce(ctx context.Context, msg string) error
	// Listen calls fn with each message (this node's too) until ctx ends.
	Listen(ctx context.Context, fn func(msg string)) error
}
