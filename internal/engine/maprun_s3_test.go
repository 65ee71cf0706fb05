package engine

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/stepd/stepd/internal/runner/awssdk"
	"github.com/stepd/stepd/internal/store"
)

// fakeS3 is an in-process S3 server (gofakes3) with a bucket "items" and
// an awssdk.Runner pointed at it.
func fakeS3(t *testing.T, objects map[string]string) *awssdk.Runner {
	t.Helper()
	backend := s3mem.New()
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	if err := backend.CreateBucket("items"); err != nil {
		t.Fatal(err)
	}
	for key, body := range objects {
		if _, err := backend.PutObject("items", key, map[string]string{}, bytes.NewReader([]byte(body)), int64(len(body)), nil); err != nil {
			t.Fatal(err)
		}
	}
	r, err := awssdk.New(awssdk.Config{Region: "us-east-1", Credentials: &awssdk.Credentials{AccessKeyID: "AKID", SecretAccessKey: "secret"},
		Endpoints: map[string]string{"s3": srv.URL}}, awssdk.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	return r
}

func readerMap(resource, params, config, extra string) string {
	return `{"StartAt":"M","States":{"M":{"Type":"Map",` + extra + `
		"ItemReader":{"Resource":"arn:aws:states:::s3:` + resource + `","Parameters":` + params + `,"ReaderConfig":` + config + `},
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`
}

func TestDistributedMapItemReader(t *testing.T) {
	objs := fakeS3(t, map[string]string{
		"list.json":   `[{"a":1},{"a":2},{"a":3}]`,
		"lines.jsonl": "{\"a\":1}\n{\"a\":2}\n",
		"rows.csv":    "name,size\nx,1\ny,2\n",
		"bare.csv":    "x;1\ny;2\n",
		"nope.json":   `{"a":1}`,
		"inv/manifest.json": `{"sourceBucket":"photos","destinationBucket":"arn:aws:s3:::items","fileFormat":"CSV",
			"fileSchema":"Bucket, Key, Size","files":[{"key":"inv/data/part-1.csv.gz"}]}`,
		"inv/data/part-1.csv.gz": gzipped("photos,a.jpg,10\nphotos,b.jpg,20\n"),
	})
	h := newHarness(t, harnessOptions{noStart: true})
	h.e.opts.Objects = objs
	if err := h.e.Start(h.ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.e.Stop)
	cases := []struct {
		name, definition, input, want string
	}{
		{"json", readerMap("getObject", `{"Bucket":"items","Key.$":"$.key"}`, `{"InputType":"JSON","MaxItems":2}`, `"ItemSelector":{"v.$":"$$.Map.Item.Value.a","i.$":"$$.Map.Item.Index"},`),
			`{"key":"list.json"}`, `[{"v":1,"i":0},{"v":2,"i":1}]`},
		{"jsonl", readerMap("getObject", `{"Bucket":"items","Key":"lines.jsonl"}`, `{"InputType":"JSONL"}`, `"ItemBatcher":{"MaxItemsPerBatch":5},`),
			`{}`, `[{"Items":[{"a":1},{"a":2}]}]`},
		{"csv", readerMap("getObject", `{"Bucket":"items","Key":"rows.csv"}`, `{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"}`, ``),
			`{}`, `[{"name":"x","size":"1"},{"name":"y","size":"2"}]`},
		{"csv given", readerMap("getObject", `{"Bucket":"items","Key":"bare.csv"}`, `{"InputType":"CSV","CSVHeaderLocation":"GIVEN","CSVHeaders":["n","v"],"CSVDelimiter":"SEMICOLON","MaxItemsPath":"$.max"}`, ``),
			`{"max":1}`, `[{"n":"x","v":"1"}]`},
		{"manifest", readerMap("getObject", `{"Bucket":"items","Key":"inv/manifest.json"}`, `{"InputType":"MANIFEST"}`, ``),
			`{}`, `[{"Bucket":"photos","Key":"a.jpg","Size":"10"},{"Bucket":"photos","Key":"b.jpg","Size":"20"}]`},
		{"list", readerMap("listObjectsV2", `{"Bucket":"items","Prefix":"l"}`, `{}`, `"ItemSelector":{"k.$":"$$.Map.Item.Value.Key"},`),
			`{}`, `[{"k":"lines.jsonl"},{"k":"list.json"}]`},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sm := h.machine("reader"+string(rune('a'+i)), store.TypeStandard, c.definition)
			done := h.wait(h.start(sm, "p", c.input).ARN)
			if done.Status != store.StatusSucceeded || string(done.Output) != c.want {
				t.Fatalf("%s %s %s %s; want %s", done.Status, done.Output, done.Error, done.Cause, c.want)
			}
		})
	}
	// Not an array: the state fails with States.ItemReaderFailed.
	sm := h.machine("bad", store.TypeStandard, readerMap("getObject", `{"Bucket":"items","Key":"nope.json"}`, `{}`, ``))
	done := h.wait(h.start(sm, "p", `{}`).ARN)
	if done.Status != store.StatusFailed || done.Error != "States.ItemReaderFailed" || !strings.Contains(done.Cause, "not an array") {
		t.Fatalf("%s %s %s", done.Status, done.Error, done.Cause)
	}
	// A missing object names it.
	sm = h.machine("missing", store.TypeStandard, readerMap("getObject", `{"Bucket":"items","Key":"gone.json"}`, `{}`, ``))
	done = h.wait(h.start(sm, "p", `{}`).ARN)
	if done.Status != store.StatusFailed || done.Error != "States.ItemReaderFailed" || !strings.Contains(done.Cause, "s3://items/gone.json") {
		t.Fatalf("%s %s %s", done.Status, done.Error, done.Cause)
	}
}

