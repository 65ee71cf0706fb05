package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migrationLock is the advisory lock key every node takes before
// migrating, combined with the schema name so schemas migrate
// independently ("step" in ASCII).
const migrationLock = 0x73746570

// migrate creates the schema if it is missing and applies, in one
// transaction, every migration not yet recorded in schema_migrations.
// Files are named NNNN_what.sql and applied in number order. The
// transaction first takes a transaction-scoped advisory lock, so nodes
// opening the same database at once wait for each other and the later
// ones find everything applied; the lock goes with the commit, even if the
// node dies mid-way.
func migrate(ctx context.Context, pool *pgxpool.Pool, schema string) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	return pgx.BeginTxFunc(ctx, pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, int32(migrationLock), schema); err != nil {
			return err
		}
		if schema != "" {
			// Look before creating: CREATE SCHEMA IF NOT EXISTS checks the
			// CREATE privilege on the database first, which a role given a
			// ready-made schema may lack.
			var exists bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)`, schema).Scan(&exists); err != nil {
				return err
			}
			if !exists {
				if _, err := tx.Exec(ctx, `CREATE SCHEMA `+pgx.Identifier{schema}.Sanitize()); err != nil {
					return err
				}
			}
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY,
			name    TEXT NOT NULL
		)`); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT version FROM schema_migrations`)
		if err != nil {
			return err
		}
		versions, err := pgx.CollectRows(rows, pgx.RowTo[int32])
		if err != nil {
			return err
		}
		applied := map[int]bool{}
		for _, v := range versions {
			applied[int(v)] = true
		}
		for _, name := range names {
			base := strings.TrimPrefix(name, "migrations/")
			num, _, _ := strings.Cut(base, "_")
			version, err := strconv.Atoi(num)
			if err != nil {
				return fmt.Errorf("migration %s: name must start with a number", base)
			}
			if applied[version] {
				continue
			}
			text, err := migrations.ReadFile(name)
			if err != nil {
				return err
			}
			// No arguments: pgx sends it with the simple protocol, which
			// accepts several statements.
			if _, err := tx.Exec(ctx, string(text)); err != nil {
				return fmt.Errorf("migration %s: %w", base, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, version, base); err != nil {
				return err
			}
		}
		return nil
	})
}
