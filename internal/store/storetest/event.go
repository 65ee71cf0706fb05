package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/stepd/stepd/internal/store"
)

func events(from, to int64) []store.Event {
	var out []store.Event
	for id := from; id <= to; id++ {
		out = append(out, store.Event{ID: id, Type: fmt.Sprintf("T%d", id), Timestamp: t0.Add(time.Duration(id)), Data: fmt.Appendf(nil, "data%d", id)})
	}
	return out
}

func ids(evs []store.Event) []int64 {
	out := []int64{}
	for _, e := range evs {
		out = append(out, e.ID)
	}
	return out
}

func testEvents(t *testing.T, h Harness) {
	s := h.Open(t)
	arn := execARN("h")
	expectErr(t, s, "EventAppend to missing execution", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		return tx.EventAppend(ctx, &store.EventAppendParams{ExecutionARN: arn, Events: events(1, 1)})
	})
	createExecution(t, s, "h", t0)
	for _, tc := range []struct {
		name   string
		events []store.Event
	}{
		{"start at 2", events(2, 3)},
		{"start at 0", events(0, 1)},
		{"inner gap", append(events(1, 1), events(3, 3)...)},
		{"repeat", append(events(1, 1), events(1, 1)...)},
	} {
		expectErr(t, s, "EventAppend "+tc.name, store.ErrConflict, func(ctx context.Context, tx store.Tx) error {
			return tx.EventAppend(ctx, &store.EventAppendParams{ExecutionARN: arn, Events: tc.events})
		})
	}
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		if err := tx.EventAppend(ctx, &store.EventAppendParams{ExecutionARN: arn, Events: events(1, 3)}); err != nil {
			return err
		}
		return tx.EventAppend(ctx, &store.EventAppendParams{ExecutionARN: arn, Events: events(4, 10)})
	})
	for _, tc := range []struct {
		name   string
		events []store.Event
	}{
		{"overlap", events(10, 11)},
		{"gap", events(12, 12)},
		{"from start", events(1, 1)},
	} {
		expectErr(t, s, "EventAppend "+tc.name, store.ErrConflict, func(ctx context.Context, tx store.Tx) error {
			return tx.EventAppend(ctx, &store.EventAppendParams{ExecutionARN: arn, Events: tc.events})
		})
	}
	read(t, s, func(ctx context.Context, tx store.Tx) error {
		n, err := tx.EventCount(ctx, &store.EventCountParams{ExecutionARN: arn})
		if err != nil {
			return err
		}
		if n != 10 {
			t.Errorf("EventCount = %d, want 10", n)
		}
		all, err := tx.EventList(ctx, &store.EventListParams{ExecutionARN: arn})
		if err != nil {
			return err
		}
		if diff := cmp.Diff(events(1, 10), all, equateEmpty); diff != "" {
			t.Errorf("EventList all (-want +got):\n%s", diff)
		}
		for _, tc := range []struct {
			name string
			p    store.EventListParams
			want []int64
		}{
			{"range", store.EventListParams{FromID: 3, ToID: 5}, []int64{3, 4, 5}},
			{"limit", store.EventListParams{FromID: 4, Limit: 2}, []int64{4, 5}},
			{"reverse", store.EventListParams{Reverse: true, Limit: 3}, []int64{10, 9, 8}},
			{"reverse page", store.EventListParams{ToID: 7, Reverse: true, Limit: 3}, []int64{7, 6, 5}},
			{"reverse range", store.EventListParams{FromID: 2, ToID: 3, Reverse: true}, []int64{3, 2}},
			{"past end", store.EventListParams{FromID: 11}, []int64{}},
		} {
			tc.p.ExecutionARN = arn
			got, err := tx.EventList(ctx, &tc.p)
			if err != nil {
				return err
			}
			if diff := cmp.Diff(tc.want, ids(got)); diff != "" {
				t.Errorf("EventList %s (-want +got):\n%s", tc.name, diff)
			}
		}
		none, err := tx.EventList(ctx, &store.EventListParams{ExecutionARN: execARN("missing")})
		if err != nil || len(none) != 0 {
			t.Errorf("EventList of a missing execution = %v, %v", none, err)
		}
		return nil
	})
}
