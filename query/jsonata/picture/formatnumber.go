package picture

import (
	"math"
	"strings"
)

// DecimalFormat holds $formatNumber's optional third argument (XPath decimal-format properties).
type DecimalFormat struct {
	DecimalSeparator, GroupingSeparator, ExponentSeparator, MinusSign, Infinity, NaN, Percent, PerMille, ZeroDigit, Digit, PatternSeparator string
}

// numberProps is DecimalFormat with defaults applied, as rune slices.
type numberProps struct {
	decimal, grouping, exponent, minus, infinity, nan, percent, perMille, zero, digit, pattern []rune
	family                                                                                     [10]rune // the decimal digit family, from the zero digit
	active                                                                                     [][]rune // the active characters
}

func newNumberProps(opts *DecimalFormat) *numberProps {
	var o DecimalFormat
	if opts != nil {
		o = *opts
	}
	pick := func(v, def string) []rune {
		if v == "" {
			return []rune(def)
		}
		return []rune(v)
	}
	p := &numberProps{
		decimal:  pick(o.DecimalSeparator, "."),
		grouping: pick(o.GroupingSeparator, ","),
		exponent: pick(o.ExponentSeparator, "e"),
		minus:    pick(o.MinusSign, "-"),
		infinity: pick(o.Infinity, "Infinity"),
		nan:      pick(o.NaN, "NaN"),
		percent:  pick(o.Percent, "%"),
		perMille: pick(o.PerMille, "\u2030"),
		zero:     pick(o.ZeroDigit, "0"),
		digit:    pick(o.Digit, "#"),
		pattern:  pick(o.PatternSeparator, ";"),
	}
	for i := range p.family {
		p.family[i] = p.zero[0] + rune(i)
	}
	for i := range p.family {
		p.active = append(p.active, p.family[i:i+1])
	}
	p.active = append(p.active, p.decimal, p.exponent, p.grouping, p.digit, p.pattern)
	return p
}

func (p *numberProps) isFamily(r rune) bool { return r >= p.family[0] && r <= p.family[9] }

func (p *numberProps) isActive(r rune) bool {
	for _, a := range p.active {
		if len(a) == 1 && a[0] == r {
			return true
		}
	}
	return false
}

func (p *numberProps) isDigitSign(r rune) bool { return len(p.digit) == 1 && p.digit[0] == r }

func (p *numberProps) countFamily(s []rune, orDigit bool) int {
	n := 0
	for _, r := range s {
		if p.isFamily(r) || (orDigit && p.isDigitSign(r)) {
			n++
		}
	}
	return n
}

// subPicture is one side of a picture split at the pattern separator.
type subPicture struct {
	picture, prefix, suffix, active, mantissa, integer, fraction, exponent []rune
	hasExponent                                                            bool
}

// numberPicture is the analysis of a sub-picture (F&O 4.7.4).
type numberPicture struct {
	picture, prefix, suffix                   []rune
	integerGroups, fractionGroups             []int
	regularGrouping                           int
	minInteger, scaling, minFraction, maxFrac int
	minExponent                               int
}

// FormatNumber is $formatNumber(value, picture, options).
func FormatNumber(value float64, picture string, opts *DecimalFormat) (string, error) {
	if err := checkPicture(picture); err != nil {
		return "", err
	}
	p := newNumberProps(opts)
	subs := strings.Split(picture, string(p.pattern))
	if len(subs) > 2 {
		return "", newError("D3080", nil)
	}
	parts := make([]subPicture, len(subs))
	for i, s := range subs {
		parts[i] = p.split([]rune(s))
	}
	for _, part := range parts {
		if code := p.validate(part); code != "" {
			return "", newError(code, nil)
		}
	}
	pics := make([]numberPicture, len(parts))
	for i, part := range parts {
		pics[i] = p.analyse(part)
	}
	if len(pics) == 1 {
		neg := pics[0]
		neg.prefix = concat(p.minus, neg.prefix)
		pics = append(pics, neg)
	}
	pic := pics[0]
	if !(value >= 0) {
		pic = pics[1]
	}
	// jsonata-js never sees NaN or infinities (JSON has none); XPath's rules
	// apply here instead of jsonata's hang.
	if math.IsNaN(value) {
		return string(p.nan), nil
	}
	if math.IsInf(value, 0) {
		return string(concat(pic.prefix, p.infinity, pic.suffix)), nil
	}
	return p.format(value, pic)
}

