package sfnapi

import (
	"context"
	"errors"

	"github.com/stepd/stepd/internal/store"
)

type tagResourceRequest struct {
	ResourceArn string   `json:"resourceArn"`
	Tags        []tag    `json:"tags"`
	TagKeys     []string `json:"tagKeys"`
}

type listTagsResponse struct {
	Tags []tag `json:"tags"`
}

// checkTaggable confirms the resource exists (ResourceNotFound otherwise).
func (h *handler) checkTaggable(ctx context.Context, tx store.Tx, arn string) error {
	var err error
	switch parseARN(arn).Kind {
	case arnStateMachine:
		_, err = tx.StateMachineGet(ctx, &store.StateMachineGetParams{ARN: arn})
	case arnActivity:
		_, err = tx.ActivityGet(ctx, &store.ActivityGetParams{ARN: arn})
	default:
		return errf("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: %s'", arn)
	}
	if errors.Is(err, store.ErrNotFound) {
		return errf("ResourceNotFound", "Resource not found: '%s'", arn)
	}
	return err
}

func (h *handler) tagResource(ctx context.Context, req *tagResourceRequest) (*empty, error) {
	if len(req.Tags) > 50 {
		return nil, errf("TooManyTags", "Too many tags: '%s'", req.ResourceArn)
	}
	err := h.store.Tx(ctx, func(tx store.Tx) error {
		if err := h.checkTaggable(ctx, tx, req.ResourceArn); err != nil {
			return err
		}
		return tx.TagSet(ctx, &store.TagSetParams{ResourceARN: req.ResourceArn, Tags: storeTags(req.Tags)})
	})
	if err != nil {
		return nil, err
	}
	return &empty{}, nil
}

func (h *handler) untagResource(ctx context.Context, req *tagResourceRequest) (*empty, error) {
	err := h.store.Tx(ctx, func(tx store.Tx) error {
		if err := h.checkTaggable(ctx, tx, req.ResourceArn); err != nil {
			return err
		}
		return tx.TagDelete(ctx, &store.TagDeleteParams{ResourceARN: req.ResourceArn, Keys: req.TagKeys})
	})
	if err != nil {
		return nil, err
	}
	return &empty{}, nil
}

func (h *handler) listTagsForResource(ctx context.Context, req *tagResourceRequest) (*listTagsResponse, error) {
	out := &listTagsResponse{Tags: []tag{}}
	err := h.store.ReadTx(ctx, func(tx store.Tx) error {
		if err := h.checkTaggable(ctx, tx, req.ResourceArn); err != nil {
			return err
		}
		ts, err := tx.TagList(ctx, &store.TagListParams{ResourceARN: req.ResourceArn})
		for _, t := range ts {
			out.Tags = append(out.Tags, tag{Key: t.Key, Value: t.Value})
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
