package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/sqlrow"
)

func (t *tx) StateMachineCreate(ctx context.Context, p *store.StateMachineCreateParams) (*store.StateMachine, error) {
	row := t.q.QueryRowContext(ctx, `INSERT INTO state_machines (`+sqlrow.MachineColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, FALSE) RETURNING `+sqlrow.MachineColumns,
		p.ARN, p.Name, p.Type, p.Definition, p.RoleARN, p.Description, p.LoggingConfiguration,
		p.TracingConfiguration, p.EncryptionConfiguration, p.RevisionID, sqlrow.Nanos(p.Now), sqlrow.Nanos(p.Now))
	sm, err := sqlrow.Machine(row)
	return sm, mapErr(err)
}

func (t *tx) StateMachineGet(ctx context.Context, p *store.StateMachineGetParams) (*store.StateMachine, error) {
	sm, err := sqlrow.Machine(t.q.QueryRowContext(ctx, `SELECT `+sqlrow.MachineColumns+` FROM state_machines WHERE arn = ?`, p.ARN))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("state machine", p.ARN)
	}
	return sm, mapErr(err)
}

func (t *tx) StateMachineUpdate(ctx context.Context, p *store.StateMachineUpdateParams) (*store.StateMachine, error) {
	sm, err := sqlrow.Machine(t.q.QueryRowContext(ctx, `UPDATE state_machines SET definition = ?, role_arn = ?,
		description = ?, logging_configuration = ?, tracing_configuration = ?, encryption_configuration = ?,
		revision_id = ?, update_date = ? WHERE arn = ? AND (? = '' OR revision_id = ?) RETURNING `+sqlrow.MachineColumns,
		p.Definition, p.RoleARN, p.Description, p.LoggingConfiguration, p.TracingConfiguration,
		p.EncryptionConfiguration, p.RevisionID, sqlrow.Nanos(p.Now), p.ARN, p.ExpectedRevisionID, p.ExpectedRevisionID))
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := t.StateMachineGet(ctx, &store.StateMachineGetParams{ARN: p.ARN}); err != nil {
			return nil, err
		}
		return nil, conflict("state machine " + p.ARN + ": revision is not " + p.ExpectedRevisionID)
	}
	return sm, mapErr(err)
}

func (t *tx) StateMachineSetDeleting(ctx context.Context, p *store.StateMachineSetDeletingParams) error {
	n, err := t.exec(ctx, `UPDATE state_machines SET deleting = TRUE WHERE arn = ?`, p.ARN)
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound("state machine", p.ARN)
	}
	return nil
}

func (t *tx) StateMachineDelete(ctx context.Context, p *store.StateMachineDeleteParams) error {
	n, err := t.exec(ctx, `DELETE FROM state_machines WHERE arn = ?`, p.ARN)
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound("state machine", p.ARN)
	}
	if _, err := t.exec(ctx, `DELETE FROM state_machine_versions WHERE state_machine_arn = ?`, p.ARN); err != nil {
		return err
	}
	_, err = t.exec(ctx, `DELETE FROM aliases WHERE state_machine_arn = ?`, p.ARN)
	return err
}

// listRows runs a page query (which selects limit+1 rows) and builds the
// page, with next computed from the last row kept.
func listRows[T any](rows rows, err error, limit int, scan func(sqlrow.Scanner) (*T, error), next func(*T) string) (*store.Page[T], error) {
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	page := &store.Page[T]{Items: []T{}}
	for rows.Next() {
		item, err := scan(rows)
		if err != nil {
			return nil, mapErr(err)
		}
		if len(page.Items) == limit {
			page.Next = next(&page.Items[limit-1])
			break
		}
		page.Items = append(page.Items, *item)
	}
	return page, mapErr(rows.Err())
}

func (t *tx) StateMachineList(ctx context.Context, p *store.StateMachineListParams) (*store.Page[store.StateMachine], error) {
	after, err := store.AfterKey(p.Cursor)
	if err != nil {
		return nil, err
	}
	limit := store.ListLimit(p.Limit)
	rows, err := t.q.QueryContext(ctx, `SELECT `+sqlrow.MachineColumns+` FROM state_machines WHERE arn > ? ORDER BY arn LIMIT ?`, after, limit+1)
	return listRows(rows, err, limit, sqlrow.Machine, func(sm *store.StateMachine) string { return store.KeyCursor(sm.ARN) })
}

func (t *tx) StateMachineVersionCreate(ctx context.Context, p *store.StateMachineVersionCreateParams) (*store.StateMachineVersion, error) {
	sm, err := t.StateMachineGet(ctx, &store.StateMachineGetParams{ARN: p.StateMachineARN})
	if err != nil {
		return nil, err
	}
	if p.ExpectedRevisionID != "" && p.ExpectedRevisionID != sm.RevisionID {
		return nil, conflict("state machine " + sm.ARN + " revision " + sm.RevisionID)
	}
	version := sm.LastVersion + 1
	if _, err := t.exec(ctx, `UPDATE state_machines SET last_version = ? WHERE arn = ?`, version, sm.ARN); err != nil {
		return nil, err
	}
	v, err := sqlrow.Version(t.q.QueryRowContext(ctx, `INSERT INTO state_machine_versions (`+sqlrow.VersionColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING `+sqlrow.VersionColumns,
		sm.ARN+":"+strconv.FormatInt(version, 10), sm.ARN, version, sm.Type, sm.Definition, sm.RoleARN,
		p.Description, sm.LoggingConfiguration, sm.TracingConfiguration, sm.EncryptionConfiguration,
		sm.RevisionID, sqlrow.Nanos(p.Now)))
	return v, mapErr(err)
}

