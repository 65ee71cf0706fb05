package stepd

// The predefined error names of the Amazon States Language. Error names are
// case-sensitive and the States. prefix is reserved for these.
const (
	ErrorAll                    = "States.ALL"
	ErrorTimeout                = "States.Timeout"
	ErrorHeartbeatTimeout       = "States.HeartbeatTimeout"
	ErrorTaskFailed             = "States.TaskFailed"
	ErrorPermissions            = "States.Permissions"
	ErrorResultPathMatchFailure = "States.ResultPathMatchFailure"
	ErrorParameterPathFailure   = "States.ParameterPathFailure"
	ErrorQueryEvaluationError   = "States.QueryEvaluationError"
	ErrorBranchFailed           = "States.BranchFailed"
	ErrorNoChoiceMatched        = "States.NoChoiceMatched"
	ErrorIntrinsicFailure       = "States.IntrinsicFailure"
	ErrorExceedToleratedFailure = "States.ExceedToleratedFailureThreshold"
	ErrorItemReaderFailed       = "States.ItemReaderFailed"
	ErrorResultWriterFailed     = "States.ResultWriterFailed"
	ErrorDataLimitExceeded      = "States.DataLimitExceeded"
	ErrorRuntime                = "States.Runtime"
)

// Error is a failure raised while running a state: an ASL error name and a
// human-readable cause, exactly what Retry and Catch match on and what
// history records.
type Error struct {
	Name  string
	Cause string
}

func (e *Error) Error() string {
	if e.Cause == "" {
		return e.Name
	}
	return e.Name + ": " + e.Cause
}

// NewError returns an *Error.
func NewError(name, cause string) *Error { return &Error{Name: name, Cause: cause} }
