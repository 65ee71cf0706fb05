package sqlite

import (
	"context"
	"fmt"

	"github.com/stepd/stepd/internal/store"
)

func (t *tx) TagSet(ctx context.Context, p *store.TagSetParams) error {
	for _, tag := range p.Tags {
		if _, err := t.exec(ctx, `INSERT INTO tags (resource_arn, key, value) VALUES (?, ?, ?)
			ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value`, p.ResourceARN, tag.Key, tag.Value); err != nil {
			return err
		}
	}
	return nil
}

func (t *tx) TagDelete(ctx context.Context, p *store.TagDeleteParams) error {
	for _, key := range p.Keys {
		if _, err := t.exec(ctx, `DELETE FROM tags WHERE resource_arn = ? AND key = ?`, p.ResourceARN, key); err != nil {
			return err
		}
	}
	return nil
}

func (t *tx) TagList(ctx context.Context, p *store.TagListParams) ([]store.Tag, error) {
	rows, err := t.q.QueryContext(ctx, `SELECT key, value FROM tags WHERE resource_arn = ? ORDER BY key`, p.ResourceARN)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []store.Tag
	for rows.Next() {
		var tag store.Tag
		if err := rows.Scan(&tag.Key, &tag.Value); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, tag)
	}
	return out, mapErr(rows.Err())
}

func (t *tx) LeaseAcquire(ctx context.Context, p *store.LeaseAcquireParams) (*store.Lease, error) {
	n, err := t.exec(ctx, `INSERT INTO leases (name, holder, expires) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires = excluded.expires
		WHERE leases.holder = excluded.holder OR leases.expires <= ?`, p.Name, p.Holder, ns(p.Until), ns(p.Now))
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, conflict(fmt.Sprintf("lease %s held by another", p.Name))
	}
	return &store.Lease{Name: p.Name, Holder: p.Holder, Expires: store.FromUnixNanos(ns(p.Until))}, nil
}

func (t *tx) LeaseRenew(ctx context.Context, p *store.LeaseRenewParams) (*store.Lease, error) {
	n, err := t.exec(ctx, `UPDATE leases SET expires = ? WHERE name = ? AND holder = ? AND expires > ?`,
		ns(p.Until), p.Name, p.Holder, ns(p.Now))
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, t.leaseMiss(ctx, p.Name, p.Holder)
	}
	return &store.Lease{Name: p.Name, Holder: p.Holder, Expires: store.FromUnixNanos(ns(p.Until))}, nil
}

// leaseMiss explains why a lease operation matched no row.
func (t *tx) leaseMiss(ctx context.Context, name, holder string) error {
	var exists bool
	if err := t.q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM leases WHERE name = ?)`, name).Scan(&exists); err != nil {
		return mapErr(err)
	}
	if !exists {
		return notFound("lease", name)
	}
	return conflict(fmt.Sprintf("lease %s not held by %s", name, holder))
}

func (t *tx) LeaseRelease(ctx context.Context, p *store.LeaseReleaseParams) error {
	n, err := t.exec(ctx, `DELETE FROM leases WHERE name = ? AND holder = ?`, p.Name, p.Holder)
	if err == nil && n == 0 {
		return t.leaseMiss(ctx, p.Name, p.Holder)
	}
	return err
}
