// Package sqlite is the store.Store driver for one machine: a SQLite file
// through modernc.org/sqlite (pure Go), in WAL mode with synchronous=FULL by
// default, so nothing acknowledged is lost on power failure.
//
// Writes go through one writer connection owned by one goroutine, which
// talks to the driver directly (inside sql.Conn.Raw) with cached prepared
// statements. Write transactions from every goroutine queue up; whenever the
// writer is free it takes everything queued (up to Options.MaxBatch) and runs
// it as one SQLite transaction, each logical transaction inside its own
// SAVEPOINT, so one that fails or panics rolls back alone, and the whole
// batch shares one commit and one fsync (group commit). There is no timer:
// a lone transaction commits at once.
//
// WAL checkpoints run on a separate connection and goroutine (PASSIVE, at
// most once per Options.CheckpointInterval, only after commits), so the
// writer never pays for them; Close folds the WAL back into the database.
// Read-only transactions use a pool of query_only reader connections.
//
// The schema lives in migrations/NNNN_name.sql, embedded, applied in order
// on Open in one transaction and recorded in schema_migrations, so opening
// an up-to-date file again changes nothing.
package sqlite
