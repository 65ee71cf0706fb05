package memory

import (
	"context"
	"fmt"
	"strconv"

	"github.com/stepd/stepd/internal/store"
)

func (t *tx) StateMachineCreate(ctx context.Context, p *store.StateMachineCreateParams) (*store.StateMachine, error) {
	if err := t.writable(); err != nil {
		return nil, err
	}
	if _, ok := t.d.machines[p.ARN]; ok {
		return nil, fmt.Errorf("state machine %s: %w", p.ARN, store.ErrAlreadyExists)
	}
	now := utc(p.Now)
	sm := store.StateMachine{
		ARN: p.ARN, Name: p.Name, Type: p.Type, Definition: p.Definition, RoleARN: p.RoleARN,
		Description: p.Description, LoggingConfiguration: clone(p.LoggingConfiguration),
		TracingConfiguration: clone(p.TracingConfiguration), EncryptionConfiguration: clone(p.EncryptionConfiguration),
		RevisionID: p.RevisionID, CreationDate: now, UpdateDate: now,
	}
	put(t, t.d.machines, p.ARN, sm)
	return copyMachine(sm), nil
}

func copyMachine(sm store.StateMachine) *store.StateMachine {
	sm.LoggingConfiguration = clone(sm.LoggingConfiguration)
	sm.TracingConfiguration = clone(sm.TracingConfiguration)
	sm.EncryptionConfiguration = clone(sm.EncryptionConfiguration)
	return &sm
}

func (t *tx) StateMachineGet(ctx context.Context, p *store.StateMachineGetParams) (*store.StateMachine, error) {
	sm, ok := t.d.machines[p.ARN]
	if !ok {
		return nil, fmt.Errorf("state machine %s: %w", p.ARN, store.ErrNotFound)
	}
	return copyMachine(sm), nil
}

func (t *tx) StateMachineUpdate(ctx context.Context, p *store.StateMachineUpdateParams) (*store.StateMachine, error) {
	if err := t.writable(); err != nil {
		return nil, err
	}
	sm, ok := t.d.machines[p.ARN]
	if !ok {
		return nil, fmt.Errorf("state machine %s: %w", p.ARN, store.ErrNotFound)
	}
	if p.ExpectedRevisionID != "" && p.ExpectedRevisionID != sm.RevisionID {
		return nil, fmt.Errorf("state machine %s: revision is not %s: %w", p.ARN, p.ExpectedRevisionID, store.ErrConflict)
	}
	sm.Definition, sm.RoleARN, sm.Description = p.Definition, p.RoleARN, p.Description
	sm.LoggingConfiguration = clone(p.LoggingConfiguration)
	sm.TracingConfiguration = clone(p.TracingConfiguration)
	sm.EncryptionConfiguration = clone(p.EncryptionConfiguration)
	sm.RevisionID, sm.UpdateDate = p.RevisionID, utc(p.Now)
	put(t, t.d.machines, p.ARN, sm)
	return copyMachine(sm), nil
}

func (t *tx) StateMachineSetDeleting(ctx context.Context, p *store.StateMachineSetDeletingParams) error {
	if err := t.writable(); err != nil {
		return err
	}
	sm, ok := t.d.machines[p.ARN]
	if !ok {
		return fmt.Errorf("state machine %s: %w", p.ARN, store.ErrNotFound)
	}
	sm.Deleting = true
	put(t, t.d.machines, p.ARN, sm)
	return nil
}

func (t *tx) StateMachineDelete(ctx context.Context, p *store.StateMachineDeleteParams) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, ok := t.d.machines[p.ARN]; !ok {
		return fmt.Errorf("state machine %s: %w", p.ARN, store.ErrNotFound)
	}
	del(t, t.d.machines, p.ARN)
	for arn, v := range t.d.versions {
		if v.StateMachineARN == p.ARN {
			del(t, t.d.versions, arn)
		}
	}
	for arn, a := range t.d.aliases {
		if a.StateMachineARN == p.ARN {
			del(t, t.d.aliases, arn)
		}
	}
	return nil
}

func (t *tx) StateMachineList(ctx context.Context, p *store.StateMachineListParams) (*store.Page[store.StateMachine], error) {
	items := make([]store.StateMachine, 0, len(t.d.machines))
	for _, sm := range t.d.machines {
		items = append(items, *copyMachine(sm))
	}
	return pageByKey(items, func(sm *store.StateMachine) string { return sm.ARN }, false, p.Cursor, p.Limit)
}

