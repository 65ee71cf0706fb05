package interp_test

import (
	"fmt"
	"strings"
	"testing"
)

// jsonataChain is n JSONata Pass states, each with an Output template and
// an Assign: the JSONata counterpart of passChain.
func jsonataChain(n int) string {
	var b strings.Builder
	b.WriteString(`{"QueryLanguage":"JSONata","StartAt":"S0","States":{`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"S%d":{"Type":"Pass","Assign":{"last":%d},"Output":{"step":%d,"id":"{%% $states.input.id %%}","name":"{%% $states.input.customer.name %%}","items":"{%% $states.input.items %%}","customer":"{%% $states.input.customer %%}"},`, i, i, i)
		if i == n-1 {
			b.WriteString(`"End":true}`)
		} else {
			fmt.Fprintf(&b, `"Next":"S%d"}`, i+1)
		}
	}
	b.WriteString(`}}`)
	return b.String()
}

// BenchmarkJSONataChain: 100 JSONata Pass states with Output + Assign on
// a ~1 KiB document, history events produced.
func BenchmarkJSONataChain(b *testing.B) {
	m := load(b, jsonataChain(100))
	benchRun(b, m, document(), 100)
}
