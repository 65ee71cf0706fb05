package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/stepd/stepd/internal/store"
)

const activityARN = "arn:aws:states:us-east-1:123456789012:activity:work"

func testActivities(t *testing.T, h Harness) {
	s := h.Open(t)
	create := &store.ActivityCreateParams{ARN: activityARN, Name: "work", EncryptionConfiguration: []byte(`{}`), Now: t0}
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		a, err := tx.ActivityCreate(ctx, create)
		if err != nil {
			return err
		}
		want := &store.Activity{ARN: activityARN, Name: "work", EncryptionConfiguration: []byte(`{}`), CreationDate: t0}
		if diff := cmp.Diff(want, a, equateEmpty); diff != "" {
			t.Errorf("ActivityCreate (-want +got):\n%s", diff)
		}
		_, err = tx.ActivityCreate(ctx, &store.ActivityCreateParams{ARN: activityARN + "2", Name: "work2", Now: t0})
		return err
	})
	expectErr(t, s, "ActivityCreate twice", store.ErrAlreadyExists, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.ActivityCreate(ctx, create)
		return err
	})
	read(t, s, func(ctx context.Context, tx store.Tx) error {
		page, err := tx.ActivityList(ctx, &store.ActivityListParams{Limit: 1})
		if err != nil {
			return err
		}
		if len(page.Items) != 1 || page.Items[0].ARN != activityARN || page.Next == "" {
			t.Errorf("ActivityList page 1 = %+v", page)
		}
		page, err = tx.ActivityList(ctx, &store.ActivityListParams{Limit: 1, Cursor: page.Next})
		if err != nil {
			return err
		}
		if len(page.Items) != 1 || page.Items[0].ARN != activityARN+"2" {
			t.Errorf("ActivityList page 2 = %+v", page)
		}
		return nil
	})
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		return tx.ActivityDelete(ctx, &store.ActivityDeleteParams{ARN: activityARN + "2"})
	})
	expectErr(t, s, "ActivityGet missing", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.ActivityGet(ctx, &store.ActivityGetParams{ARN: activityARN + "2"})
		return err
	})
	expectErr(t, s, "ActivityDelete missing", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		return tx.ActivityDelete(ctx, &store.ActivityDeleteParams{ARN: activityARN + "2"})
	})

	// Activity tasks: pending → claimed oldest first → deleted.
	expectErr(t, s, "ActivityTaskClaim with nothing pending", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.ActivityTaskClaim(ctx, &store.ActivityTaskClaimParams{ActivityARN: activityARN, WorkerName: "w", Now: t0})
		return err
	})
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		for i, token := range []string{"tok-b", "tok-a", "tok-c"} {
			arn := execARN("x")
			if token == "tok-c" {
				arn = execARN("y")
			}
			_, err := tx.ActivityTaskCreate(ctx, &store.ActivityTaskCreateParams{
				TaskToken: token, ActivityARN: activityARN, ExecutionARN: arn, Input: []byte(token), Now: t0.Add(time.Duration(i)),
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	expectErr(t, s, "ActivityTaskCreate same token", store.ErrAlreadyExists, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.ActivityTaskCreate(ctx, &store.ActivityTaskCreateParams{TaskToken: "tok-a", ActivityARN: activityARN, Now: t0})
		return err
	})
	read(t, s, func(ctx context.Context, tx store.Tx) error {
		pending, err := tx.ActivityTaskCountPending(ctx, &store.ActivityTaskCountPendingParams{})
		if diff := cmp.Diff(map[string]int{activityARN: 3}, pending); err == nil && diff != "" {
			t.Errorf("ActivityTaskCountPending (-want +got):\n%s", diff)
		}
		return err
	})
	claimedAt := t0.Add(time.Minute)
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		got, err := tx.ActivityTaskClaim(ctx, &store.ActivityTaskClaimParams{ActivityARN: activityARN, WorkerName: "w1", Now: claimedAt})
		if err != nil {
			return err
		}
		want := &store.ActivityTask{TaskToken: "tok-b", ActivityARN: activityARN, ExecutionARN: execARN("x"), Input: []byte("tok-b"), CreatedAt: t0, WorkerName: "w1", ClaimedAt: claimedAt}
		if diff := cmp.Diff(want, got, equateEmpty); diff != "" {
			t.Errorf("ActivityTaskClaim (-want +got):\n%s", diff)
		}
		got, err = tx.ActivityTaskClaim(ctx, &store.ActivityTaskClaimParams{ActivityARN: activityARN, WorkerName: "w2", Now: claimedAt})
		if err != nil {
			return err
		}
		if got.TaskToken != "tok-a" {
			t.Errorf("second claim got %s, want tok-a", got.TaskToken)
		}
		pending, err := tx.ActivityTaskCountPending(ctx, &store.ActivityTaskCountPendingParams{})
		if err != nil {
			return err
		}
		if diff := cmp.Diff(map[string]int{activityARN: 1}, pending); diff != "" {
			t.Errorf("ActivityTaskCountPending after two claims (-want +got):\n%s", diff)
		}
		n, err := tx.ActivityTaskDelete(ctx, &store.ActivityTaskDeleteParams{ExecutionARN: execARN("x")})
		if n != 2 {
			t.Errorf("ActivityTaskDelete by execution deleted %d, want 2", n)
		}
		if err != nil {
			return err
		}
		n, err = tx.ActivityTaskDelete(ctx, &store.ActivityTaskDeleteParams{TaskToken: "tok-c"})
		if n != 1 {
			t.Errorf("ActivityTaskDelete by token deleted %d, want 1", n)
		}
		return err
	})
	expectErr(t, s, "ActivityTaskClaim after all deleted", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.ActivityTaskClaim(ctx, &store.ActivityTaskClaimParams{ActivityARN: activityARN, WorkerName: "w", Now: t0})
		return err
	})
}

