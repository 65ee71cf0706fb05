package sfnapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/stepd/stepd/internal/store"
)

type aliasRequest struct {
	StateMachineAliasArn string       `json:"stateMachineAliasArn"`
	StateMachineArn      string       `json:"stateMachineArn"`
	Name                 string       `json:"name"`
	Description          *string      `json:"description"`
	RoutingConfiguration []routeEntry `json:"routingConfiguration"`
	MaxResults           int          `json:"maxResults"`
	NextToken            string       `json:"nextToken"`
}

type aliasResponse struct {
	StateMachineAliasArn string       `json:"stateMachineAliasArn"`
	Name                 string       `json:"name,omitempty"`
	Description          string       `json:"description,omitempty"`
	RoutingConfiguration []routeEntry `json:"routingConfiguration,omitempty"`
	CreationDate         *epoch       `json:"creationDate,omitempty"`
	UpdateDate           *epoch       `json:"updateDate,omitempty"`
}

func validAliasName(name string) bool {
	if !validName(name) {
		return false
	}
	// An all-digit name would read as a version number.
	return strings.Trim(name, "0123456789") != ""
}

// checkRouting applies AWS's rules: one or two distinct versions of the
// alias's own state machine, weights 0–100 summing to 100, each existing.
func checkRouting(ctx context.Context, tx store.Tx, machineARN string, routes []routeEntry) error {
	if len(routes) < 1 || len(routes) > 2 {
		return validation("INVALID_ROUTING_CONFIGURATION", "Routing configuration must contain one or two state machine versions")
	}
	sum := 0
	for i, r := range routes {
		p := parseARN(r.StateMachineVersionArn)
		if p.Kind != arnVersion || unqualified(r.StateMachineVersionArn) != machineARN {
			return validation("INVALID_ROUTING_CONFIGURATION", "Routing configuration must contain state machine version ARNs of '%s'", machineARN)
		}
		if r.Weight < 0 || r.Weight > 100 {
			return validation("INVALID_ROUTING_CONFIGURATION", "Routing weights must be between 0 and 100")
		}
		if i == 1 && r.StateMachineVersionArn == routes[0].StateMachineVersionArn {
			return validation("INVALID_ROUTING_CONFIGURATION", "Routing configuration must contain distinct state machine versions")
		}
		if _, err := tx.StateMachineVersionGet(ctx, &store.StateMachineVersionGetParams{ARN: r.StateMachineVersionArn}); errors.Is(err, store.ErrNotFound) {
			return errf("ResourceNotFound", "Resource not found: '%s'", r.StateMachineVersionArn)
		} else if err != nil {
			return err
		}
		sum += r.Weight
	}
	if sum != 100 {
		return validation("INVALID_ROUTING_CONFIGURATION", "Sum of routing weights must equal 100")
	}
	return nil
}

func (h *handler) createStateMachineAlias(ctx context.Context, req *aliasRequest) (*aliasResponse, error) {
	if !validAliasName(req.Name) {
		return nil, errf("InvalidName", "Invalid Name: '%s'", req.Name)
	}
	if len(req.RoutingConfiguration) == 0 {
		return nil, validation("INVALID_ROUTING_CONFIGURATION", "Routing configuration must contain one or two state machine versions")
	}
	machineARN := unqualified(req.RoutingConfiguration[0].StateMachineVersionArn)
	arn := machineARN + ":" + req.Name
	routing, _ := json.Marshal(req.RoutingConfiguration)
	desc := ""
	if req.Description != nil {
		desc = *req.Description
	}
	var out *aliasResponse
	err := h.store.Tx(ctx, func(tx store.Tx) error {
		if err := checkRouting(ctx, tx, machineARN, req.RoutingConfiguration); err != nil {
			return err
		}
		a, err := tx.AliasCreate(ctx, &store.AliasCreateParams{ARN: arn, StateMachineARN: machineARN, Name: req.Name, Description: desc, RoutingConfiguration: routing, Now: h.clock.Now()})
		if errors.Is(err, store.ErrAlreadyExists) {
			old, gerr := tx.AliasGet(ctx, &store.AliasGetParams{ARN: arn})
			if gerr == nil && old.Description == desc && bytes.Equal(old.RoutingConfiguration, routing) {
				a, err = old, nil
			} else {
				return errf("ConflictException", "Failed to create alias because an alias with the same name and a different routing configuration already exists.")
			}
		}
		if err != nil {
			return err
		}
		out = &aliasResponse{StateMachineAliasArn: a.ARN, CreationDate: epochPtr(a.CreationDate)}
		return nil
	})
	return out, err
}

func checkAliasARN(arn string) error {
	if parseARN(arn).Kind != arnAlias {
		return errf("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: %s'", arn)
	}
	return nil
}

func aliasNotFound(arn string) error {
	return errf("ResourceNotFound", "Resource not found: '%s'", arn)
}

