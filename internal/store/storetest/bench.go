package storetest

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/stepd/stepd/internal/store"
)

// Transition is the drivers' benchmark workload: the engine's typical
// write (a new snapshot, two history events, one outbox row) on one
// execution. Every driver benchmarks the same one, so figures compare.
type Transition struct {
	arn     string
	version int64
	lastID  int64
}

var (
	benchNow      = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	benchSnapshot = []byte(`{"states":{"Work":{"attempt":0,"entered":"2026-01-01T00:00:00Z"}},"vars":{"count":42}}`)
	benchEvent    = []byte(`{"input":"{\"orderId\":\"1234\",\"items\":[1,2,3]}","inputDetails":{"truncated":false}}`)
	benchPayload  = []byte(`{"resource":"arn:aws:states:::lambda:invoke","input":{"orderId":"1234"}}`)
)

// Transitions creates n executions in s, one Transition each.
func Transitions(b *testing.B, s store.Store, n int) []*Transition {
	xs := make([]*Transition, n)
	err := s.Tx(context.Background(), func(tx store.Tx) error {
		for i := range xs {
			xs[i] = &Transition{arn: fmt.Sprintf("arn:aws:states:us-east-1:123456789012:execution:Bench:%d", i), version: 1}
			if _, err := tx.ExecutionCreate(context.Background(), &store.ExecutionCreateParams{
				ARN: xs[i].arn, StateMachineARN: "arn:aws:states:us-east-1:123456789012:stateMachine:Bench",
				Type: store.TypeStandard, Snapshot: benchSnapshot, Now: benchNow,
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return xs
}

// Run writes the transition in tx.
func (x *Transition) Run(ctx context.Context, tx store.Tx) error {
	if _, err := tx.ExecutionUpdate(ctx, &store.ExecutionUpdateParams{
		ARN: x.arn, ExpectedVersion: x.version, Snapshot: benchSnapshot, Status: store.StatusRunning, Now: benchNow,
	}); err != nil {
		return err
	}
	if err := tx.EventAppend(ctx, &store.EventAppendParams{ExecutionARN: x.arn, Events: []store.Event{
		{ID: x.lastID + 1, Type: "TaskStateEntered", Timestamp: benchNow, Data: benchEvent},
		{ID: x.lastID + 2, Type: "TaskScheduled", Timestamp: benchNow, Data: benchEvent},
	}}); err != nil {
		return err
	}
	_, err := tx.OutboxInsert(ctx, &store.OutboxInsertParams{Rows: []store.OutboxRow{
		{Kind: store.OutboxKindTask, ExecutionARN: x.arn, Key: fmt.Sprint(x.lastID + 2), Payload: benchPayload},
	}, Now: benchNow})
	return err
}

// Do commits the transition in its own transaction and moves on to the
// next one.
func (x *Transition) Do(b *testing.B, s store.Store) {
	ctx := context.Background()
	if err := s.Tx(ctx, func(tx store.Tx) error { return x.Run(ctx, tx) }); err != nil {
		b.Fatal(err)
	}
	x.Committed()
}

// Committed moves the transition on after a commit made by the caller.
func (x *Transition) Committed() {
	x.version++
	x.lastID += 2
}

// CPUTime is this process's user+system CPU time: on a shared machine it
// measures cost per transaction better than wall time does (a database
// server's own time, in other processes, is not in it).
func CPUTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