func (p *numberProps) split(sub []rune) subPicture {
	part := subPicture{picture: sub}
	prefixEnd, suffixStart := -1, -1
	for i, r := range sub {
		if p.isActive(r) && !charIs(sub, i, p.exponent) {
			prefixEnd = i
			break
		}
	}
	for i := len(sub) - 1; i >= 0; i-- {
		if p.isActive(sub[i]) && !charIs(sub, i, p.exponent) {
			suffixStart = i + 1
			break
		}
	}
	if prefixEnd == -1 {
		// jsonata-js fails with a TypeError here; an empty mantissa makes
		// the picture fail validation with D3085 instead.
		prefixEnd, suffixStart = len(sub), len(sub)
	}
	part.prefix = sub[:prefixEnd:prefixEnd]
	part.suffix = sub[suffixStart:]
	part.active = substring(sub, len(part.prefix), len(sub)-len(part.suffix))
	expPos := indexOf(sub, p.exponent, len(part.prefix))
	if expPos == -1 || expPos > len(sub)-len(part.suffix) {
		part.mantissa = part.active
	} else {
		// jsonata-js uses the position within the whole sub-picture to cut
		// the active part; kept for fidelity.
		part.mantissa = substring(part.active, 0, expPos)
		part.exponent = substring(part.active, expPos+1, len(part.active))
		part.hasExponent = true
	}
	if dp := indexOf(part.mantissa, p.decimal, 0); dp == -1 {
		part.integer = part.mantissa
		part.fraction = part.suffix
	} else {
		part.integer = substring(part.mantissa, 0, dp)
		part.fraction = substring(part.mantissa, dp+1, len(part.mantissa))
	}
	return part
}

// validate applies F&O 4.7.3; like jsonata-js, the last failing rule wins.
func (p *numberProps) validate(part subPicture) string {
	code := ""
	sub := part.picture
	decimalPos := indexOf(sub, p.decimal, 0)
	if decimalPos != lastIndexOf(sub, p.decimal) {
		code = "D3081"
	}
	if indexOf(sub, p.percent, 0) != lastIndexOf(sub, p.percent) {
		code = "D3082"
	}
	if indexOf(sub, p.perMille, 0) != lastIndexOf(sub, p.perMille) {
		code = "D3083"
	}
	if contains(sub, p.percent) && contains(sub, p.perMille) {
		code = "D3084"
	}
	if p.countFamily(part.mantissa, true) == 0 {
		code = "D3085"
	}
	for _, r := range part.active {
		if !p.isActive(r) {
			code = "D3086"
			break
		}
	}
	if decimalPos != -1 {
		if charIs(sub, decimalPos-1, p.grouping) || charIs(sub, decimalPos+1, p.grouping) {
			code = "D3087"
		}
	} else if charIs(part.integer, len(part.integer)-1, p.grouping) {
		code = "D3088"
	}
	if contains(sub, concat(p.grouping, p.grouping)) {
		code = "D3089"
	}
	if pos := indexOf(part.integer, p.digit, 0); pos != -1 && p.countFamily(part.integer[:pos], false) > 0 {
		code = "D3090"
	}
	if pos := lastIndexOf(part.fraction, p.digit); pos != -1 && p.countFamily(part.fraction[pos:], false) > 0 {
		code = "D3091"
	}
	if part.hasExponent && len(part.exponent) > 0 && (contains(sub, p.percent) || contains(sub, p.perMille)) {
		code = "D3092"
	}
	if part.hasExponent && (len(part.exponent) == 0 || p.countFamily(part.exponent, false) != len(part.exponent)) {
		code = "D3093"
	}
	return code
}

func (p *numberProps) groupingPositions(part, integer []rune, toLeft bool) []int {
	var positions []int
	pos := indexOf(part, p.grouping, 0)
	for pos != -1 {
		var side []rune
		if toLeft {
			side = substring(part, 0, pos)
		} else {
			side = substring(part, pos, len(part))
		}
		positions = append(positions, p.countFamily(side, true))
		// jsonata-js searches the integer part for the next separator even
		// when scanning the fractional part; kept for fidelity.
		pos = indexOf(integer, p.grouping, pos+1)
	}
	return positions
}

