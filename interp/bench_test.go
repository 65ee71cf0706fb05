package interp_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stepd/stepd/conformance"
	"github.com/stepd/stepd/interp"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
)

// passChain is n Pass states, each with Parameters and ResultPath.
func passChain(n int) string {
	var b strings.Builder
	b.WriteString(`{"StartAt":"S0","States":{`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"S%d":{"Type":"Pass","Parameters":{"step":%d,"id.$":"$.id","name.$":"$.customer.name"},"ResultPath":"$.last",`, i, i)
		if i == n-1 {
			b.WriteString(`"End":true}`)
		} else {
			fmt.Fprintf(&b, `"Next":"S%d"}`, i+1)
		}
	}
	b.WriteString(`}}`)
	return b.String()
}

// document is a ~1 KiB input.
func document() jsonv.Value {
	var b strings.Builder
	b.WriteString(`{"id":"order-123","customer":{"name":"Ada Lovelace","email":"ada@example.com"},"items":[`)
	for i := 0; i < 15; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"sku":"SKU-%04d","qty":%d,"price":%d.99,"note":"item number %d"}`, i, i+1, i*3, i)
	}
	b.WriteString(`]}`)
	return jsonv.MustParse(b.String())
}

func benchRun(b *testing.B, m *machine.Machine, input jsonv.Value, transitions int) {
	b.Helper()
	start := interp.StartExecution{Execution: conformance.DefaultExecution, Input: input}
	env := interp.Env{Now: conformance.StartTime, Seed: 1}
	s := interp.New(m)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		d, err := interp.Decide(m, s, start, env)
		if err != nil {
			b.Fatal(err)
		}
		if len(d.Events) == 0 {
			b.Fatal("no events")
		}
	}
	b.StopTimer()
	total := float64(b.N) * float64(transitions)
	b.ReportMetric(total/b.Elapsed().Seconds(), "transitions/s")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkPassChain: 100 Pass states with Parameters + ResultPath on a
// ~1 KiB document, history events produced.
func BenchmarkPassChain(b *testing.B) {
	m := load(b, passChain(100))
	if n := jsonv.Size(document()); n < 900 || n > 1300 {
		b.Fatalf("document is %d bytes", n)
	}
	benchRun(b, m, document(), 100)
}

// BenchmarkChoiceLoop: a Choice loop counting to 1,000 with States.MathAdd
// (2,000 transitions: one Choice and one Pass per round).
func BenchmarkChoiceLoop(b *testing.B) {
	m := load(b, `{"StartAt":"Check","States":{
		"Check":{"Type":"Choice","Choices":[{"Variable":"$.i","NumericLessThan":1000,"Next":"Inc"}],"Default":"Done"},
		"Inc":{"Type":"Pass","Parameters":{"i.$":"States.MathAdd($.i, 1)"},"Next":"Check"},
		"Done":{"Type":"Succeed"}}}`)
	benchRun(b, m, jsonv.MustParse(`{"i":0}`), 2002)
}

// BenchmarkParallel: a Parallel state of 10 branches × 10 Pass states.
func BenchmarkParallel(b *testing.B) {
	var br []string
	for i := 0; i < 10; i++ {
		var st []string
		for j := 0; j < 10; j++ {
			next := fmt.Sprintf(`"Next":"B%dS%d"`, i, j+1)
			if j == 9 {
				next = `"End":true`
			}
			st = append(st, fmt.Sprintf(`"B%dS%d":{"Type":"Pass",%s}`, i, j, next))
		}
		br = append(br, fmt.Sprintf(`{"StartAt":"B%dS0","States":{%s}}`, i, strings.Join(st, ",")))
	}
	def := `{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[` + strings.Join(br, ",") + `]}}}`
	m := load(b, def)
	benchRun(b, m, jsonv.MustParse(`{"x":1}`), 101)
}
