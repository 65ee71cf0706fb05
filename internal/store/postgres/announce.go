package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
)

// Announce sends msg to every node listening on this store's database and
// schema (NOTIFY). It is a hint, outside any transaction: a node that is
// not listening at that moment never sees it.
func (s *Store) Announce(ctx context.Context, msg string) error {
	_, err := s.pool.Exec(ctx, `SELECT pg_notify($1, $2)`, s.channel(), msg)
	return err
}

// Listen calls fn with every message announced on this store (by any node,
// this one included) until ctx ends; it returns ctx's error then, or the
// connection's error if it broke.
func (s *Store) Listen(ctx context.Context, fn func(msg string)) error {
	pooled, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	// The connection keeps its LISTEN: it does not go back to the pool.
	conn := pooled.Hijack()
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{s.channel()}.Sanitize()); err != nil {
		return err
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return errors.Join(errors.New("postgres store: listening for announcements"), err)
		}
		fn(n.Payload)
	}
}

// channel names the store's announcements: one per schema, so stores in
// separate schemas of one database do not hear each other.
func (s *Store) channel() string { return "stepd:" + s.schema }
