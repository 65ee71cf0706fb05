package store

import "time"

// Event is one history event. Data is the event encoded by the history
// package, opaque to the store.
type Event struct {
	ID        int64 // 1, 2, 3, … per execution, without gaps
	Type      string
	Timestamp time.Time
	Data      []byte
}

// EventAppendParams appends events to an execution's history. Events must
// have ids last+1, last+2, … (last is 0 for an empty history); anything else
// (a gap, an overlap, a repeat) fails with ErrConflict and appends nothing.
// ErrNotFound if the execution does not exist.
type EventAppendParams struct {
	ExecutionARN string
	Events       []Event
}

// EventListParams reads events whose ids lie in [FromID, ToID] (0 = no bound
// on that side), ascending, or descending when Reverse, at most Limit
// (ListLimit rules). Page by moving FromID (or ToID when reversed) past the
// last id returned. An unknown execution has no events.
type EventListParams struct {
	ExecutionARN string
	FromID       int64
	ToID         int64
	Reverse      bool
	Limit        int
}

// EventCountParams counts an execution's events, which is also its last id.
type EventCountParams struct{ ExecutionARN string }
