package asl

import "time"

// IsTimestamp reports whether s is a timestamp as ASL defines it: RFC 3339
// with an uppercase "T" separator and an uppercase "Z" when there is no
// numeric offset, e.g. "2016-03-14T01:59:00Z".
func IsTimestamp(s string) bool {
	if len(s) < 20 || s[10] != 'T' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] == 'z' || s[i] == 't' {
			return false
		}
	}
	_, err := time.Parse(time.RFC3339Nano, s)
	return err == nil
}
