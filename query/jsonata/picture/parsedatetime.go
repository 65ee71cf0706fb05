package picture

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

// ParseDateTime is $toMillis(s, picture) with "now" at the Unix epoch: see
// ParseDateTimeAt, which the evaluator should call with its evaluation
// timestamp. ok is false where jsonata returns undefined.
func ParseDateTime(s string, picture string) (int64, bool, error) {
	return ParseDateTimeAt(s, picture, 0)
}

// ParseDateTimeAt is $toMillis(s, picture). An empty picture means ISO 8601,
// parsed as JavaScript's Date.parse does after jsonata's format check (D3110).
// Components the picture leaves out before the first one it gives (the date,
// for "[H]:[m]") come from nowMillis, which jsonata takes from $now() of the
// current evaluation; components after the last one given default to their
// minimum. ok is false where jsonata returns undefined (no match) or NaN.
func ParseDateTimeAt(s string, picture string, nowMillis int64) (int64, bool, error) {
	if runeCountExceeds(s, maxInputRunes) {
		return 0, false, limitError("timestamp string is too long")
	}
	if picture == "" {
		return parseISO8601(s)
	}
	parts, err := analyseDateTimePicture(picture)
	if err != nil {
		return 0, false, err
	}
	matchers, err := dateTimeMatchers(parts)
	if err != nil {
		return 0, false, err
	}
	var full strings.Builder
	full.WriteString("(?i)^")
	for _, m := range matchers {
		full.WriteString("(" + m.regex + ")")
	}
	full.WriteString("$")
	if full.Len() > maxPatternBytes {
		return 0, false, limitError("picture string makes too large a pattern to match")
	}
	re, err := compilePattern(full.String())
	if err != nil {
		return 0, false, limitError("picture string makes an invalid pattern: " + err.Error())
	}
	info := re.FindStringSubmatch(s)
	if info == nil {
		return 0, false, nil
	}
	comps := newComponents()
	assigned := false
	for i, m := range matchers {
		if m.parse == nil {
			continue
		}
		v, defined, err := m.parse(info[i+1])
		if err != nil {
			return 0, false, err
		}
		comps.set(m.component, v, defined)
		assigned = true
	}
	if !assigned {
		return 0, false, nil
	}
	return comps.toMillis(nowMillis)
}

func dateTimeMatchers(parts []dateTimePart) ([]*matcher, error) {
	out := make([]*matcher, 0, len(parts))
	for i := range parts {
		part := &parts[i]
		var m *matcher
		switch {
		case !part.isMarker:
			m = &matcher{regex: regexp.QuoteMeta(part.literal)}
		case part.component == 'Z' || part.component == 'z':
			m = timezoneMatcher(part)
		case part.integer != nil:
			part.integer.n = part.n
			if part.n-part.integer.optional < 0 && part.n > 0 {
				// JavaScript reads the malformed quantifier as literal
				// text; RE2 cannot.
				return nil, limitError("date-time component has more optional digits than its width")
			}
			im, err := integerMatcher(part.integer)
			if err != nil {
				return nil, err
			}
			m = im
		default:
			lookup := map[string]float64{}
			switch part.component {
			case 'M', 'x':
				for i, name := range monthNames {
					lookup[truncateName(name, part)] = float64(i + 1)
				}
			case 'F':
				for i, name := range dayNames[1:] {
					lookup[truncateName(name, part)] = float64(i + 1)
				}
			case 'P':
				lookup = map[string]float64{"am": 0, "AM": 0, "pm": 1, "PM": 1}
			default:
				return nil, newError("D3133", componentValue(part.component))
			}
			m = &matcher{regex: "[a-zA-Z]+", parse: func(s string) (float64, bool, error) {
				v, ok := lookup[s]
				return v, ok, nil
			}}
		}
		m.component = byte(0)
		if part.isMarker && part.component < 128 {
			m.component = byte(part.component)
		}
		out = append(out, m)
	}
	return out, nil
}

func truncateName(name string, part *dateTimePart) string {
	if part.widthMax > 0 && len(name) > part.widthMax {
		return name[:part.widthMax]
	}
	return name
}

