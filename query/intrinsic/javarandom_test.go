package intrinsic

import "testing"

// Known outputs of java.util.Random: new Random(0).nextInt() and
// new Random(42).nextInt(), which are next(32).
func TestJavaRandom(t *testing.T) {
	for _, tc := range []struct {
		seed int64
		want int32
	}{{0, -1155484576}, {42, -1170105035}} {
		if got := newJavaRandom(tc.seed).next(32); got != tc.want {
			t.Errorf("new Random(%d).nextInt() = %d, want %d", tc.seed, got, tc.want)
		}
	}
	r := newJavaRandom(1)
	for i := 0; i < 1000; i++ {
		if n := r.nextInt(7); n < 0 || n >= 7 {
			t.Fatalf("nextInt(7) = %d", n)
		}
	}
}
