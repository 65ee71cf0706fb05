package jsonata

import (
	"encoding/base64"
	"github.com/stepd/stepd/query/jsonata/picture"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/stepd/stepd/jsonv"
)

type nativeFn = func(ev *evaluator, args []any, input any, env *frame) (any, error)

var library map[string]*builtin

func def(name, sig string, fn nativeFn) {
	library[name] = &builtin{name: name, sig: mustSignature(sig), fn: fn}
}

func arg(args []any, i int) any {
	if i < len(args) {
		return args[i]
	}
	return nil
}

func optNum(args []any, i int) (float64, bool) {
	f, ok := arg(args, i).(float64)
	return f, ok
}

func hofArgs(fn any, a, b, c any) []any {
	n := 1
	if f, ok := fn.(callable); ok {
		n = f.arity()
	}
	out := []any{a}
	if n >= 2 {
		out = append(out, b)
	}
	if n >= 3 {
		out = append(out, c)
	}
	return out
}

func fnBoolean(v any) any {
	if v == nil {
		return nil
	}
	return boolean(v)
}

func init() {
	library = map[string]*builtin{}
	def("sum", "<a<n>:n>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		if args[0] == nil {
			return nil, nil
		}
		t := 0.0
		for _, e := range items(args[0]) {
			t += e.(float64)
		}
		return t, nil
	})
	def("count", "<a:n>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		return float64(len(items(args[0]))), nil
	})
	minmax := func(isMax bool) nativeFn {
		return func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
			it := items(args[0])
			if len(it) == 0 {
				return nil, nil
			}
			r := it[0].(float64)
			for _, e := range it[1:] {
				f := e.(float64)
				if (isMax && f > r) || (!isMax && f < r) {
					r = f
				}
			}
			return r, nil
		}
	}
	def("max", "<a<n>:n>", minmax(true))
	def("min", "<a<n>:n>", minmax(false))
	def("average", "<a<n>:n>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		it := items(args[0])
		if len(it) == 0 {
			return nil, nil
		}
		t := 0.0
		for _, e := range it {
			t += e.(float64)
		}
		return t / float64(len(it)), nil
	})
	def("string", "<x-b?:s>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		if args[0] == nil {
			return nil, nil
		}
		if p, ok := arg(args, 1).(bool); ok && p {
			if _, isStr := args[0].(string); !isStr && !isFunc(args[0]) {
				s, err := stringify(args[0], true)
				if err != nil {
					return nil, err
				}
				return s, nil
			}
		}
		s, err := stringOf(args[0])
		if err != nil {
			return nil, err
		}
		return s, nil
	})
	def("substring", "<s-nn?:s>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		s, ok := args[0].(string)
		if !ok {
			return nil, nil
		}
		var lp *float64
		if l, ok := optNum(args, 2); ok {
			lp = &l
		}
		start, _ := optNum(args, 1)
		return substring(s, start, lp), nil
	})
	def("substringBefore", "<s-s:s>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		s, ok := args[0].(string)
		if !ok {
			return nil, nil
		}
		c, ok := arg(args, 1).(string)
		if !ok {
			return s, nil
		}
		if i := strings.Index(s, c); i >= 0 {
			return s[:i], nil
		}
		return s, nil
	})
	def("substringAfter", "<s-s:s>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		s, ok := args[0].(string)
		if !ok {
			return nil, nil
		}
		c, ok := arg(args, 1).(string)
		if !ok {
			return s, nil
		}
		if i := strings.Index(s, c); i >= 0 {
			return s[i+len(c):], nil
		}
		return s, nil
	})
	strFn := func(f func(string) any) nativeFn {
		return func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
			s, ok := args[0].(string)
			if !ok {
				return nil, nil
			}
			return f(s), nil
		}
	}
	def("lowercase", "<s-:s>", strFn(func(s string) any { return lowerJS(s) }))
	def("uppercase", "<s-:s>", strFn(func(s string) any { return upperJS(s) }))
	def("length", "<s-:n>", strFn(func(s string) any { return float64(utf8.RuneCountInString(s)) }))
	def("trim", "<s-:s>", strFn(func(s string) any { return trimJS(s) }))
	def("pad", "<s-ns?:s>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		s, ok := args[0].(string)
		if !ok {
			return nil, nil
		}
		w, _ := optNum(args, 1)
		if ev.maxBytes > 0 && math.Abs(w) > float64(ev.maxBytes) {
			return nil, newError("U1003", -1, "", nil)
		}
		c, _ := arg(args, 2).(string)
		return pad(s, w, c), nil
	})
	def("contains", "<s-(sf):b>", func(ev *evaluator, args []any, _ any, env *frame) (any, error) {
		s, ok := args[0].(string)
		if !ok {
			return nil, nil
		}
		switch p := arg(args, 1).(type) {
		case string:
			return strings.Contains(s, p), nil
		}
		ms, err := ev.matches(arg(args, 1), s, 1, env)
		if err != nil {
			return nil, err
		}
		return len(ms) > 0, nil
	})
	def("split", "<s-(sf)n?:a<s>>", func(ev *evaluator, args []any, _ any, env *frame) (any, error) {
		s, ok := args[0].(string)
		if !ok {
			return nil, nil
		}
		limit := -1
		if l, ok := optNum(args, 2); ok {
			if l < 0 {
				return nil, newError("D3020", -1, "", l)
			}
			limit = int(math.Floor(l))
		}
		var parts []string
		switch p := arg(args, 1).(type) {
		case string:
			if s == "" && p == "" {
				parts = nil
			} else if p == "" {
				for _, r := range s {
					parts = append(parts, string(r))
				}
			} else {
				parts = strings.Split(s, p)
			}
		default:
			ms, err := ev.matches(p, s, -1, env)
			if err != nil {
				return nil, err
			}
			start := 0
			for _, m := range ms {
				parts = append(parts, s[start:m.start])
				start = m.end
			}
			parts = append(parts, s[start:])
		}
		if limit >= 0 && len(parts) > limit {
			parts = parts[:limit]
		}
		out := make([]any, len(parts))
		for i, p := range parts {
			out[i] = p
		}
		return &seq{v: out}, nil
	})
	def("join", "<a<s>s?:s>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		if args[0] == nil {
			return nil, nil
		}
		sep, _ := arg(args, 1).(string)
		var b strings.Builder
		for i, e := range items(args[0]) {
			if i > 0 {
				b.WriteString(sep)
			}
			b.WriteString(e.(string))
		}
		return b.String(), nil
	})
	def("match", "<s-f<s:o>n?:a<o>>", func(ev *evaluator, args []any, _ any, env *frame) (any, error) {
		s, ok := args[0].(string)
		if !ok {
			return nil, nil
		}
		limit := -1
		if l, ok := optNum(args, 2); ok {
			if l < 0 {
				return nil, newError("D3040", -1, "", l)
			}
			limit = int(math.Floor(l))
		}
		ms, err := ev.matches(arg(args, 1), s, limit, env)
		if err != nil {
			return nil, err
		}
		out := newSeq()
		for _, m := range ms {
			out.v = append(out.v, matchObject(s, m, false))
		}
		return out, nil
	})
	def("replace", "<s-(sf)(sf)n?:s>", fnReplace)
	def("number", "<(nsb)-:n>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		switch x := args[0].(type) {
		case nil:
			return nil, nil
		case float64:
			return x, nil
		case bool:
			if x {
				return 1.0, nil
			}
			return 0.0, nil
		case string:
			if f, ok := parseJSNumber(x); ok {
				return f, nil
			}
		}
		return nil, newError("D3030", -1, "", args[0])
	})
	numFn := func(f func(float64) float64) nativeFn {
		return func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
			x, ok := args[0].(float64)
			if !ok {
				return nil, nil
			}
			return f(x), nil
		}
	}
	def("floor", "<n-:n>", numFn(math.Floor))
	def("ceil", "<n-:n>", numFn(math.Ceil))
	def("abs", "<n-:n>", numFn(math.Abs))
	def("sqrt", "<n-:n>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		x, ok := args[0].(float64)
		if !ok {
			return nil, nil
		}
		if x < 0 {
			return nil, newError("D3060", -1, "", x)
		}
		return math.Sqrt(x), nil
	})
	def("power", "<n-n:n>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		x, ok := args[0].(float64)
		if !ok {
			return nil, nil
		}
		y, _ := optNum(args, 1)
		r := math.Pow(x, y)
		if math.IsNaN(r) || math.IsInf(r, 0) {
			e := newError("D3061", -1, "", x)
			e.Value2 = y
			return nil, e
		}
		return r, nil
	})
	def("round", "<n-n?:n>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		x, ok := args[0].(float64)
		if !ok {
			return nil, nil
		}
		p, _ := optNum(args, 1)
		return roundHalfEven(x, int(p)), nil
	})
	def("random", "<:n>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		return ev.random(), nil
	})
	def("formatBase", "<n-n?:s>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		x, ok := args[0].(float64)
		if !ok {
			return nil, nil
		}
		radix := 10.0
		if r, ok := optNum(args, 1); ok {
			radix = r
		}
		s, err := picture.FormatBase(x, radix)
		if err != nil {
			return nil, pictureError(err)
		}
		return s, nil
	})
	def("boolean", "<x-:b>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		return fnBoolean(args[0]), nil
	})
	def("not", "<x-:b>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		if args[0] == nil {
			return nil, nil
		}
		return !boolean(args[0]), nil
	})
	def("exists", "<x:b>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		return arg(args, 0) != nil, nil
	})
	def("map", "<af>", func(ev *evaluator, args []any, _ any, env *frame) (any, error) {
		out := newSeq()
		arr := args[0]
		for i, e := range items(arr) {
			r, err := ev.apply(args[1], hofArgs(args[1], e, float64(i), arr), nil, env)
			if err != nil {
				return nil, err
			}
			if r != nil {
				out.v = append(out.v, r)
			}
		}
		return out, nil
	})
	def("filter", "<af>", func(ev *evaluator, args []any, _ any, env *frame) (any, error) {
		out := newSeq()
		arr := args[0]
		for i, e := range items(arr) {
			r, err := ev.apply(args[1], hofArgs(args[1], e, float64(i), arr), nil, env)
			if err != nil {
				return nil, err
			}
			if boolean(r) {
				out.v = append(out.v, e)
			}
		}
		return out, nil
	})
	def("single", "<af?>", func(ev *evaluator, args []any, _ any, env *frame) (any, error) {
		arr := args[0]
		if arr == nil {
			return nil, nil
		}
		var result any
		found := false
		for i, e := range items(arr) {
			ok := true
			if f := arg(args, 1); f != nil {
				r, err := ev.apply(f, hofArgs(f, e, float64(i), arr), nil, env)
				if err != nil {
					return nil, err
				}
				ok = boolean(r)
			}
			if ok {
				if found {
					return nil, newError("D3138", -1, "", nil)
				}
				result = e
				found = true
			}
		}
		if !found {
			return nil, newError("D3139", -1, "", nil)
		}
		return result, nil
	})
	def("reduce", "<afj?:j>", func(ev *evaluator, args []any, _ any, env *frame) (any, error) {
		if args[0] == nil {
			return nil, nil
		}
		f := args[1].(callable)
		n := f.arity()
		if n < 2 {
			e := newError("D3050", -1, "", nil)
			e.Index = 1
			return nil, e
		}
		it := items(args[0])
		var result any
		idx := 0
		init := arg(args, 2)
		if init == nil && len(it) > 0 {
			result = it[0]
			idx = 1
		} else {
			result = init
		}
		for ; idx < len(it); idx++ {
			a := []any{result, it[idx]}
			if n >= 3 {
				a = append(a, float64(idx))
			}
			if n >= 4 {
				a = append(a, args[0])
			}
			r, err := ev.apply(f, a, nil, env)
			if err != nil {
				return nil, err
			}
			result = r
		}
		return result, nil
	})
	library["zip"] = &builtin{name: "zip", sig: mustSignature("<a+>"), fn: func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		n := math.MaxInt
		for _, a := range args {
			s, ok := a.(*seq)
			if !ok {
				n = 0
				continue
			}
			n = min(n, len(s.v))
		}
		if len(args) == 0 {
			n = 0
		}
		out := &seq{}
		for i := 0; i < n; i++ {
			t := &seq{}
			for _, a := range args {
				t.v = append(t.v, a.(*seq).v[i])
			}
			out.v = append(out.v, t)
		}
		return out, nil
	}}
	def("sift", "<o-f?:o>", func(ev *evaluator, args []any, _ any, env *frame) (any, error) {
		o, ok := args[0].(*jsonv.Object)
		if !ok {
			return nil, nil
		}
		f := arg(args, 1)
		res := jsonv.NewObject(0)
		for _, m := range members(o) {
			v := lift(m.Value)
			r, err := ev.apply(f, hofArgs(f, v, m.Key, o), nil, env)
			if err != nil {
				return nil, err
			}
			if boolean(r) {
				res.Set(m.Key, v)
			}
		}
		if res.Len() == 0 {
			return nil, nil
		}
		return res, nil
	})
	def("keys", "<x-:a<s>>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		out := newSeq()
		seen := map[string]bool{}
		add := func(o *jsonv.Object) {
			for _, m := range members(o) {
				k := m.Key
				if !seen[k] {
					seen[k] = true
					out.v = append(out.v, k)
				}
			}
		}
		switch x := args[0].(type) {
		case *jsonv.Object:
			add(x)
		case *seq:
			for _, e := range x.v {
				if o, ok := e.(*jsonv.Object); ok {
					add(o)
				}
			}
		}
		return out, nil
	})
	def("lookup", "<x-s:x>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		k, _ := arg(args, 1).(string)
		return lookupField(args[0], k), nil
	})
	def("append", "<xx:a>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		if err := ev.charge(len(items(arg(args, 0)))+len(items(arg(args, 1))), -1); err != nil {
			return nil, err
		}
		return appendValues(arg(args, 0), arg(args, 1)), nil
	})
	def("spread", "<x-:a<o>>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		return spread(args[0]), nil
	})
	def("merge", "<a<o>:o>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		if args[0] == nil {
			return nil, nil
		}
		res := jsonv.NewObject(0)
		for _, e := range items(args[0]) {
			for _, m := range members(e.(*jsonv.Object)) {
				res.Set(m.Key, m.Value)
			}
		}
		return res, nil
	})
	def("reverse", "<a:a>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		s, ok := args[0].(*seq)
		if !ok {
			return nil, nil
		}
		if len(s.v) <= 1 {
			return s, nil
		}
		out := make([]any, len(s.v))
		for i, e := range s.v {
			out[len(s.v)-1-i] = e
		}
		return &seq{v: out}, nil
	})
	def("each", "<o-f:a>", func(ev *evaluator, args []any, _ any, env *frame) (any, error) {
		o, ok := args[0].(*jsonv.Object)
		if !ok {
			return nil, nil
		}
		out := newSeq()
		for _, m := range members(o) {
			r, err := ev.apply(args[1], hofArgs(args[1], lift(m.Value), m.Key, o), nil, env)
			if err != nil {
				return nil, err
			}
			if r != nil {
				out.v = append(out.v, r)
			}
		}
		return out, nil
	})
	def("error", "<s?:x>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		msg, _ := arg(args, 0).(string)
		if msg == "" {
			msg = "$error() function evaluated"
		}
		return nil, &Error{Code: "D3137", Message: msg, Position: -1}
	})
	def("assert", "<bs?:x>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		if b, _ := args[0].(bool); !b { // undefined fails too, as in jsonata-js
			msg, _ := arg(args, 1).(string)
			if msg == "" {
				msg = "$assert() statement failed"
			}
			return nil, &Error{Code: "D3141", Message: msg, Position: -1}
		}
		return nil, nil
	})
	def("type", "<x:s>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		switch arg(args, 0).(type) {
		case nil:
			return nil, nil
		case nullType:
			return "null", nil
		case float64:
			return "number", nil
		case string:
			return "string", nil
		case bool:
			return "boolean", nil
		case *seq:
			return "array", nil
		case callable:
			return "function", nil
		}
		return "object", nil
	})
	def("sort", "<af?:a>", fnSort)
	def("shuffle", "<a:a>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		s, ok := args[0].(*seq)
		if !ok {
			return nil, nil
		}
		if len(s.v) <= 1 {
			return s, nil
		}
		out := append([]any{}, s.v...)
		for i := len(out) - 1; i > 0; i-- {
			j := int(math.Floor(ev.random() * float64(i+1)))
			out[i], out[j] = out[j], out[i]
		}
		return &seq{v: out}, nil
	})
	def("distinct", "<x:x>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		s, ok := args[0].(*seq)
		if !ok || len(s.v) <= 1 {
			return args[0], nil
		}
		out := &seq{sequence: s.sequence}
		seen := map[any]bool{} // scalars by value; deepEqual matches these exactly
		var complex []any
		for _, e := range s.v {
			switch e.(type) {
			case float64, string, bool, nullType:
				if seen[e] {
					continue
				}
				seen[e] = true
			default:
				if err := ev.charge(len(complex), -1); err != nil {
					return nil, err
				}
				dup := false
				for _, o := range complex {
					if deepEqual(e, o) {
						dup = true
						break
					}
				}
				if dup {
					continue
				}
				complex = append(complex, e)
			}
			out.v = append(out.v, e)
		}
		return out, nil
	})
	// jsonata-js goes through Node's Buffer with the 'binary' (Latin-1)
	// encoding: each UTF-16 code unit keeps its low byte, and decoded bytes
	// become the characters U+0000..U+00FF.
	def("base64encode", "<s-:s>", strFn(func(s string) any {
		units := utf16Of(s)
		b := make([]byte, len(units))
		for i, u := range units {
			b[i] = byte(u)
		}
		return base64.StdEncoding.EncodeToString(b)
	}))
	def("base64decode", "<s-:s>", strFn(func(s string) any {
		clean := make([]byte, 0, len(s))
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '+', c == '/':
				clean = append(clean, c)
			case c == '-':
				clean = append(clean, '+')
			case c == '_':
				clean = append(clean, '/')
			case c == '=':
				i = len(s)
			}
		}
		if len(clean)%4 == 1 {
			clean = clean[:len(clean)-1]
		}
		b, _ := base64.RawStdEncoding.DecodeString(string(clean))
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c)
		}
		return string(r)
	}))
	urlFn := func(name string, f func(string) (string, bool)) nativeFn {
		return func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
			s, ok := args[0].(string)
			if !ok {
				return nil, nil
			}
			r, ok := f(s)
			if !ok {
				return nil, &Error{Code: "D3140", Message: "Malformed URL passed to $" + name + "(): " + quoteJS(s), Position: -1, Value: s}
			}
			return r, nil
		}
	}
	def("encodeUrlComponent", "<s-:s>", urlFn("encodeUrlComponent", func(s string) (string, bool) { return encodeURIJS(s, "") }))
	def("encodeUrl", "<s-:s>", urlFn("encodeUrl", func(s string) (string, bool) { return encodeURIJS(s, ";,/?:@&=+$#") }))
	def("decodeUrlComponent", "<s-:s>", urlFn("decodeUrlComponent", func(s string) (string, bool) { return decodeURIJS(s, "") }))
	def("decodeUrl", "<s-:s>", urlFn("decodeUrl", func(s string) (string, bool) { return decodeURIJS(s, ";,/?:@&=+$#") }))
	def("eval", "<sx?:x>", fnEval)
	def("clone", "<(oa)-:o>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		if args[0] == nil {
			return nil, nil
		}
		nodes := 0
		c := deepClone(args[0], &nodes)
		if err := ev.charge(nodes, -1); err != nil {
			return nil, err
		}
		return c, nil
	})
	def("now", "<s?s?:s>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		pic, _ := arg(args, 0).(string)
		tz, _ := arg(args, 1).(string)
		return formatDateTime(ev.now, pic, tz)
	})
	def("millis", "<:n>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		return float64(ev.now), nil
	})
	def("fromMillis", "<n-s?s?:s>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		x, ok := args[0].(float64)
		if !ok {
			return nil, nil
		}
		pic, _ := arg(args, 1).(string)
		tz, _ := arg(args, 2).(string)
		return formatDateTime(int64(x), pic, tz)
	})
	def("toMillis", "<s-s?:n>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		s, ok := args[0].(string)
		if !ok {
			return nil, nil
		}
		pic, _ := arg(args, 1).(string)
		return ev.toMillis(s, pic)
	})
	def("formatNumber", "<n-so?:s>", fnFormatNumber)
	def("formatInteger", "<n-s:s>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		x, ok := args[0].(float64)
		if !ok {
			return nil, nil
		}
		pic, _ := arg(args, 1).(string)
		s, err := pictureFormatInteger(x, pic)
		if err != nil {
			return nil, err
		}
		return s, nil
	})
	def("parseInteger", "<s-s:n>", func(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
		s, ok := args[0].(string)
		if !ok {
			return nil, nil
		}
		pic, _ := arg(args, 1).(string)
		return pictureParseInteger(s, pic)
	})
}

