package picture

import (
	"math"
)

// FormatBase is $formatBase(value, radix); callers pass radix 10 when the
// argument is absent. Both are rounded half to even first, as jsonata does.
func FormatBase(value float64, radix float64) (string, error) {
	value = jsonataRound(value, 0)
	radix = jsonataRound(radix, 0)
	if !(radix >= 2 && radix <= 36) {
		return "", newError("D3100", radix)
	}
	if math.IsNaN(value) || math.IsInf(value, 0) || radix == 10 {
		return jsString(value), nil
	}
	return integerToRadix(value, int(radix)), nil
}

// integerToRadix writes an integral float64 as V8's Number.prototype.toString
// does for radixes other than 10: digits below the double's precision are
// written as zeros.
func integerToRadix(value float64, radix int) string {
	const digits = "0123456789abcdefghijklmnopqrstuvwxyz"
	negative := value < 0
	value = math.Abs(value)
	var buf []byte
	r := float64(radix)
	for value/r >= 1<<53 {
		value /= r
		buf = append(buf, '0')
	}
	for {
		rem := math.Mod(value, r)
		buf = append(buf, digits[int(rem)])
		value = (value - rem) / r
		if value <= 0 {
			break
		}
	}
	if negative {
		buf = append(buf, '-')
	}
	for i, j := 0, len(buf)-1; i < j; i, j = i+1, j-1 {
		buf[i], buf[j] = buf[j], buf[i]
	}
	return string(buf)
}
