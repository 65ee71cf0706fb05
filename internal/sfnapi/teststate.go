package sfnapi

import (
	"context"

	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
)

type testStateRequest struct {
	Definition         string                  `json:"definition"`
	RoleArn            string                  `json:"roleArn"`
	Input              *string                 `json:"input"`
	InspectionLevel    string                  `json:"inspectionLevel"`
	RevealSecrets      bool                    `json:"revealSecrets"`
	Variables          *string                 `json:"variables"`
	StateName          string                  `json:"stateName"`
	Mock               *testStateMock          `json:"mock"`
	Context            *string                 `json:"context"`
	StateConfiguration *testStateConfiguration `json:"stateConfiguration"`
}

type testStateMock struct {
	Result              *string           `json:"result"`
	ErrorOutput         *testStateMockErr `json:"errorOutput"`
	FieldValidationMode string            `json:"fieldValidationMode"`
}

type testStateMockErr struct {
	Error *string `json:"error"`
	Cause string  `json:"cause"`
}

type testStateConfiguration struct {
	ErrorCausedByState       string `json:"errorCausedByState"`
	MapItemReaderData        string `json:"mapItemReaderData"`
	MapIterationFailureCount *int64 `json:"mapIterationFailureCount"`
	RetrierRetryCount        *int64 `json:"retrierRetryCount"`
}

type testStateResponse struct {
	Output         *string         `json:"output,omitempty"`
	Error          string          `json:"error,omitempty"`
	Cause          string          `json:"cause,omitempty"`
	InspectionData *inspectionData `json:"inspectionData,omitempty"`
	NextState      string          `json:"nextState,omitempty"`
	Status         string          `json:"status"`
}

// Test statuses (TestExecutionStatus).
const (
	testSucceeded   = "SUCCEEDED"
	testFailed      = "FAILED"
	testRetriable   = "RETRIABLE"
	testCaughtError = "CAUGHT_ERROR"
)

// testStateName names a lone state definition inside the wrapper machine.
const testStateName = "TestState"

// testState runs one state as AWS's TestState does: the state is wrapped
// in a machine whose every transition target is a placeholder Succeed
// state (the placeholder entered names nextState), and run by the
// interpreter. A Task calls its resource through the same runners as the
// engine, unless the request mocks it.
func (h *handler) testState(ctx context.Context, req *testStateRequest) (*testStateResponse, error) {
	t, err := prepareTest(req)
	if err != nil {
		return nil, err
	}
	return h.runTest(ctx, t)
}

// testRun is a checked TestState request, ready to run.
type testRun struct {
	req       *testStateRequest
	name      string // the state under test
	stateType string
	resource  string
	machine   *machine.Machine
	input     jsonv.Value
	inputText string
	vars      *jsonv.Object
	context   *jsonv.Object
	mock      jsonv.Value // the parsed mock result (nil for errorOutput)
	level     string
	inMap     bool // the state is inside a Map's ItemProcessor
}

// prepareTest checks the request and builds the wrapper machine. The
// checks follow AWS's order where it is known: definition, then request
// fields, then the mock against the state.
func prepareTest(req *testStateRequest) (*testRun, error) {
	t := &testRun{req: req, level: req.InspectionLevel}
	if err := checkTestLengths(req); err != nil {
		return nil, err
	}
	switch t.level {
	case "":
		t.level = "INFO"
	case "INFO", "DEBUG", "TRACE":
	default:
		return nil, validation("", "1 validation error detected: Value '%s' at 'inspectionLevel' failed to satisfy constraint: Member must satisfy enum value set: [INFO, DEBUG, TRACE]", req.InspectionLevel)
	}
	if req.Mock != nil {
		switch req.Mock.FieldValidationMode {
		case "", "STRICT", "PRESENT", "NONE":
		default:
			return nil, validation("", "1 validation error detected: Value '%s' at 'mock.fieldValidationMode' failed to satisfy constraint: Member must satisfy enum value set: [STRICT, PRESENT, NONE]", req.Mock.FieldValidationMode)
		}
	}
	if sc := req.StateConfiguration; sc != nil {
		if n := len(sc.ErrorCausedByState); n > 80 {
			return nil, validation("", "1 validation error detected: Value at 'stateConfiguration.errorCausedByState' failed to satisfy constraint: Member must have length less than or equal to 80")
		}
		if n := len(sc.MapItemReaderData); n > 262144 {
			return nil, validation("", "1 validation error detected: Value at 'stateConfiguration.mapItemReaderData' failed to satisfy constraint: Member must have length less than or equal to 262144")
		}
		for _, f := range []struct {
			field string
			n     *int64
		}{{"retrierRetryCount", sc.RetrierRetryCount}, {"mapIterationFailureCount", sc.MapIterationFailureCount}} {
			if f.n != nil && *f.n < 0 {
				return nil, validation("", "1 validation error detected: Value '%d' at 'stateConfiguration.%s' failed to satisfy constraint: Member must have value greater than or equal to 0", *f.n, f.field)
			}
		}
	}
	state, err := t.wrap()
	if err != nil {
		return nil, err
	}
	if err := t.checkMock(state); err != nil {
		return nil, err
	}
	if err := t.checkMapConfiguration(state); err != nil {
		return nil, err
	}
	if err := t.parseData(); err != nil {
		return nil, err
	}
	return t, nil
}
