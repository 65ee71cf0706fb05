// Package history holds the execution history events of AWS Step Functions,
// in AWS's own vocabulary and wire shape, and their storage codec.
//
// An Event is one entry of GetExecutionHistory: an id (1, 2, 3, ...), the id
// of the event it follows, a millisecond timestamp, a type (one of the 62
// HistoryEventType values) and at most one details struct. The JSON field
// that carries the details ("stateEnteredEventDetails",
// "mapIterationStartedEventDetails", ...) follows from the type, so an Event
// holds its details behind the sealed Details interface and the codecs pick
// the field name from the type table.
//
// Three encodings exist:
//
//   - the wire form (MarshalJSON / UnmarshalJSON / AppendJSON): exactly what
//     the AWS API returns; timestamps are epoch seconds with a millisecond
//     fraction, payloads (input, output, parameters) are JSON text carried
//     as JSON strings;
//   - the storage form (Encode / Decode): a compact binary record with a
//     leading version byte, on the hot path of every state transition;
//   - the log form (ForLog): the wire form after AWS's CloudWatch Logs
//     truncation rule, which marks cut payloads with "truncated": true.
//
// History is append-only. Validate checks the invariants the interpreter's
// replay relies on (contiguous ids, backward previousEventId links, one
// ExecutionStarted first, nothing after a closing event but a redrive).
//
// Helpers for the interpreter and the edges: EventType.Kind groups types
// (state entered / exited / progress, task, activity, Map iteration, ...)
// for per-state views; StateEnteredType / StateExitedType map an ASL state
// type to its event types; Event.StateName and Event.Failure read the
// details; WithoutData serves includeExecutionData=false.
//
// json.Marshal of an Event is the wire form except that encoding/json
// escapes <, > and & inside strings; AppendJSON (or a json.Encoder with
// SetEscapeHTML(false)) gives AWS's exact bytes.
//
// The package is pure: it never reads the clock (whoever creates an event
// sets its timestamp), never touches the outside world and never panics on
// hostile input.
package history
