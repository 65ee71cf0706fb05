// Package postgres is the store.Store driver for several nodes sharing one
// PostgreSQL database, through github.com/jackc/pgx/v5 (pgxpool).
//
// Each store transaction is one PostgreSQL transaction on a pooled
// connection; there is no group-commit writer, because PostgreSQL's own
// WAL already groups concurrent commits. Write transactions run at READ
// COMMITTED: every write the engine makes is guarded by a row it updates
// with a version check (the execution), a unique index (events, outbox
// keys, names) or an explicit row lock (version numbering, outbox and
// activity-task claims with FOR UPDATE SKIP LOCKED, so many nodes claim at
// once without waiting on each other and without a row handed out twice).
// SERIALIZABLE would add nothing the engine needs and turn every pair of
// concurrent claims into a serialization failure and a retry (measured: 8
// workers exhaust 5 retries). Serialization failures and deadlocks
// (SQLSTATE 40001, 40P01) roll back and run the function again, a few
// times, so callers see them only when they persist. Read-only
// transactions are REPEATABLE READ READ ONLY: one consistent snapshot, and
// PostgreSQL refuses every write in them.
//
// Statements that may hit a unique key use ON CONFLICT DO NOTHING and
// report ErrAlreadyExists (or ErrConflict) themselves instead of letting
// PostgreSQL raise an error: an error aborts the whole PostgreSQL
// transaction, and the store contract lets a caller handle a sentinel and
// go on.
//
// The schema lives in migrations/NNNN_name.sql, embedded, applied in order
// on Open in one transaction under a transaction-scoped advisory lock (so
// nodes starting together migrate once) and recorded in
// schema_migrations. Options.Schema puts everything in one schema (created
// if missing), e.g. one per test or per tenant.
package postgres