func spread(v any) any {
	switch x := v.(type) {
	case *seq:
		var res any = newSeq()
		for _, e := range x.v {
			res = appendValues(res, spread(e))
		}
		return res
	case *jsonv.Object:
		out := newSeq()
		for _, m := range members(x) {
			out.v = append(out.v, jsonv.ObjectOf(m.Key, m.Value))
		}
		return out
	}
	return v
}

func parseJSNumber(s string) (float64, bool) {
	t := s
	if len(t) > 2 && t[0] == '0' {
		base := 0
		switch t[1] {
		case 'x', 'X':
			base = 16
		case 'o', 'O':
			base = 8
		case 'b', 'B':
			base = 2
		}
		if base != 0 {
			n, err := strconv.ParseUint(t[2:], base, 64)
			if err != nil {
				return 0, false
			}
			return float64(n), true
		}
	}
	i := 0
	if i < len(t) && t[i] == '-' {
		i++
	}
	d := i
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i == d {
		return 0, false
	}
	if i < len(t) && t[i] == '.' {
		i++
		d = i
		for i < len(t) && t[i] >= '0' && t[i] <= '9' {
			i++
		}
		if i == d {
			return 0, false
		}
	}
	if i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		i++
		if i < len(t) && (t[i] == '+' || t[i] == '-') {
			i++
		}
		d = i
		for i < len(t) && t[i] >= '0' && t[i] <= '9' {
			i++
		}
		if i == d {
			return 0, false
		}
	}
	if i != len(t) {
		return 0, false
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// roundHalfEven is jsonata's $round: round half to even at the given
// number of decimal places, shifting by decimal exponent to avoid
// binary-fraction surprises.
func roundHalfEven(x float64, precision int) float64 {
	shift := func(v float64, by int) float64 {
		s := formatNumberJS(v)
		mant, exp := s, 0
		if i := strings.IndexByte(s, 'e'); i >= 0 {
			mant = s[:i]
			exp, _ = strconv.Atoi(s[i+1:])
		}
		f, _ := strconv.ParseFloat(mant+"e"+strconv.Itoa(exp+by), 64)
		return f
	}
	if precision != 0 {
		x = shift(x, precision)
	}
	r := math.Floor(x + 0.5)
	diff := r - x
	if math.Abs(diff) == 0.5 && math.Abs(math.Mod(r, 2)) == 1 {
		r--
	}
	if precision != 0 {
		r = shift(r, -precision)
	}
	if r == 0 {
		r = 0
	}
	return r
}

func fnReplace(ev *evaluator, args []any, _ any, env *frame) (any, error) {
	s, ok := args[0].(string)
	if !ok {
		return nil, nil
	}
	pattern := arg(args, 1)
	if p, ok := pattern.(string); ok && p == "" {
		return nil, newError("D3010", -1, "", nil)
	}
	limit := -1
	if l, ok := optNum(args, 3); ok {
		if l < 0 {
			return nil, newError("D3011", -1, "", l)
		}
		limit = int(math.Floor(l))
	}
	repl := arg(args, 2)
	if limit == 0 {
		return s, nil
	}
	var b strings.Builder
	switch p := pattern.(type) {
	case string:
		rs, _ := repl.(string)
		pos, count := 0, 0
		for limit < 0 || count < limit {
			i := strings.Index(s[pos:], p)
			if i < 0 {
				break
			}
			b.WriteString(s[pos : pos+i])
			b.WriteString(rs)
			pos += i + len(p)
			count++
		}
		b.WriteString(s[pos:])
		return b.String(), nil
	case callable:
		ms, err := ev.matches(p, s, limit, env)
		if err != nil {
			return nil, err
		}
		pos := 0
		for _, m := range ms {
			b.WriteString(s[pos:m.start])
			switch r := repl.(type) {
			case string:
				b.WriteString(substitute(r, m))
			default:
				out, err := ev.apply(repl, []any{matchObject(s, m, false)}, nil, env)
				if err != nil {
					return nil, err
				}
				str, ok := out.(string)
				if !ok {
					return nil, newError("D3012", -1, "", out)
				}
				b.WriteString(str)
			}
			pos = m.end
		}
		b.WriteString(s[pos:])
		return b.String(), nil
	}
	return s, nil
}

func substitute(repl string, m *reMatch) string {
	var b strings.Builder
	pos := 0
	for pos < len(repl) {
		i := strings.IndexByte(repl[pos:], '$')
		if i < 0 {
			break
		}
		b.WriteString(repl[pos : pos+i])
		pos += i + 1
		if pos >= len(repl) {
			b.WriteByte('$')
			break
		}
		c := repl[pos]
		if c == '$' {
			b.WriteByte('$')
			pos++
			continue
		}
		if c == '0' {
			b.WriteString(m.match)
			pos++
			continue
		}
		maxDigits := 1
		if len(m.groups) > 0 {
			maxDigits = int(math.Floor(math.Log10(float64(len(m.groups))))) + 1
		}
		digits := func(n int) (int, bool) {
			end := min(pos+n, len(repl))
			j := pos
			for j < end && repl[j] >= '0' && repl[j] <= '9' {
				j++
			}
			if j == pos {
				return 0, false
			}
			v, _ := strconv.Atoi(repl[pos:j])
			return v, true
		}
		idx, ok := digits(maxDigits)
		if ok && maxDigits > 1 && idx > len(m.groups) {
			idx, ok = digits(maxDigits - 1)
		}
		if !ok {
			b.WriteByte('$')
			continue
		}
		if len(m.groups) > 0 && idx >= 1 && idx <= len(m.groups) {
			if g, ok := m.groups[idx-1].(string); ok {
				b.WriteString(g)
			}
		}
		pos += len(strconv.Itoa(idx))
	}
	if pos < len(repl) {
		b.WriteString(repl[pos:])
	}
	return b.String()
}

// jsTruthy is JavaScript truthiness, which jsonata-js's sort applies to the
// comparator's result.
func jsTruthy(v any) bool {
	switch x := v.(type) {
	case nil, nullType:
		return false
	case bool:
		return x
	case float64:
		return x != 0 && !math.IsNaN(x)
	case string:
		return x != ""
	}
	return true
}

func fnSort(ev *evaluator, args []any, _ any, env *frame) (any, error) {
	s, ok := args[0].(*seq)
	if !ok {
		return args[0], nil
	}
	if len(s.v) <= 1 {
		return s, nil
	}
	var sortErr error
	var swap func(a, b any) bool
	if f := arg(args, 1); f != nil {
		swap = func(a, b any) bool {
			if sortErr != nil {
				return false
			}
			r, err := ev.apply(f, []any{a, b}, nil, env)
			if err != nil {
				sortErr = err
				return false
			}
			return jsTruthy(r)
		}
	} else {
		allNum, allStr := true, true
		for _, e := range s.v {
			if _, ok := e.(float64); !ok {
				allNum = false
			}
			if _, ok := e.(string); !ok {
				allStr = false
			}
		}
		if !allNum && !allStr {
			return nil, newError("D3070", -1, "", nil)
		}
		if allNum {
			swap = func(a, b any) bool { return a.(float64) > b.(float64) }
		} else {
			swap = func(a, b any) bool { return compareUTF16(a.(string), b.(string)) > 0 }
		}
	}
	out := mergeSort(s.v, swap)
	if sortErr != nil {
		return nil, sortErr
	}
	return &seq{v: out}, nil
}

func fnEval(ev *evaluator, args []any, input any, env *frame) (any, error) {
	src, ok := arg(args, 0).(string)
	if !ok {
		return nil, nil
	}
	if len(args) > 1 && args[1] != nil {
		input = args[1]
		if s, ok := input.(*seq); ok && !s.sequence {
			input = &seq{v: []any{s}, sequence: true, outerWrapper: true}
		}
	}
	ast, err := parse(src)
	if err != nil {
		e, ok := err.(*Error)
		if !ok {
			return nil, err
		}
		e.finish()
		return nil, &Error{Code: "D3120", Value: e.Message, Position: -1}
	}
	res, err := ev.eval(ast, input, env)
	if err != nil {
		if e, ok := err.(*Error); ok {
			e.finish()
			return nil, &Error{Code: "D3121", Value: e.Message, Position: -1}
		}
		return nil, err
	}
	return res, nil
}
