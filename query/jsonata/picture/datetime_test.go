package picture

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func ms(y int, mo time.Month, d, h, mi, s, msec int) int64 {
	return time.Date(y, mo, d, h, mi, s, msec*1e6, time.UTC).UnixMilli()
}

func TestFormatDateTime(t *testing.T) {
	doc := int64(1510067557121) // 2017-11-07T15:12:37.121Z, jsonata.org's example
	tests := []struct {
		millis   int64
		picture  string
		timezone string
		want     result
	}{
		// jsonata.org documentation examples.
		{doc, "", "", result{Out: "2017-11-07T15:12:37.121Z"}},
		{doc, "[M01]/[D01]/[Y0001] [h#1]:[m01][P]", "", result{Out: "11/07/2017 3:12pm"}},
		{doc, "[H01]:[m01]:[s01] [z]", "-0500", result{Out: "10:12:37 GMT-05:00"}},
		{doc, "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z]", "+0900", result{Out: "2017-11-08T00:12:37.121+09:00"}},
		// Suite case needing the evaluator: one timestamp, three zones.
		{ms(2018, 10, 21, 13, 5, 0, 0), "", "", result{Out: "2018-10-21T13:05:00.000Z"}},
		{ms(2018, 10, 21, 13, 5, 0, 0), "", "-0500", result{Out: "2018-10-21T08:05:00.000-05:00"}},
		{ms(2018, 10, 21, 13, 5, 0, 0), "", "0000", result{Out: "2018-10-21T13:05:00.000Z"}},
		// Components and presentation modifiers.
		{doc, "[D01] [MNn,3-3] [Y]", "", result{Out: "07 Nov 2017"}},
		{doc, "[FNn,2-2] [fNn]", "", result{Code: "D3133"}},
		{doc, "[FN,*-3]", "", result{Out: "TUE"}},
		{doc, "[Fn]", "", result{Out: "tuesday"}},
		{doc, "[F1]", "", result{Out: "2"}},
		{doc, "[d001]", "", result{Out: "311"}},
		{doc, "[W01]/[w]", "", result{Out: "45/2"}},
		{doc, "[X]-W[W]-[F1]", "", result{Out: "2017-W45-2"}},
		{doc, "[H]h[m]", "", result{Out: "15h12"}},
		{doc, "[h]:[m01] [PN]", "", result{Out: "3:12 PM"}},
		{doc, "[s01].[f1]", "", result{Out: "37.121"}},
		{doc, "[Y,2]", "", result{Out: "17"}},
		{doc, "[Y0001,2-2]", "", result{Out: "17"}},
		{doc, "[Y1,3]", "", result{Out: "017"}},
		{doc, "[YI]", "", result{Out: "MMXVII"}},
		{doc, "[Yw]", "", result{Out: "two thousand and seventeen"}},
		{doc, "[YWw]", "", result{Out: "Two Thousand and Seventeen"}},
		{doc, "[Dwo]", "", result{Out: "seventh"}},
		// The ordinal modifier is the last letter, not ";o": "W;" is then an
		// unsupported numbering sequence, as in jsonata-js.
		{doc, "[DW;o]", "", result{Code: "D3130"}},
		{doc, "[D1o]", "", result{Out: "7th"}},
		{doc, "[Da]", "", result{Out: "g"}},
		{doc, "[C] [E]", "", result{Out: "ISO ISO"}},
		{doc, "[q1]", "", result{Out: "undefined"}}, // JavaScript concatenating undefined
		{doc, "[[literal]] ]", "", result{Out: "[literal] ]"}},
		{doc, "[ Y 0 0 0 1 ]", "", result{Out: "2017"}},
		{doc, "[Z0]", "+0530", result{Out: "+5:30"}},
		{doc, "[Z0101]", "-0800", result{Out: "-0800"}},
		{doc, "[Z01:01t]", "+0000", result{Out: "Z"}},
		{doc, "[z]", "", result{Out: "GMT+00:00"}},
		// jsonata-js reads "-0530" as the integer -530: -6 hours, -30 minutes.
		{doc, "[H01]:[m01] [Z]", "-0530", result{Out: "08:42 -06:30"}},
		// Dates before 1970 and early years.
		{ms(1881, 12, 21, 0, 0, 0, 0), "[D1o] [MNn] [Y0001]", "", result{Out: "21st December 1881"}},
		{ms(1, 1, 1, 0, 0, 0, 0), "[Y0001]-[M01]-[D01]", "", result{Out: "0001-01-01"}},
		{ms(-5, 3, 1, 0, 0, 0, 0), "[Y0001]", "", result{Out: "-0005"}},
		// Errors.
		{doc, "[YN]", "", result{Code: "D3133"}},
		{doc, "[Y", "", result{Code: "D3135"}},
		{doc, "[q]", "", result{Code: "D3132"}},
		{doc, "[]", "", result{Code: "D3132"}},
		{doc, "[Z010101]", "+0100", result{Code: "D3134"}},
		{doc, "[Y0０]", "", result{Code: "D3131"}},
		{doc, "[Yα]", "", result{Code: "D3130"}},
		// Limits.
		{doc, "[Y,5000]", "", result{Code: CodeLimit}},
		// Invalid dates print NaN for every number, as in jsonata-js.
		{doc, "", "Europe/Paris", result{Out: "0NaN-NaN-NaNTNaN:NaN:NaN.NaN0N:aN"}},
		{9e15, "", "", result{Out: "0NaN-NaN-NaNTNaN:NaN:NaN.NaNZ"}},
		{9e15, "[MNn] [FN]", "", result{Code: CodeLimit}}, // a TypeError in jsonata-js
	}
	for _, tt := range tests {
		got := resultOf(FormatDateTime(tt.millis, tt.picture, tt.timezone))
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("FormatDateTime(%d, %q, %q) (-want +got):\n%s", tt.millis, tt.picture, tt.timezone, diff)
		}
	}
}

