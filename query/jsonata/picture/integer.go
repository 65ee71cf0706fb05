package picture

import (
	"math"
	"strings"
)

type integerKind int

const (
	kindDecimal integerKind = iota
	kindLetters
	kindRoman
	kindWords
	kindSequence
)

type letterCase int

const (
	caseLower letterCase = iota
	caseUpper
	caseTitle
)

type groupingSeparator struct {
	position int
	char     rune
}

// integerFormat is an analysed $formatInteger picture.
type integerFormat struct {
	kind      integerKind
	letters   letterCase
	ordinal   bool
	zeroCode  rune
	mandatory int
	optional  int
	regular   bool
	regularAt groupingSeparator // the separator and interval when regular
	groups    []groupingSeparator
	token     string // the unsupported numbering sequence
	// n, when positive, is the digit count a date-time year, month or day
	// is parsed with (fewer by the optional digits).
	n int
}

// decimalGroups lists the zero code point of every Unicode decimal digit
// range jsonata-js recognises.
var decimalGroups = []rune{0x30, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10}

func decimalGroupOf(r rune) (rune, bool) {
	for _, g := range decimalGroups {
		if r >= g && r <= g+9 {
			return g, true
		}
	}
	return 0, false
}

// analyseIntegerPicture parses a format-integer picture (F&O 4.6.1).
func analyseIntegerPicture(picture string) (*integerFormat, error) {
	f := &integerFormat{kind: kindDecimal, letters: caseLower}
	primary := picture
	if semi := strings.LastIndexByte(picture, ';'); semi != -1 {
		primary = picture[:semi]
		if strings.HasPrefix(picture[semi+1:], "o") {
			f.ordinal = true
		}
	}
	switch primary {
	case "A":
		f.letters, f.kind = caseUpper, kindLetters
	case "a":
		f.kind = kindLetters
	case "I":
		f.letters, f.kind = caseUpper, kindRoman
	case "i":
		f.kind = kindRoman
	case "W":
		f.letters, f.kind = caseUpper, kindWords
	case "Ww":
		f.letters, f.kind = caseTitle, kindWords
	case "w":
		f.kind = kindWords
	default:
		runes := []rune(primary)
		position := 0
		var separators []groupingSeparator
		zeroSet := false
		for i := len(runes) - 1; i >= 0; i-- {
			r := runes[i]
			if g, ok := decimalGroupOf(r); ok {
				f.mandatory++
				position++
				if !zeroSet {
					f.zeroCode, zeroSet = g, true
				} else if g != f.zeroCode {
					return nil, newError("D3131", nil)
				}
				continue
			}
			if r == '#' {
				position++
				f.optional++
				continue
			}
			separators = append(separators, groupingSeparator{position: position, char: r})
		}
		if f.mandatory == 0 {
			// A numbering sequence: implementation-defined, and jsonata
			// supports none.
			f.kind, f.token = kindSequence, primary
			return f, nil
		}
		if interval := regularSeparators(separators); interval > 0 {
			f.regular = true
			f.regularAt = groupingSeparator{position: interval, char: separators[0].char}
		} else {
			f.groups = separators
		}
	}
	return f, nil
}

func regularSeparators(seps []groupingSeparator) int {
	if len(seps) == 0 {
		return 0
	}
	positions := make([]int, len(seps))
	for i, s := range seps {
		if s.char != seps[0].char {
			return 0
		}
		positions[i] = s.position
	}
	return regularInterval(positions)
}

// FormatInteger is $formatInteger(value, picture).
func FormatInteger(value float64, picture string) (string, error) {
	if err := checkPicture(picture); err != nil {
		return "", err
	}
	f, err := analyseIntegerPicture(picture)
	if err != nil {
		return "", err
	}
	return formatInteger(math.Floor(value), f)
}

func formatInteger(value float64, f *integerFormat) (string, error) {
	if math.IsNaN(value) || math.IsInf(value, 0) {
		switch {
		case f.kind == kindDecimal:
			// '' + value, as jsonata-js writes it.
			return decimalDigits(value, f)
		case math.IsNaN(value) && (f.kind == kindLetters || f.kind == kindRoman):
			return "", nil // no letter or numeral is ever added for NaN
		case f.kind == kindSequence:
			return "", newError("D3130", f.token)
		}
		// jsonata-js loops or recurses without end here.
		return "", limitError("cannot format a non-finite number as an integer")
	}
	negative := value < 0
	value = math.Abs(value)
	var out string
	switch f.kind {
	case kindLetters:
		a := 'a'
		if f.letters == caseUpper {
			a = 'A'
		}
		out = decimalToLetters(value, a)
	case kindRoman:
		if value >= maxRomanValue {
			return "", limitError("number too large for roman numerals")
		}
		out = decimalToRoman(int(value))
		if f.letters == caseUpper {
			out = strings.ToUpper(out)
		}
	case kindWords:
		out = numberToWords(value, f.ordinal)
		switch f.letters {
		case caseUpper:
			out = strings.ToUpper(out)
		case caseLower:
			out = strings.ToLower(out)
		}
	case kindDecimal:
		s, err := decimalDigits(value, f)
		if err != nil {
			return "", err
		}
		out = s
	case kindSequence:
		return "", newError("D3130", f.token)
	}
	if negative {
		out = "-" + out
	}
	return out, nil
}

