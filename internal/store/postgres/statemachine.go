package postgres

import (
	"context"
	"errors"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/sqlrow"
)

func (t *tx) StateMachineCreate(ctx context.Context, p *store.StateMachineCreateParams) (*store.StateMachine, error) {
	sm, err := sqlrow.Machine(t.q.QueryRow(ctx, `INSERT INTO state_machines (`+sqlrow.MachineColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, 0, FALSE) ON CONFLICT DO NOTHING RETURNING `+sqlrow.MachineColumns,
		p.ARN, p.Name, p.Type, p.Definition, p.RoleARN, p.Description, p.LoggingConfiguration,
		p.TracingConfiguration, p.EncryptionConfiguration, p.RevisionID, sqlrow.Nanos(p.Now)))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, alreadyExists("state machine", p.ARN)
	}
	return sm, t.err(err)
}

func (t *tx) StateMachineGet(ctx context.Context, p *store.StateMachineGetParams) (*store.StateMachine, error) {
	sm, err := sqlrow.Machine(t.q.QueryRow(ctx, `SELECT `+sqlrow.MachineColumns+` FROM state_machines WHERE arn = $1`, p.ARN))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound("state machine", p.ARN)
	}
	return sm, t.err(err)
}

func (t *tx) StateMachineUpdate(ctx context.Context, p *store.StateMachineUpdateParams) (*store.StateMachine, error) {
	sm, err := sqlrow.Machine(t.q.QueryRow(ctx, `UPDATE state_machines SET definition = $1, role_arn = $2,
		description = $3, logging_configuration = $4, tracing_configuration = $5, encryption_configuration = $6,
		revision_id = $7, update_date = $8 WHERE arn = $9 AND ($10 = '' OR revision_id = $10) RETURNING `+sqlrow.MachineColumns,
		p.Definition, p.RoleARN, p.Description, p.LoggingConfiguration, p.TracingConfiguration,
		p.EncryptionConfiguration, p.RevisionID, sqlrow.Nanos(p.Now), p.ARN, p.ExpectedRevisionID))
	if errors.Is(err, pgx.ErrNoRows) {
		// The WHERE is checked again on the newest row once a concurrent
		// update commits, so a lost race lands here too.
		if _, err := t.StateMachineGet(ctx, &store.StateMachineGetParams{ARN: p.ARN}); err != nil {
			return nil, err
		}
		return nil, conflict("state machine " + p.ARN + ": revision is not " + p.ExpectedRevisionID)
	}
	return sm, t.err(err)
}

func (t *tx) StateMachineSetDeleting(ctx context.Context, p *store.StateMachineSetDeletingParams) error {
	n, err := t.exec(ctx, `UPDATE state_machines SET deleting = TRUE WHERE arn = $1`, p.ARN)
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound("state machine", p.ARN)
	}
	return nil
}

func (t *tx) StateMachineDelete(ctx context.Context, p *store.StateMachineDeleteParams) error {
	n, err := t.exec(ctx, `DELETE FROM state_machines WHERE arn = $1`, p.ARN)
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound("state machine", p.ARN)
	}
	if _, err := t.exec(ctx, `DELETE FROM state_machine_versions WHERE state_machine_arn = $1`, p.ARN); err != nil {
		return err
	}
	_, err = t.exec(ctx, `DELETE FROM aliases WHERE state_machine_arn = $1`, p.ARN)
	return err
}

func (t *tx) StateMachineList(ctx context.Context, p *store.StateMachineListParams) (*store.Page[store.StateMachine], error) {
	after, err := store.AfterKey(p.Cursor)
	if err != nil {
		return nil, err
	}
	limit := store.ListLimit(p.Limit)
	rows, err := t.q.Query(ctx, `SELECT `+sqlrow.MachineColumns+` FROM state_machines WHERE arn > $1 ORDER BY arn LIMIT $2`, after, limit+1)
	return listRows(t, rows, err, limit, sqlrow.Machine, func(sm *store.StateMachine) string { return store.KeyCursor(sm.ARN) })
}

// StateMachineVersionCreate locks the state machine row (FOR UPDATE) before
// reading its last version number, so two nodes publishing at once take
// numbers one after the other instead of both taking the same one.
func (t *tx) StateMachineVersionCreate(ctx context.Context, p *store.StateMachineVersionCreateParams) (*store.StateMachineVersion, error) {
	sm, err := sqlrow.Machine(t.q.QueryRow(ctx, `SELECT `+sqlrow.MachineColumns+` FROM state_machines WHERE arn = $1 FOR UPDATE`, p.StateMachineARN))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound("state machine", p.StateMachineARN)
	}
	if err != nil {
		return nil, t.err(err)
	}
	if p.ExpectedRevisionID != "" && p.ExpectedRevisionID != sm.RevisionID {
		return nil, conflict("state machine " + sm.ARN + " revision " + sm.RevisionID)
	}
	version := sm.LastVersion + 1
	if _, err := t.exec(ctx, `UPDATE state_machines SET last_version = $1 WHERE arn = $2`, version, sm.ARN); err != nil {
		return nil, err
	}
	arn := sm.ARN + ":" + strconv.FormatInt(version, 10)
	v, err := sqlrow.Version(t.q.QueryRow(ctx, `INSERT INTO state_machine_versions (`+sqlrow.VersionColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING RETURNING `+sqlrow.VersionColumns,
		arn, sm.ARN, version, sm.Type, sm.Definition, sm.RoleARN,
		p.Description, sm.LoggingConfiguration, sm.TracingConfiguration, sm.EncryptionConfiguration,
		sm.RevisionID, sqlrow.Nanos(p.Now)))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, alreadyExists("state machine version", arn)
	}
	return v, t.err(err)
}

