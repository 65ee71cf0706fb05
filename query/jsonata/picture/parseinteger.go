package picture

import (
	"math"
	"regexp"
	"strings"
	"unicode"
)

// ParseInteger is $parseInteger(s, picture), the inverse of FormatInteger.
// Like jsonata-js it does not check s against the picture: text that is not a
// number in the picture's form gives NaN (jsonata-js returns NaN too), which
// the caller may treat as it treats NaN from any other function.
func ParseInteger(s string, picture string) (float64, error) {
	if err := checkPicture(picture); err != nil {
		return 0, err
	}
	if runeCountExceeds(s, maxInputRunes) {
		return 0, limitError("string to parse is too long")
	}
	f, err := analyseIntegerPicture(picture)
	if err != nil {
		return 0, err
	}
	m, err := integerMatcher(f)
	if err != nil {
		return 0, err
	}
	v, _, err := m.parse(s)
	return v, err
}

// matcher recognises one component of a picture: regex is its regular
// expression (jsonata-js's, case-insensitive in context), parse its value.
type matcher struct {
	regex string
	// parse returns the value and whether it is defined: name lookups that
	// miss are undefined in jsonata-js, which differs from NaN when parsing
	// timestamps.
	parse     func(string) (float64, bool, error)
	component byte
}

var wordValues = func() map[string]float64 {
	m := map[string]float64{}
	for i, w := range fewWords {
		m[strings.ToLower(w)] = float64(i)
	}
	for i, w := range ordinalWords {
		m[strings.ToLower(w)] = float64(i)
	}
	for i, w := range decadeWords {
		lw := strings.ToLower(w)
		m[lw] = float64((i + 2) * 10)
		m[lw[:len(lw)-1]+"ieth"] = float64((i + 2) * 10)
	}
	m["hundredth"] = 100
	for i, w := range magnitudes {
		lw := strings.ToLower(w)
		m[lw] = magnitudeOf[i]
		m[lw+"th"] = magnitudeOf[i]
	}
	return m
}()

// wordsRegex alternates the words in jsonata-js's insertion order, which
// decides what a backtracking match prefers.
var wordsRegex = func() string {
	var words []string
	seen := map[string]bool{}
	add := func(w string) {
		if !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	for _, w := range fewWords {
		add(strings.ToLower(w))
	}
	for _, w := range ordinalWords {
		add(strings.ToLower(w))
	}
	for _, w := range decadeWords {
		lw := strings.ToLower(w)
		add(lw)
		add(lw[:len(lw)-1] + "ieth")
	}
	add("hundredth")
	for _, w := range magnitudes {
		lw := strings.ToLower(w)
		add(lw)
		add(lw + "th")
	}
	words = append(words, "and", `[\-, ]`)
	return "(?:" + strings.Join(words, "|") + ")+"
}()

var wordSplitter = regexp.MustCompile(`,\s|\sand\s|[\s\\-]`)

func wordsToNumber(text string) float64 {
	parts := wordSplitter.Split(text, -1)
	segs := []float64{0}
	for _, part := range parts {
		value, ok := wordValues[part]
		if !ok {
			value = math.NaN()
		}
		if value < 100 {
			top := segs[len(segs)-1]
			segs = segs[:len(segs)-1]
			if top >= 1000 {
				segs = append(segs, top)
				top = 0
			}
			segs = append(segs, top+value)
		} else {
			segs[len(segs)-1] *= value
		}
	}
	sum := 0.0
	for _, v := range segs {
		sum += v
	}
	return sum
}

var romanValues = map[rune]float64{'M': 1000, 'D': 500, 'C': 100, 'L': 50, 'X': 10, 'V': 5, 'I': 1}

func romanToDecimal(roman string) float64 {
	decimal, maxSeen := 0.0, 1.0
	runes := []rune(roman)
	for i := len(runes) - 1; i >= 0; i-- {
		value, ok := romanValues[runes[i]]
		if !ok {
			value = math.NaN() // undefined in jsonata-js: poisons the sum
		}
		if value < maxSeen {
			decimal -= value
		} else {
			maxSeen = value
			decimal += value
		}
	}
	return decimal
}

func lettersToDecimal(letters string, a rune) float64 {
	runes := []rune(letters)
	decimal := 0.0
	for i := range runes {
		decimal += float64(runes[len(runes)-i-1]-a+1) * math.Pow(26, float64(i))
	}
	return decimal
}

func integerMatcher(f *integerFormat) (*matcher, error) {
	upper := f.letters == caseUpper
	switch f.kind {
	case kindLetters:
		a, re := 'a', "[a-z]+"
		if upper {
			a, re = 'A', "[A-Z]+"
		}
		return &matcher{regex: re, parse: func(s string) (float64, bool, error) { return lettersToDecimal(s, a), true, nil }}, nil
	case kindRoman:
		re := "[mdclxvi]+"
		if upper {
			re = "[MDCLXVI]+"
		}
		return &matcher{regex: re, parse: func(s string) (float64, bool, error) {
			if !upper {
				s = strings.ToUpper(s)
			}
			return romanToDecimal(s), true, nil
		}}, nil
	case kindWords:
		return &matcher{regex: wordsRegex, parse: func(s string) (float64, bool, error) { return wordsToNumber(strings.ToLower(s)), true, nil }}, nil
	case kindDecimal:
		re := "[0-9]+"
		if f.n > 0 {
			if f.optional == 0 {
				re = "[0-9]{" + itoa(f.n) + "}"
			} else {
				re = "[0-9]{" + itoa(f.n-f.optional) + "," + itoa(f.n) + "}"
			}
		}
		if f.ordinal {
			re += "(?:th|st|nd|rd)"
		}
		return &matcher{regex: re, parse: func(s string) (float64, bool, error) {
			v, err := parseDecimal(s, f)
			return v, true, err
		}}, nil
	}
	return nil, newError("D3130", f.token)
}

func parseDecimal(value string, f *integerFormat) (float64, error) {
	digits := []rune(value)
	if f.ordinal {
		digits = substring(digits, 0, len(digits)-2)
	}
	text := string(digits)
	if f.regular {
		// jsonata-js strips ',' whatever the separator; kept for fidelity.
		text = strings.ReplaceAll(text, ",", "")
	} else {
		for _, g := range f.groups {
			text = strings.ReplaceAll(text, string(g.char), "")
		}
	}
	if f.zeroCode != '0' {
		rs := []rune(text)
		for i := range rs {
			rs[i] = rs[i] - f.zeroCode + '0'
			if rs[i] < 0 || rs[i] > unicode.MaxRune {
				// String.fromCodePoint throws a RangeError in jsonata-js.
				return 0, limitError("Invalid code point " + itoa(int(rs[i])))
			}
		}
		text = string(rs)
	}
	return jsParseInt(text), nil
}

func itoa(n int) string {
	return jsString(float64(n))
}
