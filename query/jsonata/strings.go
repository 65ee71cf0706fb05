package jsonata

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/stepd/stepd/jsonv"
)

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func utf16Of(s string) []uint16 { return utf16.Encode([]rune(s)) }

// utf16Index converts a byte offset in s to a UTF-16 code unit offset.
func utf16Index(s string, byteOff int) int {
	n := 0
	for i, r := range s {
		if i >= byteOff {
			break
		}
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// num15 rounds to 15 significant digits as jsonata's $string does.
func num15(f float64) float64 {
	if f == 0 || math.IsNaN(f) || math.IsInf(f, 0) || (f == math.Trunc(f) && math.Abs(f) < 1e15) {
		return f
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'e', 14, 64), 64)
	return r
}

func formatNumberJS(f float64) string { return string(jsonv.AppendFloat(nil, f)) }

// stringOf is $string: JSON text for non-strings, with numbers rounded to
// 15 significant digits and functions written as "".
func stringOf(v any) (string, *Error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case callable:
		return "", nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "", newError("D3001", -1, "", x)
		}
	}
	return stringify(v, false)
}

func stringify(v any, pretty bool) (string, *Error) {
	if s, ok := v.(*seq); ok && s.outerWrapper && len(s.v) > 0 {
		v = s.v[0]
	}
	var b []byte
	var err *Error
	b, err = appendJSON(b, v, pretty, 0)
	return string(b), err
}

func indent(b []byte, pretty bool, level int) []byte {
	if !pretty {
		return b
	}
	b = append(b, '\n')
	for i := 0; i < level; i++ {
		b = append(b, ' ', ' ')
	}
	return b
}

func appendJSON(b []byte, v any, pretty bool, level int) ([]byte, *Error) {
	if level > maxNesting {
		return nil, newError("U1001", -1, "", nil)
	}
	switch x := v.(type) {
	case nil, nullType:
		return append(b, "null"...), nil
	case bool:
		if x {
			return append(b, "true"...), nil
		}
		return append(b, "false"...), nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, newError("D1001", -1, "", x)
		}
		r := num15(x)
		if math.IsInf(r, 0) {
			return append(b, "null"...), nil // rounding to 15 digits overflowed
		}
		return jsonv.AppendFloat(b, r), nil
	case jsonv.Number:
		return appendJSON(b, x.Float64(), pretty, level)
	case string:
		return jsonv.AppendString(b, x), nil
	case callable:
		return append(b, `""`...), nil
	case tuple:
		return appendJSON(b, x["@"], pretty, level)
	case []any:
		return appendJSON(b, lift(x), pretty, level)
	case *seq:
		if len(x.v) == 0 {
			return append(b, "[]"...), nil
		}
		b = append(b, '[')
		for i, e := range x.v {
			if i > 0 {
				b = append(b, ',')
			}
			b = indent(b, pretty, level+1)
			var err *Error
			if b, err = appendJSON(b, e, pretty, level+1); err != nil {
				return nil, err
			}
		}
		b = indent(b, pretty, level)
		return append(b, ']'), nil
	case *jsonv.Object:
		first := true
		b = append(b, '{')
		for _, m := range members(x) {
			val := lift(m.Value)
			if val == nil {
				continue
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b = indent(b, pretty, level+1)
			b = jsonv.AppendString(b, m.Key)
			b = append(b, ':')
			if pretty {
				b = append(b, ' ')
			}
			var err *Error
			if b, err = appendJSON(b, val, pretty, level+1); err != nil {
				return nil, err
			}
		}
		if !first {
			b = indent(b, pretty, level)
		}
		return append(b, '}'), nil
	}
	return append(b, "null"...), nil
}

// jsSlice mimics Array.prototype.slice index normalisation.
func jsSliceIndex(i float64, n int) int {
	if math.IsNaN(i) {
		return 0
	}
	i = math.Trunc(i)
	if i < 0 {
		i += float64(n)
		if i < 0 {
			i = 0
		}
	}
	if i > float64(n) {
		i = float64(n)
	}
	return int(i)
}

func substring(s string, start float64, length *float64) string {
	rs := []rune(s)
	n := len(rs)
	if float64(n)+start < 0 {
		start = 0
	}
	if length != nil {
		l := *length
		if l <= 0 {
			return ""
		}
		var end float64
		if start >= 0 {
			end = start + l
		} else {
			end = float64(n) + start + l
		}
		a, e := jsSliceIndex(start, n), jsSliceIndex(end, n)
		if e <= a {
			return ""
		}
		return string(rs[a:e])
	}
	return string(rs[jsSliceIndex(start, n):])
}