func (t *tx) StateMachineVersionCreate(ctx context.Context, p *store.StateMachineVersionCreateParams) (*store.StateMachineVersion, error) {
	if err := t.writable(); err != nil {
		return nil, err
	}
	sm, ok := t.d.machines[p.StateMachineARN]
	if !ok {
		return nil, fmt.Errorf("state machine %s: %w", p.StateMachineARN, store.ErrNotFound)
	}
	if p.ExpectedRevisionID != "" && p.ExpectedRevisionID != sm.RevisionID {
		return nil, fmt.Errorf("state machine %s revision %s: %w", p.StateMachineARN, sm.RevisionID, store.ErrConflict)
	}
	sm.LastVersion++
	put(t, t.d.machines, sm.ARN, sm)
	v := store.StateMachineVersion{
		ARN: sm.ARN + ":" + strconv.FormatInt(sm.LastVersion, 10), StateMachineARN: sm.ARN,
		Version: sm.LastVersion, Type: sm.Type, Definition: sm.Definition, RoleARN: sm.RoleARN,
		Description: p.Description, LoggingConfiguration: clone(sm.LoggingConfiguration),
		TracingConfiguration: clone(sm.TracingConfiguration), EncryptionConfiguration: clone(sm.EncryptionConfiguration),
		RevisionID: sm.RevisionID, CreationDate: utc(p.Now),
	}
	put(t, t.d.versions, v.ARN, v)
	return copyVersion(v), nil
}

func copyVersion(v store.StateMachineVersion) *store.StateMachineVersion {
	v.LoggingConfiguration = clone(v.LoggingConfiguration)
	v.TracingConfiguration = clone(v.TracingConfiguration)
	v.EncryptionConfiguration = clone(v.EncryptionConfiguration)
	return &v
}

func (t *tx) StateMachineVersionGet(ctx context.Context, p *store.StateMachineVersionGetParams) (*store.StateMachineVersion, error) {
	v, ok := t.d.versions[p.ARN]
	if !ok {
		return nil, fmt.Errorf("state machine version %s: %w", p.ARN, store.ErrNotFound)
	}
	return copyVersion(v), nil
}

func (t *tx) StateMachineVersionList(ctx context.Context, p *store.StateMachineVersionListParams) (*store.Page[store.StateMachineVersion], error) {
	var items []store.StateMachineVersion
	for _, v := range t.d.versions {
		if v.StateMachineARN == p.StateMachineARN {
			items = append(items, *copyVersion(v))
		}
	}
	// Zero-padded numbers sort as strings in numeric order.
	key := func(v *store.StateMachineVersion) string { return fmt.Sprintf("%020d", v.Version) }
	return pageByKey(items, key, true, p.Cursor, p.Limit)
}

func (t *tx) StateMachineVersionDelete(ctx context.Context, p *store.StateMachineVersionDeleteParams) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, ok := t.d.versions[p.ARN]; !ok {
		return fmt.Errorf("state machine version %s: %w", p.ARN, store.ErrNotFound)
	}
	del(t, t.d.versions, p.ARN)
	return nil
}

func (t *tx) AliasCreate(ctx context.Context, p *store.AliasCreateParams) (*store.Alias, error) {
	if err := t.writable(); err != nil {
		return nil, err
	}
	if _, ok := t.d.aliases[p.ARN]; ok {
		return nil, fmt.Errorf("alias %s: %w", p.ARN, store.ErrAlreadyExists)
	}
	now := utc(p.Now)
	a := store.Alias{
		ARN: p.ARN, StateMachineARN: p.StateMachineARN, Name: p.Name, Description: p.Description,
		RoutingConfiguration: clone(p.RoutingConfiguration), CreationDate: now, UpdateDate: now,
	}
	put(t, t.d.aliases, p.ARN, a)
	a.RoutingConfiguration = clone(a.RoutingConfiguration)
	return &a, nil
}

func (t *tx) AliasGet(ctx context.Context, p *store.AliasGetParams) (*store.Alias, error) {
	a, ok := t.d.aliases[p.ARN]
	if !ok {
		return nil, fmt.Errorf("alias %s: %w", p.ARN, store.ErrNotFound)
	}
	a.RoutingConfiguration = clone(a.RoutingConfiguration)
	return &a, nil
}

func (t *tx) AliasUpdate(ctx context.Context, p *store.AliasUpdateParams) (*store.Alias, error) {
	if err := t.writable(); err != nil {
		return nil, err
	}
	a, ok := t.d.aliases[p.ARN]
	if !ok {
		return nil, fmt.Errorf("alias %s: %w", p.ARN, store.ErrNotFound)
	}
	a.Description, a.RoutingConfiguration, a.UpdateDate = p.Description, clone(p.RoutingConfiguration), utc(p.Now)
	put(t, t.d.aliases, p.ARN, a)
	a.RoutingConfiguration = clone(a.RoutingConfiguration)
	return &a, nil
}

func (t *tx) AliasDelete(ctx context.Context, p *store.AliasDeleteParams) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, ok := t.d.aliases[p.ARN]; !ok {
		return fmt.Errorf("alias %s: %w", p.ARN, store.ErrNotFound)
	}
	del(t, t.d.aliases, p.ARN)
	return nil
}

func (t *tx) AliasList(ctx context.Context, p *store.AliasListParams) (*store.Page[store.Alias], error) {
	var items []store.Alias
	for _, a := range t.d.aliases {
		if a.StateMachineARN == p.StateMachineARN {
			a.RoutingConfiguration = clone(a.RoutingConfiguration)
			items = append(items, a)
		}
	}
	return pageByKey(items, func(a *store.Alias) string { return a.ARN }, false, p.Cursor, p.Limit)
}
