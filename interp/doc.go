// Package interp is stepd's pure interpreter of compiled state machines
// (JSONPath mode), behaving as AWS Step Functions does.
//
// The interpreter is a function of data:
//
//	Decide(m, state, input, env) → Decision{State, Events, Effects}
//	Apply(m, state, event)       → state   // Decide ≡ Apply over its events
//	Replay(m, exec, events)      → state   // a snapshot is the fold of history
//
// An Input is something that happened outside: the execution was started,
// a task was started, succeeded or failed, a timer fired, a stop or a
// redrive was requested. An Effect is what the shell must do next: dispatch
// a task, start or cancel a timer, cancel a task, close the execution. The
// Events are the AWS execution history entries the step produced
// (ExecutionStarted, TaskStateEntered, TaskScheduled, ...), with ids,
// previousEventId links and timestamps from Env.Now.
//
// State is explicit and serialisable (MarshalJSON / UnmarshalJSON): the tree
// of running threads (the top level, Parallel branches, Map iterations)
// with their current state, retry counters, pending task and timer, and the
// execution's status. Decide never modifies the State it is given.
//
// Purity: no clock, no goroutines, no randomness except what Env brings.
// The execution's seed (Env.Seed at StartExecution, kept in
// Execution.Seed) feeds retry jitter, task tokens, States.UUID and
// States.MathRandom, each draw derived from the seed and the id of the
// event being produced, so that replay is exact.
//
// Replay rebuilds a state from history alone by recognising the input
// behind each event batch (a TaskSucceeded event is a TaskSucceeded input,
// a WaitStateExited or a retried TaskScheduled is a fired timer, ...),
// running Decide at the event's timestamp, and checking that it produces
// exactly the recorded events. AWS's ExecutionStarted event does not carry
// the execution's ARN, name or seed, so Replay takes them as an Execution.
// A history that Decide would not have produced fails with a *ReplayError
// carrying a code.
package interp