func (t *tx) StateMachineVersionGet(ctx context.Context, p *store.StateMachineVersionGetParams) (*store.StateMachineVersion, error) {
	v, err := sqlrow.Version(t.q.QueryRowContext(ctx, `SELECT `+sqlrow.VersionColumns+` FROM state_machine_versions WHERE arn = ?`, p.ARN))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("state machine version", p.ARN)
	}
	return v, mapErr(err)
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
	rows, err := t.q.QueryContext(ctx, `SELECT `+sqlrow.VersionColumns+` FROM state_machine_versions
		WHERE state_machine_arn = ? AND version < ? ORDER BY version DESC LIMIT ?`, p.StateMachineARN, before, limit+1)
	return listRows(rows, err, limit, sqlrow.Version, func(v *store.StateMachineVersion) string {
		return store.KeyCursor(strconv.FormatInt(v.Version, 10))
	})
}

func (t *tx) StateMachineVersionDelete(ctx context.Context, p *store.StateMachineVersionDeleteParams) error {
	n, err := t.exec(ctx, `DELETE FROM state_machine_versions WHERE arn = ?`, p.ARN)
	if err == nil && n == 0 {
		return notFound("state machine version", p.ARN)
	}
	return err
}

func (t *tx) AliasCreate(ctx context.Context, p *store.AliasCreateParams) (*store.Alias, error) {
	a, err := sqlrow.Alias(t.q.QueryRowContext(ctx, `INSERT INTO aliases (`+sqlrow.AliasColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)
		RETURNING `+sqlrow.AliasColumns, p.ARN, p.StateMachineARN, p.Name, p.Description, p.RoutingConfiguration, sqlrow.Nanos(p.Now), sqlrow.Nanos(p.Now)))
	return a, mapErr(err)
}

func (t *tx) AliasGet(ctx context.Context, p *store.AliasGetParams) (*store.Alias, error) {
	a, err := sqlrow.Alias(t.q.QueryRowContext(ctx, `SELECT `+sqlrow.AliasColumns+` FROM aliases WHERE arn = ?`, p.ARN))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("alias", p.ARN)
	}
	return a, mapErr(err)
}

func (t *tx) AliasUpdate(ctx context.Context, p *store.AliasUpdateParams) (*store.Alias, error) {
	a, err := sqlrow.Alias(t.q.QueryRowContext(ctx, `UPDATE aliases SET description = ?, routing_configuration = ?, update_date = ?
		WHERE arn = ? RETURNING `+sqlrow.AliasColumns, p.Description, p.RoutingConfiguration, sqlrow.Nanos(p.Now), p.ARN))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("alias", p.ARN)
	}
	return a, mapErr(err)
}

func (t *tx) AliasDelete(ctx context.Context, p *store.AliasDeleteParams) error {
	n, err := t.exec(ctx, `DELETE FROM aliases WHERE arn = ?`, p.ARN)
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
	rows, err := t.q.QueryContext(ctx, `SELECT `+sqlrow.AliasColumns+` FROM aliases WHERE state_machine_arn = ? AND arn > ?
		ORDER BY arn LIMIT ?`, p.StateMachineARN, after, limit+1)
	return listRows(rows, err, limit, sqlrow.Alias, func(a *store.Alias) string { return store.KeyCursor(a.ARN) })
}