// TestWeekNumbering checks ISO 8601 week dates around year ends against Go's
// own ISO week computation.
func TestWeekNumbering(t *testing.T) {
	for day := ms(1999, 12, 20, 12, 0, 0, 0); day < ms(2031, 1, 10, 0, 0, 0, 0); day += 86400000 {
		tm := time.UnixMilli(day).UTC()
		if tm.YearDay() > 8 && tm.YearDay() < 355 {
			continue
		}
		year, week := tm.ISOWeek()
		wd := int(tm.Weekday())
		if wd == 0 {
			wd = 7
		}
		want := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006") + "-W" + two(week) + "-" + string(rune('0'+wd))
		got, err := FormatDateTime(day, "[X0001]-W[W01]-[F1]", "")
		if err != nil || got != want {
			t.Errorf("%s: got %q, %v; want %q", tm.Format(time.DateOnly), got, err, want)
		}
	}
}

func two(n int) string { return string(rune('0'+n/10)) + string(rune('0'+n%10)) }

func TestParseDateTime(t *testing.T) {
	type parsed struct {
		Millis int64
		OK     bool
		Code   string
	}
	now := ms(2020, 5, 17, 8, 30, 0, 0)
	tests := []struct {
		s, picture string
		want       parsed
	}{
		// Suite cases needing the evaluator: the date defaults to $now().
		{"13:45", "[H]:[m]", parsed{Millis: ms(2020, 5, 17, 13, 45, 0, 0), OK: true}},
		// jsonata.org documentation examples.
		{"2017-11-07T15:07:54.972Z", "", parsed{Millis: 1510067274972, OK: true}},
		{"13/09/2018", "[D]/[M]/[Y]", parsed{Millis: 1536796800000, OK: true}},
		// ISO 8601 as JavaScript's Date.parse reads it.
		{"2018", "", parsed{Millis: ms(2018, 1, 1, 0, 0, 0, 0), OK: true}},
		{"2018-03", "", parsed{Millis: ms(2018, 3, 1, 0, 0, 0, 0), OK: true}},
		{"2018-02-30", "", parsed{Millis: ms(2018, 3, 2, 0, 0, 0, 0), OK: true}},
		{"2018-03-01T10:00:00", "", parsed{Millis: ms(2018, 3, 1, 10, 0, 0, 0), OK: true}},
		{"2018-03-01T10:00:00.5+01:30", "", parsed{Millis: ms(2018, 3, 1, 8, 30, 0, 500), OK: true}},
		{"2018-03-01T10:00:00-0200", "", parsed{Millis: ms(2018, 3, 1, 12, 0, 0, 0), OK: true}},
		{"2018-03-01T24:00:00Z", "", parsed{Millis: ms(2018, 3, 2, 0, 0, 0, 0), OK: true}},
		{"2018-13-01", "", parsed{}},
		{"2018-01-01Z", "", parsed{Millis: ms(2018, 1, 1, 0, 0, 0, 0), OK: true}},
		{"2018-03-27T14:03:00+29:00", "", parsed{}},
		// V8's fallback parser, reached by strings jsonata's check allows.
		{"2018.5", "", parsed{Millis: ms(2018, 5, 1, 0, 0, 0, 0), OK: true}},
		{"2018-02.30", "", parsed{Millis: ms(2018, 3, 2, 0, 0, 0, 0), OK: true}},
		{"2018.13", "", parsed{}},
		{"2018-01-01.5", "", parsed{}},
		{"2018-01-01-01", "", parsed{}},
		{"foo", "", parsed{Code: "D3110"}},
		{"2018-02-03 11:15:33", "", parsed{Code: "D3110"}},
		// Pictures.
		{"201802", "[Y0001][M01]", parsed{Millis: ms(2018, 2, 1, 0, 0, 0, 0), OK: true}},
		{"2018-094", "[Y0001]-[d001]", parsed{Millis: ms(2018, 4, 4, 0, 0, 0, 0), OK: true}},
		{"4/4/2018 12:06 am", "[D1]/[M1]/[Y0001] [h]:[m] [P]", parsed{Millis: ms(2018, 4, 4, 0, 6, 0, 0), OK: true}},
		{"4/4/2018 12:06 PM", "[D1]/[M1]/[Y0001] [h]:[m] [P]", parsed{Millis: ms(2018, 4, 4, 12, 6, 0, 0), OK: true}},
		{"2 Feb 2012", "[D1] [MNn,3-3] [Y0001]", parsed{Millis: ms(2012, 2, 2, 0, 0, 0, 0), OK: true}},
		{"2020-09-09 12:00:00 +05:30", "[Y0001]-[M01]-[D01] [H01]:[m01]:[s01] [Z]", parsed{Millis: ms(2020, 9, 9, 6, 30, 0, 0), OK: true}},
		{"08:00 gmt+2", "[H01]:[m01] [z01]", parsed{Millis: ms(2020, 5, 17, 6, 0, 0, 0), OK: true}},
		{"May 2020", "[MNn] [Y]", parsed{Millis: ms(2020, 5, 1, 0, 0, 0, 0), OK: true}},
		// Date.UTC reads two-digit years as 19xx.
		{"18", "[Y01]", parsed{Millis: ms(1918, 1, 1, 0, 0, 0, 0), OK: true}},
		// A month name in the wrong case is not found: the month then
		// defaults like an absent one, to January.
		{"march 2018", "[MNn] [Y]", parsed{Millis: ms(2018, 1, 1, 0, 0, 0, 0), OK: true}},
		// Only years, months and days parse with a fixed width; jsonata-js
		// reads the other numbers greedily.
		{"19691231235959999", "[Y0001][M01][D01][H01][m01][s01][f001]", parsed{Millis: 849366549009, OK: true}},
		// jsonata-js lines day-of-year dates up as Y, D (not d): a time after
		// them leaves a gap.
		{"2018-094 10:00", "[Y0001]-[d001] [H]:[m]", parsed{Code: "D3136"}},
		// No match, nothing to parse.
		{"irrelevant", "[Y]-[M]-[D]", parsed{}},
		{"Hello", "Hello", parsed{}},
		// Errors.
		{"2018-05-22", "[Y]-[M]-[q]", parsed{Code: "D3132"}},
		{"2018-05-22", "[YN]-[M]-[D]", parsed{Code: "D3133"}},
		{"2018-22", "[Y]-[D]", parsed{Code: "D3136"}},
		{"2018-32-5", "[X]-[W]-[F1]", parsed{Code: "D3136"}},
		{"2018", "[Y", parsed{Code: "D3135"}},
	}
	for _, tt := range tests {
		m, ok, err := ParseDateTimeAt(tt.s, tt.picture, now)
		got := parsed{Millis: m, OK: ok, Code: resultOf("", err).Code}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseDateTimeAt(%q, %q) (-want +got):\n%s", tt.s, tt.picture, diff)
		}
	}
	// Without a "now", missing leading components come from the epoch.
	if m, ok, err := ParseDateTime("13:45", "[H]:[m]"); err != nil || !ok || m != ms(1970, 1, 1, 13, 45, 0, 0) {
		t.Errorf("ParseDateTime(13:45) = %d, %v, %v", m, ok, err)
	}
}

