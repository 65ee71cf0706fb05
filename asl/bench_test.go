package asl

import (
	"fmt"
	"strings"
	"testing"
)

// generated100 builds a valid definition of 100 states mixing every type.
func generated100() []byte {
	var b strings.Builder
	b.WriteString(`{"Comment":"generated","StartAt":"S0","States":{`)
	const n = 100
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		next := fmt.Sprintf(`"Next":"S%d"`, i+1)
		if i == n-1 {
			next = `"End":true`
		}
		switch i % 6 {
		case 0:
			fmt.Fprintf(&b, `"S%d":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f","Payload.$":"$"},"ResultPath":"$.r%d","Retry":[{"ErrorEquals":["States.TaskFailed"],"MaxAttempts":2},{"ErrorEquals":["States.ALL"]}],"Catch":[{"ErrorEquals":["States.ALL"],"Next":"S%d"}],%s}`, i, i, n-1, next)
		case 1:
			fmt.Fprintf(&b, `"S%d":{"Type":"Pass","Result":{"i":%d},"ResultPath":"$.p",%s}`, i, i, next)
		case 2:
			fmt.Fprintf(&b, `"S%d":{"Type":"Choice","Choices":[{"And":[{"Variable":"$.a","NumericGreaterThan":1},{"Not":{"Variable":"$.b","IsNull":true}}],"Next":"S%d"}],"Default":"S%d"}`, i, i+1, i+1)
		case 3:
			fmt.Fprintf(&b, `"S%d":{"Type":"Wait","Seconds":1,%s}`, i, next)
		case 4:
			fmt.Fprintf(&b, `"S%d":{"Type":"Parallel","Branches":[{"StartAt":"P%d","States":{"P%d":{"Type":"Pass","End":true}}}],%s}`, i, i, i, next)
		case 5:
			fmt.Fprintf(&b, `"S%d":{"Type":"Map","ItemsPath":"$.items","ItemProcessor":{"StartAt":"M%d","States":{"M%d":{"Type":"Pass","End":true}}},%s}`, i, i, i, next)
		}
	}
	b.WriteString(`}}`)
	return []byte(b.String())
}

func TestGenerated100IsValid(t *testing.T) {
	sm, ds := Parse(generated100())
	if len(ds) != 0 {
		t.Fatalf("diagnostics:\n%s", render(ds))
	}
	if sm.States.Len() != 100 {
		t.Fatalf("%d states", sm.States.Len())
	}
}

func BenchmarkParse100States(b *testing.B) {
	data := generated100()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, ds := Parse(data); len(ds) != 0 {
			b.Fatal(ds)
		}
	}
}