// regularInterval returns the common interval of grouping positions, or 0
// when they are not evenly spaced.
func regularInterval(positions []int) int {
	if len(positions) == 0 {
		return 0
	}
	factor := positions[0]
	for _, v := range positions[1:] {
		factor = gcd(factor, v)
	}
	for i := 1; i <= len(positions); i++ {
		found := false
		for _, v := range positions {
			if v == i*factor {
				found = true
				break
			}
		}
		if !found {
			return 0
		}
	}
	return factor
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func (p *numberProps) analyse(part subPicture) numberPicture {
	pic := numberPicture{picture: part.picture, prefix: part.prefix, suffix: part.suffix}
	pic.integerGroups = p.groupingPositions(part.integer, part.integer, false)
	pic.regularGrouping = regularInterval(pic.integerGroups)
	pic.fractionGroups = p.groupingPositions(part.fraction, part.integer, true)
	pic.minInteger = p.countFamily(part.integer, false)
	pic.scaling = pic.minInteger
	pic.minFraction = p.countFamily(part.fraction, false)
	pic.maxFrac = p.countFamily(part.fraction, true)
	if pic.minInteger == 0 && pic.maxFrac == 0 {
		if part.hasExponent {
			pic.minFraction, pic.maxFrac = 1, 1
		} else {
			pic.minInteger = 1
		}
	}
	if part.hasExponent && pic.minInteger == 0 && contains(part.integer, p.digit) {
		pic.minInteger = 1
	}
	if pic.minInteger == 0 && pic.minFraction == 0 {
		pic.minFraction = 1
	}
	if part.hasExponent {
		pic.minExponent = p.countFamily(part.exponent, false)
	}
	return pic
}

// format applies F&O 4.7.5 the way jsonata-js does.
func (p *numberProps) format(value float64, pic numberPicture) (string, error) {
	adjusted := value
	if contains(pic.picture, p.percent) {
		adjusted = value * 100
	} else if contains(pic.picture, p.perMille) {
		adjusted = value * 1000
	}
	mantissa := adjusted
	exponent, hasExponent := 0, pic.minExponent != 0
	if hasExponent && mantissa != 0 {
		// jsonata-js loops forever on zero and negative mantissas; comparing
		// magnitudes gives the same result for positive ones and terminates.
		maxMantissa := math.Pow(10, float64(pic.scaling))
		minMantissa := math.Pow(10, float64(pic.scaling-1))
		for math.Abs(mantissa) < minMantissa {
			mantissa *= 10
			exponent--
		}
		for math.Abs(mantissa) > maxMantissa {
			mantissa /= 10
			exponent++
		}
	}
	if pic.maxFrac > maxFixedDigits {
		return "", limitError("toFixed() digits argument must be between 0 and 100")
	}
	rounded := jsonataRound(mantissa, pic.maxFrac)
	s := p.makeString(rounded, pic.maxFrac)
	if dp := indexOf(s, []rune{'.'}, 0); dp == -1 {
		s = concat(s, p.decimal)
	} else {
		s = concat(s[:dp], p.decimal, s[dp+1:])
	}
	for charIs(s, 0, p.zero) {
		s = s[1:]
	}
	for charIs(s, len(s)-1, p.zero) {
		s = s[:len(s)-1]
	}
	decimalPos := indexOf(s, p.decimal, 0)
	padLeft := pic.minInteger - decimalPos
	padRight := pic.minFraction - (len(s) - decimalPos - 1)
	if padLeft > 0 {
		s = concat(repeatRunes(p.zero, padLeft), s)
	}
	if padRight > 0 {
		s = concat(s, repeatRunes(p.zero, padRight))
	}
	decimalPos = indexOf(s, p.decimal, 0)
	if pic.regularGrouping > 0 {
		groups := (decimalPos - 1) / pic.regularGrouping
		if decimalPos-1 < 0 {
			groups = 0
		}
		for g := 1; g <= groups; g++ {
			at := decimalPos - g*pic.regularGrouping
			s = concat(slice(s, 0, at), p.grouping, slice(s, at, len(s)))
		}
	} else {
		for _, pos := range pic.integerGroups {
			at := decimalPos - pos
			s = concat(slice(s, 0, at), p.grouping, slice(s, at, len(s)))
			decimalPos++
		}
	}
	decimalPos = indexOf(s, p.decimal, 0)
	for _, pos := range pic.fractionGroups {
		at := pos + decimalPos + 1
		s = concat(slice(s, 0, at), p.grouping, slice(s, at, len(s)))
	}
	decimalPos = indexOf(s, p.decimal, 0)
	if !contains(pic.picture, p.decimal) || decimalPos == len(s)-1 {
		s = substring(s, 0, len(s)-1)
	}
	if hasExponent {
		e := p.makeString(float64(exponent), 0)
		if pad := pic.minExponent - len(e); pad > 0 {
			e = concat(repeatRunes(p.zero, pad), e)
		}
		sign := []rune(nil)
		if exponent < 0 {
			sign = p.minus
		}
		s = concat(s, p.exponent, sign, e)
	}
	return string(concat(pic.prefix, s, pic.suffix)), nil
}

// makeString is |value|.toFixed(dp) written in the picture's digit family.
func (p *numberProps) makeString(value float64, dp int) []rune {
	s := []rune(jsToFixed(math.Abs(value), dp))
	if !(len(p.zero) == 1 && p.zero[0] == '0') {
		for i, r := range s {
			if r >= '0' && r <= '9' {
				s[i] = p.family[r-'0']
			}
		}
	}
	return s
}
