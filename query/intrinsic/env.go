package intrinsic

import "github.com/stepd/stepd/jsonv"

// Env is what evaluation may read besides the state input: the context
// object ($$), workflow variables ($name) and a source of randomness. The
// jsonpath package re-exports it as jsonpath.Env.
type Env struct {
	// Context is the context object that $$ paths read.
	Context jsonv.Value
	// Vars looks up a workflow variable by name; nil means no variables.
	Vars func(name string) (jsonv.Value, bool)
	// Rand feeds States.UUID and unseeded States.MathRandom. Callers derive
	// it from recorded data (a seed in the history) so replay is exact.
	Rand Random
}

// Random is a source of uniformly distributed 64-bit values.
type Random interface {
	Uint64() uint64
}

// SplitMix64 is a small deterministic Random: seed it from recorded data.
type SplitMix64 struct{ State uint64 }

// Uint64 returns the next value of the sequence.
func (s *SplitMix64) Uint64() uint64 {
	s.State += 0x9e3779b97f4a7c15
	z := s.State
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
