package engine

import (
	"testing"
	"time"

	"github.com/stepd/stepd/internal/store"
)

// A start within machineTTL of the previous one reuses the machine read
// then, unless ForgetStateMachine dropped it (as the API does on update).
func TestStartMachineCache(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	sm := h.machine("m", store.TypeStandard, `{"StartAt":"P","States":{"P":{"Type":"Pass","Result":"v1","End":true}}}`)
	output := func(name string) string {
		return string(h.wait(h.start(sm, name, `{}`).ARN).Output)
	}
	if got := output("a"); got != `"v1"` {
		t.Fatalf("output %s", got)
	}
	err := h.store.Tx(h.ctx, func(tx store.Tx) error {
		def := `{"StartAt":"P","States":{"P":{"Type":"Pass","Result":"v2","End":true}}}`
		_, err := tx.StateMachineUpdate(h.ctx, &store.StateMachineUpdateParams{ARN: sm, Definition: def, RoleARN: "arn:aws:iam::123456789012:role/r", RevisionID: "r2", Now: h.clock.Now()})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := output("b"); got != `"v1"` {
		t.Fatalf("within the TTL: output %s, want the cached v1", got)
	}
	h.clock.Advance(machineTTL + time.Millisecond)
	if got := output("c"); got != `"v2"` {
		t.Fatalf("after the TTL: output %s", got)
	}
	err = h.store.Tx(h.ctx, func(tx store.Tx) error {
		def := `{"StartAt":"P","States":{"P":{"Type":"Pass","Result":"v3","End":true}}}`
		_, err := tx.StateMachineUpdate(h.ctx, &store.StateMachineUpdateParams{ARN: sm, Definition: def, RoleARN: "arn:aws:iam::123456789012:role/r", RevisionID: "r3", Now: h.clock.Now()})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	h.e.ForgetStateMachine(sm)
	if got := output("d"); got != `"v3"` {
		t.Fatalf("after ForgetStateMachine: output %s", got)
	}
}
