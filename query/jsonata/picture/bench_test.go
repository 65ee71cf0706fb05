package picture

import "testing"

func BenchmarkFormatNumber(b *testing.B) {
	for b.Loop() {
		_, _ = FormatNumber(12345.678, "#,##0.00", nil)
	}
}

func BenchmarkFormatInteger(b *testing.B) {
	for b.Loop() {
		_, _ = FormatInteger(1234567, "w")
	}
}

func BenchmarkFormatDateTimeISO(b *testing.B) {
	for b.Loop() {
		_, _ = FormatDateTime(1521801216617, "", "")
	}
}

func BenchmarkFormatDateTimePicture(b *testing.B) {
	for b.Loop() {
		_, _ = FormatDateTime(1521801216617, "[FNn], [D1o] [MNn] [Y] [h]:[m01] [P]", "+0100")
	}
}

func BenchmarkParseDateTimeISO(b *testing.B) {
	for b.Loop() {
		_, _, _ = ParseDateTime("2018-03-23T10:33:36.617Z", "")
	}
}

func BenchmarkParseDateTimePicture(b *testing.B) {
	for b.Loop() {
		_, _, _ = ParseDateTime("23/03/2018 10:33", "[D01]/[M01]/[Y0001] [H01]:[m01]")
	}
}
