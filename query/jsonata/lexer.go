package jsonata

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

type token struct {
	typ   string // "operator", "name", "variable", "string", "number", "value", "regex", "(end)"
	value string
	num   float64
	val   any // for "value": true, false, null
	pos   int // offset just past the token, as jsonata-js reports
	start int
}

var operators = map[string]int{
	".": 75, "[": 80, "]": 0, "{": 70, "}": 0, "(": 80, ")": 0, ",": 0, "@": 80, "#": 80,
	";": 80, ":": 80, "?": 20, "+": 50, "-": 50, "*": 60, "/": 60, "%": 60, "|": 20,
	"=": 40, "<": 40, ">": 40, "^": 40, "**": 60, "..": 20, ":=": 10, "!=": 40,
	"<=": 40, ">=": 40, "~>": 40, "and": 30, "or": 25, "in": 40, "&": 50, "!": 0, "~": 0,
}

type lexer struct {
	src string
	pos int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v'
}

func isOpChar(c byte) bool {
	switch c {
	case '.', '[', ']', '{', '}', '(', ')', ',', '@', '#', ';', ':', '?', '+', '-', '*', '/', '%', '|', '=', '<', '>', '^', '&', '!', '~':
		return true
	}
	return false
}

func (l *lexer) next(prefix bool) (*token, error) {
	src := l.src
	for l.pos < len(src) {
		c := src[l.pos]
		if isSpace(c) {
			l.pos++
			continue
		}
		if c == '/' && l.pos+1 < len(src) && src[l.pos+1] == '*' {
			start := l.pos
			end := strings.Index(src[l.pos+2:], "*/")
			if end < 0 {
				l.pos = len(src)
				return nil, newError("S0106", start, "", nil)
			}
			l.pos += end + 4
			continue
		}
		break
	}
	if l.pos >= len(src) {
		return nil, nil
	}
	start := l.pos
	c := src[l.pos]
	mk := func(typ, value string) *token { return &token{typ: typ, value: value, pos: l.pos, start: start} }
	if !prefix && c == '/' {
		l.pos++
		return l.scanRegex(start)
	}
	two := ""
	if l.pos+1 < len(src) {
		two = src[l.pos : l.pos+2]
	}
	switch two {
	case "..", ":=", "!=", ">=", "<=", "**", "~>":
		l.pos += 2
		return mk("operator", two), nil
	}
	if isOpChar(c) {
		l.pos++
		return mk("operator", string(c)), nil
	}
	if c == '"' || c == '\'' {
		l.pos++
		var sb strings.Builder
		for l.pos < len(src) {
			ch := src[l.pos]
			if ch == '\\' {
				l.pos++
				if l.pos >= len(src) {
					break
				}
				ch = src[l.pos]
				switch ch {
				case '"', '\\', '/':
					sb.WriteByte(ch)
				case 'b':
					sb.WriteByte('\b')
				case 'f':
					sb.WriteByte('\f')
				case 'n':
					sb.WriteByte('\n')
				case 'r':
					sb.WriteByte('\r')
				case 't':
					sb.WriteByte('\t')
				case 'u':
					if l.pos+5 > len(src) {
						return nil, newError("S0104", l.pos, "", nil)
					}
					n, err := strconv.ParseUint(src[l.pos+1:l.pos+5], 16, 32)
					if err != nil {
						return nil, newError("S0104", l.pos, "", nil)
					}
					r := rune(n)
					l.pos += 4
					if r >= 0xD800 && r < 0xDC00 && l.pos+6 < len(src)+0 && strings.HasPrefix(src[l.pos+1:], "\\u") {
						if n2, err := strconv.ParseUint(src[l.pos+3:min(l.pos+7, len(src))], 16, 32); err == nil && n2 >= 0xDC00 && n2 < 0xE000 {
							r = 0x10000 + (r-0xD800)<<10 + (rune(n2) - 0xDC00)
							l.pos += 6
						}
					}
					if r >= 0xD800 && r < 0xE000 {
						// a lone surrogate: kept as its WTF-8 bytes (invalid
						// UTF-8) so that, as in JavaScript, URL encoding rejects it
						sb.WriteByte(byte(0xE0 | r>>12))
						sb.WriteByte(byte(0x80 | (r>>6)&0x3F))
						sb.WriteByte(byte(0x80 | r&0x3F))
					} else {
						sb.WriteRune(r)
					}
				default:
					return nil, newError("S0103", l.pos, string(ch), nil)
				}
				l.pos++
				continue
			}
			if ch == c {
				l.pos++
				return &token{typ: "string", value: sb.String(), pos: l.pos, start: start}, nil
			}
			sb.WriteByte(ch)
			l.pos++
		}
		return nil, newError("S0101", l.pos, "", nil)
	}
	if c >= '0' && c <= '9' {
		i := l.pos
		if src[i] == '0' {
			i++
		} else {
			for i < len(src) && src[i] >= '0' && src[i] <= '9' {
				i++
			}
		}
		if i+1 < len(src) && src[i] == '.' && src[i+1] >= '0' && src[i+1] <= '9' {
			i++
			for i < len(src) && src[i] >= '0' && src[i] <= '9' {
				i++
			}
		}
		if i < len(src) && (src[i] == 'e' || src[i] == 'E') {
			j := i + 1
			if j < len(src) && (src[j] == '+' || src[j] == '-') {
				j++
			}
			if j < len(src) && src[j] >= '0' && src[j] <= '9' {
				for j < len(src) && src[j] >= '0' && src[j] <= '9' {
					j++
				}
				i = j
			}
		}
		text := src[l.pos:i]
		f, err := strconv.ParseFloat(text, 64)
		l.pos = i
		if err != nil {
			return nil, newError("S0102", start, text, nil)
		}
		t := mk("number", text)
		t.num = f
		return t, nil
	}
	if c == '`' {
		end := strings.IndexByte(src[l.pos+1:], '`')
		if end < 0 {
			l.pos = len(src)
			return nil, newError("S0105", l.pos, "", nil)
		}
		name := src[l.pos+1 : l.pos+1+end]
		l.pos += end + 2
		return mk("name", name), nil
	}
	i := l.pos
	for i < len(src) && !isSpace(src[i]) && !isOpChar(src[i]) {
		_, size := utf8.DecodeRuneInString(src[i:])
		i += size
	}
	name := src[l.pos:i]
	l.pos = i
	if name[0] == '$' {
		return mk("variable", name[1:]), nil
	}
	switch name {
	case "and", "or", "in":
		return mk("operator", name), nil
	case "true":
		t := mk("value", name)
		t.val = true
		return t, nil
	case "false":
		t := mk("value", name)
		t.val = false
		return t, nil
	case "null":
		t := mk("value", name)
		t.val = null
		return t, nil
	}
	return mk("name", name), nil
}

// evenBackslashesBefore reports whether the character at i is unescaped.
func evenBackslashesBefore(s string, i int) bool {
	n := 0
	for i-n-1 >= 0 && s[i-n-1] == '\\' {
		n++
	}
	return n%2 == 0
}

func (l *lexer) scanRegex(start int) (*token, error) {
	src := l.src
	begin := l.pos
	depth := 0
	for l.pos < len(src) {
		c := src[l.pos]
		if c == '/' && depth == 0 && evenBackslashesBefore(src, l.pos) {
			pattern := src[begin:l.pos]
			if pattern == "" {
				return nil, newError("S0301", l.pos, "", nil)
			}
			l.pos++
			fstart := l.pos
			for l.pos < len(src) && (src[l.pos] == 'i' || src[l.pos] == 'm') {
				l.pos++
			}
			flags := src[fstart:l.pos]
			return &token{typ: "regex", value: pattern, val: flags, pos: l.pos, start: start}, nil
		}
		if (c == '(' || c == '[' || c == '{') && src[l.pos-1] != '\\' {
			depth++
		}
		if (c == ')' || c == ']' || c == '}') && src[l.pos-1] != '\\' {
			depth--
		}
		l.pos++
	}
	return nil, newError("S0302", l.pos, "", nil)
}
