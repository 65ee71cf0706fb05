package history

// Validate checks that events form a well-built history, the invariants
// replay relies on:
//
//   - there is at least one event, and the first is ExecutionStarted with
//     previousEventId 0; no other ExecutionStarted follows;
//   - ids are 1, 2, 3, ... in order;
//   - every later previousEventId points to an earlier event (1 <= p < id);
//   - every type is known and carries its own details shape (or none);
//   - after a closing event (ExecutionSucceeded, -Failed, -Aborted,
//     -TimedOut) comes nothing, or an ExecutionRedriven that resumes a
//     closing event other than ExecutionSucceeded; ExecutionRedriven
//     appears nowhere else.
//
// The first violation is returned as an *Error.
func Validate(events []Event) error {
	if len(events) == 0 {
		return newError(CodeEmpty, 0, "a history starts with ExecutionStarted")
	}
	var closedBy EventType // the closing event just seen, "" while running
	for i := range events {
		e := &events[i]
		if e.ID != int64(i)+1 {
			return newError(CodeIDGap, e.ID, "event at position "+itoa(int64(i)+1)+" has id "+itoa(e.ID))
		}
		if _, err := e.check(); err != nil {
			return err
		}
		if i == 0 {
			if e.Type != ExecutionStarted {
				return newError(CodeFirstEvent, e.ID, "the first event is "+string(e.Type)+", not ExecutionStarted")
			}
			if e.PreviousEventID != 0 {
				return newError(CodePreviousEvent, e.ID, "the first event has previousEventId "+itoa(e.PreviousEventID)+", not 0")
			}
			continue
		}
		if e.Type == ExecutionStarted {
			return newError(CodeFirstEvent, e.ID, "ExecutionStarted after the first event")
		}
		if e.PreviousEventID < 1 || e.PreviousEventID >= e.ID {
			return newError(CodePreviousEvent, e.ID, "previousEventId "+itoa(e.PreviousEventID)+" does not point to an earlier event")
		}
		switch {
		case closedBy != "" && e.Type != ExecutionRedriven:
			return newError(CodeAfterClose, e.ID, string(e.Type)+" after "+string(closedBy))
		case e.Type == ExecutionRedriven && closedBy == "":
			return newError(CodeRedrive, e.ID, "ExecutionRedriven while the execution runs")
		case e.Type == ExecutionRedriven && closedBy == ExecutionSucceeded:
			return newError(CodeRedrive, e.ID, "a succeeded execution cannot be redriven")
		}
		if e.Type.Closes() {
			closedBy = e.Type
		} else {
			closedBy = ""
		}
	}
	return nil
}
