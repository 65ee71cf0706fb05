package store

import "errors"

// The sentinel errors every driver maps its failures to. Test with
// errors.Is: drivers may wrap them with detail.
var (
	// ErrNotFound: the named row does not exist.
	ErrNotFound = errors.New("store: not found")
	// ErrConflict: an optimistic check failed (stale expected version, a
	// history append that does not continue the last id, a claim or lease
	// held by someone else). Reload and retry, or give up.
	ErrConflict = errors.New("store: conflict")
	// ErrAlreadyExists: a row with the same unique key exists.
	ErrAlreadyExists = errors.New("store: already exists")
	// ErrInvalidCursor: a listing's Cursor is not one a listing of the same
	// kind returned (the API's InvalidToken).
	ErrInvalidCursor = errors.New("store: invalid cursor")
)