func trimJS(s string) string {
	var b strings.Builder
	inWS := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			if !inWS {
				b.WriteByte(' ')
			}
			inWS = true
			continue
		}
		inWS = false
		b.WriteByte(c)
	}
	r := b.String()
	r = strings.TrimPrefix(r, " ")
	r = strings.TrimSuffix(r, " ")
	return r
}

func pad(s string, width float64, char string) string {
	if char == "" {
		char = " "
	}
	w := int(math.Abs(math.Trunc(width)))
	n := utf8.RuneCountInString(s)
	padLen := w - n
	if padLen <= 0 {
		return s
	}
	cr := []rune(char)
	padding := make([]rune, 0, padLen)
	for len(padding) < padLen {
		padding = append(padding, cr...)
	}
	padding = padding[:padLen]
	if width < 0 {
		return string(padding) + s
	}
	return s + string(padding)
}

const hexUpper = "0123456789ABCDEF"

func encodeURIJS(s string, keep string) (string, bool) {
	if !utf8.ValidString(s) {
		return "", false
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strings.IndexByte("-_.!~*'()", c) >= 0 || strings.IndexByte(keep, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexUpper[c>>4])
		b.WriteByte(hexUpper[c&15])
	}
	return b.String(), true
}

func decodeURIJS(s string, reserved string) (string, bool) {
	var out []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '%' {
			out = append(out, c)
			continue
		}
		if i+2 >= len(s) {
			return "", false
		}
		v, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
		if err != nil {
			return "", false
		}
		if v < 0x80 && strings.IndexByte(reserved, byte(v)) >= 0 {
			out = append(out, s[i:i+3]...)
		} else {
			out = append(out, byte(v))
		}
		i += 2
	}
	if !utf8.Valid(out) {
		return "", false
	}
	return string(out), true
}

// upperSpecial holds the unconditional one-to-many uppercase mappings
// JavaScript's toUpperCase applies and Go's ToUpper does not.
var upperSpecial = map[rune]string{
	'ß': "SS", 'ŉ': "ʼN", 'ǰ': "J̌", 'ΐ': "Ϊ́", 'ΰ': "Ϋ́", 'և': "ԵՒ",
	'ẖ': "H̱", 'ẗ': "T̈", 'ẘ': "W̊", 'ẙ': "Y̊", 'ẚ': "Aʾ",
	'ﬀ': "FF", 'ﬁ': "FI", 'ﬂ': "FL", 'ﬃ': "FFI", 'ﬄ': "FFL", 'ﬅ': "ST", 'ﬆ': "ST",
	'ﬓ': "ՄՆ", 'ﬔ': "ՄԵ", 'ﬕ': "ՄԻ", 'ﬖ': "ՎՆ", 'ﬗ': "ՄԽ",
}

func upperJS(s string) string {
	if isASCII(s) {
		return strings.ToUpper(s)
	}
	var b strings.Builder
	for _, r := range s {
		if m, ok := upperSpecial[r]; ok {
			b.WriteString(m)
			continue
		}
		b.WriteString(strings.ToUpper(string(r)))
	}
	return b.String()
}

// quoteJS is JSON.stringify of a string, writing lone surrogates (kept as
// WTF-8 bytes) as \udxxx escapes the way JavaScript does.
func quoteJS(s string) string {
	b := []byte{'"'}
	seg := func(part string) {
		q := jsonv.AppendString(nil, part)
		b = append(b, q[1:len(q)-1]...)
	}
	start := 0
	for i := 0; i+2 < len(s); i++ {
		if s[i] == 0xED && s[i+1] >= 0xA0 && s[i+1] <= 0xBF && s[i+2] >= 0x80 && s[i+2] <= 0xBF {
			r := rune(s[i]&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
			seg(s[start:i])
			b = append(b, `\u`...)
			b = strconv.AppendInt(b, int64(r), 16)
			i += 2
			start = i + 1
		}
	}
	seg(s[start:])
	return string(append(b, '"'))
}

// lowerJS is toLowerCase: Go's ToLower plus JavaScript's final-sigma rule
// (Σ after a letter and not before one becomes ς).
func lowerJS(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	if !strings.ContainsRune(s, 'Σ') {
		return strings.ToLower(s)
	}
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if r == 'Σ' && i > 0 && unicode.IsLetter(rs[i-1]) && (i+1 == len(rs) || !unicode.IsLetter(rs[i+1])) {
			b.WriteRune('ς')
			continue
		}
		b.WriteString(strings.ToLower(string(r)))
	}
	return b.String()
}
