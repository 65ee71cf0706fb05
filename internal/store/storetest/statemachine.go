package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/stepd/stepd/internal/store"
)

var equateEmpty = cmpopts.EquateEmpty()

func machineParams(arn string) *store.StateMachineCreateParams {
	return &store.StateMachineCreateParams{
		ARN: arn, Name: arn[len(arn)-5:], Type: store.TypeStandard,
		Definition: `{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}`,
		RoleARN:    "arn:aws:iam::123456789012:role/r", Description: "d",
		LoggingConfiguration: []byte(`{"level":"OFF"}`), TracingConfiguration: []byte(`{"enabled":false}`),
		EncryptionConfiguration: []byte(`{"type":"AWS_OWNED_KEY"}`), RevisionID: "rev1", Now: t0,
	}
}

func testStateMachines(t *testing.T, h Harness) {
	s := h.Open(t)
	var created *store.StateMachine
	write(t, s, func(ctx context.Context, tx store.Tx) (err error) {
		created, err = tx.StateMachineCreate(ctx, machineParams(smARN))
		return err
	})
	wantSM := store.StateMachine{
		ARN: smARN, Name: "Hello", Type: store.TypeStandard,
		Definition: `{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}`,
		RoleARN:    "arn:aws:iam::123456789012:role/r", Description: "d",
		LoggingConfiguration: []byte(`{"level":"OFF"}`), TracingConfiguration: []byte(`{"enabled":false}`),
		EncryptionConfiguration: []byte(`{"type":"AWS_OWNED_KEY"}`), RevisionID: "rev1",
		CreationDate: t0, UpdateDate: t0,
	}
	if diff := cmp.Diff(&wantSM, created, equateEmpty); diff != "" {
		t.Errorf("StateMachineCreate (-want +got):\n%s", diff)
	}
	read(t, s, func(ctx context.Context, tx store.Tx) error {
		got, err := tx.StateMachineGet(ctx, &store.StateMachineGetParams{ARN: smARN})
		if err != nil {
			return err
		}
		if diff := cmp.Diff(&wantSM, got, equateEmpty); diff != "" {
			t.Errorf("StateMachineGet (-want +got):\n%s", diff)
		}
		return nil
	})
	expectErr(t, s, "StateMachineCreate twice", store.ErrAlreadyExists, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.StateMachineCreate(ctx, machineParams(smARN))
		return err
	})

	later := t0.Add(time.Hour)
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		got, err := tx.StateMachineUpdate(ctx, &store.StateMachineUpdateParams{
			ARN: smARN, Definition: "{}", RoleARN: "role2", Description: "d2", RevisionID: "rev2", Now: later,
		})
		if err != nil {
			return err
		}
		upd := wantSM
		upd.Definition, upd.RoleARN, upd.Description, upd.RevisionID, upd.UpdateDate = "{}", "role2", "d2", "rev2", later
		upd.LoggingConfiguration, upd.TracingConfiguration, upd.EncryptionConfiguration = nil, nil, nil
		if diff := cmp.Diff(&upd, got, equateEmpty); diff != "" {
			t.Errorf("StateMachineUpdate (-want +got):\n%s", diff)
		}
		return nil
	})

	expectErr(t, s, "StateMachineUpdate of a stale revision", store.ErrConflict, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.StateMachineUpdate(ctx, &store.StateMachineUpdateParams{ARN: smARN, ExpectedRevisionID: "rev1", RevisionID: "rev3", Now: later})
		return err
	})
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		got, err := tx.StateMachineUpdate(ctx, &store.StateMachineUpdateParams{
			ARN: smARN, Definition: "{}", RoleARN: "role2", Description: "d2", ExpectedRevisionID: "rev2", RevisionID: "rev2", Now: later,
		})
		if err == nil && got.RevisionID != "rev2" {
			t.Errorf("StateMachineUpdate of the current revision: %q", got.RevisionID)
		}
		return err
	})

	write(t, s, func(ctx context.Context, tx store.Tx) error {
		if err := tx.StateMachineSetDeleting(ctx, &store.StateMachineSetDeletingParams{ARN: smARN}); err != nil {
			return err
		}
		got, err := tx.StateMachineGet(ctx, &store.StateMachineGetParams{ARN: smARN})
		if err == nil && !got.Deleting {
			t.Error("StateMachineSetDeleting: Deleting is false")
		}
		return err
	})
	expectErr(t, s, "StateMachineSetDeleting missing", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		return tx.StateMachineSetDeleting(ctx, &store.StateMachineSetDeletingParams{ARN: smARN + "Missing"})
	})

	missing := smARN + "Missing"
	expectErr(t, s, "StateMachineUpdate missing, with a revision", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.StateMachineUpdate(ctx, &store.StateMachineUpdateParams{ARN: missing, ExpectedRevisionID: "rev1"})
		return err
	})
	expectErr(t, s, "StateMachineGet missing", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.StateMachineGet(ctx, &store.StateMachineGetParams{ARN: missing})
		return err
	})
	expectErr(t, s, "StateMachineUpdate missing", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.StateMachineUpdate(ctx, &store.StateMachineUpdateParams{ARN: missing})
		return err
	})
	expectErr(t, s, "StateMachineDelete missing", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		return tx.StateMachineDelete(ctx, &store.StateMachineDeleteParams{ARN: missing})
	})

	// Listing pages in ARN order.
	for _, n := range []string{"Cccc1", "Aaaa1", "Bbbb1"} {
		write(t, s, func(ctx context.Context, tx store.Tx) error {
			_, err := tx.StateMachineCreate(ctx, machineParams("arn:aws:states:us-east-1:123456789012:stateMachine:"+n))
			return err
		})
	}
	var arns []string
	cursor := ""
	for pages := 0; ; pages++ {
		var page *store.Page[store.StateMachine]
		read(t, s, func(ctx context.Context, tx store.Tx) (err error) {
			page, err = tx.StateMachineList(ctx, &store.StateMachineListParams{Limit: 3, Cursor: cursor})
			return err
		})
		for _, sm := range page.Items {
			arns = append(arns, sm.Name)
		}
		if page.Next == "" {
			break
		}
		if pages > 5 {
			t.Fatal("StateMachineList never ends")
		}
		cursor = page.Next
	}
	if diff := cmp.Diff([]string{"Aaaa1", "Bbbb1", "Cccc1", "Hello"}, arns); diff != "" {
		t.Errorf("StateMachineList names (-want +got):\n%s", diff)
	}

	write(t, s, func(ctx context.Context, tx store.Tx) error {
		return tx.StateMachineDelete(ctx, &store.StateMachineDeleteParams{ARN: smARN})
	})
	expectErr(t, s, "StateMachineGet deleted", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.StateMachineGet(ctx, &store.StateMachineGetParams{ARN: smARN})
		return err
	})
}

