package local_test

import (
	"context"
	"testing"

	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/local"
)

// TestJSONataVariablesExample runs examples/jsonata-variables.asl.json as
// `stepd run` does: variables assigned by one state are read by later
// states, Map iterations read the outer ones, and every assigning state's
// Exited event records assignedVariables.
func TestJSONataVariablesExample(t *testing.T) {
	input, err := jsonv.Parse(readFile(t, "../examples/jsonata-variables.input.json"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := local.Run(context.Background(), readFile(t, "../examples/jsonata-variables.asl.json"), input,
		local.Options{Start: start, SkipWaits: true, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "SUCCEEDED" {
		t.Fatalf("status %s: %s %s", res.Status, res.Error, res.Cause)
	}
	want := `{"customer":"ana@example.com","product":"product1","count":42,"available":true,` +
		`"lines":[{"sku":"A-1","total":10,"for":"ana@example.com"},{"sku":"B-2","total":5,"for":"ana@example.com"},{"sku":"C-3","total":7.5,"for":"ana@example.com"}],` +
		`"total":20.25,"batches":[["A-1","B-2"],["C-3"]],"orderId":"f497c5197d39"}`
	if got := jsonv.String(res.Output); got != want {
		t.Errorf("output\n%s\nwant\n%s", got, want)
	}
	assigned := map[string]history.Variables{}
	for _, e := range res.History {
		if d, ok := e.Details.(*history.StateExitedEventDetails); ok && d.AssignedVariables != nil {
			assigned[d.Name] = d.AssignedVariables
		}
	}
	if v, _ := assigned["Store inputs"].Get("customer"); v != `"ana@example.com"` {
		t.Errorf("Store inputs assigned customer = %s", v)
	}
	if v, _ := assigned["Large order?"].Get("discount"); v != "0.1" {
		t.Errorf("Large order? assigned discount = %s", v)
	}
	if v, _ := assigned["Price items"].Get("orderTotal"); v != "22.5" {
		t.Errorf("Price items assigned orderTotal = %s", v)
	}
}
