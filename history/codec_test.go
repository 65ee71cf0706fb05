package history

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestDecodeErrors(t *testing.T) {
	good, err := Encode(sampleEvent(TaskStateExited))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		rec  []byte
		want error
	}{
		{"empty", nil, ErrCorrupt},
		{"version 0", []byte{0, 1}, ErrUnknownVersion},
		{"version 2", append([]byte{2}, good[1:]...), ErrUnknownVersion},
		{"type code 0", []byte{1, 0, 1, 0, 0, 0}, ErrCorrupt},
		{"type code past table", []byte{1, 200, 1, 0, 0, 0}, ErrCorrupt},
		{"details on a type without", []byte{1, 26, 1, 0, 0, 1}, ErrCorrupt},
		{"bad details marker", []byte{1, 26, 1, 0, 0, 7}, ErrCorrupt},
		{"trailing bytes", append(append([]byte{}, good...), 0), ErrCorrupt},
		{"varint overflow", []byte{1, 26, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0}, ErrCorrupt},
		{"huge string length", []byte{1, 47, 1, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 0x0f}, ErrCorrupt},
		{"huge variable count", []byte{1, 48, 1, 0, 0, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f}, ErrCorrupt},
		{"bad truncation flag", []byte{1, 47, 1, 0, 0, 1, 0, 0, 9}, ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(tt.rec)
			if !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
	// Every strict prefix of a good record is corrupt, never a panic.
	for n := range len(good) {
		if _, err := Decode(good[:n]); !errors.Is(err, ErrCorrupt) {
			t.Errorf("prefix %d: got %v", n, err)
		}
	}
}

func TestDecodeDoesNotAlias(t *testing.T) {
	rec, _ := Encode(sampleEvent(TaskStateEntered))
	e, err := Decode(rec)
	if err != nil {
		t.Fatal(err)
	}
	for i := range rec {
		rec[i] = 'X'
	}
	if got := e.StateName(); got != "Step" {
		t.Errorf("decoded event changed with its buffer: %q", got)
	}
}

func TestEncodeKeepsPresence(t *testing.T) {
	// Absent and empty optional members stay apart through storage.
	e := Event{ID: 4, PreviousEventID: 3, Timestamp: time.UnixMilli(-5).UTC(), Type: PassStateExited,
		Details: &StateExitedEventDetails{Name: "P", AssignedVariables: Variables{}}}
	rec, err := Encode(e)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(rec)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(e, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got.Details.(*StateExitedEventDetails).AssignedVariables == nil {
		t.Error("empty assignedVariables became absent")
	}
	if _, err := Encode(Event{ID: -1, Type: PassStateEntered}); !errors.Is(err, ErrCorrupt) {
		t.Errorf("negative id: %v", err)
	}
}

func TestEncodeSizeExact(t *testing.T) {
	// Encode sizes its buffer up front: one allocation.
	e := typicalExited()
	allocs := testing.AllocsPerRun(100, func() { _, _ = Encode(e) })
	if allocs > 1 {
		t.Errorf("Encode allocates %.0f times", allocs)
	}
	rec, _ := Encode(e)
	allocs = testing.AllocsPerRun(100, func() { _, _ = Decode(rec) })
	if allocs > 4 {
		t.Errorf("Decode allocates %.0f times", allocs)
	}
}

// typicalExited is a TaskStateExited event of a usual size.
func typicalExited() Event {
	return Event{ID: 42, PreviousEventID: 41, Timestamp: sampleTime, Type: TaskStateExited,
		Details: &StateExitedEventDetails{
			Name:          "ChargeCard",
			Output:        `{"orderId":"o-1234","amount":42.5,"currency":"EUR","charge":{"id":"ch_1","status":"succeeded","created":1700000000}}`,
			OutputDetails: NotTruncated(),
		}}
}

func BenchmarkEncode(b *testing.B) {
	e := typicalExited()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Encode(e); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecode(b *testing.B) {
	rec, _ := Encode(typicalExited())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(rec); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAppendJSON(b *testing.B) {
	e := typicalExited()
	buf := make([]byte, 0, 512)
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if buf, err = AppendJSON(buf[:0], e); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzDecode(f *testing.F) {
	for _, typ := range Types() {
		rec, err := Encode(sampleEvent(typ))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(rec)
	}
	for _, e := range goldenEvents(f) {
		rec, err := Encode(e)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(rec)
	}
	f.Add([]byte{})
	f.Add([]byte{1})
	f.Add([]byte{2, 1, 1, 0, 0, 0})
	f.Fuzz(func(t *testing.T, rec []byte) {
		e, err := Decode(rec)
		if err != nil {
			var he *Error
			if !errors.As(err, &he) || (he.Code != CodeCorrupt && he.Code != CodeUnknownVersion) {
				t.Fatalf("uncoded error %v", err)
			}
			return
		}
		// Whatever decodes re-encodes to a record that decodes the same.
		again, err := Encode(e)
		if err != nil {
			t.Fatalf("decoded event does not encode: %v", err)
		}
		e2, err := Decode(again)
		if err != nil || !cmp.Equal(e, e2) {
			t.Fatalf("re-decode differs: %v", err)
		}
	})
}
