// Package store is the storage port of stepd's durable engine.
//
// A [Store] runs transactions; a [Tx] offers one method per storage
// operation, named NounVerb and taking a *NounVerbParams. Every method that
// depends on time receives it as Now in its params: drivers never read the
// clock. Payloads (execution input and output, snapshots, history event
// data, outbox payloads, configuration blobs) are opaque bytes the store
// never interprets. Drivers map their errors to the sentinels [ErrNotFound],
// [ErrConflict] and [ErrAlreadyExists].
//
// The engine handles every input in one write transaction: ExecutionGet →
// decide → EventAppend → ExecutionUpdate (checked against ExpectedVersion) →
// OutboxInsert → commit. A conflict means another writer got there first:
// reload and retry.
//
// Drivers live in subpackages (sqlite, memory, later postgres) and all pass
// the conformance suite in storetest.
package store
