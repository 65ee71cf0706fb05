package mock

import (
	"strings"
	"testing"

	"github.com/stepd/stepd/jsonv"
)

// The example of the AWS developer guide, "Mock configuration file"
// (sfn-local-mock-cfg-file).
const awsExample = `{
  "StateMachines": {
    "LambdaSQSIntegration": {
      "TestCases": {
        "HappyPath": {"LambdaState": "MockedLambdaSuccess", "SQSState": "MockedSQSSuccess"},
        "RetryPath": {"LambdaState": "MockedLambdaRetry", "SQSState": "MockedSQSSuccess"},
        "HybridPath": {"LambdaState": "MockedLambdaSuccess"}
      }
    }
  },
  "MockedResponses": {
    "MockedLambdaSuccess": {"0": {"Return": {"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}}},
    "LambdaMockedResourceNotReady": {"0": {"Throw": {"Error": "Lambda.ResourceNotReadyException", "Cause": "Lambda resource is not ready."}}},
    "MockedSQSSuccess": {"0": {"Return": {"MD5OfMessageBody": "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51", "MessageId": "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"}}},
    "MockedLambdaRetry": {
      "0": {"Throw": {"Error": "Lambda.ResourceNotReadyException", "Cause": "Lambda resource is not ready."}},
      "1-2": {"Throw": {"Error": "Lambda.TimeoutException", "Cause": "Lambda timed out."}},
      "3": {"Return": {"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}}
    }
  }
}`

func TestAWSExampleRetryPath(t *testing.T) {
	c, err := Parse([]byte(awsExample))
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Script("LambdaSQSIntegration", "RetryPath")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := 0; i < 5; i++ {
		r, ok, err := s.Next("LambdaState")
		switch {
		case !ok:
			t.Fatal("LambdaState not mocked")
		case err != nil:
			got = append(got, "error: "+err.Error())
		case r.Failed():
			got = append(got, r.Error)
		default:
			got = append(got, jsonv.String(r.Output))
		}
	}
	want := []string{
		"Lambda.ResourceNotReadyException",
		"Lambda.TimeoutException",
		"Lambda.TimeoutException",
		`{"StatusCode":200,"Payload":{"StatusCode":200,"body":"Hello from Lambda!"}}`,
		`error: no mocked response for invocation 4 of state "LambdaState"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, ok, _ := s.Next("Unmocked"); ok {
		t.Error("Unmocked state reported as mocked")
	}
}

func TestHybridPathLeavesOtherStatesUnmocked(t *testing.T) {
	c, _ := Parse([]byte(awsExample))
	s, err := c.Script("LambdaSQSIntegration", "HybridPath")
	if err != nil {
		t.Fatal(err)
	}
	if !s.Mocks("LambdaState") || s.Mocks("SQSState") {
		t.Error("HybridPath must mock only LambdaState")
	}
}

func TestParseErrorsNameTheField(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"not json", `{`, "mock config: line 1, column 2"},
		{"unknown top field", `{"Mocks":{}}`, "unknown field at /Mocks"},
		{"missing response", `{"StateMachines":{"M":{"TestCases":{"T":{"S":"Nope"}}}}}`, `/StateMachines/M/TestCases/T/S names mocked response "Nope"`},
		{"bad key", `{"MockedResponses":{"R":{"x":{"Return":1}}}}`, `/MockedResponses/R/x: invocation key "x"`},
		{"bad range", `{"MockedResponses":{"R":{"3-1":{"Return":1}}}}`, `invocation key "3-1"`},
		{"overlap", `{"MockedResponses":{"R":{"0-2":{"Return":1},"2":{"Return":2}}}}`, "invocations 2 to 2 are defined twice"},
		{"both", `{"MockedResponses":{"R":{"0":{"Return":1,"Throw":{"Error":"E"}}}}}`, "/MockedResponses/R/0 must hold exactly one of Return or Throw"},
		{"neither", `{"MockedResponses":{"R":{"0":{}}}}`, "exactly one of Return or Throw"},
		{"throw without error", `{"MockedResponses":{"R":{"0":{"Throw":{"Cause":"c"}}}}}`, "/MockedResponses/R/0/Throw/Error is required"},
		{"throw extra field", `{"MockedResponses":{"R":{"0":{"Throw":{"Error":"E","Code":1}}}}}`, "/MockedResponses/R/0/Throw/Code must be a string"},
		{"empty response", `{"MockedResponses":{"R":{}}}`, "/MockedResponses/R must define at least one invocation"},
		{"test cases missing", `{"StateMachines":{"M":{}}}`, "/StateMachines/M must hold exactly one field, TestCases"},
	} {
		_, err := Parse([]byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error = %v, want it to contain %q", tc.name, err, tc.want)
		}
	}
}

func TestScriptLookupErrors(t *testing.T) {
	c, _ := Parse([]byte(awsExample))
	if _, err := c.Script("Other", "HappyPath"); err == nil || !strings.Contains(err.Error(), `no state machine "Other"`) {
		t.Errorf("unknown machine: %v", err)
	}
	_, err := c.Script("LambdaSQSIntegration", "Sad")
	if want := `no test case "Sad" for state machine "LambdaSQSIntegration" (it has: HappyPath, HybridPath, RetryPath)`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("unknown case: %v", err)
	}
}

func TestGoScriptCountsInvocationsPerState(t *testing.T) {
	s := NewScript().
		Throw("Charge", "Card.Declined", "insufficient funds").
		Return("Charge", jsonv.ObjectOf("ok", true)).
		Return("Ship", "shipped")
	r, _, _ := s.Next("Ship")
	if r.Output != "shipped" {
		t.Errorf("Ship = %v", r.Output)
	}
	r, _, _ = s.Next("Charge")
	if r.Error != "Card.Declined" || r.Cause != "insufficient funds" {
		t.Errorf("Charge#0 = %+v", r)
	}
	r, _, _ = s.Next("Charge")
	if jsonv.String(r.Output) != `{"ok":true}` {
		t.Errorf("Charge#1 = %+v", r)
	}
}
