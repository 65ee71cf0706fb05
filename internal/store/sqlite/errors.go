package sqlite

import (
	"database/sql"
	"errors"
	"fmt"

	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/stepd/stepd/internal/store"
)

// mapErr turns driver errors into the store's sentinels where one applies.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %v", store.ErrNotFound, err)
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("%w: %v", store.ErrAlreadyExists, err)
		}
	}
	return err
}

// notFound reports a missing row as ErrNotFound, naming it.
func notFound(what, key string) error {
	return fmt.Errorf("%s %s: %w", what, key, store.ErrNotFound)
}

// conflict reports an optimistic check that failed.
func conflict(what string) error {
	return fmt.Errorf("%s: %w", what, store.ErrConflict)
}
