package lambda

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stepd/stepd/internal/engine"
	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/sqlite"
)

// engineWith runs an engine over a real SQLite store whose router sends
// Lambda tasks to h, with one state machine.
func engineWith(tb testing.TB, h runner.Runner, definition string) (*engine.Engine, string) {
	tb.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "stepd.db"), sqlite.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	e := engine.New(engine.Options{Store: s, Runner: &runner.Router{Lambda: h}, SingleNode: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err := e.Start(ctx); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { e.Stop(); s.Close() })
	sm := "arn:aws:states:us-east-1:123456789012:stateMachine:fn"
	err = s.Tx(ctx, func(tx store.Tx) error {
		_, err := tx.StateMachineCreate(ctx, &store.StateMachineCreateParams{ARN: sm, Name: "fn", Type: store.TypeStandard, Definition: definition, RoleARN: "arn:aws:iam::123456789012:role/r", RevisionID: "1", Now: time.Now()})
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return e, sm
}

func execute(tb testing.TB, e *engine.Engine, sm, input string) *store.Execution {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	ex, err := e.StartExecution(ctx, &engine.StartParams{StateMachineARN: sm, Input: []byte(input)})
	if err != nil {
		tb.Fatal(err)
	}
	done, err := e.WaitForClose(ctx, ex.ARN)
	if err != nil {
		tb.Fatal(err)
	}
	return done
}

func TestThroughTheEngine(t *testing.T) {
	h, _ := newHost(t, map[string]Function{"gofn": goFn()}, Options{})
	e, sm := engineWith(t, h, `{"StartAt":"Charge","States":{
		"Charge":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
			"Parameters":{"FunctionName":"gofn","Payload.$":"$"},
			"ResultSelector":{"charged.$":"$.Payload","status.$":"$.StatusCode"},
			"Catch":[{"ErrorEquals":["PaymentDeclined"],"ResultPath":"$.error","Next":"Declined"}],
			"Next":"Receipt"},
		"Receipt":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:gofn",
			"Parameters":{"action":"value","value.$":"$.charged"},"End":true},
		"Declined":{"Type":"Pass","End":true}}}`)

	ex := execute(t, e, sm, `{"action":"value","value":{"amount":12}}`)
	if ex.Status != store.StatusSucceeded || string(ex.Output) != `{"amount":12}` {
		t.Fatalf("%s %s %s %s", ex.Status, ex.Output, ex.Error, ex.Cause)
	}
	ex = execute(t, e, sm, `{"action":"declined","message":"card expired"}`)
	want := `{"action":"declined","message":"card expired","error":{"Error":"PaymentDeclined","Cause":"{\"errorMessage\":\"card expired\",\"errorType\":\"PaymentDeclined\"}"}}`
	if ex.Status != store.StatusSucceeded || string(ex.Output) != want {
		t.Fatalf("%s %s %s %s", ex.Status, ex.Output, ex.Error, ex.Cause)
	}
	ex = execute(t, e, sm, `{"action":"exit","code":2}`)
	if ex.Status != store.StatusFailed || ex.Error != "Lambda.Unknown" || !strings.Contains(ex.Cause, "Runtime.ExitError") {
		t.Fatalf("%s %s %s %s", ex.Status, ex.Output, ex.Error, ex.Cause)
	}
}
