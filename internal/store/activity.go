package store

import "time"

// Activity is a registered activity (CreateActivity).
type Activity struct {
	ARN                     string
	Name                    string
	EncryptionConfiguration []byte
	CreationDate            time.Time
}

// ActivityCreateParams creates an activity; ARN is unique (ErrAlreadyExists).
type ActivityCreateParams struct {
	ARN                     string
	Name                    string
	EncryptionConfiguration []byte
	Now                     time.Time
}

// ActivityGetParams names an activity.
type ActivityGetParams struct{ ARN string }

// ActivityDeleteParams deletes an activity. ErrNotFound if absent.
type ActivityDeleteParams struct{ ARN string }

// ActivityListParams lists activities in ARN order.
type ActivityListParams struct {
	Limit  int
	Cursor string
}

// ActivityTask is one scheduled activity task waiting for (or handed to) a
// worker. Lifecycle: pending (WorkerName empty) → claimed by
// GetActivityTask → deleted when the task closes (success, failure, timeout
// or the execution stopping).
type ActivityTask struct {
	TaskToken    string
	ActivityARN  string
	ExecutionARN string
	Input        []byte
	CreatedAt    time.Time
	WorkerName   string
	ClaimedAt    time.Time
}

// ActivityTaskCreateParams queues a pending task; TaskToken is unique
// (ErrAlreadyExists).
type ActivityTaskCreateParams struct {
	TaskToken    string
	ActivityARN  string
	ExecutionARN string
	Input        []byte
	Now          time.Time
}

// ActivityTaskClaimParams hands the oldest pending task of ActivityARN to
// WorkerName. ErrNotFound when none is pending.
type ActivityTaskClaimParams struct {
	ActivityARN string
	WorkerName  string
	Now         time.Time
}

// ActivityTaskDeleteParams deletes the task with TaskToken, or else every
// task of ExecutionARN. Returns how many went (no error for none).
type ActivityTaskDeleteParams struct {
	TaskToken    string
	ExecutionARN string
}

// ActivityTaskCountPendingParams counts the tasks no worker has taken yet,
// by activity ARN (activities with none are absent).
type ActivityTaskCountPendingParams struct{}

// TaskToken maps a callback or activity task token to the task it
// completes.
type TaskToken struct {
	Token        string
	ExecutionARN string
	StateName    string
	Attempt      int
	// Payload is engine data (e.g. the scheduling event id), opaque here.
	Payload []byte
	// HeartbeatDeadline is when the task times out without a heartbeat;
	// zero when the state has no HeartbeatSeconds.
	HeartbeatDeadline time.Time
	CreatedAt         time.Time
}

// TaskTokenCreateParams records a token; Token is unique (ErrAlreadyExists).
type TaskTokenCreateParams struct {
	Token             string
	ExecutionARN      string
	StateName         string
	Attempt           int
	Payload           []byte
	HeartbeatDeadline time.Time
	Now               time.Time
}

// TaskTokenGetParams names a token.
type TaskTokenGetParams struct{ Token string }

// TaskTokenHeartbeatParams moves a token's heartbeat deadline.
type TaskTokenHeartbeatParams struct {
	Token             string
	HeartbeatDeadline time.Time
}

// TaskTokenDeleteParams deletes a token. ErrNotFound if absent.
type TaskTokenDeleteParams struct{ Token string }
