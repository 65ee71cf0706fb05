-- stepd storage schema, version 1. Times are INTEGER nanoseconds since the
-- Unix epoch (0 = unset); payloads are BLOBs the store never interprets.

CREATE TABLE state_machines (
    arn                      TEXT PRIMARY KEY,
    name                     TEXT NOT NULL,
    type                     TEXT NOT NULL,
    definition               TEXT NOT NULL,
    role_arn                 TEXT NOT NULL,
    description              TEXT NOT NULL,
    logging_configuration    BLOB,
    tracing_configuration    BLOB,
    encryption_configuration BLOB,
    revision_id              TEXT NOT NULL,
    creation_date            INTEGER NOT NULL,
    update_date              INTEGER NOT NULL,
    last_version             INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE state_machine_versions (
    arn                      TEXT PRIMARY KEY,
    state_machine_arn        TEXT NOT NULL,
    version                  INTEGER NOT NULL,
    type                     TEXT NOT NULL,
    definition               TEXT NOT NULL,
    role_arn                 TEXT NOT NULL,
    description              TEXT NOT NULL,
    logging_configuration    BLOB,
    tracing_configuration    BLOB,
    encryption_configuration BLOB,
    revision_id              TEXT NOT NULL,
    creation_date            INTEGER NOT NULL
);
CREATE UNIQUE INDEX state_machine_versions_by_machine ON state_machine_versions (state_machine_arn, version);

CREATE TABLE aliases (
    arn                   TEXT PRIMARY KEY,
    state_machine_arn     TEXT NOT NULL,
    name                  TEXT NOT NULL,
    description           TEXT NOT NULL,
    routing_configuration BLOB,
    creation_date         INTEGER NOT NULL,
    update_date           INTEGER NOT NULL
);
CREATE INDEX aliases_by_machine ON aliases (state_machine_arn, arn);

CREATE TABLE executions (
    arn               TEXT PRIMARY KEY,
    state_machine_arn TEXT NOT NULL,
    version_arn       TEXT NOT NULL,
    alias_arn         TEXT NOT NULL,
    name              TEXT NOT NULL,
    type              TEXT NOT NULL,
    status            TEXT NOT NULL,
    input             BLOB,
    output            BLOB,
    error             TEXT NOT NULL,
    cause             TEXT NOT NULL,
    trace_header      TEXT NOT NULL,
    parent_arn        TEXT NOT NULL,
    start_date        INTEGER NOT NULL,
    stop_date         INTEGER NOT NULL,
    redrive_count     INTEGER NOT NULL,
    redrive_date      INTEGER NOT NULL,
    snapshot          BLOB,
    version           INTEGER NOT NULL
);
CREATE INDEX executions_by_start ON executions (start_date, arn);
CREATE INDEX executions_by_machine ON executions (state_machine_arn, start_date, arn);
CREATE INDEX executions_by_version ON executions (version_arn, start_date, arn) WHERE version_arn != '';
CREATE INDEX executions_by_alias ON executions (alias_arn, start_date, arn) WHERE alias_arn != '';

CREATE TABLE events (
    execution_arn TEXT NOT NULL,
    id            INTEGER NOT NULL,
    type          TEXT NOT NULL,
    timestamp     INTEGER NOT NULL,
    data          BLOB,
    PRIMARY KEY (execution_arn, id)
) WITHOUT ROWID;

-- key is NULL when empty, so only non-empty keys are unique. The unique
-- index leads with (kind, key), not execution_arn: keys are event ids, so
-- concurrent executions' inserts land on a few index pages instead of one
-- page per execution, which is most of the cost of a group commit.
CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    kind          TEXT NOT NULL,
    execution_arn TEXT NOT NULL,
    key           TEXT,
    payload       BLOB,
    due_at        INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    claimed_by    TEXT NOT NULL DEFAULT '',
    lease_until   INTEGER NOT NULL DEFAULT 0,
    attempts      INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX outbox_by_key ON outbox (kind, key, execution_arn);
CREATE INDEX outbox_ready ON outbox (kind, due_at, id) WHERE claimed_by = '';
CREATE INDEX outbox_leased ON outbox (lease_until) WHERE claimed_by != '';

CREATE TABLE activities (
    arn                      TEXT PRIMARY KEY,
    name                     TEXT NOT NULL,
    encryption_configuration BLOB,
    creation_date            INTEGER NOT NULL
);

CREATE TABLE activity_tasks (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    task_token    TEXT NOT NULL UNIQUE,
    activity_arn  TEXT NOT NULL,
    execution_arn TEXT NOT NULL,
    input         BLOB,
    created_at    INTEGER NOT NULL,
    worker_name   TEXT NOT NULL DEFAULT '',
    claimed_at    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX activity_tasks_pending ON activity_tasks (activity_arn, seq) WHERE worker_name = '';
CREATE INDEX activity_tasks_by_execution ON activity_tasks (execution_arn);

CREATE TABLE task_tokens (
    token              TEXT PRIMARY KEY,
    execution_arn      TEXT NOT NULL,
    state_name         TEXT NOT NULL,
    attempt            INTEGER NOT NULL,
    payload            BLOB,
    heartbeat_deadline INTEGER NOT NULL,
    created_at         INTEGER NOT NULL
);

CREATE TABLE tags (
    resource_arn TEXT NOT NULL,
    key          TEXT NOT NULL,
    value        TEXT NOT NULL,
    PRIMARY KEY (resource_arn, key)
) WITHOUT ROWID;

CREATE TABLE leases (
    name    TEXT PRIMARY KEY,
    holder  TEXT NOT NULL,
    expires INTEGER NOT NULL
);
