package picture

import "math"

// Calendar arithmetic on JavaScript time values (milliseconds since the
// epoch, proleptic Gregorian calendar, UTC).

const (
	msPerDay = 86400000
	// maxTime is the largest magnitude of a valid JavaScript Date.
	maxTime = 8.64e15
)

// daysFromCivil returns the day number of year-month-day (month 1–12).
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int64) (y, m, d int64) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// dateParts are the UTC fields of a time value, as the Date getUTC* methods
// return them (month 0–11, weekday 0 = Sunday).
type dateParts struct {
	invalid                           bool // NaN: every number is NaN
	time                              int64
	year, month, day, weekday         int64
	hours, minutes, seconds, millisec int64
}

func partsOf(t int64) dateParts {
	days := floorDiv(t, msPerDay)
	ms := t - days*msPerDay
	y, m, d := civilFromDays(days)
	return dateParts{
		time: t, year: y, month: m - 1, day: d,
		weekday:  ((days+4)%7 + 7) % 7,
		hours:    ms / 3600000,
		minutes:  ms / 60000 % 60,
		seconds:  ms / 1000 % 60,
		millisec: ms % 1000,
	}
}

// dateUTC is Date.UTC(year, month, day, h, min, s, ms): two-digit years mean
// 19xx, out-of-range fields roll over, and the result is NaN outside the
// valid range.
func dateUTC(year, month, day, h, mi, s, ms float64) float64 {
	for _, v := range []float64{year, month, day, h, mi, s, ms} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return math.NaN()
		}
	}
	year, month, day = math.Trunc(year), math.Trunc(month), math.Trunc(day)
	h, mi, s, ms = math.Trunc(h), math.Trunc(mi), math.Trunc(s), math.Trunc(ms)
	if year >= 0 && year <= 99 {
		year += 1900
	}
	ym := year + math.Floor(month/12)
	mn := math.Mod(month, 12)
	if mn < 0 {
		mn += 12
	}
	if math.Abs(ym) > 400000 || math.Abs(day) > 1e9 {
		return math.NaN()
	}
	days := float64(daysFromCivil(int64(ym), int64(mn)+1, 1)) + day - 1
	t := days*msPerDay + h*3600000 + mi*60000 + s*1000 + ms
	if math.IsNaN(t) || math.Abs(t) > maxTime {
		return math.NaN()
	}
	return t
}

// utcMidnight is Date.UTC(year, month, day) for integer fields (two-digit
// years mean 19xx, as in JavaScript).
func utcMidnight(year, month, day int64) int64 {
	if year >= 0 && year <= 99 {
		year += 1900
	}
	ym := year + floorDiv(month, 12)
	mn := month - floorDiv(month, 12)*12
	return (daysFromCivil(ym, mn+1, 1) + day - 1) * msPerDay
}
