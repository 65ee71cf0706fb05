package sfnapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stepd/stepd/internal/clock"
	"github.com/stepd/stepd/internal/engine"
	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/internal/sfnapi"
	"github.com/stepd/stepd/internal/store/memory"
)

// FuzzHandler sends arbitrary bodies to every action: the answer is always
// JSON with 200 or a modeled 400, never a panic or a 500.
func FuzzHandler(f *testing.F) {
	s := memory.New()
	acts := runner.NewActivities(s, clock.Real{})
	e := engine.New(engine.Options{Store: s, Runner: &runner.Router{Activities: acts}, Activities: acts})
	h := sfnapi.New(sfnapi.Options{Engine: e, Store: s})
	for _, seed := range []struct{ action, body string }{
		{"CreateStateMachine", `{"name":"a","definition":"{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}","roleArn":"arn:aws:iam::1:role/r"}`},
		{"ListStateMachines", `{"maxResults":5,"nextToken":"x.y"}`},
		{"DescribeExecution", `{"executionArn":"arn:aws:states:us-east-1:123456789012:execution:a:b"}`},
		{"ValidateStateMachineDefinition", `{"definition":"{"}`},
		{"TestState", `{"definition":"{\"Type\":\"Pass\",\"End\":true}","roleArn":"arn:aws:iam::1:role/r"}`},
		{"CreateStateMachineAlias", `{"name":"x","routingConfiguration":[]}`},
		{"GetExecutionHistory", `{"executionArn":5}`},
	} {
		f.Add(seed.action, seed.body)
	}
	f.Fuzz(func(t *testing.T, action, body string) {
		if action == "GetActivityTask" || action == "StartSyncExecution" {
			return // they wait on the engine, which this fuzz target does not start
		}
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		req.Header.Set("X-Amz-Target", "AWSStepFunctions."+action)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 && w.Code != 400 {
			t.Fatalf("%s %s: %d %s", action, body, w.Code, w.Body)
		}
	})
}
