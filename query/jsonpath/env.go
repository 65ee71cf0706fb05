package jsonpath

import "github.com/stepd/stepd/query/intrinsic"

// Env carries what evaluation reads besides the input: the context object
// ($$), workflow variables ($name) and randomness for States.UUID and
// States.MathRandom. It is intrinsic.Env, shared by both packages.
type Env = intrinsic.Env

// Random is a source of randomness for Env.Rand.
type Random = intrinsic.Random

// Error is a run-time failure carrying the AWS error name and cause.
type Error = intrinsic.Error

// AWS error names, re-exported from the intrinsic package.
const (
	ErrRuntime                = intrinsic.ErrRuntime
	ErrParameterPathFailure   = intrinsic.ErrParameterPathFailure
	ErrResultPathMatchFailure = intrinsic.ErrResultPathMatchFailure
	ErrIntrinsicFailure       = intrinsic.ErrIntrinsicFailure
)

// CompileError reports a malformed path or template: what is wrong and the
// byte offset in the source where it was found.
type CompileError struct {
	Src    string
	Offset int
	Msg    string
}

func (e *CompileError) Error() string {
	return "invalid JSONPath '" + e.Src + "' at offset " + itoa(e.Offset) + ": " + e.Msg
}
