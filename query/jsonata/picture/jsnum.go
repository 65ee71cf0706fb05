package picture

import (
	"math"
	"math/bits"
	"strconv"
	"strings"

	"github.com/stepd/stepd/jsonv"
)

// JavaScript number behaviour that jsonata-js relies on.

// jsString formats f as JavaScript's String(f).
func jsString(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return string(jsonv.AppendFloat(nil, f))
}

// jsMathRound is Math.round: nearest integer, halves toward +Infinity.
func jsMathRound(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	f := math.Floor(x)
	if x-f >= 0.5 {
		f++
	}
	return f
}

// jsonataRound is jsonata's $round: half to even, shifting the decimal point
// through the number's text so that binary fractions do not skew the result.
func jsonataRound(arg float64, precision int) float64 {
	if precision != 0 {
		arg = shiftDecimal(arg, precision)
	}
	result := jsMathRound(arg)
	diff := result - arg
	if math.Abs(diff) == 0.5 && math.Abs(math.Mod(result, 2)) == 1 {
		result--
	}
	if precision != 0 {
		result = shiftDecimal(result, -precision)
	}
	if result == 0 {
		result = 0 // no negative zero in JSON
	}
	return result
}

// shiftDecimal computes +(mantissa + "e" + (exponent+by)) on f's JS text.
func shiftDecimal(f float64, by int) float64 {
	s := jsString(f)
	mant, exp, found := strings.Cut(s, "e")
	e := by
	if found {
		n, err := strconv.Atoi(exp)
		if err != nil {
			return math.NaN()
		}
		e += n
	}
	v, err := strconv.ParseFloat(mant+"e"+strconv.Itoa(e), 64)
	if err != nil {
		// ParseFloat reports range errors with ±Inf or 0, like JS.
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return v
		}
		return math.NaN()
	}
	return v
}

// jsToFixed is Number.prototype.toFixed(digits) for 0 <= digits <= 100.
func jsToFixed(x float64, digits int) string {
	if math.IsNaN(x) {
		return "NaN"
	}
	if math.Abs(x) >= 1e21 || math.IsInf(x, 0) {
		return jsString(x)
	}
	sign := ""
	if x < 0 {
		sign = "-"
		x = -x
	}
	// Both JavaScript and strconv round the exact binary value correctly;
	// they differ only on an exact tie, which JS breaks upward and strconv
	// to even. x = M/2^k (M odd) has exactly k decimals, the last a 5, so
	// a tie at digits decimals means k == digits+1.
	if fractionBits(x) != digits+1 {
		return sign + strconv.FormatFloat(x, 'f', digits, 64)
	}
	exact := strconv.FormatFloat(x, 'f', digits+1, 64) // ends in 5
	keep := []byte(strings.Replace(exact[:len(exact)-1], ".", "", 1))
	i := len(keep) - 1
	for ; i >= 0; i-- {
		if keep[i] == '9' {
			keep[i] = '0'
			continue
		}
		keep[i]++
		break
	}
	if i < 0 {
		keep = append([]byte{'1'}, keep...)
	}
	n := len(keep) - digits
	out := string(keep[:n])
	if digits > 0 {
		out += "." + string(keep[n:])
	}
	return sign + out
}

// fractionBits returns k where x = M/2^k with M odd, or 0 for integers.
func fractionBits(x float64) int {
	if x == 0 || x == math.Trunc(x) {
		return 0
	}
	frac, exp := math.Frexp(x) // x = frac * 2^exp, 0.5 <= frac < 1
	mant := uint64(math.Ldexp(frac, 53))
	return 53 - exp - bits.TrailingZeros64(mant)
}

// jsParseInt is parseInt(s) with no radix: leading white space, an optional
// sign, an optional 0x prefix, then as many digits as there are.
func jsParseInt(s string) float64 {
	s = strings.TrimLeftFunc(s, isJSSpace)
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	base := 10
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		base = 16
		s = s[2:]
	}
	end := 0
	for end < len(s) && digitValue(s[end]) < base {
		end++
	}
	if end == 0 {
		return math.NaN()
	}
	var v float64
	if base == 10 {
		v, _ = strconv.ParseFloat(s[:end], 64)
	} else {
		for _, c := range []byte(s[:end]) {
			v = v*16 + float64(digitValue(c))
		}
	}
	if neg {
		v = -v
	}
	return v
}

func digitValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	}
	return 99
}

func isJSSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}
