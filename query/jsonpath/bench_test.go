package jsonpath

import (
	"testing"

	"github.com/stepd/stepd/jsonv"
)

// benchDoc is a ~1 KiB state input.
const benchDoc = `{"order":{"id":"ord-20240117-000123","customer":{"id":"cust-8812","name":"Ada Lovelace","email":"ada@example.com","tier":"gold","address":{"street":"12 Analytical Row","city":"London","postcode":"N1 9GU","country":"GB"}},
"lines":[{"sku":"SKU-001","name":"Difference Engine","qty":1,"price":1999.99},{"sku":"SKU-002","name":"Punch Cards (box of 500)","qty":4,"price":12.5},{"sku":"SKU-003","name":"Brass Gear Set","qty":2,"price":89.0}],
"totals":{"net":2228.99,"tax":445.8,"gross":2674.79,"currency":"GBP"},"status":"PAID","notes":"Leave with the porter if nobody answers. Fragile: contains precision gears."},
"meta":{"source":"web","trace":"1-5f84c7a0-1d3c2a9e8b7f6e5d4c3b2a10","received":"2024-01-17T10:22:31.123Z","attempt":1,"flags":["priority","gift-wrap"]},
"padding":"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris."}`

// BenchmarkTemplateParameters: a Parameters block with five paths, the hot
// path of a Pass or Task state.
func BenchmarkTemplateParameters(b *testing.B) {
	tpl, err := CompileTemplate(jsonv.MustParse(`{"orderId.$":"$.order.id","email.$":"$.order.customer.email","gross.$":"$.order.totals.gross","firstSku.$":"$.order.lines[0].sku","execution.$":"$$.Execution.Id","static":"v1"}`))
	if err != nil {
		b.Fatal(err)
	}
	in := jsonv.MustParse(benchDoc)
	if n := len(jsonv.Marshal(in)); n < 900 || n > 1200 {
		b.Fatalf("the document is %d bytes, want ~1 KiB", n)
	}
	env := &Env{Context: jsonv.MustParse(`{"Execution":{"Id":"arn:aws:states:us-east-1:123456789012:execution:m:e"}}`)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tpl.Eval(in, env); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkApplyResultPath: ResultPath $.result.payment on the same input.
func BenchmarkApplyResultPath(b *testing.B) {
	p, err := CompileReference("$.result.payment")
	if err != nil {
		b.Fatal(err)
	}
	in := jsonv.MustParse(benchDoc)
	result := jsonv.ObjectOf("status", "ok", "id", jsonv.Int(7))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ApplyResultPath(in, result, p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPathDefinite(b *testing.B) {
	p := MustCompile("$.order.customer.address.city")
	in := jsonv.MustParse(benchDoc)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Eval(in, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPathFilter(b *testing.B) {
	p := MustCompile("$.order.lines[?(@.price < 100)].sku")
	in := jsonv.MustParse(benchDoc)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Eval(in, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIntrinsicFormat(b *testing.B) {
	tpl, err := CompileTemplate(jsonv.MustParse(`{"msg.$":"States.Format('Order {} for {} totals {}', $.order.id, $.order.customer.name, $.order.totals.gross)"}`))
	if err != nil {
		b.Fatal(err)
	}
	in := jsonv.MustParse(benchDoc)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tpl.Eval(in, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// The interpreter's budget is ≤ 10 allocations per Pass transition; the
// template and ResultPath must leave it most of that.
func TestAllocationBudget(t *testing.T) {
	tpl, _ := CompileTemplate(jsonv.MustParse(`{"a.$":"$.order.id","b.$":"$.order.customer.email","c.$":"$.order.totals.gross","d.$":"$.order.lines[0].sku","e.$":"$.meta.attempt"}`))
	rp, _ := CompileReference("$.result")
	in := jsonv.MustParse(benchDoc)
	allocs := testing.AllocsPerRun(100, func() {
		v, _ := tpl.Eval(in, nil)
		_, _ = ApplyResultPath(in, v, rp)
	})
	if allocs > 6 {
		t.Errorf("Parameters + ResultPath cost %.0f allocations, want ≤ 6", allocs)
	}
}
