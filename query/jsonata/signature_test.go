package jsonata

import "testing"

func TestSignatureMatchAgreesWithRegexp(t *testing.T) {
	sigs := []string{"<a<n>:n>", "<x-b?:s>", "<s-nn?:s>", "<s-(sf)(sf)n?:s>", "<a+>", "<afj?:j>", "<o-f?:o>", "<n-so?:s>", "<sx?:x>", "<xx:a>"}
	syms := []string{"", "a", "n", "s", "sn", "snn", "snnn", "ssn", "sfs", "sffn", "aa", "aaa", "af", "afn", "afnx", "o", "of", "m", "mm", "xs", "nso", "ns", "sm", "mmm"}
	for _, def := range sigs {
		s := mustSignature(def)
		for _, sym := range syms {
			want := s.regex.FindStringSubmatch(sym)
			got := s.match(sym)
			if (want == nil) != (got == nil) {
				t.Errorf("%s on %q: got %q, want %q", def, sym, got, want)
				continue
			}
			for i := range want {
				if want[i] != got[i] {
					t.Errorf("%s on %q: got %q, want %q", def, sym, got, want)
					break
				}
			}
		}
	}
}
