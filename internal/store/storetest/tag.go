package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/stepd/stepd/internal/store"
)

func testTags(t *testing.T, h Harness) {
	s := h.Open(t)
	list := func(arn string) []store.Tag {
		var tags []store.Tag
		read(t, s, func(ctx context.Context, tx store.Tx) (err error) {
			tags, err = tx.TagList(ctx, &store.TagListParams{ResourceARN: arn})
			return err
		})
		return tags
	}
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		if err := tx.TagSet(ctx, &store.TagSetParams{ResourceARN: smARN, Tags: []store.Tag{{Key: "team", Value: "a"}, {Key: "env", Value: "dev"}}}); err != nil {
			return err
		}
		if err := tx.TagSet(ctx, &store.TagSetParams{ResourceARN: smARN, Tags: []store.Tag{{Key: "env", Value: "prod"}, {Key: "cost", Value: "1"}}}); err != nil {
			return err
		}
		return tx.TagSet(ctx, &store.TagSetParams{ResourceARN: activityARN, Tags: []store.Tag{{Key: "x", Value: ""}}})
	})
	if diff := cmp.Diff([]store.Tag{{Key: "cost", Value: "1"}, {Key: "env", Value: "prod"}, {Key: "team", Value: "a"}}, list(smARN)); diff != "" {
		t.Errorf("TagList (-want +got):\n%s", diff)
	}
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		return tx.TagDelete(ctx, &store.TagDeleteParams{ResourceARN: smARN, Keys: []string{"env", "absent"}})
	})
	if diff := cmp.Diff([]store.Tag{{Key: "cost", Value: "1"}, {Key: "team", Value: "a"}}, list(smARN)); diff != "" {
		t.Errorf("TagList after delete (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]store.Tag{{Key: "x", Value: ""}}, list(activityARN)); diff != "" {
		t.Errorf("TagList other resource (-want +got):\n%s", diff)
	}
	if got := list("arn:none"); len(got) != 0 {
		t.Errorf("TagList of an untagged resource = %v", got)
	}
}

func testLeases(t *testing.T, h Harness) {
	s := h.Open(t)
	const name = "timer-leader"
	until := t0.Add(15 * time.Second)
	acquire := func(holder string, now, until time.Time) error {
		ctx := context.Background()
		return s.Tx(ctx, func(tx store.Tx) error {
			l, err := tx.LeaseAcquire(ctx, &store.LeaseAcquireParams{Name: name, Holder: holder, Now: now, Until: until})
			if err == nil {
				if diff := cmp.Diff(&store.Lease{Name: name, Holder: holder, Expires: until}, l); diff != "" {
					t.Errorf("LeaseAcquire (-want +got):\n%s", diff)
				}
			}
			return err
		})
	}
	want(t, "LeaseAcquire free", acquire("n1", t0, until), nil)
	want(t, "LeaseAcquire held by another", acquire("n2", until.Add(-1), until.Add(time.Minute)), store.ErrConflict)
	want(t, "LeaseAcquire again by holder", acquire("n1", t0.Add(time.Second), until), nil)
	expectErr(t, s, "LeaseRenew by another", store.ErrConflict, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.LeaseRenew(ctx, &store.LeaseRenewParams{Name: name, Holder: "n2", Now: t0, Until: until})
		return err
	})
	until2 := until.Add(10 * time.Second)
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		l, err := tx.LeaseRenew(ctx, &store.LeaseRenewParams{Name: name, Holder: "n1", Now: until.Add(-1), Until: until2})
		if err == nil && !l.Expires.Equal(until2) {
			t.Errorf("LeaseRenew expires %v, want %v", l.Expires, until2)
		}
		return err
	})
	expectErr(t, s, "LeaseRenew after expiry", store.ErrConflict, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.LeaseRenew(ctx, &store.LeaseRenewParams{Name: name, Holder: "n1", Now: until2, Until: until2.Add(time.Minute)})
		return err
	})
	// Expired at Expires: another node takes over.
	want(t, "LeaseAcquire expired", acquire("n2", until2, until2.Add(time.Minute)), nil)
	expectErr(t, s, "LeaseRelease by the old holder", store.ErrConflict, func(ctx context.Context, tx store.Tx) error {
		return tx.LeaseRelease(ctx, &store.LeaseReleaseParams{Name: name, Holder: "n1"})
	})
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		return tx.LeaseRelease(ctx, &store.LeaseReleaseParams{Name: name, Holder: "n2"})
	})
	expectErr(t, s, "LeaseRelease missing", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		return tx.LeaseRelease(ctx, &store.LeaseReleaseParams{Name: name, Holder: "n2"})
	})
	expectErr(t, s, "LeaseRenew missing", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.LeaseRenew(ctx, &store.LeaseRenewParams{Name: name, Holder: "n2", Now: t0, Until: until})
		return err
	})
	want(t, "LeaseAcquire after release", acquire("n3", t0, until), nil)
}
