-- stepd storage schema for PostgreSQL, version 1: the SQLite schema as of
-- its migration 0003, in PostgreSQL types. Times are BIGINT nanoseconds
-- since the Unix epoch (0 = unset), as in SQLite, so both drivers share the
-- store package's cursor encoding and compare times exactly; payloads are
-- BYTEA the store never interprets. Keys that listings order or page by are
-- COLLATE "C": byte order, as SQLite sorts, whatever the database's locale.

CREATE TABLE state_machines (
    arn                      TEXT COLLATE "C" PRIMARY KEY,
    name                     TEXT NOT NULL,
    type                     TEXT NOT NULL,
    definition               TEXT NOT NULL,
    role_arn                 TEXT NOT NULL,
    description              TEXT NOT NULL,
    logging_configuration    BYTEA,
    tracing_configuration    BYTEA,
    encryption_configuration BYTEA,
    revision_id              TEXT NOT NULL,
    creation_date            BIGINT NOT NULL,
    update_date              BIGINT NOT NULL,
    last_version             BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE state_machine_versions (
    arn                      TEXT COLLATE "C" PRIMARY KEY,
    state_machine_arn        TEXT COLLATE "C" NOT NULL,
    version                  BIGINT NOT NULL,
    type                     TEXT NOT NULL,
    definition               TEXT NOT NULL,
    role_arn                 TEXT NOT NULL,
    description              TEXT NOT NULL,
    logging_configuration    BYTEA,
    tracing_configuration    BYTEA,
    encryption_configuration BYTEA,
    revision_id              TEXT NOT NULL,
    creation_date            BIGINT NOT NULL
);
CREATE UNIQUE INDEX state_machine_versions_by_machine ON state_machine_versions (state_machine_arn, version);

CREATE TABLE aliases (
    arn                   TEXT COLLATE "C" PRIMARY KEY,
    state_machine_arn     TEXT COLLATE "C" NOT NULL,
    name                  TEXT NOT NULL,
    description           TEXT NOT NULL,
    routing_configuration BYTEA,
    creation_date         BIGINT NOT NULL,
    update_date           BIGINT NOT NULL
);
CREATE INDEX aliases_by_machine ON aliases (state_machine_arn, arn);

-- The version and alias indexes are not partial (SQLite's are WHERE
-- version_arn != ''): PostgreSQL cannot prove a parameter is non-empty,
-- so a generic plan would never use a partial index.
CREATE TABLE executions (
    arn               TEXT COLLATE "C" PRIMARY KEY,
    state_machine_arn TEXT COLLATE "C" NOT NULL,
    version_arn       TEXT COLLATE "C" NOT NULL,
    alias_arn         TEXT COLLATE "C" NOT NULL,
    name              TEXT NOT NULL,
    type              TEXT NOT NULL,
    status            TEXT NOT NULL,
    input             BYTEA,
    output            BYTEA,
    error             TEXT NOT NULL,
    cause             TEXT NOT NULL,
    trace_header      TEXT NOT NULL,
    parent_arn        TEXT NOT NULL,
    start_date        BIGINT NOT NULL,
    stop_date         BIGINT NOT NULL,
    redrive_count     INTEGER NOT NULL,
    redrive_date      BIGINT NOT NULL,
    snapshot          BYTEA,
    version           BIGINT NOT NULL,
    definition        BYTEA
);
CREATE INDEX executions_by_start ON executions (start_date, arn);
CREATE INDEX executions_by_machine ON executions (state_machine_arn, start_date, arn);
CREATE INDEX executions_by_version ON executions (version_arn, start_date, arn);
CREATE INDEX executions_by_alias ON executions (alias_arn, start_date, arn);
-- Purge looks for the oldest closed executions.
CREATE INDEX executions_by_stop ON executions (stop_date, arn) WHERE stop_date > 0;

CREATE TABLE events (
    execution_arn TEXT COLLATE "C" NOT NULL,
    id            BIGINT NOT NULL,
    type          TEXT NOT NULL,
    "timestamp"   BIGINT NOT NULL,
    data          BYTEA,
    PRIMARY KEY (execution_arn, id)
);

-- key is NULL when empty, so only non-empty keys are unique. The unique
-- index leads with (kind, key) as in SQLite.
CREATE TABLE outbox (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind          TEXT COLLATE "C" NOT NULL,
    execution_arn TEXT COLLATE "C" NOT NULL,
    key           TEXT COLLATE "C",
    payload       BYTEA,
    due_at        BIGINT NOT NULL,
    created_at    BIGINT NOT NULL,
    claimed_by    TEXT NOT NULL DEFAULT '',
    lease_until   BIGINT NOT NULL DEFAULT 0,
    attempts      INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX outbox_by_key ON outbox (kind, key, execution_arn);
CREATE INDEX outbox_ready ON outbox (kind, due_at, id) WHERE claimed_by = '';
CREATE INDEX outbox_leased ON outbox (lease_until) WHERE claimed_by != '';

CREATE TABLE activities (
    arn                      TEXT COLLATE "C" PRIMARY KEY,
    name                     TEXT NOT NULL,
    encryption_configuration BYTEA,
    creation_date            BIGINT NOT NULL
);

CREATE TABLE activity_tasks (
    seq           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_token    TEXT NOT NULL UNIQUE,
    activity_arn  TEXT COLLATE "C" NOT NULL,
    execution_arn TEXT COLLATE "C" NOT NULL,
    input         BYTEA,
    created_at    BIGINT NOT NULL,
    worker_name   TEXT NOT NULL DEFAULT '',
    claimed_at    BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX activity_tasks_pending ON activity_tasks (activity_arn, seq) WHERE worker_name = '';
CREATE INDEX activity_tasks_by_execution ON activity_tasks (execution_arn);

CREATE TABLE task_tokens (
    token              TEXT PRIMARY KEY,
    execution_arn      TEXT COLLATE "C" NOT NULL,
    state_name         TEXT NOT NULL,
    attempt            INTEGER NOT NULL,
    payload            BYTEA,
    heartbeat_deadline BIGINT NOT NULL,
    created_at         BIGINT NOT NULL
);

CREATE TABLE tags (
    resource_arn TEXT COLLATE "C" NOT NULL,
    key          TEXT COLLATE "C" NOT NULL,
    value        TEXT NOT NULL,
    PRIMARY KEY (resource_arn, key)
);

CREATE TABLE leases (
    name    TEXT PRIMARY KEY,
    holder  TEXT NOT NULL,
    expires BIGINT NOT NULL
);
