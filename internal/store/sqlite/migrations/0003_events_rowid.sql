-- Events move from a WITHOUT ROWID table clustered on (execution_arn, id)
-- to a rowid table with a unique index on the same key. Clustered, every
-- transaction of a group commit dirtied (and often split) a full data page
-- of its own execution; now event rows append to the table's last pages
-- and each execution dirties only a small index page. Measured with 256
-- concurrent executions: about 40% more transitions per second.
CREATE TABLE events_by_rowid (
    execution_arn TEXT NOT NULL,
    id            INTEGER NOT NULL,
    type          TEXT NOT NULL,
    timestamp     INTEGER NOT NULL,
    data          BLOB
);
INSERT INTO events_by_rowid (execution_arn, id, type, timestamp, data)
    SELECT execution_arn, id, type, timestamp, data FROM events ORDER BY execution_arn, id;
DROP TABLE events;
ALTER TABLE events_by_rowid RENAME TO events;
CREATE UNIQUE INDEX events_by_execution ON events (execution_arn, id);
