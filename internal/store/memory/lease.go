package memory

import (
	"context"
	"fmt"

	"github.com/stepd/stepd/internal/store"
)

func (t *tx) LeaseAcquire(ctx context.Context, p *store.LeaseAcquireParams) (*store.Lease, error) {
	if err := t.writable(); err != nil {
		return nil, err
	}
	if l, ok := t.d.leases[p.Name]; ok && l.Holder != p.Holder && l.Expires.After(utc(p.Now)) {
		return nil, fmt.Errorf("lease %s held by %s: %w", p.Name, l.Holder, store.ErrConflict)
	}
	l := store.Lease{Name: p.Name, Holder: p.Holder, Expires: utc(p.Until)}
	put(t, t.d.leases, p.Name, l)
	return &l, nil
}

func (t *tx) LeaseRenew(ctx context.Context, p *store.LeaseRenewParams) (*store.Lease, error) {
	if err := t.writable(); err != nil {
		return nil, err
	}
	l, ok := t.d.leases[p.Name]
	if !ok {
		return nil, fmt.Errorf("lease %s: %w", p.Name, store.ErrNotFound)
	}
	if l.Holder != p.Holder || !l.Expires.After(utc(p.Now)) {
		return nil, fmt.Errorf("lease %s not held by %s: %w", p.Name, p.Holder, store.ErrConflict)
	}
	l.Expires = utc(p.Until)
	put(t, t.d.leases, p.Name, l)
	return &l, nil
}

func (t *tx) LeaseRelease(ctx context.Context, p *store.LeaseReleaseParams) error {
	if err := t.writable(); err != nil {
		return err
	}
	l, ok := t.d.leases[p.Name]
	if !ok {
		return fmt.Errorf("lease %s: %w", p.Name, store.ErrNotFound)
	}
	if l.Holder != p.Holder {
		return fmt.Errorf("lease %s held by %s: %w", p.Name, l.Holder, store.ErrConflict)
	}
	del(t, t.d.leases, p.Name)
	return nil
}
