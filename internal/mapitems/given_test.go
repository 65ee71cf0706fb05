package mapitems

import (
	"strings"
	"testing"

	"github.com/stepd/stepd/jsonv"
)

func TestGiven(t *testing.T) {
	get := `{"Resource":"arn:aws:states:::s3:getObject","Parameters":{"Bucket":"b","Key":"k"}`
	for _, c := range []struct {
		reader, data string
		want         string // the items, or "error: " and part of the message
	}{
		{get + `}`, `[1,2,3]`, `[1,2,3]`},
		{get + `,"ReaderConfig":{"InputType":"JSON","MaxItems":2}}`, `[1,2,3]`, `[1,2]`},
		{get + `,"ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"}}`, "id,n\na,1\n", `[{"id":"a","n":"1"}]`},
		{get + `,"ReaderConfig":{"InputType":"JSONL"}}`, "1\n{\"a\":2}\n", `[1,{"a":2}]`},
		{get + `,"ReaderConfig":{"InputType":"JSON"}}`, `{"a":1}`, "error: not an array"},
		{get + `,"ReaderConfig":{"InputType":"MANIFEST"}}`, `{}`, "error: lists other objects"},
		{`{"Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Bucket":"b"},"ReaderConfig":{"MaxItems":1}}`,
			`[{"Key":"a"},{"Key":"b"}]`, `[{"Key":"a"}]`},
		{`{"Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Bucket":"b"}}`, `{"Key":"a"}`, "error: must be a JSON array"},
		{`{"Resource":"arn:aws:states:::dynamodb:scan"}`, `[]`, "error: is not one stepd reads"},
	} {
		items, err := Given([]byte(c.data), jsonv.MustParse(c.reader))
		got := jsonv.String(items)
		if err != nil {
			got = "error: " + err.Error()
			if !strings.HasPrefix(c.want, "error: ") || !strings.Contains(got, strings.TrimPrefix(c.want, "error: ")) {
				t.Errorf("%s over %q: %s, want %s", c.reader, c.data, got, c.want)
			}
			continue
		}
		if items == nil {
			got = "[]"
		}
		if got != c.want {
			t.Errorf("%s over %q: %s, want %s", c.reader, c.data, got, c.want)
		}
	}
}
