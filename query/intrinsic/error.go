package intrinsic

// AWS error names raised while evaluating paths, templates and intrinsics.
const (
	// ErrRuntime is what AWS reports when a path in InputPath, OutputPath,
	// Parameters or an intrinsic argument matches nothing, and when an
	// intrinsic function is given invalid arguments.
	ErrRuntime = "States.Runtime"
	// ErrIntrinsicFailure is the documented name for intrinsic failures.
	// Observed AWS executions report States.Runtime instead; it is kept for
	// callers that want to match either.
	ErrIntrinsicFailure = "States.IntrinsicFailure"
	// ErrParameterPathFailure is the documented name for a ".$" field whose
	// path matched nothing; observed AWS executions report States.Runtime.
	ErrParameterPathFailure = "States.ParameterPathFailure"
	// ErrResultPathMatchFailure: ResultPath cannot be applied to the input.
	ErrResultPathMatchFailure = "States.ResultPathMatchFailure"
)

// Error is a run-time failure with the AWS error name and cause text, ready
// to be raised as a state error.
type Error struct {
	Name  string // e.g. States.Runtime
	Cause string // AWS's wording
	// Path is set when the failure is a path that matched nothing: the
	// source text of that path. Templates use it to word the cause for the
	// field being built.
	Path string
	// Detail says more than AWS's terse cause (which argument, why); it is
	// for logs and diagnostics, not part of the AWS-visible cause.
	Detail string
}

// AWS returns the error name and cause as AWS reports them.
func (e *Error) AWS() (name, cause string) { return e.Name, e.Cause }

func (e *Error) Error() string {
	s := e.Name + ": " + e.Cause
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	return s
}

// CompileError reports a malformed intrinsic call: the message and the byte
// offset in the source where the problem was found.
type CompileError struct {
	Src    string
	Offset int
	Msg    string
}

func (e *CompileError) Error() string {
	return "invalid intrinsic function call at offset " + itoa(e.Offset) + ": " + e.Msg
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	neg := i < 0
	if neg {
		i = -i
	}
	var b [20]byte
	n := len(b)
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		n--
		b[n] = '-'
	}
	return string(b[n:])
}
