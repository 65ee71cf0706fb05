package local_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/local"
	"github.com/stepd/stepd/mock"
)

// A Distributed Map runs its children in process: mocks answer their
// tasks, a child's Wait is skipped too, and the parent records the run,
// not the iterations.
func TestDistributedMapRunsChildren(t *testing.T) {
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","ToleratedFailureCount":1,
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"W","States":{
			"W":{"Type":"Wait","Seconds":60,"Next":"T"},
			"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","OutputPath":"$.Payload","End":true}}},"End":true}}}`
	script := mock.NewScript().Return("T", jsonv.MustParse(`{"Payload":"a"}`)).Throw("T", "Boom", "b failed")
	var types []string
	res, err := local.Run(context.Background(), []byte(def), jsonv.MustParse(`[1,2]`), local.Options{
		Start: start, SkipWaits: true, Seed: 3, Mocks: script,
		OnEvent: func(e history.Event) { types = append(types, string(e.Type)) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "SUCCEEDED" || jsonv.String(res.Output) != `["a",{"Cause":"b failed","Error":"Boom"}]` {
		t.Fatalf("%s %s %s %s", res.Status, jsonv.String(res.Output), res.Error, res.Cause)
	}
	want := "ExecutionStarted,MapStateEntered,MapStateStarted,MapRunStarted,MapRunSucceeded,MapStateSucceeded,MapStateExited,ExecutionSucceeded"
	if got := strings.Join(types, ","); got != want {
		t.Errorf("history\n%s\nwant\n%s", got, want)
	}
}

// ReadItems and WriteResults serve a Distributed Map's ItemReader and
// ResultWriter; the items go through ItemSelector like any others.
func TestDistributedMapReaderAndWriter(t *testing.T) {
	def := `{"StartAt":"M","States":{"M":{"Type":"Map",
		"ItemReader":{"Resource":"arn:aws:states:::s3:getObject","Parameters":{"Bucket":"b","Key.$":"$.key"}},
		"ItemSelector":{"n.$":"$$.Map.Item.Value"},
		"ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out"}},
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`
	var wrote []local.ChildResult
	res, err := local.Run(context.Background(), []byte(def), jsonv.MustParse(`{"key":"k"}`), local.Options{
		Start: start, SkipWaits: true, Seed: 3,
		ReadItems: func(ctx context.Context, reader jsonv.Value) ([]jsonv.Value, error) {
			if got := jsonv.String(reader); got != `{"Resource":"arn:aws:states:::s3:getObject","Parameters":{"Bucket":"b","Key":"k"}}` {
				t.Errorf("ItemReader %s", got)
			}
			return []jsonv.Value{"x", "y"}, nil
		},
		WriteResults: func(ctx context.Context, writer jsonv.Value, runARN string, children []local.ChildResult) (jsonv.Value, error) {
			wrote = children
			return jsonv.ObjectOf("MapRunArn", runARN), nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "SUCCEEDED" || len(wrote) != 2 || jsonv.String(wrote[1].Output) != `{"n":"y"}` || wrote[1].Status != "SUCCEEDED" {
		t.Fatalf("%s %s %s %+v", res.Status, jsonv.String(res.Output), res.Cause, wrote)
	}
	if arn, _ := res.Output.(*jsonv.Object).Get("MapRunArn"); !strings.Contains(arn.(string), ":mapRun:") {
		t.Fatalf("output %s", jsonv.String(res.Output))
	}
	// Without ReadItems the state fails, saying why.
	res, err = local.Run(context.Background(), []byte(def), jsonv.MustParse(`{"key":"k"}`), local.Options{Start: start, SkipWaits: true, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "FAILED" || res.Error != "States.ItemReaderFailed" {
		t.Fatalf("%s %s %s", res.Status, res.Error, res.Cause)
	}
}
