package jsonata

import "github.com/stepd/stepd/jsonv"

var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// numberValue converts JSON number text to float64, with a fast exact path
// for short plain decimals (mantissa below 2^53 and a power of ten that is
// exact, so one correctly rounded division gives the same bits as
// strconv.ParseFloat).
func numberValue(n jsonv.Number) float64 {
	s := string(n)
	if len(s) == 0 || len(s) > 16 {
		return n.Float64()
	}
	i := 0
	neg := false
	if s[0] == '-' {
		neg = true
		i++
	}
	var mant uint64
	digits := 0
	frac := -1
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			mant = mant*10 + uint64(c-'0')
			digits++
			if frac >= 0 {
				frac++
			}
		case c == '.' && frac < 0:
			frac = 0
		default:
			return n.Float64()
		}
	}
	if digits == 0 || digits > 15 {
		return n.Float64()
	}
	f := float64(mant)
	if frac > 0 {
		f /= pow10[frac]
	}
	if neg {
		f = -f
	}
	return f
}
