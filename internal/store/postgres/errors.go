package postgres

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/stepd/stepd/internal/store"
)

// SQLSTATE codes the driver acts on.
const (
	codeUniqueViolation      = "23505"
	codeSerializationFailure = "40001"
	codeDeadlockDetected     = "40P01"
)

// retryable reports whether err means "run the transaction again": its
// outcome depended on a race PostgreSQL resolved by aborting it.
func retryable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == codeSerializationFailure || pe.Code == codeDeadlockDetected
	}
	return false
}

// mapErr turns driver errors into the store's sentinels where one applies.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%w: %v", store.ErrNotFound, err)
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == codeUniqueViolation {
		return fmt.Errorf("%w: %v", store.ErrAlreadyExists, err)
	}
	return err
}

// notFound reports a missing row as ErrNotFound, naming it.
func notFound(what, key string) error {
	return fmt.Errorf("%s %s: %w", what, key, store.ErrNotFound)
}

// alreadyExists reports a unique key taken (ON CONFLICT DO NOTHING
// inserted nothing).
func alreadyExists(what, key string) error {
	return fmt.Errorf("%s %s: %w", what, key, store.ErrAlreadyExists)
}

// conflict reports an optimistic check that failed.
func conflict(what string) error {
	return fmt.Errorf("%s: %w", what, store.ErrConflict)
}
