// Package sqlite is the store.Store driver for one machine: a SQLite file
// through modernc.org/sqlite (pure Go), in WAL mode with synchronous=FULL by
// default, so nothing acknowledged is lost on power failure.
//
// Writes go through one writer connection owned by one goroutine. Write
// transactions from every goroutine queue up; whenever the writer is free it
// takes everything queued (up to a cap) and runs it as one SQLite
// transaction, each logical transaction inside its own SAVEPOINT, so one
// failing rolls back alone, and the whole batch shares one commit and one
// fsync (group commit). A lone transaction is never held back waiting for
// company. Read-only transactions use a pool of reader connections.
//
// The schema lives in migrations/*.sql, embedded, applied in order on Open
// and recorded in schema_migrations.
package sqlite
