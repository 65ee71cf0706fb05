package postgres

import (
	"context"

	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/sqlrow"
)

// TagSet upserts every tag with one statement. A key given twice keeps its
// last value, as applying the tags one by one would; PostgreSQL refuses an
// upsert that touches one row twice, so duplicates go first.
func (t *tx) TagSet(ctx context.Context, p *store.TagSetParams) error {
	if len(p.Tags) == 0 {
		return nil
	}
	index := map[string]int{}
	var keys, values []string
	for _, tag := range p.Tags {
		if i, ok := index[tag.Key]; ok {
			values[i] = tag.Value
			continue
		}
		index[tag.Key] = len(keys)
		keys, values = append(keys, tag.Key), append(values, tag.Value)
	}
	_, err := t.exec(ctx, `INSERT INTO tags (resource_arn, key, value)
		SELECT $1, * FROM unnest($2::text[], $3::text[])
		ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value`, p.ResourceARN, keys, values)
	return err
}

func (t *tx) TagDelete(ctx context.Context, p *store.TagDeleteParams) error {
	if len(p.Keys) == 0 {
		return nil
	}
	_, err := t.exec(ctx, `DELETE FROM tags WHERE resource_arn = $1 AND key = ANY($2)`, p.ResourceARN, p.Keys)
	return err
}

func (t *tx) TagList(ctx context.Context, p *store.TagListParams) ([]store.Tag, error) {
	rows, err := t.q.Query(ctx, `SELECT key, value FROM tags WHERE resource_arn = $1 ORDER BY key`, p.ResourceARN)
	tags, err := collect(t, rows, err, func(r sqlrow.Scanner) (*store.Tag, error) {
		var tag store.Tag
		err := r.Scan(&tag.Key, &tag.Value)
		return &tag, err
	})
	if len(tags) == 0 {
		// As the SQLite driver: no tags is a nil slice.
		tags = nil
	}
	return tags, err
}
