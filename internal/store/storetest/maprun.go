package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/stepd/stepd/internal/store"
)

func mapRunARN(execName, id string) string {
	return "arn:aws:states:us-east-1:123456789012:mapRun:Hello/" + execName + ":" + id
}

// testMapRuns covers the Map Run record and the child → run link.
func testMapRuns(t *testing.T, h Harness) {
	s := h.Open(t)
	parent := execARN("parent")
	labelled := smARN + "/Label"
	run := mapRunARN("Label", "r1")
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.ExecutionCreate(ctx, &store.ExecutionCreateParams{ARN: parent, StateMachineARN: smARN, Name: "parent", Type: store.TypeStandard, Now: t0})
		if err != nil {
			return err
		}
		got, err := tx.MapRunCreate(ctx, &store.MapRunCreateParams{ARN: run, ExecutionARN: parent, StateMachineARN: labelled, Payload: []byte(`{"n":1}`), Now: t0})
		if err != nil {
			return err
		}
		want := &store.MapRun{ARN: run, ExecutionARN: parent, StateMachineARN: labelled, Status: store.MapRunRunning, StartDate: t0, Payload: []byte(`{"n":1}`), Version: 1}
		if diff := cmp.Diff(want, got, equateEmpty); diff != "" {
			t.Errorf("MapRunCreate (-want +got):\n%s", diff)
		}
		// Two children linked to the run, one execution that is not.
		for i, name := range []string{"c1", "c2"} {
			if _, err := tx.ExecutionCreate(ctx, &store.ExecutionCreateParams{
				ARN: "arn:aws:states:us-east-1:123456789012:execution:Hello/Label:" + name, StateMachineARN: labelled,
				Name: name, Type: store.TypeStandard, MapRunARN: run, Now: t0.Add(time.Duration(i) * time.Second),
			}); err != nil {
				return err
			}
		}
		return nil
	})
	expectErr(t, s, "MapRunCreate twice", store.ErrAlreadyExists, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.MapRunCreate(ctx, &store.MapRunCreateParams{ARN: run, ExecutionARN: parent, Now: t0})
		return err
	})
	expectErr(t, s, "MapRunGet of an unknown run", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.MapRunGet(ctx, &store.MapRunGetParams{ARN: mapRunARN("Label", "nope")})
		return err
	})
	stop := t0.Add(time.Minute)
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		v, err := tx.MapRunUpdate(ctx, &store.MapRunUpdateParams{ARN: run, ExpectedVersion: 1, Status: store.MapRunSucceeded, StopDate: stop, Payload: []byte(`{"n":2}`)})
		if err != nil {
			return err
		}
		if v != 2 {
			t.Errorf("MapRunUpdate returned version %d, want 2", v)
		}
		got, err := tx.MapRunGet(ctx, &store.MapRunGetParams{ARN: run})
		if err != nil {
			return err
		}
		want := &store.MapRun{ARN: run, ExecutionARN: parent, StateMachineARN: labelled, Status: store.MapRunSucceeded, StartDate: t0, StopDate: stop, Payload: []byte(`{"n":2}`), Version: 2}
		if diff := cmp.Diff(want, got, equateEmpty); diff != "" {
			t.Errorf("MapRunGet after update (-want +got):\n%s", diff)
		}
		return nil
	})
	expectErr(t, s, "MapRunUpdate with a stale version", store.ErrConflict, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.MapRunUpdate(ctx, &store.MapRunUpdateParams{ARN: run, ExpectedVersion: 1, Status: store.MapRunFailed})
		return err
	})
	expectErr(t, s, "MapRunUpdate of an unknown run", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.MapRunUpdate(ctx, &store.MapRunUpdateParams{ARN: mapRunARN("Label", "nope"), ExpectedVersion: 1})
		return err
	})
	read(t, s, func(ctx context.Context, tx store.Tx) error {
		page, err := tx.ExecutionList(ctx, &store.ExecutionListParams{MapRunARN: run})
		if err != nil {
			return err
		}
		var names []string
		for _, e := range page.Items {
			names = append(names, e.Name)
			if e.MapRunARN != run {
				t.Errorf("child %s: MapRunARN %q, want %q", e.Name, e.MapRunARN, run)
			}
		}
		if diff := cmp.Diff([]string{"c2", "c1"}, names); diff != "" {
			t.Errorf("ExecutionList by MapRunARN (-want +got):\n%s", diff)
		}
		return nil
	})

	// Listing: newest first, stable pages, other executions' runs left out.
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		for i := 2; i <= 5; i++ {
			if _, err := tx.MapRunCreate(ctx, &store.MapRunCreateParams{ARN: mapRunARN("Label", fmt.Sprintf("r%d", i)), ExecutionARN: parent, StateMachineARN: labelled, Now: t0.Add(time.Duration(i) * time.Second)}); err != nil {
				return err
			}
		}
		_, err := tx.MapRunCreate(ctx, &store.MapRunCreateParams{ARN: mapRunARN("Label", "other"), ExecutionARN: execARN("other"), StateMachineARN: labelled, Now: t0})
		return err
	})
	var got []string
	cursor := ""
	for range 10 {
		var page *store.Page[store.MapRun]
		read(t, s, func(ctx context.Context, tx store.Tx) (err error) {
			page, err = tx.MapRunList(ctx, &store.MapRunListParams{ExecutionARN: parent, Limit: 2, Cursor: cursor})
			return err
		})
		for _, r := range page.Items {
			got = append(got, r.ARN[len(r.ARN)-2:])
			if r.Payload != nil {
				t.Errorf("MapRunList returned the payload of %s", r.ARN)
			}
		}
		if cursor = page.Next; cursor == "" {
			break
		}
	}
	if diff := cmp.Diff([]string{"r5", "r4", "r3", "r2", "r1"}, got); diff != "" {
		t.Errorf("MapRunList pages (-want +got):\n%s", diff)
	}

	// Deleting the parent execution deletes its runs.
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		return tx.ExecutionDelete(ctx, &store.ExecutionDeleteParams{ARN: parent})
	})
	expectErr(t, s, "MapRunGet after the parent is deleted", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.MapRunGet(ctx, &store.MapRunGetParams{ARN: run})
		return err
	})
}
