package mapitems

import (
	"strings"
	"testing"

	"github.com/stepd/stepd/jsonv"
)

func TestParseItems(t *testing.T) {
	cases := []struct {
		body, inputType, headerLocation string
		headers                         []string
		delimiter                       string
		want                            string // the items, or "error: " and part of the message
	}{
		{`[1,{"a":2}]`, "", "", nil, "", `[1,{"a":2}]`},
		{`[1,{"a":2}]`, "JSON", "", nil, "", `[1,{"a":2}]`},
		{`{"a":1}`, "JSON", "", nil, "", "error: not an array"},
		{`[1,`, "JSON", "", nil, "", "error: not JSON"},
		{"{\"a\":1}\n\n[2]\n", "JSONL", "", nil, "", `[{"a":1},[2]]`},
		{"{\"a\":1}\nnope\n", "JSONL", "", nil, "", "error: line 2 is not JSON"},
		{"k,v\nx,1\ny\n", "CSV", "FIRST_ROW", nil, "", `[{"k":"x","v":"1"},{"k":"y","v":""}]`},
		{"x\t1\n", "CSV", "GIVEN", []string{"k", "v"}, "TAB", `[{"k":"x","v":"1"}]`},
		{"x|1\n", "CSV", "GIVEN", []string{"k", "v"}, "PIPE", `[{"k":"x","v":"1"}]`},
		{"x,1\n", "CSV", "GIVEN", nil, "", "error: GIVEN needs CSVHeaders"},
		{"x,1\n", "CSV", "SOMEWHERE", nil, "", "error: CSVHeaderLocation SOMEWHERE"},
		{"x,1\n", "CSV", "", nil, "COLON", "error: CSVDelimiter COLON"},
		{"", "CSV", "FIRST_ROW", nil, "", `[]`},
		{"x", "PARQUET", "", nil, "", "error: InputType PARQUET is not one stepd reads"},
	}
	for _, c := range cases {
		items, err := parseItems([]byte(c.body), c.inputType, c.headerLocation, c.headers, c.delimiter)
		var got string
		if err != nil {
			got = "error: " + err.Error()
			if !strings.HasPrefix(c.want, "error: ") || !strings.Contains(got, strings.TrimPrefix(c.want, "error: ")) {
				t.Errorf("%q as %s: %s, want %s", c.body, c.inputType, got, c.want)
			}
			continue
		}
		if items == nil {
			items = []jsonv.Value{}
		}
		if got = jsonv.String(items); got != c.want {
			t.Errorf("%q as %s: %s, want %s", c.body, c.inputType, got, c.want)
		}
	}
}
