-- The definition an execution runs, written once at create, so the
-- snapshot rewritten on every transition no longer carries it.
ALTER TABLE executions ADD COLUMN definition BLOB;
