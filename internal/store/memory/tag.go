package memory

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/stepd/stepd/internal/store"
)

func (t *tx) TagSet(ctx context.Context, p *store.TagSetParams) error {
	if err := t.writable(); err != nil {
		return err
	}
	tags := maps.Clone(t.d.tags[p.ResourceARN])
	if tags == nil {
		tags = map[string]string{}
	}
	for _, tag := range p.Tags {
		tags[tag.Key] = tag.Value
	}
	put(t, t.d.tags, p.ResourceARN, tags)
	return nil
}

func (t *tx) TagDelete(ctx context.Context, p *store.TagDeleteParams) error {
	if err := t.writable(); err != nil {
		return err
	}
	tags, ok := t.d.tags[p.ResourceARN]
	if !ok {
		return nil
	}
	tags = maps.Clone(tags)
	for _, k := range p.Keys {
		delete(tags, k)
	}
	if len(tags) == 0 {
		del(t, t.d.tags, p.ResourceARN)
	} else {
		put(t, t.d.tags, p.ResourceARN, tags)
	}
	return nil
}

func (t *tx) TagList(ctx context.Context, p *store.TagListParams) ([]store.Tag, error) {
	tags := t.d.tags[p.ResourceARN]
	var out []store.Tag
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		out = append(out, store.Tag{Key: k, Value: tags[k]})
	}
	return out, nil
}

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