func testVersions(t *testing.T, h Harness) {
	s := h.Open(t)
	expectErr(t, s, "StateMachineVersionCreate without machine", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.StateMachineVersionCreate(ctx, &store.StateMachineVersionCreateParams{StateMachineARN: smARN, Now: t0})
		return err
	})
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.StateMachineCreate(ctx, machineParams(smARN))
		return err
	})
	expectErr(t, s, "StateMachineVersionCreate stale revision", store.ErrConflict, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.StateMachineVersionCreate(ctx, &store.StateMachineVersionCreateParams{StateMachineARN: smARN, ExpectedRevisionID: "old", Now: t0})
		return err
	})
	var v1 *store.StateMachineVersion
	write(t, s, func(ctx context.Context, tx store.Tx) (err error) {
		v1, err = tx.StateMachineVersionCreate(ctx, &store.StateMachineVersionCreateParams{StateMachineARN: smARN, Description: "first", ExpectedRevisionID: "rev1", Now: t0})
		return err
	})
	p := machineParams(smARN)
	wantV1 := store.StateMachineVersion{
		ARN: smARN + ":1", StateMachineARN: smARN, Version: 1, Type: p.Type, Definition: p.Definition,
		RoleARN: p.RoleARN, Description: "first", LoggingConfiguration: p.LoggingConfiguration,
		TracingConfiguration: p.TracingConfiguration, EncryptionConfiguration: p.EncryptionConfiguration,
		RevisionID: "rev1", CreationDate: t0,
	}
	if diff := cmp.Diff(&wantV1, v1, equateEmpty); diff != "" {
		t.Errorf("StateMachineVersionCreate (-want +got):\n%s", diff)
	}
	// Numbers are never reused: delete 2, publish again → 3.
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		if _, err := tx.StateMachineVersionCreate(ctx, &store.StateMachineVersionCreateParams{StateMachineARN: smARN, Now: t0}); err != nil {
			return err
		}
		if err := tx.StateMachineVersionDelete(ctx, &store.StateMachineVersionDeleteParams{ARN: smARN + ":2"}); err != nil {
			return err
		}
		v3, err := tx.StateMachineVersionCreate(ctx, &store.StateMachineVersionCreateParams{StateMachineARN: smARN, Now: t0})
		if err != nil {
			return err
		}
		if v3.Version != 3 || v3.ARN != smARN+":3" {
			t.Errorf("third version = %d %s, want 3", v3.Version, v3.ARN)
		}
		return nil
	})
	for i := 4; i <= 12; i++ {
		write(t, s, func(ctx context.Context, tx store.Tx) error {
			_, err := tx.StateMachineVersionCreate(ctx, &store.StateMachineVersionCreateParams{StateMachineARN: smARN, Now: t0})
			return err
		})
	}
	var got []int64
	cursor := ""
	for {
		var page *store.Page[store.StateMachineVersion]
		read(t, s, func(ctx context.Context, tx store.Tx) (err error) {
			page, err = tx.StateMachineVersionList(ctx, &store.StateMachineVersionListParams{StateMachineARN: smARN, Limit: 4, Cursor: cursor})
			return err
		})
		for _, v := range page.Items {
			got = append(got, v.Version)
		}
		if cursor = page.Next; cursor == "" {
			break
		}
	}
	if diff := cmp.Diff([]int64{12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 1}, got); diff != "" {
		t.Errorf("StateMachineVersionList (-want +got):\n%s", diff)
	}
	expectErr(t, s, "StateMachineVersionGet deleted", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.StateMachineVersionGet(ctx, &store.StateMachineVersionGetParams{ARN: smARN + ":2"})
		return err
	})
	expectErr(t, s, "StateMachineVersionDelete missing", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		return tx.StateMachineVersionDelete(ctx, &store.StateMachineVersionDeleteParams{ARN: smARN + ":2"})
	})
	// Deleting the state machine takes its versions along.
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		return tx.StateMachineDelete(ctx, &store.StateMachineDeleteParams{ARN: smARN})
	})
	expectErr(t, s, "StateMachineVersionGet after machine delete", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.StateMachineVersionGet(ctx, &store.StateMachineVersionGetParams{ARN: smARN + ":1"})
		return err
	})
}

