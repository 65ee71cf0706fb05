// Package memory is an in-memory store.Store: for Express executions, which
// keep no durable history, and for fast tests. One lock serialises writers;
// readers share it. A failed transaction is undone from an undo log.
package memory