func (t *tx) StateMachineVersionGet(ctx context.Context, p *store.StateMachineVersionGetParams) (*store.StateMachineVersion, error) {
	v, err := sqlrow.Version(t.q.QueryRow(ctx, `SELECT `+sqlrow.VersionColumns+` FROM state_machine_versions WHERE arn = $1`, p.ARN))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound("state machine version", p.ARN)
	}
	return v, t.err(err)
}

func (t *tx) StateMachineVersionList(ctx context.Context, p *store.StateMachineVersionListParams) (*store.Page[store.StateMachineVersion], error) {
	before := int64(1<<63 - 1)
	if p.Cursor != "" {
		s, err := store.AfterKey(p.Cursor)
		if err != nil {
			return nil, err
		}
		if before, err = strconv.ParseInt(s, 10, 64); err != nil {
			return nil, store.ErrInvalidCursor
		}
	}
	limit := store.ListLimit(p.Limit)
	rows, err := t.q.Query(ctx, `SELECT `+sqlrow.VersionColumns+` FROM state_machine_versions
		WHERE state_machine_arn = $1 AND version < $2 ORDER BY version DESC LIMIT $3`, p.StateMachineARN, before, limit+1)
	return listRows(t, rows, err, limit, sqlrow.Version, func(v *store.StateMachineVersion) string {
		return store.KeyCursor(strconv.FormatInt(v.Version, 10))
	})
}

func (t *tx) StateMachineVersionDelete(ctx context.Context, p *store.StateMachineVersionDeleteParams) error {
	n, err := t.exec(ctx, `DELETE FROM state_machine_versions WHERE arn = $1`, p.ARN)
	if err == nil && n == 0 {
		return notFound("state machine version", p.ARN)
	}
	return err
}

func (t *tx) AliasCreate(ctx context.Context, p *store.AliasCreateParams) (*store.Alias, error) {
	a, err := sqlrow.Alias(t.q.QueryRow(ctx, `INSERT INTO aliases (`+sqlrow.AliasColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $6)
		ON CONFLICT DO NOTHING RETURNING `+sqlrow.AliasColumns, p.ARN, p.StateMachineARN, p.Name, p.Description, p.RoutingConfiguration, sqlrow.Nanos(p.Now)))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, alreadyExists("alias", p.ARN)
	}
	return a, t.err(err)
}

func (t *tx) AliasGet(ctx context.Context, p *store.AliasGetParams) (*store.Alias, error) {
	a, err := sqlrow.Alias(t.q.QueryRow(ctx, `SELECT `+sqlrow.AliasColumns+` FROM aliases WHERE arn = $1`, p.ARN))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound("alias", p.ARN)
	}
	return a, t.err(err)
}

func (t *tx) AliasUpdate(ctx context.Context, p *store.AliasUpdateParams) (*store.Alias, error) {
	a, err := sqlrow.Alias(t.q.QueryRow(ctx, `UPDATE aliases SET description = $1, routing_configuration = $2, update_date = $3
		WHERE arn = $4 RETURNING `+sqlrow.AliasColumns, p.Description, p.RoutingConfiguration, sqlrow.Nanos(p.Now), p.ARN))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound("alias", p.ARN)
	}
	return a, t.err(err)
}

func (t *tx) AliasDelete(ctx context.Context, p *store.AliasDeleteParams) error {
	n, err := t.exec(ctx, `DELETE FROM aliases WHERE arn = $1`, p.ARN)
	if err == nil && n == 0 {
		return notFound("alias", p.ARN)
	}
	return err
}

func (t *tx) AliasList(ctx context.Context, p *store.AliasListParams) (*store.Page[store.Alias], error) {
	after, err := store.AfterKey(p.Cursor)
	if err != nil {
		return nil, err
	}
	limit := store.ListLimit(p.Limit)
	rows, err := t.q.Query(ctx, `SELECT `+sqlrow.AliasColumns+` FROM aliases WHERE state_machine_arn = $1 AND arn > $2
		ORDER BY arn LIMIT $3`, p.StateMachineARN, after, limit+1)
	return listRows(t, rows, err, limit, sqlrow.Alias, func(a *store.Alias) string { return store.KeyCursor(a.ARN) })
}
