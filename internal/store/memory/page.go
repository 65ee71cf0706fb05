package memory

import (
	"sort"
	"time"

	"github.com/stepd/stepd/internal/store"
)

// pageByKey sorts items by key (ascending, or descending when desc) and
// returns the page after cursor.
func pageByKey[T any](items []T, key func(*T) string, desc bool, cursor string, limit int) (*store.Page[T], error) {
	after, err := store.AfterKey(cursor)
	if err != nil {
		return nil, err
	}
	sort.Slice(items, func(i, j int) bool {
		if desc {
			return key(&items[i]) > key(&items[j])
		}
		return key(&items[i]) < key(&items[j])
	})
	start := 0
	if cursor != "" {
		start = sort.Search(len(items), func(i int) bool {
			if desc {
				return key(&items[i]) < after
			}
			return key(&items[i]) > after
		})
	}
	return cut(items[start:], limit, func(last *T) string { return store.KeyCursor(key(last)) }), nil
}

// pageNewestFirst sorts items by (start date, ARN) descending, as
// executions and Map Runs are listed, and returns the page after cursor.
func pageNewestFirst[T any](items []T, key func(*T) (time.Time, string), cursor string, limit int) (*store.Page[T], error) {
	before := func(a, b *T) bool {
		at, aa := key(a)
		bt, ba := key(b)
		if !at.Equal(bt) {
			return at.After(bt)
		}
		return aa > ba
	}
	sort.Slice(items, func(i, j int) bool { return before(&items[i], &items[j]) })
	at, arn, set, err := store.AfterTimeKey(cursor)
	if err != nil {
		return nil, err
	}
	start := 0
	if set {
		start = sort.Search(len(items), func(i int) bool {
			t, a := key(&items[i])
			return t.Before(at) || t.Equal(at) && a < arn
		})
	}
	return cut(items[start:], limit, func(last *T) string { return store.TimeKeyCursor(key(last)) }), nil
}

// cut keeps the first limit items and sets Next when more remain.
func cut[T any](items []T, limit int, next func(*T) string) *store.Page[T] {
	limit = store.ListLimit(limit)
	p := &store.Page[T]{}
	if len(items) > limit {
		items = items[:limit]
		p.Next = next(&items[limit-1])
	}
	p.Items = append([]T{}, items...)
	return p
}