func timezoneMatcher(part *dateTimePart) *matcher {
	f := part.integer
	var sep string
	if f.regular {
		sep = string(f.regularAt.char)
	}
	re := ""
	if part.component == 'z' {
		re = "GMT"
	}
	re += "[-+][0-9]+"
	if sep != "" {
		re += regexp.QuoteMeta(sep) + "[0-9]+"
	}
	var sepPattern *regexp.Regexp
	if sep != "" {
		// A quoted literal always compiles.
		sepPattern, _ = compilePattern("(?i)" + regexp.QuoteMeta(sep))
	}
	return &matcher{regex: re, parse: func(value string) (float64, bool, error) {
		if part.component == 'z' {
			value = value[3:]
		}
		var hours, minutes float64
		if sep != "" {
			// The match is case-insensitive, so find the separator the
			// same way.
			loc := sepPattern.FindStringIndex(value)
			if loc == nil {
				return math.NaN(), true, nil
			}
			hours = jsParseInt(value[:loc[0]])
			minutes = jsParseInt(value[loc[1]:])
		} else if digits := len(value) - 1; digits <= 2 {
			hours = jsParseInt(value)
		} else {
			hours = jsParseInt(value[:3])
			minutes = jsParseInt(value[3:])
		}
		return hours*60 + minutes, true, nil
	}}
}

// components collects parsed values by component letter.
type components struct {
	value   map[byte]float64
	defined map[byte]bool
}

func newComponents() *components {
	return &components{value: map[byte]float64{}, defined: map[byte]bool{}}
}

func (c *components) set(k byte, v float64, defined bool) {
	c.value[k] = v
	c.defined[k] = defined
}

// truthy is JavaScript truthiness: defined, non-zero and not NaN.
func (c *components) truthy(k byte) bool {
	v := c.value[k]
	return c.defined[k] && v != 0 && !math.IsNaN(v)
}

// The date is given by one of {Y,M,D}, {Y,d}, {X,x,w,F} or {X,W,F}; the
// time by {H,m,s,f} or {P,h,m,s,f}. Masks are over "YXMxWwdD" and "PHhmsf".
const (
	maskDateA = 0b10100001
	maskDateB = 0b10000010
	maskDateC = 0b01010100
	maskDateD = 0b01001000
	maskTimeA = 0b010111
	maskTimeB = 0b101111
)

func (c *components) mask(letters string) int {
	m := 0
	for i := 0; i < len(letters); i++ {
		m <<= 1
		if c.truthy(letters[i]) {
			m++
		}
	}
	return m
}

func isType(kind, mask int) bool { return ^kind&mask == 0 && kind&mask != 0 }

func (c *components) toMillis(nowMillis int64) (int64, bool, error) {
	dm := c.mask("YXMxWwdD")
	dateA := isType(maskDateA, dm)
	dateB := !dateA && isType(maskDateB, dm)
	dateC := isType(maskDateC, dm)
	dateD := !dateC && isType(maskDateD, dm)
	tm := c.mask("PHhmsf")
	timeA := isType(maskTimeA, tm)
	timeB := !timeA && isType(maskTimeB, tm)

	dateComps := "YMD"
	switch {
	case dateB:
		dateComps = "YD" // sic: jsonata-js checks D, not d, for this form
	case dateC:
		dateComps = "XxwF"
	case dateD:
		dateComps = "XWF"
	}
	timeComps := "Hmsf"
	if timeB {
		timeComps = "Phmsf"
	}
	now := partsOf(nowMillis)
	started, ended := false, false
	for _, k := range []byte(dateComps + timeComps) {
		if !c.defined[k] {
			if started {
				if strings.IndexByte("MDd", k) >= 0 {
					c.set(k, 1, true)
				} else {
					c.set(k, 0, true)
				}
				ended = true
			} else {
				f := dateFragment(now, rune(k))
				if f.isString {
					c.set(k, math.NaN(), true) // "am"/"pm": a string, never 1
				} else {
					c.set(k, f.num, true)
				}
			}
		} else {
			started = true
			if ended {
				return 0, false, newError("D3136", nil)
			}
		}
	}
	month := 0.0
	if m := c.value['M']; c.defined['M'] && m > 0 {
		month = m - 1
	}
	day := c.value['D']
	if dateB {
		firstJan := dateUTC(c.value['Y'], 0, 1, 0, 0, 0, 0)
		derived := firstJan + (c.value['d']-1)*msPerDay
		if math.IsNaN(derived) || math.Abs(derived) > maxTime {
			return 0, false, nil
		}
		p := partsOf(int64(derived))
		month, day = float64(p.month), float64(p.day)
	}
	if dateC || dateD {
		// jsonata-js does not support parsing week dates.
		return 0, false, newError("D3136", nil)
	}
	hours := c.value['H']
	if timeB {
		hours = c.value['h']
		if hours == 12 {
			hours = 0
		}
		if c.defined['P'] && c.value['P'] == 1 {
			hours += 12
		}
	}
	millis := dateUTC(c.value['Y'], month, day, hours, c.value['m'], c.value['s'], c.value['f'])
	if c.truthy('Z') {
		millis -= c.value['Z'] * 60 * 1000
	} else if c.truthy('z') {
		millis -= c.value['z'] * 60 * 1000
	}
	if math.IsNaN(millis) {
		return 0, false, nil
	}
	return int64(millis), true, nil
}

