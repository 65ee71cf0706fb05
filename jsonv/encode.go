package jsonv

import "unicode/utf8"

// Marshal returns the canonical compact encoding of v: members in order,
// numbers as their text, strings escaped minimally (no HTML escaping, as
// AWS prints them).
func Marshal(v Value) []byte { return Append(make([]byte, 0, 64), v) }

// String is Marshal as a string.
func String(v Value) string { return string(Marshal(v)) }

// Append appends the canonical encoding of v to dst.
func Append(dst []byte, v Value) []byte {
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...)
	case bool:
		if x {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case Number:
		return append(dst, x...)
	case string:
		return AppendString(dst, x)
	case []Value:
		dst = append(dst, '[')
		for i, e := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = Append(dst, e)
		}
		return append(dst, ']')
	case *Object:
		dst = append(dst, '{')
		for i, m := range x.Members() {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendString(dst, m.Key)
			dst = append(dst, ':')
			dst = Append(dst, m.Value)
		}
		return append(dst, '}')
	}
	return append(dst, "null"...)
}

const hex = "0123456789abcdef"

// AppendString appends s as a JSON string literal.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// Size is the length in bytes of Marshal(v), computed without building it.
// AWS measures its 256 KiB payload limit on this encoding.
func Size(v Value) int {
	switch x := v.(type) {
	case nil:
		return 4
	case bool:
		if x {
			return 4
		}
		return 5
	case Number:
		return len(x)
	case string:
		return stringSize(x)
	case []Value:
		n := 2
		for i, e := range x {
			if i > 0 {
				n++
			}
			n += Size(e)
		}
		return n
	case *Object:
		n := 2
		for i, m := range x.Members() {
			if i > 0 {
				n++
			}
			n += stringSize(m.Key) + 1 + Size(m.Value)
		}
		return n
	}
	return len(Append(nil, v))
}

func stringSize(s string) int {
	n := 2
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f':
			n += 2
		case c < 0x20:
			n += 6
		default:
			n++
		}
	}
	return n
}

// PayloadLimit is AWS Step Functions' limit on any input, output or result:
// 256 KiB of UTF-8 encoded JSON.
const PayloadLimit = 262144