// TestDateTimeRoundTrip formats timestamps and parses them back.
func TestDateTimeRoundTrip(t *testing.T) {
	pictures := []string{
		"[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001]",
		"[Y0001][M01][D01]-[H01]:[m01]:[s01].[f001]",
		"[D1o] [MNn] [Y0001] [h]:[m01]:[s01].[f001] [P]",
		"[DW] [MNn] [YI] [H]:[m]:[s].[f001]",
	}
	for _, pic := range pictures {
		for millis := ms(1969, 12, 31, 23, 59, 59, 999); millis < ms(2040, 1, 1, 0, 0, 0, 0); millis += 86400000*97 + 3600000*7 + 60000*13 + 1000*29 + 7 {
			s, err := FormatDateTime(millis, pic, "")
			if err != nil {
				t.Fatalf("FormatDateTime(%d, %q): %v", millis, pic, err)
			}
			got, ok, err := ParseDateTime(s, pic)
			if err != nil || !ok || got != millis {
				t.Errorf("ParseDateTime(%q, %q) = %d, %v, %v; want %d", s, pic, got, ok, err, millis)
			}
		}
	}
}

func TestParseDateTimeLimits(t *testing.T) {
	start := time.Now()
	_, _, err := ParseDateTime("x", strings.Repeat("[Yw]", 1000))
	if resultOf("", err).Code != CodeLimit {
		t.Errorf("1000 word components: got %v, want %s", err, CodeLimit)
	}
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Errorf("rejecting a huge pattern took %v", d)
	}
	_, _, err = ParseDateTime(strings.Repeat("1", 1<<17), "[Y]")
	if resultOf("", err).Code != CodeLimit {
		t.Errorf("huge input: got %v, want %s", err, CodeLimit)
	}
}
