// Package sqlrow is what the SQL drivers share: the column lists of each
// table and the functions that scan them into store types. The schemas of
// SQLite and PostgreSQL keep the same columns with the same encodings
// (times as int64 nanoseconds, blobs as bytes), so one definition serves
// both; only the statements differ.
package sqlrow

import (
	"time"

	"github.com/stepd/stepd/internal/store"
)

// Scanner is a row: *sql.Row, *sql.Rows, pgx.Row, pgx.Rows.
type Scanner interface{ Scan(dest ...any) error }

// Nanos is a time as its column holds it.
func Nanos(t time.Time) int64 { return store.UnixNanos(t) }

// TimeCol scans an integer nanosecond column into a time.Time.
type TimeCol struct{ t *time.Time }

// Scan implements sql.Scanner (pgx honours it too).
func (c TimeCol) Scan(v any) error {
	n, _ := v.(int64)
	*c.t = store.FromUnixNanos(n)
	return nil
}

// Time scans a nanosecond column into *t.
func Time(t *time.Time) TimeCol { return TimeCol{t} }

// Column lists, in the order the scan functions read them.
const (
	ActivityColumns     = `arn, name, encryption_configuration, creation_date`
	ActivityTaskColumns = `task_token, activity_arn, execution_arn, input, created_at, worker_name, claimed_at`
	AliasColumns        = `arn, state_machine_arn, name, description, routing_configuration, creation_date, update_date`
	ExecutionColumns    = `arn, state_machine_arn, version_arn, alias_arn, name, type, status, input, output,
	error, cause, trace_header, parent_arn, start_date, stop_date, redrive_count, redrive_date, snapshot, version, map_run_arn`
	MapRunColumns  = `arn, execution_arn, state_machine_arn, status, start_date, stop_date, payload, version`
	MachineColumns = `arn, name, type, definition, role_arn, description, logging_configuration,
	tracing_configuration, encryption_configuration, revision_id, creation_date, update_date, last_version, deleting`
	OutboxColumns  = `id, kind, execution_arn, COALESCE(key, ''), payload, due_at, created_at, claimed_by, lease_until, attempts`
	TokenColumns   = `token, execution_arn, state_name, attempt, payload, heartbeat_deadline, created_at`
	VersionColumns = `arn, state_machine_arn, version, type, definition, role_arn, description,
	logging_configuration, tracing_configuration, encryption_configuration, revision_id, creation_date`
)

// Activity scans ActivityColumns.
func Activity(r Scanner) (*store.Activity, error) {
	var a store.Activity
	err := r.Scan(&a.ARN, &a.Name, &a.EncryptionConfiguration, Time(&a.CreationDate))
	return &a, err
}

// ActivityTask scans ActivityTaskColumns.
func ActivityTask(r Scanner) (*store.ActivityTask, error) {
	var a store.ActivityTask
	err := r.Scan(&a.TaskToken, &a.ActivityARN, &a.ExecutionARN, &a.Input, Time(&a.CreatedAt), &a.WorkerName, Time(&a.ClaimedAt))
	return &a, err
}

// Alias scans AliasColumns.
func Alias(r Scanner) (*store.Alias, error) {
	var a store.Alias
	err := r.Scan(&a.ARN, &a.StateMachineARN, &a.Name, &a.Description, &a.RoutingConfiguration, Time(&a.CreationDate), Time(&a.UpdateDate))
	return &a, err
}

// Execution scans ExecutionColumns, then any extra columns into extra.
func Execution(r Scanner, extra ...any) (*store.Execution, error) {
	var e store.Execution
	err := r.Scan(append([]any{&e.ARN, &e.StateMachineARN, &e.VersionARN, &e.AliasARN, &e.Name, &e.Type, &e.Status,
		&e.Input, &e.Output, &e.Error, &e.Cause, &e.TraceHeader, &e.ParentARN, Time(&e.StartDate), Time(&e.StopDate),
		&e.RedriveCount, Time(&e.RedriveDate), &e.Snapshot, &e.Version, &e.MapRunARN}, extra...)...)
	return &e, err
}

// MapRun scans MapRunColumns.
func MapRun(r Scanner) (*store.MapRun, error) {
	var m store.MapRun
	err := r.Scan(&m.ARN, &m.ExecutionARN, &m.StateMachineARN, &m.Status, Time(&m.StartDate), Time(&m.StopDate), &m.Payload, &m.Version)
	return &m, err
}

// Machine scans MachineColumns.
func Machine(r Scanner) (*store.StateMachine, error) {
	var sm store.StateMachine
	err := r.Scan(&sm.ARN, &sm.Name, &sm.Type, &sm.Definition, &sm.RoleARN, &sm.Description,
		&sm.LoggingConfiguration, &sm.TracingConfiguration, &sm.EncryptionConfiguration,
		&sm.RevisionID, Time(&sm.CreationDate), Time(&sm.UpdateDate), &sm.LastVersion, &sm.Deleting)
	return &sm, err
}

// OutboxRow scans OutboxColumns.
func OutboxRow(r Scanner) (*store.OutboxRow, error) {
	var o store.OutboxRow
	err := r.Scan(&o.ID, &o.Kind, &o.ExecutionARN, &o.Key, &o.Payload, Time(&o.DueAt), Time(&o.CreatedAt),
		&o.ClaimedBy, Time(&o.LeaseUntil), &o.Attempts)
	return &o, err
}

// TaskToken scans TokenColumns.
func TaskToken(r Scanner) (*store.TaskToken, error) {
	var k store.TaskToken
	err := r.Scan(&k.Token, &k.ExecutionARN, &k.StateName, &k.Attempt, &k.Payload, Time(&k.HeartbeatDeadline), Time(&k.CreatedAt))
	return &k, err
}

// Version scans VersionColumns.
func Version(r Scanner) (*store.StateMachineVersion, error) {
	var v store.StateMachineVersion
	err := r.Scan(&v.ARN, &v.StateMachineARN, &v.Version, &v.Type, &v.Definition, &v.RoleARN, &v.Description,
		&v.LoggingConfiguration, &v.TracingConfiguration, &v.EncryptionConfiguration, &v.RevisionID, Time(&v.CreationDate))
	return &v, err
}
