package sfnapi

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"

	"github.com/stepd/stepd/internal/store"
)

type publishVersionRequest struct {
	StateMachineArn string `json:"stateMachineArn"`
	RevisionId      string `json:"revisionId"`
	Description     string `json:"description"`
}

type publishVersionResponse struct {
	CreationDate           epoch  `json:"creationDate"`
	StateMachineVersionArn string `json:"stateMachineVersionArn"`
}

func (h *handler) publishStateMachineVersion(ctx context.Context, req *publishVersionRequest) (*publishVersionResponse, error) {
	if _, err := h.checkMachineARN(req.StateMachineArn, false); err != nil {
		return nil, err
	}
	var out *publishVersionResponse
	err := h.store.Tx(ctx, func(tx store.Tx) error {
		sm, err := tx.StateMachineGet(ctx, &store.StateMachineGetParams{ARN: req.StateMachineArn})
		if err != nil {
			return err
		}
		if sm.Deleting {
			return smDeleting(sm.ARN)
		}
		if req.RevisionId != "" && req.RevisionId != sm.RevisionID {
			return errf("ConflictException", "Failed to publish the State Machine version for revision %s. The current State Machine revision is %s.", req.RevisionId, sm.RevisionID)
		}
		if sm.LastVersion > 0 {
			// Publishing an unchanged revision returns its version again.
			last, err := tx.StateMachineVersionGet(ctx, &store.StateMachineVersionGetParams{ARN: sm.ARN + ":" + strconv.FormatInt(sm.LastVersion, 10)})
			if err == nil && last.RevisionID == sm.RevisionID {
				out = &publishVersionResponse{CreationDate: epoch(last.CreationDate), StateMachineVersionArn: last.ARN}
				return nil
			}
		}
		v, err := tx.StateMachineVersionCreate(ctx, &store.StateMachineVersionCreateParams{StateMachineARN: sm.ARN, Description: req.Description, ExpectedRevisionID: req.RevisionId, Now: h.clock.Now()})
		if err != nil {
			return err
		}
		out = &publishVersionResponse{CreationDate: epoch(v.CreationDate), StateMachineVersionArn: v.ARN}
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, smNotFound(req.StateMachineArn)
	}
	if errors.Is(err, store.ErrConflict) {
		return nil, errf("ConflictException", "The state machine revision changed while publishing: '%s'", req.StateMachineArn)
	}
	return out, err
}

type listVersionsRequest struct {
	StateMachineArn string `json:"stateMachineArn"`
	MaxResults      int    `json:"maxResults"`
	NextToken       string `json:"nextToken"`
}

type versionListItem struct {
	StateMachineVersionArn string `json:"stateMachineVersionArn"`
	CreationDate           epoch  `json:"creationDate"`
}

type listVersionsResponse struct {
	StateMachineVersions []versionListItem `json:"stateMachineVersions"`
	NextToken            *string           `json:"nextToken,omitempty"`
}

func (h *handler) listStateMachineVersions(ctx context.Context, req *listVersionsRequest) (*listVersionsResponse, error) {
	if _, err := h.checkMachineARN(req.StateMachineArn, false); err != nil {
		return nil, err
	}
	if err := checkMaxResults(req.MaxResults); err != nil {
		return nil, err
	}
	scope := "ListStateMachineVersions\x00" + req.StateMachineArn
	cursor, err := h.openToken(scope, req.NextToken)
	if err != nil {
		return nil, err
	}
	var page *store.Page[store.StateMachineVersion]
	err = h.store.ReadTx(ctx, func(tx store.Tx) error {
		if _, err := tx.StateMachineGet(ctx, &store.StateMachineGetParams{ARN: req.StateMachineArn}); err != nil {
			return err
		}
		page, err = tx.StateMachineVersionList(ctx, &store.StateMachineVersionListParams{StateMachineARN: req.StateMachineArn, Limit: req.MaxResults, Cursor: cursor})
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, smNotFound(req.StateMachineArn)
	}
	if err != nil {
		return nil, err
	}
	out := &listVersionsResponse{StateMachineVersions: []versionListItem{}, NextToken: h.sealToken(scope, page.Next)}
	for _, v := range page.Items {
		out.StateMachineVersions = append(out.StateMachineVersions, versionListItem{StateMachineVersionArn: v.ARN, CreationDate: epoch(v.CreationDate)})
	}
	return out, nil
}

type deleteVersionRequest struct {
	StateMachineVersionArn string `json:"stateMachineVersionArn"`
}

func (h *handler) deleteStateMachineVersion(ctx context.Context, req *deleteVersionRequest) (*empty, error) {
	if parseARN(req.StateMachineVersionArn).Kind != arnVersion {
		return nil, errf("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: %s'", req.StateMachineVersionArn)
	}
	err := h.store.Tx(ctx, func(tx store.Tx) error {
		aliases, err := tx.AliasList(ctx, &store.AliasListParams{StateMachineARN: unqualified(req.StateMachineVersionArn), Limit: store.ListLimitMax})
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if aliases != nil {
			for _, a := range aliases.Items {
				var routes []routeEntry
				_ = json.Unmarshal(a.RoutingConfiguration, &routes)
				for _, r := range routes {
					if r.StateMachineVersionArn == req.StateMachineVersionArn {
						return errf("ConflictException", "Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [%s]", a.ARN)
					}
				}
			}
		}
		return tx.StateMachineVersionDelete(ctx, &store.StateMachineVersionDeleteParams{ARN: req.StateMachineVersionArn})
	})
	h.eng.ForgetStateMachine(req.StateMachineVersionArn)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	return &empty{}, nil
}