func (h *handler) describeStateMachineAlias(ctx context.Context, req *aliasRequest) (*aliasResponse, error) {
	if err := checkAliasARN(req.StateMachineAliasArn); err != nil {
		return nil, err
	}
	var a *store.Alias
	err := h.store.ReadTx(ctx, func(tx store.Tx) error {
		var err error
		a, err = tx.AliasGet(ctx, &store.AliasGetParams{ARN: req.StateMachineAliasArn})
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, aliasNotFound(req.StateMachineAliasArn)
	}
	if err != nil {
		return nil, err
	}
	var routes []routeEntry
	_ = json.Unmarshal(a.RoutingConfiguration, &routes)
	return &aliasResponse{StateMachineAliasArn: a.ARN, Name: a.Name, Description: a.Description, RoutingConfiguration: routes,
		CreationDate: epochPtr(a.CreationDate), UpdateDate: epochPtr(a.UpdateDate)}, nil
}

func (h *handler) updateStateMachineAlias(ctx context.Context, req *aliasRequest) (*updateAliasResponse, error) {
	if err := checkAliasARN(req.StateMachineAliasArn); err != nil {
		return nil, err
	}
	if req.Description == nil && req.RoutingConfiguration == nil {
		return nil, validation("MISSING_REQUIRED_PARAMETER", "Either the description or the routingConfiguration must be specified")
	}
	var out *aliasResponse
	err := h.store.Tx(ctx, func(tx store.Tx) error {
		a, err := tx.AliasGet(ctx, &store.AliasGetParams{ARN: req.StateMachineAliasArn})
		if err != nil {
			return err
		}
		p := &store.AliasUpdateParams{ARN: a.ARN, Description: a.Description, RoutingConfiguration: a.RoutingConfiguration, Now: h.clock.Now()}
		if req.Description != nil {
			p.Description = *req.Description
		}
		if req.RoutingConfiguration != nil {
			if err := checkRouting(ctx, tx, a.StateMachineARN, req.RoutingConfiguration); err != nil {
				return err
			}
			p.RoutingConfiguration, _ = json.Marshal(req.RoutingConfiguration)
		}
		u, err := tx.AliasUpdate(ctx, p)
		if err != nil {
			return err
		}
		out = &aliasResponse{StateMachineAliasArn: u.ARN, UpdateDate: epochPtr(u.UpdateDate)}
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, aliasNotFound(req.StateMachineAliasArn)
	}
	if err != nil {
		return nil, err
	}
	return &updateAliasResponse{UpdateDate: *out.UpdateDate}, nil
}

type updateAliasResponse struct {
	UpdateDate epoch `json:"updateDate"`
}

func (h *handler) deleteStateMachineAlias(ctx context.Context, req *aliasRequest) (*empty, error) {
	if err := checkAliasARN(req.StateMachineAliasArn); err != nil {
		return nil, err
	}
	err := h.store.Tx(ctx, func(tx store.Tx) error {
		return tx.AliasDelete(ctx, &store.AliasDeleteParams{ARN: req.StateMachineAliasArn})
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, aliasNotFound(req.StateMachineAliasArn)
	}
	if err != nil {
		return nil, err
	}
	return &empty{}, nil
}

type aliasListItem struct {
	StateMachineAliasArn string `json:"stateMachineAliasArn"`
	CreationDate         epoch  `json:"creationDate"`
}

type listAliasesResponse struct {
	StateMachineAliases []aliasListItem `json:"stateMachineAliases"`
	NextToken           *string         `json:"nextToken,omitempty"`
}

func (h *handler) listStateMachineAliases(ctx context.Context, req *aliasRequest) (*listAliasesResponse, error) {
	if _, err := h.checkMachineARN(req.StateMachineArn, false); err != nil {
		return nil, err
	}
	if err := checkMaxResults(req.MaxResults); err != nil {
		return nil, err
	}
	scope := "ListStateMachineAliases\x00" + req.StateMachineArn
	cursor, err := h.openToken(scope, req.NextToken)
	if err != nil {
		return nil, err
	}
	var page *store.Page[store.Alias]
	err = h.store.ReadTx(ctx, func(tx store.Tx) error {
		if _, err := tx.StateMachineGet(ctx, &store.StateMachineGetParams{ARN: req.StateMachineArn}); err != nil {
			return err
		}
		page, err = tx.AliasList(ctx, &store.AliasListParams{StateMachineARN: req.StateMachineArn, Limit: req.MaxResults, Cursor: cursor})
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, errf("ResourceNotFound", "Resource not found: '%s'", req.StateMachineArn)
	}
	if err != nil {
		return nil, err
	}
	out := &listAliasesResponse{StateMachineAliases: []aliasListItem{}, NextToken: h.sealToken(scope, page.Next)}
	for _, a := range page.Items {
		out.StateMachineAliases = append(out.StateMachineAliases, aliasListItem{StateMachineAliasArn: a.ARN, CreationDate: epoch(a.CreationDate)})
	}
	return out, nil
}
