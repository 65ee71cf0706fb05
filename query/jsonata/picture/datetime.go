package picture

import (
	"math"
	"strings"
	"unicode"
)

// dateTimePart is a literal or a variable marker of a date-time picture.
type dateTimePart struct {
	literal   string
	isMarker  bool
	component rune
	// presentation1 and presentation2 are the presentation modifiers.
	presentation1, presentation2 string
	names                        letterCase
	hasNames                     bool
	hasWidth                     bool
	widthMin, widthMax           int // -1 when absent or '*'
	integer                      *integerFormat
	// n is the digit count of a year, month or day (-1 when free): the
	// year is shown modulo 10^n, and parsing reads n digits.
	n int
}

var defaultPresentation = map[rune]string{
	'Y': "1", 'M': "1", 'D': "1", 'd': "1", 'F': "n", 'W': "1", 'w': "1", 'X': "1", 'x': "1", 'H': "1", 'h': "1",
	'P': "n", 'm': "01", 's': "01", 'f': "1", 'Z': "01:01", 'z': "01:01", 'C': "n", 'E': "n",
}

const iso8601Picture = "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]"

// analyseDateTimePicture splits a picture into literals and markers (F&O
// 9.8.4.1).
func analyseDateTimePicture(picture string) ([]dateTimePart, error) {
	if err := checkPicture(picture); err != nil {
		return nil, err
	}
	pic := []rune(picture)
	var parts []dateTimePart
	addLiteral := func(start, end int) {
		if end > start {
			lit := strings.ReplaceAll(string(pic[start:end]), "]]", "]")
			parts = append(parts, dateTimePart{literal: lit})
		}
	}
	start, pos := 0, 0
	for pos < len(pic) {
		if pic[pos] == '[' {
			if pos+1 < len(pic) && pic[pos+1] == '[' {
				addLiteral(start, pos)
				parts = append(parts, dateTimePart{literal: "["})
				pos += 2
				start = pos
				continue
			}
			addLiteral(start, pos)
			start = pos
			end := indexOf(pic, []rune{']'}, start)
			if end == -1 {
				return nil, newError("D3135", nil)
			}
			pos = end
			part, err := analyseMarker(pic[start+1 : end])
			if err != nil {
				return nil, err
			}
			parts = append(parts, part)
			start = pos + 1
		}
		pos++
	}
	addLiteral(start, pos)
	return parts, nil
}

func analyseMarker(body []rune) (dateTimePart, error) {
	marker := make([]rune, 0, len(body))
	for _, r := range body {
		if !isJSSpace(r) && !unicode.IsSpace(r) {
			marker = append(marker, r)
		}
	}
	def := dateTimePart{isMarker: true, widthMin: -1, widthMax: -1, n: -1}
	if len(marker) > 0 {
		def.component = marker[0]
	}
	var presMod []rune
	if comma := lastIndexOf(marker, []rune{','}); comma != -1 {
		widthMod := string(marker[comma+1:])
		minText, maxText, hasDash := strings.Cut(widthMod, "-")
		def.hasWidth = true
		def.widthMin = parseWidth(minText)
		if hasDash {
			def.widthMax = parseWidth(maxText)
		}
		if def.widthMin > maxWidth || def.widthMax > maxWidth {
			return def, limitError("date-time width modifier is larger than 1000")
		}
		presMod = substring(marker, 1, comma)
	} else {
		presMod = substring(marker, 1, len(marker))
	}
	switch {
	case len(presMod) == 1:
		def.presentation1 = string(presMod)
	case len(presMod) > 1:
		last := presMod[len(presMod)-1]
		if strings.ContainsRune("atco", last) {
			def.presentation2 = string(last)
			def.presentation1 = string(presMod[:len(presMod)-1])
		} else {
			def.presentation1 = string(presMod)
		}
	default:
		p, ok := defaultPresentation[def.component]
		if !ok {
			return def, newError("D3132", componentValue(def.component))
		}
		def.presentation1 = p
	}
	p1 := []rune(def.presentation1)
	switch {
	case p1[0] == 'n':
		def.hasNames, def.names = true, caseLower
	case p1[0] == 'N':
		def.hasNames, def.names = true, caseUpper
		if len(p1) > 1 && p1[1] == 'n' {
			def.names = caseTitle
		}
	case strings.ContainsRune("YMDdFWwXxHhmsf", def.component):
		pattern := def.presentation1
		if def.presentation2 != "" {
			pattern += ";" + def.presentation2
		}
		f, err := analyseIntegerPicture(pattern)
		if err != nil {
			return def, err
		}
		def.integer = f
		// Only decimal-digit patterns have digit counts; for the others
		// jsonata-js compares undefined, which is always false.
		decimal := f.kind == kindDecimal
		if decimal && def.widthMin >= 0 && f.mandatory < def.widthMin {
			f.mandatory = def.widthMin
		}
		if strings.ContainsRune("YMD", def.component) {
			// F&O 9.8.4.4 (jsonata-js applies it to months and days too):
			// the width decides how many digits show, and how many parse.
			if def.widthMax >= 0 {
				def.n = def.widthMax
				f.mandatory = def.widthMax
			} else if w := f.mandatory + f.optional; decimal && w >= 2 {
				def.n = w
			}
		}
	}
	if def.component == 'Z' || def.component == 'z' {
		f, err := analyseIntegerPicture(def.presentation1)
		if err != nil {
			return def, err
		}
		def.integer = f
	}
	return def, nil
}

