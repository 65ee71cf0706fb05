package engine

import "fmt"

// Error is a failure the API reports to the caller, with AWS's error code.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// AWS error codes the engine returns.
const (
	CodeExecutionDoesNotExist        = "ExecutionDoesNotExist"
	CodeExecutionAlreadyExists       = "ExecutionAlreadyExists"
	CodeExecutionNotRedrivable       = "ExecutionNotRedrivable"
	CodeStateMachineDoesNotExist     = "StateMachineDoesNotExist"
	CodeStateMachineDeleting         = "StateMachineDeleting"
	CodeInvalidDefinition            = "InvalidDefinition"
	CodeInvalidExecutionInput        = "InvalidExecutionInput"
	CodeInvalidToken                 = "InvalidToken"
	CodeTaskDoesNotExist             = "TaskDoesNotExist"
	CodeTaskTimedOut                 = "TaskTimedOut"
	CodeInvalidOutput                = "InvalidOutput"
	CodeValidation                   = "ValidationException"
	CodeExecutionLimitExceeded       = "ExecutionLimitExceeded"
	CodeStateMachineTypeNotSupported = "StateMachineTypeNotSupported"
	CodeResourceNotFound             = "ResourceNotFound"
)

func errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}
