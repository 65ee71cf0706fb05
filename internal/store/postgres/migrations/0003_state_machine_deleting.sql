-- DeleteStateMachine while executions run marks the machine as being
-- deleted (AWS's DELETING status) until the last one ends.
ALTER TABLE state_machines ADD COLUMN deleting BOOLEAN NOT NULL DEFAULT FALSE;
