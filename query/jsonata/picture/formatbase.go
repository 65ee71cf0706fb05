package picture

import (
	"math"
	"math/big"
)

// FormatBase is $formatBase(value, radix); callers pass radix 10 when the
// argument is absent. Both are rounded half to even first, as jsonata does.
func FormatBase(value float64, radix float64) (string, error) {
	value = jsonataRound(value, 0)
	radix = jsonataRound(radix, 0)
	if !(radix >= 2 && radix <= 36) {
		return "", newError("D3100", jsString(radix))
	}
	if math.IsNaN(value) || math.IsInf(value, 0) {
		return jsString(value), nil
	}
	// value is integral here, so its exact integer digits are what
	// Number.prototype.toString(radix) writes.
	n, _ := new(big.Float).SetFloat64(value).Int(nil)
	return n.Text(int(radix)), nil
}