func TestDistributedMapWithoutAWS(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	sm := h.machine("noaws", store.TypeStandard, readerMap("getObject", `{"Bucket":"items","Key":"list.json"}`, `{}`, ``))
	done := h.wait(h.start(sm, "p", `{}`).ARN)
	if done.Status != store.StatusFailed || done.Error != "States.ItemReaderFailed" || !strings.Contains(done.Cause, "aws: section") {
		t.Fatalf("%s %s %s", done.Status, done.Error, done.Cause)
	}
}

func TestDistributedMapResultWriter(t *testing.T) {
	objs := fakeS3(t, nil)
	h := newHarness(t, harnessOptions{noStart: true})
	h.e.opts.Objects = objs
	if err := h.e.Start(h.ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.e.Stop)
	sm := h.machine("writer", store.TypeStandard, distributedMap("STANDARD", childFailsOn2, selectItem+`"ToleratedFailureCount":1,
		"ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"items","Prefix":"out"}},`))
	done := h.wait(h.start(sm, "p", `{"items":[1,2,3]}`).ARN)
	if done.Status != store.StatusSucceeded {
		t.Fatalf("%s %s %s", done.Status, done.Error, done.Cause)
	}
	var out struct {
		MapRunArn           string
		ResultWriterDetails struct{ Bucket, Key string }
	}
	if err := json.Unmarshal(done.Output, &out); err != nil {
		t.Fatal(err)
	}
	id := out.MapRunArn[strings.LastIndex(out.MapRunArn, ":")+1:]
	if out.ResultWriterDetails.Bucket != "items" || out.ResultWriterDetails.Key != "out/"+id+"/manifest.json" {
		t.Fatalf("output %s", done.Output)
	}
	ctx := context.Background()
	manifest, err := objs.GetObject(ctx, "", "items", out.ResultWriterDetails.Key, "")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		DestinationBucket, MapRunArn string
		ResultFiles                  map[string][]struct{ Key string }
	}
	if err := json.Unmarshal(manifest, &m); err != nil {
		t.Fatal(err)
	}
	if m.MapRunArn != out.MapRunArn || len(m.ResultFiles["SUCCEEDED"]) != 1 || len(m.ResultFiles["FAILED"]) != 1 || len(m.ResultFiles["PENDING"]) != 0 {
		t.Fatalf("manifest %s", manifest)
	}
	succeeded, err := objs.GetObject(ctx, "", "items", m.ResultFiles["SUCCEEDED"][0].Key, "")
	if err != nil {
		t.Fatal(err)
	}
	var entries []struct{ Status, Output, Input string }
	if err := json.Unmarshal(succeeded, &entries); err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 || entries[0].Output != `{"v":1,"i":0}` || entries[1].Input != `{"v":3,"i":2}` || entries[0].Status != "SUCCEEDED" {
		t.Fatalf("SUCCEEDED_0.json %s", succeeded)
	}
	info, err := h.e.DescribeMapRun(ctx, out.MapRunArn)
	if err != nil {
		t.Fatal(err)
	}
	if info.ItemCounts.ResultsWritten != 3 || info.ExecutionCounts.ResultsWritten != 3 {
		t.Fatalf("resultsWritten %+v", info)
	}
}

func gzipped(text string) string {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(text))
	w.Close()
	return b.String()
}
