package store

// Tag is one resource tag.
type Tag struct {
	Key   string
	Value string
}

// TagSetParams adds tags to a resource, replacing the values of keys it
// already has.
type TagSetParams struct {
	ResourceARN string
	Tags        []Tag
}

// TagDeleteParams removes tag keys from a resource; absent keys are ignored.
type TagDeleteParams struct {
	ResourceARN string
	Keys        []string
}

// TagListParams lists a resource's tags in key order.
type TagListParams struct{ ResourceARN string }
