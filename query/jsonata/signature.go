package jsonata

import (
	"regexp"
	"strings"

	"github.com/stepd/stepd/jsonv"
)

type sigParam struct {
	regex        string
	typ          string
	array        bool
	context      bool
	contextRegex *regexp.Regexp
	subtype      string
}

type signature struct {
	definition string
	params     []*sigParam
	regex      *regexp.Regexp
}

func (s *signature) arity() int {
	n := 0
	for _, p := range s.params {
		if !p.context {
			n++
		}
	}
	return n
}

func mustSignature(def string) *signature {
	s, err := parseSignature(def)
	if err != nil {
		panic(def + ": " + err.Error())
	}
	return s
}

func parseSignature(sig string) (*signature, *Error) {
	var params []*sigParam
	param := &sigParam{}
	var prev *sigParam = param
	next := func() {
		params = append(params, param)
		prev = param
		param = &sigParam{}
	}
	closing := func(start int, open, close byte) int {
		depth := 1
		pos := start
		for pos < len(sig) {
			pos++
			if pos >= len(sig) {
				break
			}
			c := sig[pos]
			if c == close {
				depth--
				if depth == 0 {
					break
				}
			} else if c == open {
				depth++
			}
		}
		return pos
	}
	for pos := 1; pos < len(sig); pos++ {
		c := sig[pos]
		if c == ':' {
			break
		}
		switch c {
		case 's', 'n', 'b', 'l', 'o':
			param.regex = "[" + string(c) + "m]"
			param.typ = string(c)
			next()
		case 'a':
			param.regex = "[asnblfom]"
			param.typ = "a"
			param.array = true
			next()
		case 'f':
			param.regex = "f"
			param.typ = "f"
			next()
		case 'j':
			param.regex = "[asnblom]"
			param.typ = "j"
			next()
		case 'x':
			param.regex = "[asnblfom]"
			param.typ = "x"
			next()
		case '-':
			prev.context = true
			prev.contextRegex = regexp.MustCompile("^" + prev.regex)
			prev.regex += "?"
		case '?', '+':
			prev.regex += string(c)
		case '(':
			end := closing(pos, '(', ')')
			if end >= len(sig) {
				return nil, newError("S0402", pos, "", sig[pos:])
			}
			choice := sig[pos+1 : end]
			if strings.Contains(choice, "<") {
				return nil, newError("S0402", pos, "", choice)
			}
			param.regex = "[" + choice + "m]"
			param.typ = "(" + choice + ")"
			pos = end
			next()
		case '<':
			if prev.typ == "a" || prev.typ == "f" {
				end := closing(pos, '<', '>')
				if end >= len(sig) {
					end = len(sig) - 1
				}
				prev.subtype = sig[pos+1 : end]
				pos = end
			} else {
				return nil, newError("S0401", pos, "", prev.typ)
			}
		}
	}
	var b strings.Builder
	b.WriteString("^")
	for _, p := range params {
		b.WriteString("(" + p.regex + ")")
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, newError("S0401", 0, "", sig)
	}
	return &signature{definition: sig, params: params, regex: re}, nil
}

var arrayTypes = map[string]string{"a": "arrays", "b": "booleans", "f": "functions", "n": "numbers", "o": "objects", "s": "strings"}

func symbolOf(v any) byte {
	switch x := v.(type) {
	case callable:
		return 'f'
	case string:
		return 's'
	case float64:
		return 'n'
	case bool:
		return 'b'
	case nullType:
		return 'l'
	case *seq:
		return 'a'
	case *jsonv.Object:
		return 'o'
	case tuple:
		_ = x
		return 'o'
	}
	return 'm'
}

func (s *signature) validate(args []any, context any) ([]any, error) {
	var sb strings.Builder
	for _, a := range args {
		sb.WriteByte(symbolOf(a))
	}
	supplied := sb.String()
	m := s.match(supplied)
	if m == nil {
		return nil, s.validationError(args, supplied)
	}
	out := make([]any, 0, len(s.params))
	argIndex := 0
	for i, p := range s.params {
		match := m[i+1]
		if match == "" {
			if p.context && p.contextRegex != nil {
				ct := string(symbolOf(context))
				if p.contextRegex.MatchString(ct) {
					out = append(out, context)
				} else {
					e := newError("T0411", -1, "", context)
					e.Index = argIndex + 1
					return nil, e
				}
			} else {
				var a any
				if argIndex < len(args) {
					a = args[argIndex]
				}
				out = append(out, a)
				argIndex++
			}
			continue
		}
		for k := 0; k < len(match); k++ {
			single := match[k]
			var arg any
			if argIndex < len(args) {
				arg = args[argIndex]
			}
			if p.typ == "a" {
				if single == 'm' {
					arg = nil
				} else {
					ok := true
					if p.subtype != "" {
						if single != 'a' && match != p.subtype {
							ok = false
						} else if single == 'a' {
							a := arg.(*seq)
							if len(a.v) > 0 {
								it := symbolOf(a.v[0])
								if it != p.subtype[0] {
									ok = false
								} else {
									for _, e := range a.v {
										if symbolOf(e) != it {
											ok = false
											break
										}
									}
								}
							}
						}
					}
					if !ok {
						e := newError("T0412", -1, "", arg)
						e.Index = argIndex + 1
						e.Type = arrayTypes[p.subtype]
						return nil, e
					}
					if single != 'a' {
						arg = &seq{v: []any{arg}}
					}
				}
			}
			out = append(out, arg)
			argIndex++
		}
	}
	return out, nil
}

// match is s.regex.FindStringSubmatch without the regexp engine: a
// greedy backtracking match of the parameter patterns, as the JavaScript
// regex would do.
func (s *signature) match(sym string) []string {
	out := make([]string, len(s.params)+1)
	var rec func(i, pos int) bool
	rec = func(i, pos int) bool {
		if i == len(s.params) {
			return pos == len(sym)
		}
		p := s.params[i]
		set, mod := p.charset()
		maxN := 0
		for pos+maxN < len(sym) && strings.IndexByte(set, sym[pos+maxN]) >= 0 {
			maxN++
			if mod != '+' {
				break
			}
		}
		minN := 1
		if mod == '?' {
			minN = 0
		}
		for n := maxN; n >= minN; n-- {
			out[i+1] = sym[pos : pos+n]
			if rec(i+1, pos+n) {
				return true
			}
		}
		return false
	}
	if !rec(0, 0) {
		return nil
	}
	out[0] = sym
	return out
}

// charset splits the parameter's regex into its allowed symbols and its
// modifier ('?', '+' or 0).
func (p *sigParam) charset() (string, byte) {
	r := p.regex
	var mod byte
	if n := len(r); n > 0 && (r[n-1] == '?' || r[n-1] == '+') {
		mod = r[n-1]
		r = r[:n-1]
	}
	if len(r) > 1 && r[0] == '[' {
		r = r[1 : len(r)-1]
	}
	return r, mod
}

func (s *signature) validationError(args []any, supplied string) error {
	partial := "^"
	goodTo := 0
	for _, p := range s.params {
		partial += p.regex
		re, err := regexp.Compile(partial)
		if err != nil {
			break
		}
		loc := re.FindStringIndex(supplied)
		if loc == nil {
			var v any
			if goodTo < len(args) {
				v = args[goodTo]
			}
			e := newError("T0410", -1, "", v)
			e.Index = goodTo + 1
			return e
		}
		goodTo = loc[1]
	}
	var v any
	if goodTo < len(args) {
		v = args[goodTo]
	}
	e := newError("T0410", -1, "", v)
	e.Index = goodTo + 1
	return e
}
