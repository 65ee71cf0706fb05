package sfnapi

import "unicode/utf8"

// validName applies AWS's rules for state machine, execution, activity and
// alias names: 1–80 characters, none of whitespace, brackets < > { } [ ],
// wildcards ? *, the characters " # % \ ^ | ~ ` $ & , ; : /, or control
// characters (U+0000–U+001F, U+007F–U+009F).
func validName(name string) bool {
	if name == "" || utf8.RuneCountInString(name) > 80 || !utf8.ValidString(name) {
		return false
	}
	for _, r := range name {
		switch {
		case r <= 0x20, r >= 0x7f && r <= 0x9f:
			return false
		case r == 0x85 || r == 0xa0 || r == 0x1680 || (r >= 0x2000 && r <= 0x200a) || r == 0x2028 || r == 0x2029 || r == 0x202f || r == 0x205f || r == 0x3000:
			return false
		}
		switch r {
		case '<', '>', '{', '}', '[', ']', '?', '*', '"', '#', '%', '\\', '^', '|', '~', '`', '$', '&', ',', ';', ':', '/':
			return false
		}
	}
	return true
}
