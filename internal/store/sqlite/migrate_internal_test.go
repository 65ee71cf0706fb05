package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/stepd/stepd/internal/store"
)

// TestMigrateKeepsEvents: a database written before 0003 (events clustered
// WITHOUT ROWID) keeps its history through the rebuild, and appends go on
// from where it ended.
func TestMigrateKeepsEvents(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"0001_init.sql", "0002_execution_definition.sql"} {
		text, err := migrations.ReadFile("migrations/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(string(text)); err != nil {
			t.Fatal(name, err)
		}
		if _, err := db.Exec(`INSERT INTO schema_migrations VALUES (?, ?)`, i+1, name); err != nil {
			t.Fatal(err)
		}
	}
	const arn = "arn:aws:states:us-east-1:123456789012:execution:m:e"
	if _, err := db.Exec(`INSERT INTO executions (arn, state_machine_arn, version_arn, alias_arn, name, type, status,
		error, cause, trace_header, parent_arn, start_date, stop_date, redrive_count, redrive_date, version)
		VALUES (?, 'sm', '', '', 'e', 'STANDARD', 'RUNNING', '', '', '', '', 1, 0, 0, 0, 1)`, arn); err != nil {
		t.Fatal(err)
	}
	for id := 1; id <= 3; id++ {
		if _, err := db.Exec(`INSERT INTO events VALUES (?, ?, 'T', ?, ?)`, arn, id, id, []byte{byte('0' + id)}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	err = s.Tx(ctx, func(tx store.Tx) error {
		return tx.EventAppend(ctx, &store.EventAppendParams{ExecutionARN: arn, Events: []store.Event{{ID: 4, Type: "T", Timestamp: store.FromUnixNanos(4), Data: []byte("4")}}})
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []store.Event
	err = s.ReadTx(ctx, func(tx store.Tx) (err error) {
		got, err = tx.EventList(ctx, &store.EventListParams{ExecutionARN: arn})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var want []store.Event
	for id := int64(1); id <= 4; id++ {
		want = append(want, store.Event{ID: id, Type: "T", Timestamp: store.FromUnixNanos(id), Data: []byte{byte('0' + id)}})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events after migration (-want +got):\n%s", diff)
	}
	err = s.Tx(ctx, func(tx store.Tx) error {
		return tx.EventAppend(ctx, &store.EventAppendParams{ExecutionARN: arn, Events: []store.Event{{ID: 4, Type: "T"}}})
	})
	if !errors.Is(err, store.ErrConflict) {
		t.Errorf("appending id 4 again: %v", err)
	}
	// 0004 added the Map Run link: the old row reads with none.
	err = s.ReadTx(ctx, func(tx store.Tx) error {
		e, err := tx.ExecutionGet(ctx, &store.ExecutionGetParams{ARN: arn})
		if err == nil && (e.MapRunARN != "" || e.Name != "e") {
			t.Errorf("execution after migration: name %q, map run %q", e.Name, e.MapRunARN)
		}
		return err
	})
	if err != nil {
		t.Errorf("reading the old execution after migration: %v", err)
	}
}
