package sqlite

import (
	"context"

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
