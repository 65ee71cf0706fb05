package storetest

import (
	"context"
	"testing"

	"github.com/stepd/stepd/internal/store"
)

// testInvalidCursors: every listing refuses a cursor it did not make.
func testInvalidCursors(t *testing.T, h Harness) {
	s := h.Open(t)
	lists := map[string]func(ctx context.Context, tx store.Tx, cursor string) error{
		"StateMachineList": func(ctx context.Context, tx store.Tx, c string) error {
			_, err := tx.StateMachineList(ctx, &store.StateMachineListParams{Cursor: c})
			return err
		},
		"StateMachineVersionList": func(ctx context.Context, tx store.Tx, c string) error {
			_, err := tx.StateMachineVersionList(ctx, &store.StateMachineVersionListParams{StateMachineARN: smARN, Cursor: c})
			return err
		},
		"AliasList": func(ctx context.Context, tx store.Tx, c string) error {
			_, err := tx.AliasList(ctx, &store.AliasListParams{StateMachineARN: smARN, Cursor: c})
			return err
		},
		"ExecutionList": func(ctx context.Context, tx store.Tx, c string) error {
			_, err := tx.ExecutionList(ctx, &store.ExecutionListParams{Cursor: c})
			return err
		},
		"ActivityList": func(ctx context.Context, tx store.Tx, c string) error {
			_, err := tx.ActivityList(ctx, &store.ActivityListParams{Cursor: c})
			return err
		},
	}
	bad := []string{"not base64!", "aGVsbG8", store.TimeKeyCursor(t0, "x")}
	for name, list := range lists {
		for _, cursor := range bad {
			if name == "ExecutionList" && cursor == bad[2] {
				cursor = store.KeyCursor("x")
			}
			ctx := context.Background()
			err := s.ReadTx(ctx, func(tx store.Tx) error { return list(ctx, tx, cursor) })
			want(t, name+" with cursor "+cursor, err, store.ErrInvalidCursor)
		}
	}
}