// parseWidth is jsonata-js's parseInt of a width, -1 standing for undefined
// and '*'. parseInt's NaN compares false everywhere, so it is -1 too.
func parseWidth(text string) int {
	if text == "*" {
		return -1
	}
	v := jsParseInt(text)
	if math.IsNaN(v) || v < 0 {
		return -1
	}
	if v > maxWidth {
		return maxWidth + 1
	}
	return int(v)
}

func componentValue(c rune) string {
	if c == 0 {
		return ""
	}
	return string(c)
}

var (
	dayNames   = []string{"", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	monthNames = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// startOfFirstWeek is the Monday starting week 1 of the month (or of the year
// for month 0): the week holding the month's first Thursday, per ISO 8601.
func startOfFirstWeek(year, month int64) int64 {
	first := utcMidnight(year, month, 1)
	dow := partsOf(first).weekday
	if dow == 0 {
		dow = 7
	}
	if dow > 4 {
		return first + (8-dow)*msPerDay
	}
	return first - (dow-1)*msPerDay
}

func nextMonth(year, month int64) (int64, int64) {
	if month == 11 {
		return year + 1, 0
	}
	return year, month + 1
}

func previousMonth(year, month int64) (int64, int64) {
	if month == 0 {
		return year - 1, 11
	}
	return year, month - 1
}

func deltaWeeks(start, end int64) float64 {
	return float64(end-start)/(msPerDay*7) + 1
}

// fragment is one component's value: a number, a string ("am", "ISO"), or
// undefined for components jsonata does not know.
type fragment struct {
	num       float64
	str       string
	isString  bool
	undefined bool
}

func dateFragment(d dateParts, component rune) fragment {
	if d.invalid {
		switch component {
		case 'P':
			return fragment{str: "am", isString: true}
		case 'C', 'E':
			return fragment{str: "ISO", isString: true}
		case 'Y', 'M', 'D', 'd', 'F', 'W', 'w', 'X', 'x', 'H', 'h', 'm', 's', 'f':
			return fragment{num: math.NaN()}
		}
		return fragment{undefined: true}
	}
	num := func(v int64) fragment { return fragment{num: float64(v)} }
	switch component {
	case 'Y':
		return num(d.year)
	case 'M':
		return num(d.month + 1)
	case 'D':
		return num(d.day)
	case 'd':
		today := utcMidnight(d.year, d.month, d.day)
		firstJan := utcMidnight(d.year, 0, 1)
		return fragment{num: float64(today-firstJan)/msPerDay + 1}
	case 'F':
		if d.weekday == 0 {
			return num(7)
		}
		return num(d.weekday)
	case 'W':
		startOfWeek1 := startOfFirstWeek(d.year, 0)
		today := utcMidnight(d.year, d.month, d.day)
		week := deltaWeeks(startOfWeek1, today)
		if week > 52 {
			if today >= startOfFirstWeek(d.year+1, 0) {
				week = 1
			}
		} else if week < 1 {
			week = deltaWeeks(startOfFirstWeek(d.year-1, 0), today)
		}
		return fragment{num: math.Floor(week)}
	case 'w':
		startOfWeek1 := startOfFirstWeek(d.year, d.month)
		today := utcMidnight(d.year, d.month, d.day)
		week := deltaWeeks(startOfWeek1, today)
		if week > 4 {
			if today >= startOfFirstWeek(nextMonth(d.year, d.month)) {
				week = 1
			}
		} else if week < 1 {
			week = deltaWeeks(startOfFirstWeek(previousMonth(d.year, d.month)), today)
		}
		return fragment{num: math.Floor(week)}
	case 'X':
		switch {
		case d.time < startOfFirstWeek(d.year, 0):
			return num(d.year - 1)
		case d.time >= startOfFirstWeek(d.year+1, 0):
			return num(d.year + 1)
		}
		return num(d.year)
	case 'x':
		ny, nm := nextMonth(d.year, d.month)
		switch {
		case d.time < startOfFirstWeek(d.year, d.month):
			_, pm := previousMonth(d.year, d.month)
			return num(pm + 1)
		case d.time >= startOfFirstWeek(ny, nm):
			return num(nm + 1)
		}
		return num(d.month + 1)
	case 'H':
		return num(d.hours)
	case 'h':
		h := d.hours % 12
		if h == 0 {
			h = 12
		}
		return num(h)
	case 'P':
		if d.hours >= 12 {
			return fragment{str: "pm", isString: true}
		}
		return fragment{str: "am", isString: true}
	case 'm':
		return num(d.minutes)
	case 's':
		return num(d.seconds)
	case 'f':
		return num(d.millisec)
	case 'C', 'E':
		return fragment{str: "ISO", isString: true}
	}
	return fragment{undefined: true}
}

// FormatDateTime is $fromMillis(millis, picture, timezone). An empty picture
// means jsonata's ISO 8601 default; an empty timezone means UTC. Like
// jsonata-js, the timezone is read as a decimal integer ±hhmm, and a
// timezone that is not a number, or a time beyond JavaScript's range of
// ±8.64e15 ms, gives an Invalid Date whose numbers all print as "NaN".
// Callers convert fractional millis by truncating toward zero, as Date does.
func FormatDateTime(millis int64, picture string, timezone string) (string, error) {
	var offsetHours, offsetMinutes float64
	if timezone != "" {
		// NaN for a timezone that is not a number: jsonata-js then writes
		// "NaN" for every component, and so does this package.
		offset := jsParseInt(timezone)
		offsetHours = math.Floor(offset / 100)
		offsetMinutes = math.Mod(offset, 100)
	}
	if picture == "" {
		picture = iso8601Picture
	}
	parts, err := analyseDateTimePicture(picture)
	if err != nil {
		return "", err
	}
	offsetMillis := (60*offsetHours + offsetMinutes) * 60 * 1000
	shifted := float64(millis) + offsetMillis
	var date dateParts
	if math.IsNaN(shifted) || math.Abs(shifted) > maxTime {
		date.invalid = true // an Invalid Date in JavaScript
	} else {
		date = partsOf(int64(shifted))
	}
	var b strings.Builder
	for i := range parts {
		part := &parts[i]
		if !part.isMarker {
			b.WriteString(part.literal)
			continue
		}
		s, err := formatComponent(date, part, offsetHours, offsetMinutes)
		if err != nil {
			return "", err
		}
		b.WriteString(s)
	}
	return b.String(), nil
}

func formatComponent(date dateParts, part *dateTimePart, offsetHours, offsetMinutes float64) (string, error) {
	value := dateFragment(date, part.component)
	c := part.component
	switch {
	case strings.ContainsRune("YMDdFWwXxHhms", c):
		if c == 'Y' && part.n != -1 {
			value.num = math.Mod(value.num, math.Pow(10, float64(part.n)))
		}
		if part.hasNames {
			if !strings.ContainsRune("MxF", c) {
				return "", newError("D3133", string(c))
			}
			if math.IsNaN(value.num) {
				// months[NaN] is undefined in jsonata-js: changing its case
				// or measuring it is a TypeError, else it prints as such.
				if part.names != caseTitle || part.hasWidth {
					return "", limitError("cannot name a component of an invalid date")
				}
				return "undefined", nil
			}
			var name string
			switch c {
			case 'M', 'x':
				name = monthNames[int(value.num)-1]
			case 'F':
				name = dayNames[int(value.num)]
			default:
				return "", newError("D3133", string(c))
			}
			switch part.names {
			case caseUpper:
				name = strings.ToUpper(name)
			case caseLower:
				name = strings.ToLower(name)
			}
			if part.widthMax >= 0 && len(name) > part.widthMax {
				name = name[:part.widthMax]
			}
			return name, nil
		}
		return formatInteger(value.num, part.integer)
	case c == 'f':
		if part.integer == nil {
			// jsonata-js fails with a TypeError on [fN].
			return "", newError("D3133", string(c))
		}
		return formatInteger(value.num, part.integer)
	case c == 'Z' || c == 'z':
		return formatTimezone(part, offsetHours, offsetMinutes)
	case c == 'P':
		if part.hasNames && part.names == caseUpper {
			return strings.ToUpper(value.str), nil
		}
		return value.str, nil
	}
	if value.undefined {
		return "undefined", nil // what JavaScript's string concatenation writes
	}
	return value.str, nil
}

// formatTimezone follows F&O 9.8.4.6 as jsonata-js implements it.
func formatTimezone(part *dateTimePart, offsetHours, offsetMinutes float64) (string, error) {
	offset := offsetHours*100 + offsetMinutes
	f := part.integer
	var s string
	var err error
	if f.regular {
		s, err = formatInteger(offset, f)
	} else {
		switch f.mandatory {
		case 1, 2:
			s, err = formatInteger(offsetHours, f)
			if err == nil && offsetMinutes != 0 {
				mins, _ := FormatInteger(offsetMinutes, "00")
				s += ":" + mins
			}
		case 3, 4:
			s, err = formatInteger(offset, f)
		default:
			return "", newError("D3134", f.mandatory)
		}
	}
	if err != nil {
		return "", err
	}
	if offset >= 0 {
		s = "+" + s
	}
	if part.component == 'z' {
		s = "GMT" + s
	}
	if offset == 0 && part.presentation2 == "t" {
		s = "Z"
	}
	return s, nil
}
