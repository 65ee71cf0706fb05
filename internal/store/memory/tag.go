package memory

import (
	"context"
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
