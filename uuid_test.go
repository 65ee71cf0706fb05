package stepd

import "testing"

func TestUUID(t *testing.T) {
	var b [16]byte
	for i := range b {
		b[i] = 0xff
	}
	if got, want := UUID(b), "ffffffff-ffff-4fff-bfff-ffffffffffff"; got != want {
		t.Errorf("UUID(ff…) = %s, want %s", got, want)
	}
	if got, want := UUID([16]byte{}), "00000000-0000-4000-8000-000000000000"; got != want {
		t.Errorf("UUID(00…) = %s, want %s", got, want)
	}
}
