package history

import "strconv"

// Code classifies an Error.
type Code string

// The error codes of this package.
const (
	// CodeUnknownType: the event type is not a HistoryEventType value.
	CodeUnknownType Code = "UnknownEventType"
	// CodeDetailsMismatch: the details struct is not the one the type carries.
	CodeDetailsMismatch Code = "DetailsMismatch"
	// CodeInvalidJSON: the wire form could not be read.
	CodeInvalidJSON Code = "InvalidEventJSON"
	// CodeUnknownVersion: a stored record has a format version this build
	// does not know.
	CodeUnknownVersion Code = "UnknownEncodingVersion"
	// CodeCorrupt: a stored record is truncated or malformed.
	CodeCorrupt Code = "CorruptEvent"
	// CodeEmpty: a history without events.
	CodeEmpty Code = "EmptyHistory"
	// CodeFirstEvent: the history does not start with ExecutionStarted, or
	// ExecutionStarted appears later.
	CodeFirstEvent Code = "FirstEventNotExecutionStarted"
	// CodeIDGap: ids are not 1, 2, 3, ... in order.
	CodeIDGap Code = "EventIdNotContiguous"
	// CodePreviousEvent: previousEventId does not point to an earlier event.
	CodePreviousEvent Code = "InvalidPreviousEventId"
	// CodeAfterClose: an event follows a closing event without a redrive.
	CodeAfterClose Code = "EventAfterExecutionClosed"
	// CodeRedrive: ExecutionRedriven where no redrivable close precedes it.
	CodeRedrive Code = "InvalidRedrive"
)

// Error is an error of this package. Compare with errors.Is against the
// Err* values, which match on Code alone.
type Error struct {
	Code Code
	// EventID is the id of the offending event, 0 when none applies.
	EventID int64
	Msg     string
}

func (e *Error) Error() string {
	s := string(e.Code)
	if e.EventID != 0 {
		s += " (event " + strconv.FormatInt(e.EventID, 10) + ")"
	}
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	return s
}

// Is matches a bare Err* value of the same code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code && t.Msg == "" && t.EventID == 0
}

// Values to test errors against with errors.Is.
var (
	ErrUnknownType     = &Error{Code: CodeUnknownType}
	ErrDetailsMismatch = &Error{Code: CodeDetailsMismatch}
	ErrInvalidJSON     = &Error{Code: CodeInvalidJSON}
	ErrUnknownVersion  = &Error{Code: CodeUnknownVersion}
	ErrCorrupt         = &Error{Code: CodeCorrupt}
	ErrEmpty           = &Error{Code: CodeEmpty}
	ErrFirstEvent      = &Error{Code: CodeFirstEvent}
	ErrIDGap           = &Error{Code: CodeIDGap}
	ErrPreviousEvent   = &Error{Code: CodePreviousEvent}
	ErrAfterClose      = &Error{Code: CodeAfterClose}
	ErrRedrive         = &Error{Code: CodeRedrive}
)

func newError(code Code, id int64, msg string) *Error {
	return &Error{Code: code, EventID: id, Msg: msg}
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }
