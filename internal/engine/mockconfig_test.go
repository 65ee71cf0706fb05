package engine

import (
	"testing"

	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/mock"
)

// TestMockConfigTestCase runs an execution whose tasks a MockConfigFile
// answers, chosen by the execution's test case (what serve --mock-config
// does with "stateMachineArn#TestCase").
func TestMockConfigTestCase(t *testing.T) {
	cfg, err := mock.Parse([]byte(`{"StateMachines":{"m":{"TestCases":{"Happy":{"T":"Ok"},"Sad":{"T":"Boom"}}}},
		"MockedResponses":{"Ok":{"0":{"Return":{"mocked":true}}},"Boom":{"0-1":{"Throw":{"Error":"Mocked","Cause":"sad path"}}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, harnessOptions{noStart: true})
	h.e.opts.Runner = &runner.Router{Mock: runner.NewMock(cfg)}
	if err := h.e.Start(h.ctx); err != nil {
		t.Fatal(err)
	}
	defer h.e.Stop()
	sm := h.machine("m", store.TypeStandard, taskPass)
	happy, err := h.e.StartExecution(h.ctx, &StartParams{StateMachineARN: sm, Name: "h", TestCase: "Happy"})
	if err != nil {
		t.Fatal(err)
	}
	sad, err := h.e.StartExecution(h.ctx, &StartParams{StateMachineARN: sm, Name: "s", TestCase: "Sad"})
	if err != nil {
		t.Fatal(err)
	}
	none, err := h.e.StartExecution(h.ctx, &StartParams{StateMachineARN: sm, Name: "n"})
	if err != nil {
		t.Fatal(err)
	}
	if done := h.wait(happy.ARN); done.Status != store.StatusSucceeded || string(done.Output) != `{"mocked":true,"p":{"done":true}}` {
		t.Fatalf("happy: %s %s", done.Status, done.Output)
	}
	if done := h.wait(sad.ARN); done.Status != store.StatusFailed || done.Error != "Mocked" || done.Cause != "sad path" {
		t.Fatalf("sad: %+v", done)
	}
	if done := h.wait(none.ARN); done.Status != store.StatusFailed || done.Error != "States.Runtime" {
		t.Fatalf("no test case: %+v", done)
	}
}
