package picture

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// result is what a call returned: a string or a jsonata error code.
type result struct {
	Out  string
	Code string
}

func resultOf(s string, err error) result {
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			return result{Code: "not *Error: " + err.Error()}
		}
		return result{Code: e.Code}
	}
	return result{Out: s}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		name    string
		value   float64
		picture string
		opts    *DecimalFormat
		want    result
	}{
		// Suite cases whose value is an expression, computed the same way.
		{"suite case016", 2392.14 * (-36.58), "000,000.000###;###,###.000###", nil, result{Out: "87,504.4812"}},
		{"suite case017", 2.14 * 86.58, "PREFIX##00.000###SUFFIX", nil, result{Out: "PREFIX185.2812SUFFIX"}},
		// jsonata.org documentation examples.
		{"grouping and decimals", 12345.6, "#,###.00", nil, result{Out: "12,345.60"}},
		{"exponent", 1234.5678, "00.000e0", nil, result{Out: "12.346e2"}},
		{"negative sub-picture unused", 34.555, "#0.00;(#0.00)", nil, result{Out: "34.56"}},
		{"negative sub-picture", -34.555, "#0.00;(#0.00)", nil, result{Out: "(34.56)"}},
		{"percent", 0.14, "01%", nil, result{Out: "14%"}},
		{"per-mille option", 0.14, "###pm", &DecimalFormat{PerMille: "pm"}, result{Out: "140pm"}},
		{"zero-digit option", 1234.5678, "①①.①①①e①", &DecimalFormat{ZeroDigit: "\u245f"}, result{Out: "①②.③④⑥e②"}},
		// Features.
		{"default minus sign", -6, "000", nil, result{Out: "-006"}},
		{"minus-sign option", -6, "000", &DecimalFormat{MinusSign: "−"}, result{Out: "−006"}},
		{"round half even", 0.125, "0.00", nil, result{Out: "0.12"}},
		{"round half even up", 0.135, "0.00", nil, result{Out: "0.14"}},
		{"integer rounding", 123.9, "9999", nil, result{Out: "0124"}},
		{"optional fraction digits dropped", 1.5, "#.##", nil, result{Out: "1.5"}},
		// jsonata-js forces one fraction digit when no digit is mandatory.
		{"no mandatory digits", 1.0, "#.##", nil, result{Out: "1.0"}},
		{"zero with optional digits", 0, "#", nil, result{Out: "0"}},
		{"fraction grouping", 1234.56789, "9,999.999,999", nil, result{Out: "1,234.567,890"}},
		{"irregular grouping", 123412345678.9, "9,9,99.99", nil, result{Out: "123412345,6,78.90"}},
		{"large number", 1e20, "#,######", nil, result{Out: "100,000000,000000,000000"}},
		{"european separators", 1234567.891, "#.##0,00", &DecimalFormat{DecimalSeparator: ",", GroupingSeparator: "."}, result{Out: "1.234.567,89"}},
		{"pattern separator option", -2, "0|(0)", &DecimalFormat{PatternSeparator: "|"}, result{Out: "(2)"}},
		{"digit option", 5, "@@0", &DecimalFormat{Digit: "@"}, result{Out: "5"}},
		{"exponent option", 1234.5678, "00.000E0", &DecimalFormat{ExponentSeparator: "E"}, result{Out: "12.346E2"}},
		{"negative exponent", 0.234, "0.0e0", nil, result{Out: "2.3e-1"}},
		{"exponent with optional integer", 0.234, "#.00e0", nil, result{Out: "0.23e0"}},
		{"exponent without integer part", 0.234, ".00e0", nil, result{Out: ".23e0"}},
		{"per-mille sign", 0.4857, "###.###\u2030", nil, result{Out: "485.7\u2030"}},
		// jsonata-js loops forever on these; XPath's answer is given instead.
		{"zero with exponent", 0, "0.0e0", nil, result{Out: "0.0e0"}},
		{"negative with exponent", -1234.5, "0.0e0", nil, result{Out: "-1.2e3"}},
		{"NaN", math.NaN(), "#", nil, result{Out: "NaN"}},
		{"infinity", math.Inf(1), "#", nil, result{Out: "Infinity"}},
		{"negative infinity", math.Inf(-1), "#", nil, result{Out: "-Infinity"}},
		// jsonata-js's toFixed writes exponent form from 1e21.
		{"1e21", 1e21, "#", nil, result{Out: "1e+21"}},
		// Errors.
		{"three sub-pictures", 20, "#;#;#", nil, result{Code: "D3080"}},
		{"two decimal separators", 20, "#.0.0", nil, result{Code: "D3081"}},
		{"two percents", 20, "#0%%", nil, result{Code: "D3082"}},
		{"two per-milles", 20, "#0\u2030\u2030", nil, result{Code: "D3083"}},
		{"percent and per-mille", 20, "#0%\u2030", nil, result{Code: "D3084"}},
		{"no digits", 20, ".e0", nil, result{Code: "D3085"}},
		{"only passive characters", 20, "abc", nil, result{Code: "D3085"}},
		{"passive between actives", 20, "0+.e0", nil, result{Code: "D3086"}},
		{"grouping next to decimal", 20, "0,.e0", nil, result{Code: "D3087"}},
		{"grouping at end", 20, "0,", nil, result{Code: "D3088"}},
		{"adjacent grouping", 20, "0,,0", nil, result{Code: "D3089"}},
		{"optional after mandatory", 20, "0#.e0", nil, result{Code: "D3090"}},
		{"mandatory after optional", 20, "#0.#0e0", nil, result{Code: "D3091"}},
		{"percent with exponent", 20, "#0.0e0%", nil, result{Code: "D3092"}},
		{"bad exponent", 20, "#0.0e0,0", nil, result{Code: "D3093"}},
		// Limits.
		{"too many fraction digits", 1, "0." + strings.Repeat("0", 101), nil, result{Code: CodeLimit}},
		{"picture too long", 1, strings.Repeat("0", 5000), nil, result{Code: CodeLimit}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := resultOf(FormatNumber(tt.value, tt.picture, tt.opts))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("FormatNumber(%v, %q) (-want +got):\n%s", tt.value, tt.picture, diff)
			}
		})
	}
}

