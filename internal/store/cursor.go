package store

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"
)

// Cursors are opaque to callers; drivers use these helpers so that all of
// them encode positions alike. A cursor carries a kind tag, so a token that
// was not made by the same kind of listing is refused (ErrInvalidCursor)
// instead of silently paging from a wrong place.

const (
	keyCursorTag     = "k:"
	timeKeyCursorTag = "t:"
)

// KeyCursor encodes a position after key.
func KeyCursor(key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(keyCursorTag + key))
}

// ParseKeyCursor decodes a KeyCursor; ok is false for a malformed cursor.
func ParseKeyCursor(cursor string) (key string, ok bool) {
	return parseTagged(cursor, keyCursorTag)
}

func parseTagged(cursor, tag string) (string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return "", false
	}
	return strings.CutPrefix(string(b), tag)
}

// TimeKeyCursor encodes a position after (t, key).
func TimeKeyCursor(t time.Time, key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(timeKeyCursorTag + strconv.FormatInt(UnixNanos(t), 10) + "|" + key))
}

// ParseTimeKeyCursor decodes a TimeKeyCursor.
func ParseTimeKeyCursor(cursor string) (t time.Time, key string, ok bool) {
	s, ok := parseTagged(cursor, timeKeyCursorTag)
	if !ok {
		return time.Time{}, "", false
	}
	n, key, found := strings.Cut(s, "|")
	if !found {
		return time.Time{}, "", false
	}
	ns, err := strconv.ParseInt(n, 10, 64)
	if err != nil {
		return time.Time{}, "", false
	}
	return FromUnixNanos(ns), key, true
}

// UnixNanos is the storage form of a time: nanoseconds since the Unix
// epoch, 0 for the zero time.
func UnixNanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// FromUnixNanos inverts UnixNanos, in UTC.
func FromUnixNanos(ns int64) time.Time {
	if ns == 0 {
		return time.Time{}
	}
	return time.Unix(0, ns).UTC()
}

// AfterKey decodes a listing's KeyCursor: "" for the first page,
// ErrInvalidCursor for a malformed one.
func AfterKey(cursor string) (string, error) {
	if cursor == "" {
		return "", nil
	}
	key, ok := ParseKeyCursor(cursor)
	if !ok {
		return "", ErrInvalidCursor
	}
	return key, nil
}

// AfterTimeKey decodes a listing's TimeKeyCursor: set is false for the
// first page; ErrInvalidCursor for a malformed cursor.
func AfterTimeKey(cursor string) (t time.Time, key string, set bool, err error) {
	if cursor == "" {
		return time.Time{}, "", false, nil
	}
	t, key, ok := ParseTimeKeyCursor(cursor)
	if !ok {
		return time.Time{}, "", false, ErrInvalidCursor
	}
	return t, key, true, nil
}