func testAliases(t *testing.T, h Harness) {
	s := h.Open(t)
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.StateMachineCreate(ctx, machineParams(smARN))
		return err
	})
	create := func(name string) *store.AliasCreateParams {
		return &store.AliasCreateParams{
			ARN: smARN + ":" + name, StateMachineARN: smARN, Name: name, Description: "a",
			RoutingConfiguration: []byte(`[{"stateMachineVersionArn":"` + smARN + `:1","weight":100}]`), Now: t0,
		}
	}
	var a *store.Alias
	write(t, s, func(ctx context.Context, tx store.Tx) (err error) {
		a, err = tx.AliasCreate(ctx, create("prod"))
		return err
	})
	wantA := store.Alias{
		ARN: smARN + ":prod", StateMachineARN: smARN, Name: "prod", Description: "a",
		RoutingConfiguration: create("prod").RoutingConfiguration, CreationDate: t0, UpdateDate: t0,
	}
	if diff := cmp.Diff(&wantA, a, equateEmpty); diff != "" {
		t.Errorf("AliasCreate (-want +got):\n%s", diff)
	}
	expectErr(t, s, "AliasCreate twice", store.ErrAlreadyExists, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.AliasCreate(ctx, create("prod"))
		return err
	})
	later := t0.Add(time.Minute)
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		got, err := tx.AliasUpdate(ctx, &store.AliasUpdateParams{ARN: wantA.ARN, Description: "b", RoutingConfiguration: []byte(`[]`), Now: later})
		if err != nil {
			return err
		}
		upd := wantA
		upd.Description, upd.RoutingConfiguration, upd.UpdateDate = "b", []byte(`[]`), later
		if diff := cmp.Diff(&upd, got, equateEmpty); diff != "" {
			t.Errorf("AliasUpdate (-want +got):\n%s", diff)
		}
		if _, err := tx.AliasCreate(ctx, create("beta")); err != nil {
			return err
		}
		page, err := tx.AliasList(ctx, &store.AliasListParams{StateMachineARN: smARN})
		if err != nil {
			return err
		}
		if len(page.Items) != 2 || page.Items[0].Name != "beta" || page.Items[1].Name != "prod" || page.Next != "" {
			t.Errorf("AliasList = %+v", page)
		}
		return nil
	})
	missing := smARN + ":nope"
	expectErr(t, s, "AliasGet missing", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.AliasGet(ctx, &store.AliasGetParams{ARN: missing})
		return err
	})
	expectErr(t, s, "AliasUpdate missing", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.AliasUpdate(ctx, &store.AliasUpdateParams{ARN: missing})
		return err
	})
	expectErr(t, s, "AliasDelete missing", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		return tx.AliasDelete(ctx, &store.AliasDeleteParams{ARN: missing})
	})
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		return tx.AliasDelete(ctx, &store.AliasDeleteParams{ARN: smARN + ":beta"})
	})
	write(t, s, func(ctx context.Context, tx store.Tx) error {
		return tx.StateMachineDelete(ctx, &store.StateMachineDeleteParams{ARN: smARN})
	})
	expectErr(t, s, "AliasGet after machine delete", store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.AliasGet(ctx, &store.AliasGetParams{ARN: smARN + ":prod"})
		return err
	})
}
