-- Distributed Map: the Map Runs, and the link from a child execution to
-- the run that started it (ListExecutions with mapRunArn).
ALTER TABLE executions ADD COLUMN map_run_arn TEXT NOT NULL DEFAULT '';
CREATE INDEX executions_by_map_run ON executions (map_run_arn, start_date, arn) WHERE map_run_arn != '';

CREATE TABLE map_runs (
    arn               TEXT PRIMARY KEY,
    execution_arn     TEXT NOT NULL,
    state_machine_arn TEXT NOT NULL,
    status            TEXT NOT NULL,
    start_date        INTEGER NOT NULL,
    stop_date         INTEGER NOT NULL,
    payload           BLOB,
    version           INTEGER NOT NULL
);
CREATE INDEX map_runs_by_execution ON map_runs (execution_arn, start_date, arn);
