package jsonata

import (
	"strconv"
	"testing"

	"github.com/stepd/stepd/jsonv"
)

func TestNumberValueMatchesParseFloat(t *testing.T) {
	for _, s := range []string{"0", "-0", "1", "12.5", "0.1", "0.30000000000000004", "123456789012345", "1234567890123456", "9007199254740993", "1e5", "-2.75", "3.14159", "0.000001", "99999999999999.9"} {
		want, _ := strconv.ParseFloat(s, 64)
		if got := numberValue(jsonv.Number(s)); got != want {
			t.Errorf("%s: got %v, want %v", s, got, want)
		}
	}
}

func FuzzNumberValue(f *testing.F) {
	f.Add(int64(125), 2)
	f.Fuzz(func(t *testing.T, m int64, exp int) {
		if m < 0 {
			m = -m
		}
		s := strconv.FormatInt(m%1_000_000_000_000_000, 10)
		if exp = exp % 16; exp < 0 {
			exp = -exp
		}
		if exp > 0 && exp < len(s) {
			s = s[:len(s)-exp] + "." + s[len(s)-exp:]
		}
		want, _ := strconv.ParseFloat(s, 64)
		if got := numberValue(jsonv.Number(s)); got != want {
			t.Errorf("%s: got %v, want %v", s, got, want)
		}
	})
}
