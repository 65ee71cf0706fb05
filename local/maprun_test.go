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
