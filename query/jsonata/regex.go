package jsonata

import (
	"regexp"
	"strings"

	"github.com/stepd/stepd/jsonv"
)

// jsSpace lists the characters JavaScript's \s matches, for a class.
const jsSpace = `\t\n\v\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}`

type jsRegex struct {
	re     *regexp.Regexp
	source string
}

// compileRegex translates a JavaScript regular expression to Go's RE2
// syntax; constructs RE2 lacks (lookaround, backreferences) are rejected.
func compileRegex(pattern, flags string) (*jsRegex, *Error) {
	var b strings.Builder
	if flags != "" {
		b.WriteString("(?" + flags + ")")
	}
	inClass := false
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		switch {
		case c == '\\' && i+1 < len(pattern):
			n := pattern[i+1]
			switch n {
			case '/':
				b.WriteByte('/')
			case 's':
				// JavaScript's \s is Unicode white space, RE2's only ASCII
				if inClass {
					b.WriteString(jsSpace)
				} else {
					b.WriteString("[" + jsSpace + "]")
				}
			case 'S':
				if inClass {
					b.WriteString(`\S`)
				} else {
					b.WriteString("[^" + jsSpace + "]")
				}
			case 'u':
				if i+5 < len(pattern) {
					b.WriteString(`\x{` + pattern[i+2:i+6] + `}`)
					i += 4
				} else {
					b.WriteString(`\\u`)
				}
			default:
				b.WriteByte('\\')
				b.WriteByte(n)
			}
			i++
		case c == '[' && !inClass:
			inClass = true
			b.WriteByte(c)
			if i+1 < len(pattern) && pattern[i+1] == '^' {
				b.WriteByte('^')
				i++
			}
			if i+1 < len(pattern) && pattern[i+1] == ']' {
				b.WriteString(`\]`)
				i++
			}
		case c == ']' && inClass:
			inClass = false
			b.WriteByte(c)
		case c == '.' && !inClass:
			// JavaScript's dot stops at every line terminator, RE2's at \n only
			b.WriteString(`[^\n\r\x{2028}\x{2029}]`)
		case c == '(' && !inClass && strings.HasPrefix(pattern[i:], "(?<") && !strings.HasPrefix(pattern[i:], "(?<=") && !strings.HasPrefix(pattern[i:], "(?<!"):
			b.WriteString("(?P<")
			i += 2
		case c == '(' && !inClass && strings.HasPrefix(pattern[i:], "(?") && !strings.HasPrefix(pattern[i:], "(?:"):
			// inline flags are not JavaScript; lookaround is beyond RE2
			return nil, newError("S0303", -1, "", pattern)
		default:
			b.WriteByte(c)
		}
	}
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, newError("S0303", -1, "", pattern)
	}
	return &jsRegex{re: re, source: pattern}, nil
}

type reMatch struct {
	match  string
	start  int // byte offsets
	end    int
	groups []any
}

func (r *jsRegex) find(s string, from int) *reMatch {
	if from > len(s) {
		return nil
	}
	loc := r.re.FindStringSubmatchIndex(s[from:])
	if loc == nil {
		return nil
	}
	m := &reMatch{match: s[from+loc[0] : from+loc[1]], start: from + loc[0], end: from + loc[1]}
	for g := 1; g < len(loc)/2; g++ {
		if loc[2*g] < 0 {
			m.groups = append(m.groups, null) // undefined in JavaScript, null once serialised
			continue
		}
		m.groups = append(m.groups, s[from+loc[2*g]:from+loc[2*g+1]])
	}
	return m
}

// allMatches follows jsonata's matcher protocol: the first match from 0,
// then each next from the end of the previous one while that is before the
// end of the string; a later empty match is error D1004.
func (r *jsRegex) allMatches(s string, limit int) ([]*reMatch, *Error) {
	var out []*reMatch
	m := r.find(s, 0)
	for m != nil && (limit < 0 || len(out) < limit) {
		out = append(out, m)
		if m.end >= len(s) {
			break
		}
		next := r.find(s, m.end)
		if next != nil && next.match == "" {
			return nil, newError("D1004", -1, "", r.source)
		}
		m = next
	}
	return out, nil
}

func regexMatchObject(r *jsRegex, s string, from int) any {
	m := r.find(s, from)
	if m == nil {
		return nil
	}
	return matchObject(s, m, true)
}

func matchObject(s string, m *reMatch, startEnd bool) *jsonv.Object {
	o := jsonv.NewObject(4)
	o.Set("match", m.match)
	if startEnd {
		o.Set("start", float64(utf16Index(s, m.start)))
		o.Set("end", float64(utf16Index(s, m.end)))
	} else {
		o.Set("index", float64(utf16Index(s, m.start)))
	}
	o.Set("groups", &seq{v: append([]any{}, m.groups...)})
	return o
}

// byteOffset converts a UTF-16 code unit index in s to a byte offset.
func byteOffset(s string, u16 int) int {
	n := 0
	for i, r := range s {
		if n >= u16 {
			return i
		}
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return len(s)
}

// matches runs a matcher (a regex or a function following jsonata's
// matcher protocol) over s, returning at most limit matches (limit < 0:
// all) with byte offsets.
func (ev *evaluator) matches(matcher any, s string, limit int, env *frame) ([]*reMatch, error) {
	if r, ok := matcher.(*regexFunc); ok {
		ms, err := r.re.allMatches(s, limit)
		if err != nil {
			return nil, err
		}
		return ms, nil
	}
	res, err := ev.apply(matcher, []any{s}, nil, env)
	if err != nil {
		return nil, err
	}
	var out []*reMatch
	for res != nil && (limit < 0 || len(out) < limit) {
		o, ok := res.(*jsonv.Object)
		if !ok {
			return nil, newError("T1010", -1, "", nil)
		}
		start, okStart := field(o, "start").(float64)
		end, okEnd := field(o, "end").(float64)
		groups, okGroups := field(o, "groups").(*seq)
		next, okNext := field(o, "next").(callable)
		if !okStart && !okEnd && !okGroups && !okNext {
			return nil, newError("T1010", -1, "", nil)
		}
		m := &reMatch{start: byteOffset(s, int(start)), end: byteOffset(s, int(end))}
		m.match, _ = field(o, "match").(string)
		if okGroups {
			m.groups = append(m.groups, groups.v...)
		}
		out = append(out, m)
		if !okNext {
			break
		}
		ev.steps++
		if ev.maxSteps > 0 && ev.steps > ev.maxSteps {
			return nil, stepsExceeded(-1)
		}
		res, err = ev.apply(next, nil, nil, env)
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