// iso8601 is jsonata's check for $toMillis without a picture.
var iso8601 = regexp.MustCompile(`^\d{4}(-[01]\d)*(-[0-3]\d)*(T[0-2]\d:[0-5]\d:[0-5]\d)*(\.\d+)?([+-][0-2]\d:?[0-5]\d|Z)?$`)

// esDate is the ECMAScript date-time string format that Date.parse accepts,
// widened to offsets without a colon (V8 accepts those too).
var esDate = regexp.MustCompile(`^(\d{4})(?:-(\d\d)(?:-(\d\d))?)?(?:T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?)?(Z|[+-]\d\d:?\d\d)?$`)

func parseISO8601(s string) (int64, bool, error) {
	if !iso8601.MatchString(s) {
		return 0, false, newError("D3110", s)
	}
	m := esDate.FindStringSubmatch(s)
	if m == nil {
		return parseLegacyDate(s)
	}
	num := func(text string, def int64) int64 {
		if text == "" {
			return def
		}
		v, _ := strconv.ParseInt(text, 10, 64)
		return v
	}
	year, month, day := num(m[1], 0), num(m[2], 1), num(m[3], 1)
	hour, minute, second := num(m[4], 0), num(m[5], 0), num(m[6], 0)
	var ms int64
	if frac := m[7]; frac != "" {
		frac = (frac + "00")[:3]
		ms = num(frac, 0)
	}
	if m[8] != "" && m[4] == "" {
		// Not the ECMAScript format: an offset needs a time.
		return parseLegacyDate(s)
	}
	if month < 1 || month > 12 || day < 1 || day > 31 || minute > 59 || second > 59 {
		return 0, false, nil
	}
	if hour > 24 || (hour == 24 && (minute != 0 || second != 0 || ms != 0)) {
		return 0, false, nil
	}
	// Days past the month's end roll over, as V8 does ("2018-02-30" is
	// 2 March).
	days := daysFromCivil(year, month, 1) + day - 1
	t := days*msPerDay + hour*3600000 + minute*60000 + second*1000 + ms
	if tz := m[8]; tz != "" && tz != "Z" {
		sign := int64(1)
		if tz[0] == '-' {
			sign = -1
		}
		digits := strings.ReplaceAll(tz[1:], ":", "")
		oh, om := num(digits[:2], 0), num(digits[2:], 0)
		if oh > 23 {
			return 0, false, nil
		}
		t -= sign * (oh*60 + om) * 60000
	}
	return t, true, nil
}

// legacyDate is the part of V8's fallback date parser that jsonata's format
// check lets through and that this package reproduces: "2018.5" is May 2018,
// "2018-01.5" 5 January 2018, "2018-01-01Z" a date in UTC.
// Other strings that pass the check but not the ECMAScript format give
// undefined here, where V8 may still find a date.
var legacyDate = regexp.MustCompile(`^(\d{4})(?:-(\d\d))?(?:(?:\.|-)(\d{1,2}))?Z?$`)

func parseLegacyDate(s string) (int64, bool, error) {
	m := legacyDate.FindStringSubmatch(s)
	if m == nil {
		return 0, false, nil // Date.parse gives NaN
	}
	year, _ := strconv.ParseInt(m[1], 10, 64)
	if year < 100 {
		// The fallback reads these as two-digit years by heuristics not
		// reproduced here.
		return 0, false, nil
	}
	month, day := int64(1), int64(1)
	last, _ := strconv.ParseInt(m[3], 10, 64)
	switch {
	case m[2] != "" && m[3] != "":
		month, _ = strconv.ParseInt(m[2], 10, 64)
		day = last
	case m[2] != "":
		month, _ = strconv.ParseInt(m[2], 10, 64)
	case m[3] != "":
		month = last
	}
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return 0, false, nil
	}
	return (daysFromCivil(year, month, 1) + day - 1) * msPerDay, true, nil
}