func testTaskTokens(t *testing.T, h Harness) {
	s := h.Open(t)
	create := &store.TaskTokenCreateParams{
		Token: "token-1", ExecutionARN: execARN("x"), StateName: "Wait for callback", Attempt: 2,
		Payload: []byte(`{"scheduled":5}`), HeartbeatDeadline: t0.Add(time.Minute), Now: t0,
	}
	want := &store.TaskToken{
		Token: "token-1", ExecutionARN: execARN("x"), StateName: "Wait for callback", Attempt: 2,
		Payload: []byte(`{"scheduled":5}`), HeartbeatDeadline: t0.Add(time.Minute), CreatedAt: t0,
	}
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		got, err := tx.TaskTokenCreate(ctx, create)
		if diff := cmp.Diff(want, got, equateEmpty); err == nil && diff != "" {
			t.Errorf("TaskTokenCreate (-want +got):\n%s", diff)
		}
		return err
	})
	expectErr(t, s, "TaskTokenCreate twice", store.ErrAlreadyExists, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.TaskTokenCreate(ctx, create)
		return err
	})
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		got, err := tx.TaskTokenHeartbeat(ctx, &store.TaskTokenHeartbeatParams{Token: "token-1", HeartbeatDeadline: t0.Add(time.Hour)})
		if err != nil {
			return err
		}
		want.HeartbeatDeadline = t0.Add(time.Hour)
		got, err = tx.TaskTokenGet(ctx, &store.TaskTokenGetParams{Token: "token-1"})
		if diff := cmp.Diff(want, got, equateEmpty); err == nil && diff != "" {
			t.Errorf("TaskTokenGet after heartbeat (-want +got):\n%s", diff)
		}
		if err != nil {
			return err
		}
		return tx.TaskTokenDelete(ctx, &store.TaskTokenDeleteParams{Token: "token-1"})
	})
	expectErr(t, s, "TaskTokenGet missing", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.TaskTokenGet(ctx, &store.TaskTokenGetParams{Token: "token-1"})
		return err
	})
	expectErr(t, s, "TaskTokenHeartbeat missing", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.TaskTokenHeartbeat(ctx, &store.TaskTokenHeartbeatParams{Token: "token-1"})
		return err
	})
	expectErr(t, s, "TaskTokenDelete missing", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		return tx.TaskTokenDelete(ctx, &store.TaskTokenDeleteParams{Token: "token-1"})
	})
}
