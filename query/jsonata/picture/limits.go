package picture

// CodeLimit is the code of the error returned when input would make
// jsonata-js hang, overflow its stack, throw a JavaScript RangeError or
// TypeError, or produce an unreasonably large result. jsonata has no code for
// these cases; the evaluator may map it to its own budget error.
const CodeLimit = "D3199"

const (
	// maxPictureRunes bounds every picture string; the formatting
	// algorithms insert separators one at a time, so work is quadratic in
	// the picture length at worst.
	maxPictureRunes = 4096
	// maxWidth bounds date-time width modifiers and padding widths.
	maxWidth = 1000
	// maxFixedDigits is JavaScript's limit for Number.prototype.toFixed.
	maxFixedDigits = 100
	// maxRomanValue bounds roman numerals: jsonata-js recurses once per
	// numeral and overflows its stack long before this.
	maxRomanValue = 1e7
	// maxPatternBytes bounds the regular expression built to parse a
	// timestamp (words alone take a kilobyte each), so compiling it stays
	// cheap.
	maxPatternBytes = 1 << 15
	// maxInputRunes bounds strings handed to the parsers.
	maxInputRunes = 1 << 16
)

func limitError(msg string) *Error {
	return &Error{Code: CodeLimit, Message: msg}
}

func checkPicture(picture string) error {
	if runeCountExceeds(picture, maxPictureRunes) {
		return limitError("picture string is longer than 4096 characters")
	}
	return nil
}

func runeCountExceeds(s string, n int) bool {
	if len(s) <= n {
		return false
	}
	count := 0
	for range s {
		count++
		if count > n {
			return true
		}
	}
	return false
}
