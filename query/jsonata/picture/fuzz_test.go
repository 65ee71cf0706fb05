package picture

import (
	"errors"
	"testing"
	"time"
)

// The fuzz targets check that hostile pictures and inputs never panic or
// hang, and that every error is an *Error with a code.

// slowCall bounds one call; the budgets keep every call far below it.
const slowCall = 2 * time.Second

func checkCall(t *testing.T, what string, start time.Time, err error) {
	t.Helper()
	if d := time.Since(start); d > slowCall {
		t.Errorf("%s took %v", what, d)
	}
	if err != nil {
		var e *Error
		if !errors.As(err, &e) || e.Code == "" {
			t.Errorf("%s: error without a jsonata code: %v", what, err)
		}
	}
}

func FuzzFormatNumber(f *testing.F) {
	for _, s := range []string{"#,###.00", "9,9,99.99", "00.000e0", "①①.①①①e①", "#0.00;(#0.00)", "###pm", "0+.e0", ".e0", "#,##0.0#,#", "e", ""} {
		f.Add(1234.5678, s, "", "")
		f.Add(-0.001, s, "A", ",")
	}
	f.Fuzz(func(t *testing.T, value float64, picture, zero, decimal string) {
		start := time.Now()
		_, err := FormatNumber(value, picture, &DecimalFormat{ZeroDigit: zero, DecimalSeparator: decimal})
		checkCall(t, "FormatNumber", start, err)
	})
}

func FuzzFormatInteger(f *testing.F) {
	for _, s := range []string{"0", "#,##0", "##,##,##0", "0;o", "a", "A", "i", "I", "w", "W", "Ww", "w;o", "###١", "##0０", "α", ""} {
		f.Add(1234.0, s)
		f.Add(-1e46, s)
	}
	f.Fuzz(func(t *testing.T, value float64, picture string) {
		start := time.Now()
		_, err := FormatInteger(value, picture)
		checkCall(t, "FormatInteger", start, err)
	})
}

func FuzzParseInteger(f *testing.F) {
	f.Add("1,234", "#,##0")
	f.Add("twelve thousand, four hundred and seventy-six", "w")
	f.Add("MCMLXXXIV", "I")
	f.Add("FZPH", "A")
	f.Add("21st", "0;o")
	f.Add("١٢٣٤٠", "###١")
	f.Fuzz(func(t *testing.T, s, picture string) {
		start := time.Now()
		_, err := ParseInteger(s, picture)
		checkCall(t, "ParseInteger", start, err)
	})
}

func FuzzFormatDateTime(f *testing.F) {
	for _, s := range []string{"", "[Y0001]-[M01]-[D01]", "[FNn,3-3] [D1o] [MNn] [Yw]", "[X0001]-W[W01]-[F1]", "[w] [xNn]", "[Z0101t]", "[z]", "[[x]]", "[Y", "[h]:[m01] [PN]", "[Y,2-2]"} {
		f.Add(int64(1521801216617), s, "")
		f.Add(int64(-62135596800000), s, "-0530")
	}
	f.Fuzz(func(t *testing.T, millis int64, picture, timezone string) {
		start := time.Now()
		_, err := FormatDateTime(millis, picture, timezone)
		checkCall(t, "FormatDateTime", start, err)
	})
}

func FuzzParseDateTime(f *testing.F) {
	f.Add("2018-02-01T09:42:13.123+0000", "", int64(0))
	f.Add("201802", "[Y0001][M01]", int64(0))
	f.Add("27th 3 1976", "[D1o] [M#1] [Y0001]", int64(0))
	f.Add("twenty-first August two thousand and seventeen", "[Dw] [MNn] [Yw]", int64(0))
	f.Add("13:45", "[H]:[m]", int64(1521801216617))
	f.Add("2020-09-09 12:00:00 GMT-5", "[Y0001]-[M01]-[D01] [H01]:[m01]:[s01] [z01]", int64(0))
	f.Add("2018-32-5", "[X]-[W]-[F1]", int64(0))
	f.Fuzz(func(t *testing.T, s, picture string, now int64) {
		if now > maxTime || now < -maxTime {
			now %= int64(maxTime)
		}
		start := time.Now()
		_, _, err := ParseDateTimeAt(s, picture, now)
		checkCall(t, "ParseDateTimeAt", start, err)
	})
}
