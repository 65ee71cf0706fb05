package engine

import (
	"testing"

	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/interp"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
)

// TestSnapshotCarryingDefinition: an execution written before the
// definition moved to its own column (the snapshot carries the text, the
// row has none) still loads and takes inputs.
func TestSnapshotCarryingDefinition(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	const definition = `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}`
	sm := h.machine("old", store.TypeStandard, definition)
	m, diags := machine.Load([]byte(definition))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	arn := smPrefix[:len(smPrefix)-len("stateMachine:")] + "execution:old:e"
	exec := interp.Execution{ExecutionArn: arn, Name: "e", StateMachineArn: sm, StateMachineName: "old"}
	d, err := interp.Decide(m, interp.New(m), interp.StartExecution{Execution: exec, Input: jsonv.MustParse(`{}`)}, interp.Env{Now: h.clock.Now(), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := encodeSnapshot(&snapshot{Definition: definition, State: d.State})
	if err != nil {
		t.Fatal(err)
	}
	pl, err := planDecision(arn, m, sm, "", interp.New(m), d.State, d.Events, d.Effects)
	if err != nil {
		t.Fatal(err)
	}
	err = h.store.Tx(h.ctx, func(tx store.Tx) error {
		_, err := tx.ExecutionCreate(h.ctx, &store.ExecutionCreateParams{
			ARN: arn, StateMachineARN: sm, Name: "e", Type: store.TypeStandard, Input: []byte(`{}`), Snapshot: snap, Now: h.clock.Now(),
		})
		if err != nil {
			return err
		}
		_, err = pl.write(h.ctx, tx, h.clock.Now())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	done, err := h.e.StopExecution(h.ctx, arn, "E", "stopped")
	if err != nil {
		t.Fatal(err)
	}
	if done.Status != store.StatusAborted {
		t.Fatalf("%+v", done)
	}
}
