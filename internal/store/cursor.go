package store

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"
)

// Cursors are opaque to callers; drivers may use these helpers so that all
// of them encode positions the same way.

// KeyCursor encodes a position after key.
func KeyCursor(key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(key))
}

// ParseKeyCursor decodes a KeyCursor; ok is false for a malformed cursor.
func ParseKeyCursor(cursor string) (key string, ok bool) {
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	return string(b), err == nil
}

// TimeKeyCursor encodes a position after (t, key).
func TimeKeyCursor(t time.Time, key string) string {
	return KeyCursor(strconv.FormatInt(UnixNanos(t), 10) + "|" + key)
}

// ParseTimeKeyCursor decodes a TimeKeyCursor.
func ParseTimeKeyCursor(cursor string) (t time.Time, key string, ok bool) {
	s, ok := ParseKeyCursor(cursor)
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
