package interp_test

import (
	"encoding/json"
	"sync"
	"testing"

	"github.com/stepd/stepd/conformance"
	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/interp"
	"github.com/stepd/stepd/jsonv"
)

const fuzzMachine = `{"StartAt":"T","States":{
	"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Retry":[{"ErrorEquals":["E"],"MaxAttempts":2}],"Catch":[{"ErrorEquals":["States.ALL"],"Next":"F"}],"Next":"P"},
	"P":{"Type":"Parallel","Branches":[{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3,"End":true}}},{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","ItemProcessor":{"StartAt":"X","States":{"X":{"Type":"Pass","End":true}}},"End":true}}}],"End":true},
	"F":{"Type":"Fail","Error":"Caught"}}}`

// FuzzReplay: any history, however broken, replays to a state or fails
// with an error; it never panics.
func FuzzReplay(f *testing.F) {
	m := load(f, fuzzMachine)
	for _, script := range []conformance.Script{
		{"T": {{Return: jsonv.MustParse(`{"items":[1,2]}`)}}},
		{"T": {{Error: "E"}, {Error: "Other", Cause: "c"}}},
	} {
		res, err := conformance.Run(m, conformance.DefaultExecution, jsonv.NewObject(0), script, conformance.Options{})
		if err != nil {
			f.Fatal(err)
		}
		data, _ := json.Marshal(res.Events)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var events []history.Event
		if json.Unmarshal(data, &events) != nil {
			return
		}
		_, _ = interp.Replay(m, conformance.DefaultExecution, events)
	})
}

// TestConcurrentUse: one compiled machine serves many executions at once.
func TestConcurrentUse(t *testing.T) {
	m := load(t, fuzzMachine)
	want := ""
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := conformance.Run(m, conformance.DefaultExecution, jsonv.NewObject(0), conformance.Script{"T": {{Return: jsonv.MustParse(`{"items":[1,2,3]}`)}}}, conformance.Options{})
			if err != nil {
				t.Error(err)
				return
			}
			data, _ := json.Marshal(res.Events)
			mu.Lock()
			defer mu.Unlock()
			if want == "" {
				want = string(data)
			} else if want != string(data) {
				t.Error("concurrent runs differ")
			}
		}()
	}
	wg.Wait()
}
