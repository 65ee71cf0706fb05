package picture

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFormatInteger(t *testing.T) {
	tests := []struct {
		value   float64
		picture string
		want    result
	}{
		// jsonata.org documentation examples.
		{2789, "w", result{Out: "two thousand, seven hundred and eighty-nine"}},
		{1999, "I", result{Out: "MCMXCIX"}},
		// Decimal digit patterns.
		{123, "000", result{Out: "123"}},
		{-3, "0000", result{Out: "-0003"}},
		{-3.5, "0", result{Out: "-4"}}, // floored, as jsonata-js does
		{1234567890, "#,##0", result{Out: "1,234,567,890"}},
		{1234567890, "#:###,##0", result{Out: "1234:567,890"}},
		{1234567, "# ##0", result{Out: "1 234 567"}},
		{12340, "###١", result{Out: "١٢٣٤٠"}},
		{7, "०००", result{Out: "००७"}},
		{1e21, "0", result{Out: "1e+21"}}, // '' + value in JavaScript
		// Ordinals.
		{1, "0;o", result{Out: "1st"}},
		{2, "0;o", result{Out: "2nd"}},
		{3, "0;o", result{Out: "3rd"}},
		{11, "0;o", result{Out: "11th"}},
		{12, "0;o", result{Out: "12th"}},
		{13, "0;o", result{Out: "13th"}},
		{21, "0;o", result{Out: "21st"}},
		{112, "0;o", result{Out: "112th"}},
		{1234, "0;c", result{Out: "1234"}},
		// Letters, roman numerals, words.
		{0, "a", result{Out: ""}},
		{27, "a", result{Out: "aa"}},
		{702, "A", result{Out: "ZZ"}},
		{703, "A", result{Out: "AAA"}},
		{4, "i", result{Out: "iv"}},
		{3999, "I", result{Out: "MMMCMXCIX"}},
		{0, "w", result{Out: "zero"}},
		{0, "w;o", result{Out: "zeroth"}},
		{-1, "w", result{Out: "-one"}},
		{100000, "Ww", result{Out: "One Hundred Thousand"}},
		{1000000, "W;o", result{Out: "ONE MILLIONTH"}},
		{101, "w;o", result{Out: "one hundred and first"}},
		{1e46, "w", result{Out: "ten billion trillion trillion trillion"}},
		// jsonata-js inserts irregular separators counting from the right,
		// even past the start of a short number.
		{12, "##,##,##0", result{Out: ",,12"}},
		// Errors.
		{12340, "##0０", result{Code: "D3131"}},
		{1, "α", result{Code: "D3130"}},
		{1, "#", result{Code: "D3130"}},
		{1, "", result{Code: "D3130"}},
		// Limits where jsonata-js overflows its stack or loops forever.
		{1e7, "I", result{Code: CodeLimit}},
		{math.Inf(1), "a", result{Code: CodeLimit}},
		{1, strings.Repeat("0", 1001), result{Code: CodeLimit}},
	}
	for _, tt := range tests {
		got := resultOf(FormatInteger(tt.value, tt.picture))
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("FormatInteger(%v, %q) (-want +got):\n%s", tt.value, tt.picture, diff)
		}
	}
}

func TestParseInteger(t *testing.T) {
	tests := []struct {
		s, picture string
		want       float64
		code       string
	}{
		// jsonata.org documentation examples.
		{"twelve thousand, four hundred and seventy-six", "w", 12476, ""},
		{"12,345,678", "#,##0", 12345678, ""},
		// Features.
		{"00042", "00000", 42, ""},
		{"1 234", "# ##0", 1, ""}, // jsonata-js strips only ',' from regular groups
		{"١٢٣٤٠", "###١", 12340, ""},
		{"21st", "0;o", 21, ""},
		{"ZZ", "A", 702, ""},
		{"mmxviii", "i", 2018, ""},
		{"Nineteen Hundred and Eighty-Four", "Ww", 1984, ""},
		{"one hundred and first", "w;o", 101, ""},
		// No validation against the picture: parseInt reads what it can.
		{"12abc", "0", 12, ""},
		// jsonata-js strips only ',' from regularly grouped numbers.
		{"1.234", "#.##0", 1, ""},
		// Errors.
		{"50", "#", 0, "D3130"},
		{"5", "0０", 0, "D3131"},
	}
	for _, tt := range tests {
		got, err := ParseInteger(tt.s, tt.picture)
		if code := resultOf("", err).Code; code != tt.code {
			t.Errorf("ParseInteger(%q, %q): error %q, want %q", tt.s, tt.picture, code, tt.code)
			continue
		}
		if tt.code == "" && got != tt.want {
			t.Errorf("ParseInteger(%q, %q) = %v, want %v", tt.s, tt.picture, got, tt.want)
		}
	}
	for _, s := range []string{"abc", "", "one zillion"} {
		pic := "0"
		if s == "one zillion" {
			pic = "w"
		}
		if got, err := ParseInteger(s, pic); err != nil || !math.IsNaN(got) {
			t.Errorf("ParseInteger(%q, %q) = %v, %v; want NaN (as jsonata-js)", s, pic, got, err)
		}
	}
	if got, _ := ParseInteger("", "I"); got != 0 {
		t.Errorf("empty roman numeral = %v, want 0", got)
	}
}

// TestIntegerRoundTrip checks ParseInteger inverts FormatInteger.
func TestIntegerRoundTrip(t *testing.T) {
	pictures := []string{"0", "#,##0", "0;o", "a", "A", "i", "I", "w", "W", "Ww", "w;o", "##,##0", "०"}
	for _, pic := range pictures {
		for _, v := range []float64{1, 9, 10, 19, 20, 99, 100, 101, 999, 1000, 1001, 4321, 99999, 123456, 2000000} {
			if (pic == "i" || pic == "I") && v > 3999 {
				continue
			}
			s, err := FormatInteger(v, pic)
			if err != nil {
				t.Fatalf("FormatInteger(%v, %q): %v", v, pic, err)
			}
			got, err := ParseInteger(s, pic)
			if err != nil || got != v {
				t.Errorf("ParseInteger(%q, %q) = %v, %v; want %v", s, pic, got, err, v)
			}
		}
	}
}