func TestFormatBase(t *testing.T) {
	tests := []struct {
		value, radix float64
		want         result
	}{
		{100, 10, result{Out: "100"}},
		{100, 2, result{Out: "1100100"}},
		{-100, 2, result{Out: "-1100100"}},
		{100, 36, result{Out: "2s"}},
		{99.5, 2.5, result{Out: "1100100"}},
		{2555, 16, result{Out: "9fb"}},
		{1e21, 16, result{Out: "3635c9adc5dea00000"}},
		{100, 1, result{Code: "D3100"}},
		{100, 37, result{Code: "D3100"}},
	}
	for _, tt := range tests {
		got := resultOf(FormatBase(tt.value, tt.radix))
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("FormatBase(%v, %v) (-want +got):\n%s", tt.value, tt.radix, diff)
		}
	}
}

func TestErrorWording(t *testing.T) {
	_, err := FormatBase(1, 40)
	want := "D3100: The radix of the formatBase function must be between 2 and 36.  It was given 40"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	_, err = FormatInteger(1, "α")
	if e := (*Error)(nil); !errors.As(err, &e) || e.Value != "α" ||
		e.Message != "Formatting or parsing an integer as a sequence starting with α is not supported by this implementation" {
		t.Errorf("D3130: got %#v", err)
	}
}

func TestJSToFixed(t *testing.T) {
	tests := []struct {
		x      float64
		digits int
		want   string
	}{
		{2.5, 0, "3"}, {0.5, 0, "1"}, {1.5, 0, "2"}, {0.125, 2, "0.13"}, {0.375, 2, "0.38"},
		{9.5, 0, "10"}, {99.95, 1, "100.0"}, // 99.95 is just above 99.95 in binary
		{0.1, 20, "0.10000000000000000555"}, {1.005, 2, "1.00"}, {123.456, 0, "123"},
		{5e-324, 3, "0.000"}, {1e20, 2, "100000000000000000000.00"}, {1e21, 2, "1e+21"},
		{-2.5, 0, "-3"}, {0, 2, "0.00"},
	}
	for _, tt := range tests {
		if got := jsToFixed(tt.x, tt.digits); got != tt.want {
			t.Errorf("(%v).toFixed(%d) = %q, want %q", tt.x, tt.digits, got, tt.want)
		}
	}
}
