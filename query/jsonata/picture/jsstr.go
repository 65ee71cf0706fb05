package picture

// JavaScript string operations on rune slices. jsonata-js indexes strings by
// UTF-16 code unit; this package indexes by code point, which agrees for every
// character outside the supplementary planes.

func indexOf(s, sub []rune, from int) int {
	if from < 0 {
		from = 0
	}
	if from > len(s) {
		from = len(s)
	}
	if len(sub) == 0 {
		return from
	}
outer:
	for i := from; i+len(sub) <= len(s); i++ {
		for j, r := range sub {
			if s[i+j] != r {
				continue outer
			}
		}
		return i
	}
	return -1
}

func lastIndexOf(s, sub []rune) int {
	if len(sub) == 0 {
		return len(s)
	}
outer:
	for i := len(s) - len(sub); i >= 0; i-- {
		for j, r := range sub {
			if s[i+j] != r {
				continue outer
			}
		}
		return i
	}
	return -1
}

func contains(s, sub []rune) bool { return indexOf(s, sub, 0) != -1 }

// substring is String.prototype.substring: clamped, arguments swapped when
// reversed.
func substring(s []rune, start, end int) []rune {
	start = clamp(start, 0, len(s))
	end = clamp(end, 0, len(s))
	if start > end {
		start, end = end, start
	}
	return s[start:end:end]
}

// slice is String.prototype.slice: negative indexes count from the end.
func slice(s []rune, start, end int) []rune {
	if start < 0 {
		start += len(s)
	}
	if end < 0 {
		end += len(s)
	}
	start = clamp(start, 0, len(s))
	end = clamp(end, 0, len(s))
	if start >= end {
		return nil
	}
	return s[start:end:end]
}

// charIs reports whether the single character at i equals str, as
// s.charAt(i) === str does (false out of range or when str is longer).
func charIs(s []rune, i int, str []rune) bool {
	return i >= 0 && i < len(s) && len(str) == 1 && s[i] == str[0]
}

func clamp(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

func concat(parts ...[]rune) []rune {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := make([]rune, 0, n)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func repeatRunes(r []rune, n int) []rune {
	out := make([]rune, 0, len(r)*max(n, 0))
	for i := 0; i < n; i++ {
		out = append(out, r...)
	}
	return out
}

// substrHead is s.substr(0, n): empty when n is negative.
func substrHead(s []rune, n int) []rune {
	return s[:clamp(n, 0, len(s)):clamp(n, 0, len(s))]
}

// substrTail is s.substr(start): a negative start counts from the end.
func substrTail(s []rune, start int) []rune {
	if start < 0 {
		start = max(len(s)+start, 0)
	}
	return s[clamp(start, 0, len(s)):]
}
