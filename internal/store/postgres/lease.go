package postgres

import (
	"context"
	"fmt"

	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/sqlrow"
)

// LeaseAcquire is one upsert: PostgreSQL locks the existing row for the
// ON CONFLICT check, so two nodes acquiring at once cannot both win.
func (t *tx) LeaseAcquire(ctx context.Context, p *store.LeaseAcquireParams) (*store.Lease, error) {
	n, err := t.exec(ctx, `INSERT INTO leases (name, holder, expires) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires = excluded.expires
		WHERE leases.holder = excluded.holder OR leases.expires <= $4`, p.Name, p.Holder, sqlrow.Nanos(p.Until), sqlrow.Nanos(p.Now))
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, conflict(fmt.Sprintf("lease %s held by another", p.Name))
	}
	return &store.Lease{Name: p.Name, Holder: p.Holder, Expires: store.FromUnixNanos(sqlrow.Nanos(p.Until))}, nil
}

func (t *tx) LeaseRenew(ctx context.Context, p *store.LeaseRenewParams) (*store.Lease, error) {
	n, err := t.exec(ctx, `UPDATE leases SET expires = $1 WHERE name = $2 AND holder = $3 AND expires > $4`,
		sqlrow.Nanos(p.Until), p.Name, p.Holder, sqlrow.Nanos(p.Now))
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, t.leaseMiss(ctx, p.Name, p.Holder)
	}
	return &store.Lease{Name: p.Name, Holder: p.Holder, Expires: store.FromUnixNanos(sqlrow.Nanos(p.Until))}, nil
}

// leaseMiss explains why a lease operation matched no row.
func (t *tx) leaseMiss(ctx context.Context, name, holder string) error {
	var exists bool
	if err := t.q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM leases WHERE name = $1)`, name).Scan(&exists); err != nil {
		return t.err(err)
	}
	if !exists {
		return notFound("lease", name)
	}
	return conflict(fmt.Sprintf("lease %s not held by %s", name, holder))
}

func (t *tx) LeaseRelease(ctx context.Context, p *store.LeaseReleaseParams) error {
	n, err := t.exec(ctx, `DELETE FROM leases WHERE name = $1 AND holder = $2`, p.Name, p.Holder)
	if err == nil && n == 0 {
		return t.leaseMiss(ctx, p.Name, p.Holder)
	}
	return err
}
