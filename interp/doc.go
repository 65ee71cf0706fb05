// Package interp is stepd's pure interpreter of compiled state machines
// (JSONPath and JSONata modes), behaving as AWS Step Functions does.
//
// The interpreter is a function of data:
//
//	New(m)                        → *State  // an execution that has not started
//	Decide(m, state, input, env)  → Decision{State, Events, Effects}
//	Apply(m, state, event)        → state   // Decide ≡ Apply over its events
//	Replay(m, exec, events)       → state   // a snapshot is the fold of history
//
// An Input is something that happened outside: StartExecution,
// TaskStarted, TaskSubmitted, TaskSucceeded, TaskFailed, TaskHeartbeat,
// TimerFired (a Wait, a retry back-off, a task timeout or heartbeat, the
// execution timeout: the interpreter knows which), StopExecution,
// RedriveExecution. An Effect is
// what the shell must do next: DispatchTask, CancelTask, StartTimer (an id
// already pending moves to the new due time), CancelTimer, CloseExecution.
// The Events are the AWS execution history entries the step produced
// (ExecutionStarted, TaskStateEntered, TaskScheduled, ...), in AWS's shapes,
// with ids, previousEventId links (to the event that caused each one, per
// branch and iteration) and timestamps from Env.Now (milliseconds).
//
// Inputs that no longer apply (the result of a task that was cancelled, a
// timer that was withdrawn, anything after the execution closed) give an
// empty Decision and no error; inputs that cannot apply (a second
// StartExecution, an input before StartExecution, a redrive of a running
// execution) are errors.
//
// State is explicit and serialisable (MarshalJSON / UnmarshalJSON): the tree
// of threads (the top level, Parallel branches, Map iterations) with their
// current state, phase, retry counters, pending task and timers, and the
// execution's status, output, error and counters. Decide never modifies the
// State it is given; a State restored from its JSON decides identically.
//
// Purity: no clock, no goroutines, no randomness except what Env brings.
// Env.Seed is read at StartExecution and kept in Execution.Seed; retry
// jitter, task tokens, States.UUID and States.MathRandom draw from it,
// reseeded by the id of the event being produced, so replay is exact.
//
// Env may carry an Observer (observe.go), which sees each state's data
// flow stage by stage and every error a Retry or Catch takes (the TestState
// API's inspectionData), and a Preset with TestState's starting variables,
// context object, retry count and the Map state whose iterations a mock
// stands for (run as a Map Run the shell answers). Both are nil in
// executions; a Preset is
// not recorded in history, so an execution run with one cannot be replayed.
//
// Replay rebuilds a state from history alone by recognising the input
// behind each decision's first event (a TaskSucceeded event is a
// TaskSucceeded input, a WaitStateExited or a retried TaskScheduled is a
// fired timer, ...), running Decide at that event's timestamp and checking
// that it produces exactly the recorded events. AWS's ExecutionStarted
// event records neither the execution's ARN and name nor the seed, so
// Replay takes them as an Execution: the shell stores it with the
// execution. No history extension fields are needed. A history that Decide
// would not have produced fails with a *ReplayError carrying a code
// (EMPTY_HISTORY, NOT_STARTED, UNEXPECTED_EVENT, INCOMPLETE_DECISION,
// BAD_EVENT).
//
// Behaviour follows the AWS developer guide, case by case in the
// conformance corpus (../conformance/testdata): the data flow InputPath →
// Parameters → (task) → ResultSelector → ResultPath → OutputPath; Retry
// (first matching retrier, own counters, back-off, MaxDelaySeconds, FULL
// jitter) and Catch; States.ALL not catching States.Runtime or
// States.DataLimitExceeded; States.TaskFailed not matching States.Timeout;
// the 256 KiB payload limit; the 25,000-event history limit; AWS's
// "An error occurred while executing the state ..." prefix on run-time
// failures; Parallel and inline Map (MaxConcurrency 0 = 40) failing fast
// and aborting their siblings; stop and redrive. A Distributed Map
// (maprun.go) evaluates its items, ItemSelector, ItemBatcher and
// tolerances and hands the run to the shell (StartMapRun); the run's end
// comes back as MapRunEnded.
//
// JSONata mode (jsonata.go): Arguments, Output, Assign, Items,
// ItemSelector, Condition and the numeric and text fields evaluate
// "{% %}" expressions with $states ({input, context, result,
// errorOutput}) and the workflow variables; failures are
// States.QueryEvaluationError after an EvaluationFailed event. The Step
// Functions functions ($partition, $range, $hash, $random, $uuid, $parse)
// are in sfnfunctions.go. Workflow variables live on each Thread (Vars):
// a state's Assign is evaluated as a whole against the values from before
// the state and applied by its Exited event (assignedVariables);
// branches and iterations start with a copy of their parent's variables,
// Distributed Map children with none.
package interp
