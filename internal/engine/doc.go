// Package engine is stepd's imperative shell around the pure interpreter:
// it keeps executions in a store.Store, runs every input through one
// transition path, dispatches tasks to runners and fires timers.
//
// The transition path (transition.go): load the snapshot (from a bounded
// in-memory cache, or the store) → interp.Decide → in one store transaction
// append the events, write the snapshot checked against the expected
// version, insert outbox rows for DispatchTask and StartTimer and delete
// those of CancelTask and CancelTimer → commit → wake the dispatcher, the
// timer index and whoever waits for the execution to close. A version
// conflict drops the cached snapshot and retries.
//
// Background services (dispatcher, timer service, lease sweeper) share the
// Engine's Start/Stop lifecycle; each has a runOnce(ctx) that tests call
// directly.
//
// Standard executions live in the durable store given to New; Express
// executions in an in-memory store, limited to five minutes, and deleted
// (store.Tx.ExecutionDelete) as soon as they close: a StartSyncExecution
// caller is registered as a waiter before its execution exists and gets the
// closed row handed over. AWS keeps no Express history either
// (DescribeExecution is not supported for Express state machines);
// Options.KeepClosedExpress keeps them, for tests.
package engine