// decimalDigits writes a non-negative value with a decimal-digit-pattern.
func decimalDigits(value float64, f *integerFormat) (string, error) {
	if f.mandatory > maxWidth {
		return "", limitError("integer picture requires too many digits")
	}
	s := []rune(jsString(value))
	if pad := f.mandatory - len(s); pad > 0 {
		s = concat([]rune(strings.Repeat("0", pad)), s)
	}
	if f.zeroCode != '0' {
		for i := range s {
			s[i] += f.zeroCode - '0'
		}
	}
	if f.regular {
		every := f.regularAt.position
		n := (len(s) - 1) / every
		for i := n; i > 0; i-- {
			at := len(s) - i*every
			s = concat(s[:at], []rune{f.regularAt.char}, s[at:])
		}
	} else {
		for i := len(f.groups) - 1; i >= 0; i-- {
			at := len(s) - f.groups[i].position
			s = concat(substrHead(s, at), []rune{f.groups[i].char}, substrTail(s, at))
		}
	}
	if f.ordinal {
		suffix := "th"
		if len(s) > 0 {
			switch s[len(s)-1] {
			case '1':
				suffix = "st"
			case '2':
				suffix = "nd"
			case '3':
				suffix = "rd"
			}
		}
		if len(s) > 1 && s[len(s)-2] == '1' {
			suffix = "th"
		}
		s = append(s, []rune(suffix)...)
	}
	return string(s), nil
}

func decimalToLetters(value float64, a rune) string {
	var letters []rune
	for value > 0 {
		letters = append(letters, rune(math.Mod(value-1, 26))+a)
		value = math.Floor((value - 1) / 26)
	}
	for i, j := 0, len(letters)-1; i < j; i, j = i+1, j-1 {
		letters[i], letters[j] = letters[j], letters[i]
	}
	return string(letters)
}

var romanNumerals = []struct {
	value   int
	numeral string
}{
	{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"},
	{50, "l"}, {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"},
}

func decimalToRoman(value int) string {
	var b strings.Builder
	for _, n := range romanNumerals {
		for value >= n.value {
			b.WriteString(n.numeral)
			value -= n.value
		}
	}
	return b.String()
}

var (
	fewWords     = []string{"Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen"}
	ordinalWords = []string{"Zeroth", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth", "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth", "Seventeenth", "Eighteenth", "Nineteenth"}
	decadeWords  = []string{"Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred"}
	magnitudes   = []string{"Thousand", "Million", "Billion", "Trillion"}
	magnitudeOf  = []float64{1e3, 1e6, 1e9, 1e12}
)

// numberToWords writes value in English words, Title Cased, the way
// jsonata-js does ("One Thousand, Two Hundred and Three").
func numberToWords(value float64, ordinal bool) string {
	var b strings.Builder
	wordsLookup(&b, value, false, ordinal)
	return b.String()
}

func wordsLookup(b *strings.Builder, num float64, prev, ord bool) {
	switch {
	case num <= 19:
		if prev {
			b.WriteString(" and ")
		}
		if ord {
			b.WriteString(ordinalWords[int(num)])
		} else {
			b.WriteString(fewWords[int(num)])
		}
	case num < 100:
		tens := int(num / 10)
		remainder := math.Mod(num, 10)
		if prev {
			b.WriteString(" and ")
		}
		word := decadeWords[tens-2]
		switch {
		case remainder > 0:
			b.WriteString(word)
			b.WriteString("-")
			wordsLookup(b, remainder, false, ord)
		case ord:
			b.WriteString(word[:len(word)-1] + "ieth")
		default:
			b.WriteString(word)
		}
	case num < 1000:
		hundreds := int(num / 100)
		remainder := math.Mod(num, 100)
		if prev {
			b.WriteString(", ")
		}
		b.WriteString(fewWords[hundreds])
		b.WriteString(" Hundred")
		if remainder > 0 {
			wordsLookup(b, remainder, true, ord)
		} else if ord {
			b.WriteString("th")
		}
	default:
		// floor(log10(num)/3), counted exactly, capped at Trillion.
		mag := 0
		for p := 1e3; num >= p && mag < len(magnitudes); p *= 1e3 {
			mag++
		}
		factor := magnitudeOf[mag-1]
		mant := math.Floor(num / factor)
		remainder := num - mant*factor
		if prev {
			b.WriteString(", ")
		}
		wordsLookup(b, mant, false, false)
		b.WriteString(" ")
		b.WriteString(magnitudes[mag-1])
		if remainder > 0 {
			wordsLookup(b, remainder, true, ord)
		} else if ord {
			b.WriteString("th")
		}
	}
}
