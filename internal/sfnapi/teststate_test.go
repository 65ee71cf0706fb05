package sfnapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"github.com/google/go-cmp/cmp"

	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/internal/runner/httptask"
)

func TestTestState(t *testing.T) {
	h := newHarness(t)
	c := h.client
	for _, tc := range []struct {
		name      string
		in        sfn.TestStateInput
		status    types.TestExecutionStatus
		next, out string
		errorName string
	}{
		{"pass", sfn.TestStateInput{Definition: aws.String(`{"Type":"Pass","Parameters":{"v.$":"$.x"},"Next":"After"}`), Input: aws.String(`{"x":3}`)},
			types.TestExecutionStatusSucceeded, "After", `{"v":3}`, ""},
		{"choice", sfn.TestStateInput{Definition: aws.String(`{"Type":"Choice","Choices":[{"Variable":"$.x","NumericEquals":3,"Next":"Three"}],"Default":"Other"}`), Input: aws.String(`{"x":3}`)},
			types.TestExecutionStatusSucceeded, "Three", `{"x":3}`, ""},
		{"fail", sfn.TestStateInput{Definition: aws.String(`{"Type":"Fail","Error":"Boom","Cause":"c"}`)},
			types.TestExecutionStatusFailed, "", "", "Boom"},
		{"task mock", sfn.TestStateInput{Definition: aws.String(`{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","ResultPath":"$.r","End":true}`), Input: aws.String(`{}`),
			Mock: &types.MockInput{Result: aws.String(`{"ok":1}`)}, InspectionLevel: types.InspectionLevelDebug},
			types.TestExecutionStatusSucceeded, "", `{"r":{"ok":1}}`, ""},
		{"task caught", sfn.TestStateInput{Definition: aws.String(`{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Catch":[{"ErrorEquals":["States.ALL"],"Next":"Handler"}],"End":true}`),
			Mock: &types.MockInput{ErrorOutput: &types.MockErrorOutput{Error: aws.String("E"), Cause: aws.String("c")}}},
			types.TestExecutionStatusCaughtError, "Handler", `{"Error":"E","Cause":"c"}`, "E"},
		{"task retriable", sfn.TestStateInput{Definition: aws.String(`{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Retry":[{"ErrorEquals":["E"]}],"End":true}`),
			Mock: &types.MockInput{ErrorOutput: &types.MockErrorOutput{Error: aws.String("E"), Cause: aws.String("c")}}},
			types.TestExecutionStatusRetriable, "", "", "E"},
		{"state of a machine", sfn.TestStateInput{Definition: aws.String(`{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Result":2,"End":true}}}`), StateName: aws.String("B")},
			types.TestExecutionStatusSucceeded, "", `2`, ""},
	} {
		tc.in.RoleArn = aws.String(role)
		out := must(c.TestState(h.ctx, &tc.in))
		if out.Status != tc.status || aws.ToString(out.NextState) != tc.next || aws.ToString(out.Output) != tc.out || aws.ToString(out.Error) != tc.errorName {
			t.Errorf("%s: status %s next %q output %q error %q", tc.name, out.Status, aws.ToString(out.NextState), aws.ToString(out.Output), aws.ToString(out.Error))
		}
	}
	_, err := c.TestState(h.ctx, &sfn.TestStateInput{Definition: aws.String(`{"Type":"Nope"}`), RoleArn: aws.String(role)})
	wantCode(t, err, "InvalidDefinition")
}

// testStateCase is one TestState request and the answer expected on the
// wire. In the expected answer, inspectionData members are written as the
// JSON their text holds (the test parses them), so they read as data.
type testStateCase struct {
	name    string
	request string
	want    string
}

// runTestStateCases posts each request and compares the answer.
func runTestStateCases(t *testing.T, h *harness, cases []testStateCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body, err := httpPost(h.url, "AWSStepFunctions.TestState", tc.request)
			if err != nil {
				t.Fatal(err)
			}
			got := decodeAnswer(t, body)
			var want any
			if err := json.Unmarshal([]byte(tc.want), &want); err != nil {
				t.Fatalf("bad want: %v", err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("answer (-want +got):\n%s\nraw: %s", diff, body)
			}
		})
	}
}

// decodeAnswer parses an answer and, inside inspectionData, the JSON text
// of every member that holds some.
func decodeAnswer(t *testing.T, body string) map[string]any {
	t.Helper()
	var got map[string]any
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatalf("answer %q: %v", body, err)
	}
	data, _ := got["inspectionData"].(map[string]any)
	for k, v := range data {
		if s, ok := v.(string); ok {
			var parsed any
			if json.Unmarshal([]byte(s), &parsed) == nil {
				data[k] = parsed
			}
		}
	}
	return got
}

// The developer guide's examples, and every inspection field of JSONPath
// and JSONata states.
func TestTestStateInspection(t *testing.T) {
	h := newHarness(t)
	runTestStateCases(t, h, []testStateCase{
		{"INFO shows no inspection data", `{
			"definition": "{\"Type\":\"Pass\",\"InputPath\":\"$.payload\",\"Parameters\":{\"data\":1},\"Next\":\"Another State\"}",
			"input": "{\"payload\": {\"foo\": \"bar\"}}"}`,
			`{"output": "{\"data\":1}", "nextState": "Another State", "status": "SUCCEEDED"}`},
		{"DEBUG Pass (the guide's example 2)", `{
			"definition": "{\"Type\": \"Pass\", \"InputPath\": \"$.payload\", \"Parameters\": {\"data\": 1}, \"ResultPath\": \"$.result\", \"OutputPath\": \"$.result.data\", \"Next\": \"Another State\"}",
			"input": "{\"payload\": {\"foo\": \"bar\"}}", "inspectionLevel": "DEBUG"}`,
			`{"output": "1", "nextState": "Another State", "status": "SUCCEEDED",
			  "inspectionData": {
				"input": {"payload": {"foo": "bar"}},
				"afterInputPath": {"foo": "bar"},
				"afterParameters": {"data": 1},
				"afterResultSelector": {"data": 1},
				"afterResultPath": {"payload": {"foo": "bar"}, "result": {"data": 1}}}}`},
		{"TRACE of a Pass with Result (no input stages, as AWS)", `{
			"definition": "{\"Type\":\"Pass\",\"Result\":7,\"ResultPath\":\"$.r\",\"End\":true}",
			"input": "{}", "inspectionLevel": "TRACE"}`,
			`{"output": "{\"r\":7}", "status": "SUCCEEDED",
			  "inspectionData": {"input": {}, "result": 7, "afterResultSelector": 7, "afterResultPath": {"r": 7}}}`},
		{"Fail shows its input after InputPath", `{
			"definition": "{\"Type\":\"Fail\",\"Error\":\"SomeFailure\",\"Cause\":\"why\"}",
			"input": "{\"Value\": \"HelloWorld\"}", "inspectionLevel": "DEBUG"}`,
			`{"status": "FAILED", "error": "SomeFailure", "cause": "why",
			  "inspectionData": {"input": {"Value": "HelloWorld"}, "afterInputPath": {"Value": "HelloWorld"}}}`},
		{"Succeed", `{
			"definition": "{\"Type\":\"Succeed\"}", "input": "{\"Value\": \"HelloWorld\"}", "inspectionLevel": "DEBUG"}`,
			`{"output": "{\"Value\":\"HelloWorld\"}", "status": "SUCCEEDED",
			  "inspectionData": {"input": {"Value": "HelloWorld"}, "afterInputPath": {"Value": "HelloWorld"}}}`},
		{"JSONata Choice shows only its input", `{
			"definition": "{\"QueryLanguage\":\"JSONata\",\"Type\":\"Choice\",\"Choices\":[{\"Condition\":\"{% $states.input.cost > 5 %}\",\"Next\":\"Purchase Approved\"}],\"Default\":\"Ask\"}",
			"input": "{\"cost\": 9}", "inspectionLevel": "DEBUG"}`,
			`{"output": "{\"cost\":9}", "nextState": "Purchase Approved", "status": "SUCCEEDED", "inspectionData": {"input": {"cost": 9}}}`},
		{"JSONPath Task: every stage, and variables after Assign", `{
			"definition": "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\",\"InputPath\":\"$.order\",\"Parameters\":{\"FunctionName\":\"price\",\"Payload.$\":\"$\"},\"ResultSelector\":{\"total.$\":\"$.Payload.total\"},\"ResultPath\":\"$.price\",\"OutputPath\":\"$.price\",\"Assign\":{\"seen.$\":\"$.total\"},\"Next\":\"Ship\"}",
			"input": "{\"order\": {\"id\": 7}}",
			"variables": "{\"region\": \"eu\"}",
			"mock": {"result": "{\"Payload\": {\"total\": 12}, \"StatusCode\": 200}"},
			"inspectionLevel": "DEBUG"}`,
			`{"output": "{\"total\":12}", "nextState": "Ship", "status": "SUCCEEDED",
			  "inspectionData": {
				"input": {"order": {"id": 7}},
				"afterInputPath": {"id": 7},
				"afterParameters": {"FunctionName": "price", "Payload": {"id": 7}},
				"result": {"Payload": {"total": 12}, "StatusCode": 200},
				"afterResultSelector": {"total": 12},
				"afterResultPath": {"order": {"id": 7}, "price": {"total": 12}},
				"variables": {"region": "eu", "seen": 12}}}`},
		{"JSONata Task: afterArguments, result, variables", `{
			"definition": "{\"QueryLanguage\":\"JSONata\",\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\",\"Arguments\":{\"FunctionName\":\"price\",\"Payload\":\"{% $states.input.n * $factor %}\"},\"Output\":\"{% $states.result.Payload %}\",\"Assign\":{\"last\":\"{% $states.result.Payload %}\"},\"End\":true}",
			"input": "{\"n\": 3}",
			"variables": "{\"factor\": 10}",
			"mock": {"result": "{\"Payload\": 30}"},
			"inspectionLevel": "DEBUG"}`,
			`{"output": "30", "status": "SUCCEEDED",
			  "inspectionData": {
				"input": {"n": 3},
				"afterArguments": {"FunctionName": "price", "Payload": 30},
				"result": {"Payload": 30},
				"variables": {"factor": 10, "last": 30}}}`},
		{"variables are seen by JSONPath and reported unchanged", `{
			"definition": "{\"Type\":\"Pass\",\"Parameters\":{\"v.$\":\"$x\"},\"End\":true}",
			"variables": "{\"x\": 5}", "inspectionLevel": "DEBUG"}`,
			`{"output": "{\"v\":5}", "status": "SUCCEEDED",
			  "inspectionData": {"input": {}, "afterInputPath": {}, "afterParameters": {"v": 5}, "afterResultSelector": {"v": 5}, "afterResultPath": {"v": 5}, "variables": {"x": 5}}}`},
		{"Choice", `{
			"definition": "{\"Type\":\"Choice\",\"InputPath\":\"$.o\",\"Choices\":[{\"Variable\":\"$.n\",\"NumericGreaterThan\":1,\"Next\":\"Big\"}],\"Default\":\"Small\"}",
			"input": "{\"o\": {\"n\": 2}}", "inspectionLevel": "DEBUG"}`,
			`{"output": "{\"n\":2}", "nextState": "Big", "status": "SUCCEEDED", "inspectionData": {"input": {"o": {"n": 2}}, "afterInputPath": {"n": 2}}}`},
		{"Wait does not wait", `{
			"definition": "{\"Type\":\"Wait\",\"Seconds\":3600,\"Next\":\"Later\"}", "inspectionLevel": "DEBUG"}`,
			`{"output": "{}", "nextState": "Later", "status": "SUCCEEDED", "inspectionData": {"input": {}, "afterInputPath": {}}}`},
		{"context replaces $$ (with a mock)", `{
			"definition": "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\",\"Parameters\":{\"FunctionName\":\"f\",\"Payload\":{\"id.$\":\"$$.Execution.Id\",\"state.$\":\"$$.State.Name\"}},\"End\":true}",
			"context": "{\"Execution\": {\"Id\": \"arn:aws:states:us-east-1:123456789012:execution:M:e-1\"}, \"State\": {\"Name\": \"ProcessData\"}}",
			"mock": {"result": "{\"ok\": true}"}, "inspectionLevel": "DEBUG"}`,
			`{"output": "{\"ok\":true}", "status": "SUCCEEDED",
			  "inspectionData": {"input": {}, "afterInputPath": {},
				"afterParameters": {"FunctionName": "f", "Payload": {"id": "arn:aws:states:us-east-1:123456789012:execution:M:e-1", "state": "ProcessData"}},
				"result": {"ok": true}, "afterResultSelector": {"ok": true}, "afterResultPath": {"ok": true}}}`},
		{"a state inside a Map runs as its first iteration", `{
			"definition": "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ItemProcessor\":{\"StartAt\":\"Item\",\"States\":{\"Item\":{\"Type\":\"Pass\",\"Parameters\":{\"i.$\":\"$$.Map.Item.Index\",\"v.$\":\"$$.Map.Item.Value\",\"s.$\":\"$$.State.Name\"},\"End\":true}}},\"End\":true}}}",
			"stateName": "Item", "input": "{\"sku\": \"a\"}"}`,
			`{"output": "{\"i\":0,\"v\":{\"sku\":\"a\"},\"s\":\"Item\"}", "status": "SUCCEEDED"}`},
		{"a state inside a Parallel branch", `{
			"definition": "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Parallel\",\"Branches\":[{\"StartAt\":\"B1\",\"States\":{\"B1\":{\"Type\":\"Pass\",\"Result\":1,\"Next\":\"B2\"},\"B2\":{\"Type\":\"Pass\",\"End\":true}}}],\"End\":true}}}",
			"stateName": "B1"}`,
			`{"output": "1", "nextState": "B2", "status": "SUCCEEDED"}`},
		{"a mocked .waitForTaskToken Task sees the context's token", `{
			"definition": "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::sqs:sendMessage.waitForTaskToken\",\"Parameters\":{\"QueueUrl\":\"q\",\"MessageBody\":{\"TaskToken.$\":\"$$.Task.Token\"}},\"ResultPath\":\"$.SQS\",\"Next\":\"NEXT_STATE\"}",
			"context": "{\"Task\": {\"Token\": \"abcd123\"}}", "mock": {"result": "{\"pokemon\": \"pikachu\"}"}, "inspectionLevel": "DEBUG"}`,
			`{"output": "{\"SQS\":{\"pokemon\":\"pikachu\"}}", "nextState": "NEXT_STATE", "status": "SUCCEEDED",
			  "inspectionData": {"input": {}, "afterInputPath": {}, "afterParameters": {"QueueUrl": "q", "MessageBody": {"TaskToken": "abcd123"}},
				"result": {"pokemon": "pikachu"}, "afterResultSelector": {"pokemon": "pikachu"}, "afterResultPath": {"SQS": {"pokemon": "pikachu"}}}}`},
		{"a failure shows the stages reached", `{
			"definition": "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\",\"InputPath\":\"$.a\",\"Parameters\":{\"x.$\":\"$.missing\"},\"End\":true}",
			"input": "{\"a\": {}}", "roleArn": "arn:aws:iam::123456789012:role/stepd", "inspectionLevel": "DEBUG"}`,
			`{"status": "FAILED", "error": "States.Runtime",
			  "cause": "An error occurred while executing the state 'TestState' (entered at the event id #2). The JSONPath '$.missing' specified for the field 'x.$' could not be found in the input '{}'",
			  "inspectionData": {"input": {"a": {}}, "afterInputPath": {}}}`},
	})
}

// Caught and retried errors, with the stateConfiguration retry count.
func TestTestStateErrors(t *testing.T) {
	h := newHarness(t)
	retry := `\"Retry\":[{\"ErrorEquals\":[\"Other\"]},{\"ErrorEquals\":[\"Lambda.ServiceException\"],\"IntervalSeconds\":2,\"MaxAttempts\":3,\"BackoffRate\":2.0}]`
	catch := `\"Catch\":[{\"ErrorEquals\":[\"Nope\"],\"Next\":\"X\"},{\"ErrorEquals\":[\"States.ALL\"],\"ResultPath\":\"$.error\",\"Next\":\"HandleThrottling\"}]`
	runTestStateCases(t, h, []testStateCase{
		{"caught (the guide's example)", `{
			"definition": "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\",\"Catch\":[{\"ErrorEquals\":[\"Lambda.TooManyRequestsException\"],\"ResultPath\":\"$.error\",\"Next\":\"HandleThrottling\"}],\"Next\":\"Success\"}",
			"input": "{\"data\": \"value\"}",
			"mock": {"errorOutput": {"error": "Lambda.TooManyRequestsException", "cause": "Rate exceeded"}},
			"inspectionLevel": "DEBUG"}`,
			`{"status": "CAUGHT_ERROR", "nextState": "HandleThrottling", "error": "Lambda.TooManyRequestsException", "cause": "Rate exceeded",
			  "output": "{\"data\":\"value\",\"error\":{\"Error\":\"Lambda.TooManyRequestsException\",\"Cause\":\"Rate exceeded\"}}",
			  "inspectionData": {"input": {"data": "value"}, "afterInputPath": {"data": "value"}, "afterParameters": {"data": "value"}, "errorDetails": {"catchIndex": 0}}}`},
		{"retried (the guide's example: 2 × 2.0^1)", `{
			"definition": "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\",` + retry + `,` + catch + `,\"End\":true}",
			"input": "{\"data\": \"value\"}",
			"stateConfiguration": {"retrierRetryCount": 1},
			"mock": {"errorOutput": {"error": "Lambda.ServiceException", "cause": "Service error"}},
			"inspectionLevel": "DEBUG"}`,
			`{"status": "RETRIABLE", "error": "Lambda.ServiceException", "cause": "Service error",
			  "inspectionData": {"input": {"data": "value"}, "afterInputPath": {"data": "value"}, "afterParameters": {"data": "value"},
				"errorDetails": {"retryIndex": 1, "retryBackoffIntervalSeconds": 4}}}`},
		{"first attempt", `{
			"definition": "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\",` + retry + `,\"End\":true}",
			"mock": {"errorOutput": {"error": "Lambda.ServiceException", "cause": "Service error"}}, "inspectionLevel": "DEBUG"}`,
			`{"status": "RETRIABLE", "error": "Lambda.ServiceException", "cause": "Service error",
			  "inspectionData": {"input": {}, "afterInputPath": {}, "afterParameters": {}, "errorDetails": {"retryIndex": 1, "retryBackoffIntervalSeconds": 2}}}`},
		{"retries exhausted fall through to Catch", `{
			"definition": "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\",` + retry + `,` + catch + `,\"End\":true}",
			"stateConfiguration": {"retrierRetryCount": 3},
			"mock": {"errorOutput": {"error": "Lambda.ServiceException", "cause": "Service error"}}}`,
			`{"status": "CAUGHT_ERROR", "nextState": "HandleThrottling", "error": "Lambda.ServiceException", "cause": "Service error",
			  "output": "{\"error\":{\"Error\":\"Lambda.ServiceException\",\"Cause\":\"Service error\"}}"}`},
		{"uncaught", `{
			"definition": "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\",\"End\":true}",
			"mock": {"errorOutput": {"error": "Boom", "cause": "why"}}}`,
			`{"status": "FAILED", "error": "Boom", "cause": "why"}`},
		{"a Parallel state's mock is its result", `{
			"definition": "{\"Type\":\"Parallel\",\"Branches\":[{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}},{\"StartAt\":\"B\",\"States\":{\"B\":{\"Type\":\"Pass\",\"End\":true}}}],\"ResultPath\":\"$.both\",\"End\":true}",
			"input": "{\"k\": 1}", "mock": {"result": "[1, 2]"}}`,
			`{"status": "SUCCEEDED", "output": "{\"k\":1,\"both\":[1,2]}"}`},
		{"a Map state's mock is its result", `{
			"definition": "{\"Type\":\"Map\",\"ItemsPath\":\"$.items\",\"ItemProcessor\":{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\",\"End\":true}}},\"ResultPath\":\"$.out\",\"Next\":\"Done\"}",
			"input": "{\"items\": [1, 2]}", "mock": {"result": "[10, 20]"}, "inspectionLevel": "DEBUG"}`,
			`{"status": "SUCCEEDED", "nextState": "Done", "output": "{\"items\":[1,2],\"out\":[10,20]}",
			  "inspectionData": {"input": {"items": [1, 2]}, "afterInputPath": {"items": [1, 2]}, "afterItemsPath": [1, 2], "maxConcurrency": 0,
				"afterResultSelector": [10, 20], "afterResultPath": {"items": [1, 2], "out": [10, 20]}}}`},
		{"a mocked Parallel error from a branch state is caught", `{
			"definition": "{\"Type\":\"Parallel\",\"Branches\":[{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\",\"End\":true}}}],\"Catch\":[{\"ErrorEquals\":[\"States.TaskFailed\"],\"Next\":\"Recover\"}],\"End\":true}",
			"stateConfiguration": {"errorCausedByState": "A"},
			"mock": {"errorOutput": {"error": "States.TaskFailed", "cause": "Task execution failed"}}}`,
			`{"status": "CAUGHT_ERROR", "nextState": "Recover", "error": "States.TaskFailed", "cause": "Task execution failed",
			  "output": "{\"Error\":\"States.TaskFailed\",\"Cause\":\"Task execution failed\"}"}`},
		{"a resource nothing serves fails as in an execution", `{
			"definition": "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::sqs:sendMessage\",\"Parameters\":{\"QueueUrl\":\"q\",\"MessageBody\":\"m\"},\"End\":true}",
			"roleArn": "arn:aws:iam::123456789012:role/stepd"}`,
			`{"status": "FAILED", "error": "States.Runtime",
			  "cause": "stepd cannot run the resource arn:aws:states:::sqs:sendMessage: no task runner serves it (declare the function, connection or AWS endpoint in stepd.yaml, mock it with --mock-config, or use an activity)"}`},
	})
}

// Requests AWS refuses, with AWS's error codes and words.
func TestTestStateValidation(t *testing.T) {
	h := newHarness(t)
	task := `{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\",\"End\":true}`
	role := `"roleArn": "arn:aws:iam::123456789012:role/stepd"`
	mapState := `{\"Type\":\"Map\",\"ItemProcessor\":{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}`
	readerMap := `{\"Type\":\"Map\",\"ItemReader\":{\"Resource\":\"arn:aws:states:::s3:getObject\",\"Parameters\":{\"Bucket\":\"b\",\"Key\":\"k\"}},` +
		`\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"},\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}`
	for _, tc := range []struct{ name, request, code, message string }{
		{"mock on a Pass state", `{"definition": "{\"Type\":\"Pass\",\"End\":true}", "mock": {"result": "1"}}`,
			"ValidationException", "State type 'Pass' is not supported when a mock is specified"},
		{"mock with result and errorOutput", `{"definition": "` + task + `", "mock": {"result": "1", "errorOutput": {"error": "E"}}}`,
			"ValidationException", "A test mock should have only one of the following fields: [result, errorOutput]."},
		{"revealSecrets with a mock", `{"definition": "` + task + `", "revealSecrets": true, "mock": {"result": "1"}}`,
			"ValidationException", "TestState does not support RevealSecrets when a mock is specified."},
		{"mock result not JSON", `{"definition": "` + task + `", "mock": {"result": "not JSON"}}`,
			"ValidationException", "Mocked result must be valid JSON"},
		{"Parallel mock not an array", `{"definition": "{\"Type\":\"Parallel\",\"Branches\":[{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}],\"End\":true}", "mock": {"result": "{}"}}`,
			"ValidationException", "Mocked result must be an array."},
		{"Parallel mock of the wrong length", `{"definition": "{\"Type\":\"Parallel\",\"Branches\":[{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}],\"End\":true}", "mock": {"result": "[1, 2]"}}`,
			"ValidationException", "Mocked result must contain the same number of items as number of Parallel branches."},
		{"Map mock not an array", `{"definition": "{\"Type\":\"Map\",\"ItemProcessor\":{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}", "mock": {"result": "{}"}}`,
			"ValidationException", "Mocked result must be an array."},
		{"Map without a mock", `{"definition": "{\"Type\":\"Map\",\"ItemProcessor\":{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}"}`,
			"InvalidDefinition", "TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]"},
		{"errorCausedByState outside the state", `{"definition": "{\"Type\":\"Parallel\",\"Branches\":[{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}],\"End\":true}", "stateConfiguration": {"errorCausedByState": "Z"}, "mock": {"errorOutput": {"error": "E"}}}`,
			"ValidationException", "stateConfiguration.errorCausedByState 'Z' is not a state inside the Map or Parallel state under test"},
		{"Parallel without a mock", `{"definition": "{\"Type\":\"Parallel\",\"Branches\":[{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}],\"End\":true}"}`,
			"InvalidDefinition", "TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]"},
		{"activity without a mock", `{"definition": "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:us-east-1:123456789012:activity:work\",\"End\":true}", ` + role + `}`,
			"ValidationException", "TestState does not support Activity tasks without a mock"},
		{".sync without a mock", `{"definition": "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::states:startExecution.sync:2\",\"Parameters\":{\"StateMachineArn\":\"x\"},\"End\":true}", ` + role + `}`,
			"ValidationException", "TestState does not support the .sync service integration pattern without a mock"},
		{".waitForTaskToken without a mock", `{"definition": "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::sqs:sendMessage.waitForTaskToken\",\"Parameters\":{\"QueueUrl\":\"q\",\"MessageBody.$\":\"$$.Task.Token\"},\"End\":true}", ` + role + `}`,
			"ValidationException", "TestState does not support the .waitForTaskToken service integration pattern without a mock"},
		{"Task without a mock needs a role", `{"definition": "` + task + `"}`,
			"ValidationException", "RoleArn must be specified when testing a Task state"},
		{"context without a mock", `{"definition": "{\"Type\":\"Pass\",\"End\":true}", "context": "{}"}`,
			"ValidationException", "The context field can only be specified when a mock is specified"},
		{"context with a Map member", `{"definition": "` + task + `", "mock": {"result": "1"}, "context": "{\"Map\": {}}"}`,
			"ValidationException", "Invalid Context object provided: 'Map' field is not supported when mocking a Context object"},
		{"context with an unknown member", `{"definition": "` + task + `", "mock": {"result": "1"}, "context": "{\"Execution\": {\"pokemon\": 1}}"}`,
			"ValidationException", "Invalid Context object provided: Field 'pokemon' is not allowed"},
		{"context with a wrong kind", `{"definition": "` + task + `", "mock": {"result": "1"}, "context": "{\"Execution\": {\"Id\": 1}}"}`,
			"ValidationException", "Invalid Context object provided: Execution.Id must be a string"},
		{"context Task for a request-response Task", `{"definition": "` + task + `", "mock": {"result": "1"}, "context": "{\"Task\": {\"Token\": \"t\"}}"}`,
			"ValidationException", "Invalid Context object provided: Context object contains 'Task' when state is not a Task state with a '.sync' or '.waitForTaskToken' service integration pattern"},
		{"unknown inspection level", `{"definition": "{\"Type\":\"Pass\",\"End\":true}", "inspectionLevel": "ALL"}`,
			"ValidationException", "1 validation error detected: Value 'ALL' at 'inspectionLevel' failed to satisfy constraint: Member must satisfy enum value set: [INFO, DEBUG, TRACE]"},
		{"unknown field validation mode", `{"definition": "` + task + `", "mock": {"result": "1", "fieldValidationMode": "LAX"}}`,
			"ValidationException", "1 validation error detected: Value 'LAX' at 'mock.fieldValidationMode' failed to satisfy constraint: Member must satisfy enum value set: [STRICT, PRESENT, NONE]"},
		{"negative retry count", `{"definition": "` + task + `", "mock": {"result": "1"}, "stateConfiguration": {"retrierRetryCount": -1}}`,
			"ValidationException", "1 validation error detected: Value '-1' at 'stateConfiguration.retrierRetryCount' failed to satisfy constraint: Member must have value greater than or equal to 0"},
		{"negative Map iteration failure count", `{"definition": "` + mapState + `", "mock": {"result": "[]"}, "stateConfiguration": {"mapIterationFailureCount": -1}}`,
			"ValidationException", "1 validation error detected: Value '-1' at 'stateConfiguration.mapIterationFailureCount' failed to satisfy constraint: Member must have value greater than or equal to 0"},
		{"Map iteration failure count for a Task", `{"definition": "` + task + `", "mock": {"result": "1"}, "stateConfiguration": {"mapIterationFailureCount": 1}}`,
			"ValidationException", "stateConfiguration.mapIterationFailureCount can only be specified when testing a Map state, not a Task state"},
		{"more failed iterations than items", `{"definition": "` + mapState + `", "input": "[1, 2]", "mock": {"result": "[]"}, "stateConfiguration": {"mapIterationFailureCount": 3}}`,
			"ValidationException", "stateConfiguration.mapIterationFailureCount (3) is more than the Map state's 2 iterations"},
		{"item reader data for a Pass", `{"definition": "{\"Type\":\"Pass\",\"End\":true}", "stateConfiguration": {"mapItemReaderData": "[]"}}`,
			"ValidationException", "stateConfiguration.mapItemReaderData can only be specified when testing a Map state, not a Pass state"},
		{"item reader data for a Map without an ItemReader", `{"definition": "` + mapState + `", "mock": {"result": "[]"}, "stateConfiguration": {"mapItemReaderData": "[]"}}`,
			"ValidationException", "stateConfiguration.mapItemReaderData can only be specified when the Map state has an ItemReader"},
		{"a Map with an ItemReader needs its data", `{"definition": "` + readerMap + `", "mock": {"result": "[]"}}`,
			"ValidationException", "stateConfiguration.mapItemReaderData must be specified to test a Map state with an ItemReader: TestState does not read the items from their source"},
		{"item reader data too long", `{"definition": "` + readerMap + `", "mock": {"result": "[]"}, "stateConfiguration": {"mapItemReaderData": "` + strings.Repeat("1", 262145) + `"}}`,
			"ValidationException", "1 validation error detected: Value at 'stateConfiguration.mapItemReaderData' failed to satisfy constraint: Member must have length less than or equal to 262144"},
		{"variables not an object", `{"definition": "{\"Type\":\"Pass\",\"End\":true}", "variables": "[1]"}`,
			"ValidationException", "The variables field must be a JSON object whose keys are variable names"},
		{"empty definition", `{"definition": ""}`,
			"ValidationException", "1 validation error detected: Value at 'definition' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"stateName too long", `{"definition": "{}", "stateName": "` + strings.Repeat("s", 81) + `"}`,
			"ValidationException", "1 validation error detected: Value at 'stateName' failed to satisfy constraint: Member must have length less than or equal to 80"},
		{"input not JSON", `{"definition": "{\"Type\":\"Pass\",\"End\":true}", "input": "{"}`,
			"InvalidExecutionInput", ""},
	} {
		body, err := httpPost(h.url, "AWSStepFunctions.TestState", tc.request)
		if err != nil {
			t.Fatal(err)
		}
		var got struct{ Type, Message string }
		if err := json.Unmarshal([]byte(strings.Replace(body, `"__type"`, `"type"`, 1)), &got); err != nil {
			t.Fatalf("%s: %s: %v", tc.name, body, err)
		}
		if got.Type != tc.code || (tc.message != "" && got.Message != tc.message) {
			t.Errorf("%s: got %s %q, want %s %q", tc.name, got.Type, got.Message, tc.code, tc.message)
		}
	}
}

// An HTTP Task without a mock calls a real local API through a connection;
// TRACE shows the exchange, the connection's secrets only when revealed.
func TestTestStateHTTPTask(t *testing.T) {
	api := newEchoAPI(t)
	conns := map[string]httptask.Connection{"orders": {
		APIKey:                   &httptask.APIKey{Name: "x-api-key", Value: "secret-key-123"},
		InvocationHTTPParameters: &httptask.HTTPParameters{Headers: map[string]string{"x-tenant": "acme"}},
	}}
	run, err := httptask.New(conns, httptask.Options{LookupEnv: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(run.Close)
	h := newHarnessTasks(t, &runner.Router{HTTP: run})
	def := `{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::http:invoke\",\"Parameters\":{\"ApiEndpoint\":\"` + api + `/orders\",\"Method\":\"POST\",\"Authentication\":{\"ConnectionArn\":\"arn:aws:events:us-east-1:123456789012:connection/orders/0000\"},\"Headers\":{\"x-trace\":\"t1\"},\"RequestBody\":{\"id.$\":\"$.id\"}},\"ResultSelector\":{\"body.$\":\"$.ResponseBody\",\"status.$\":\"$.StatusCode\"},\"End\":true}`
	request := func(extra string) string {
		return `{"definition": "` + def + `", "input": "{\"id\": 7}", "roleArn": "arn:aws:iam::123456789012:role/stepd"` + extra + `}`
	}
	params := map[string]any{"ApiEndpoint": api + "/orders", "Method": "POST",
		"Authentication": map[string]any{"ConnectionArn": "arn:aws:events:us-east-1:123456789012:connection/orders/0000"},
		"Headers":        map[string]any{"x-trace": "t1"}, "RequestBody": map[string]any{"id": float64(7)}}
	answered := map[string]any{"received": map[string]any{"id": float64(7)}, "key": "secret-key-123", "tenant": "acme"}
	reqHeaders := func(secret bool) map[string]any {
		h := map[string]any{"Content-Type": []any{"application/json; charset=UTF-8"}, "Range": []any{"bytes=0-262144"},
			"User-Agent": []any{"Amazon|StepFunctions|HttpInvoke|us-east-1"}, "X-Trace": []any{"t1"}}
		if secret {
			h["X-Api-Key"] = []any{"secret-key-123"}
			h["X-Tenant"] = []any{"acme"}
		}
		return h
	}
	for _, tc := range []struct {
		name, extra string
		want        map[string]any
	}{
		{"INFO", ``, map[string]any{"status": "SUCCEEDED", "output": `{"body":{"key":"secret-key-123","received":{"id":7},"tenant":"acme"},"status":200}`}},
		{"DEBUG", `, "inspectionLevel": "DEBUG"`, nil},
		{"TRACE hides the connection's secrets", `, "inspectionLevel": "TRACE"`, map[string]any{"secret": false}},
		{"TRACE with revealSecrets", `, "inspectionLevel": "TRACE", "revealSecrets": true`, map[string]any{"secret": true}},
	} {
		body, err := httpPost(h.url, "AWSStepFunctions.TestState", request(tc.extra))
		if err != nil {
			t.Fatal(err)
		}
		got := decodeAnswer(t, body)
		if got["status"] != "SUCCEEDED" {
			t.Fatalf("%s: %s", tc.name, body)
		}
		if tc.name == "INFO" {
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.name, diff)
			}
			continue
		}
		data := got["inspectionData"].(map[string]any)
		result := data["result"].(map[string]any)
		if diff := cmp.Diff(answered, result["ResponseBody"]); diff != "" {
			t.Errorf("%s: result body (-want +got):\n%s", tc.name, diff)
		}
		if diff := cmp.Diff(params, data["afterParameters"]); diff != "" {
			t.Errorf("%s: afterParameters (-want +got):\n%s", tc.name, diff)
		}
		if tc.want == nil {
			if data["request"] != nil || data["response"] != nil {
				t.Errorf("%s: request/response shown below TRACE: %s", tc.name, body)
			}
			continue
		}
		secret := tc.want["secret"].(bool)
		req := data["request"].(map[string]any)
		var headers map[string]any
		if err := json.Unmarshal([]byte(req["headers"].(string)), &headers); err != nil {
			t.Fatalf("%s: request headers %v", tc.name, req["headers"])
		}
		wantReq := map[string]any{"method": "POST", "protocol": "HTTP/1.1", "url": api + "/orders", "body": `{"id":7}`}
		delete(req, "headers")
		if diff := cmp.Diff(wantReq, req); diff != "" {
			t.Errorf("%s: request (-want +got):\n%s", tc.name, diff)
		}
		if diff := cmp.Diff(reqHeaders(secret), headers); diff != "" {
			t.Errorf("%s: request headers (-want +got):\n%s", tc.name, diff)
		}
		resp := data["response"].(map[string]any)
		if resp["statusCode"] != "200" || resp["statusMessage"] != "OK" || resp["protocol"] != "HTTP/1.1" ||
			resp["body"] != `{"key":"secret-key-123","received":{"id":7},"tenant":"acme"}` || !strings.Contains(resp["headers"].(string), `"Content-Type":["application/json"]`) {
			t.Errorf("%s: response %v", tc.name, resp)
		}
	}
}

// A failed call is shown at TRACE too: the answer is the evidence.
func TestTestStateHTTPTaskFailure(t *testing.T) {
	api := newEchoAPI(t)
	run, err := httptask.New(map[string]httptask.Connection{"orders": {APIKey: &httptask.APIKey{Name: "x-api-key", Value: "secret-key-123"}}},
		httptask.Options{LookupEnv: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(run.Close)
	h := newHarnessTasks(t, &runner.Router{HTTP: run})
	body, err := httpPost(h.url, "AWSStepFunctions.TestState", `{"definition": "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::http:invoke\",\"Parameters\":{\"ApiEndpoint\":\"`+api+`/missing\",\"Method\":\"GET\",\"Authentication\":{\"ConnectionArn\":\"arn:aws:events:us-east-1:123456789012:connection/orders/0000\"}},\"End\":true}",
		"roleArn": "arn:aws:iam::123456789012:role/stepd", "inspectionLevel": "TRACE"}`)
	if err != nil {
		t.Fatal(err)
	}
	got := decodeAnswer(t, body)
	data, _ := got["inspectionData"].(map[string]any)
	resp, _ := data["response"].(map[string]any)
	req, _ := data["request"].(map[string]any)
	if got["status"] != "FAILED" || got["error"] != "States.Http.StatusCode.404" || resp["statusCode"] != "404" || resp["statusMessage"] != "Not Found" ||
		resp["body"] != "no such thing\n" || req["method"] != "GET" || req["url"] != api+"/missing" {
		t.Errorf("answer: %s", body)
	}
}

// newEchoAPI serves POST /orders: it answers with the body it received and
// the connection's header values it saw; any other path is 404.
func newEchoAPI(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/orders" {
			http.Error(w, "no such thing", http.StatusNotFound)
			return
		}
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		out, _ := json.Marshal(map[string]any{"received": json.RawMessage(body), "key": r.Header.Get("x-api-key"), "tenant": r.Header.Get("x-tenant")})
		w.Write(out)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// testStateRequest writes a TestState request: the definition (quoted
// here, so the cases read as ASL) and the other members as given.
func testStateRequest(definition, members string) string {
	def, _ := json.Marshal(definition)
	return `{"definition": ` + string(def) + `, ` + members + `}`
}

// Mocked Map states: the state works out its items and settings, which
// inspectionData shows, and the mock stands for its iterations. The cases
// marked AWS are requests whose answers were recorded against AWS.
func TestTestStateMap(t *testing.T) {
	h := newHarness(t)
	// AWS: BASE_MAP_STATE_MACHINE of LocalStack's recorded TestState tests.
	machine := `{"StartAt":"State0","States":{"State0":{"Type":"Map","ItemsPath":"$.Values",
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"HandleItem","States":{"HandleItem":{"Type":"Pass","End":true}}},
		"ToleratedFailureCount":2,"End":true}}}`
	values := `"input": "{\"Values\": [\"first\", \"second\", \"third\"]}"`
	// AWS: BASE_MAP_STATE_CATCH and MAP_TASK_STATE (JSONata), their
	// Output simplified.
	catching := `{"Type":"Map","QueryLanguage":"JSONata","Items":"{% $states.input.Values %}",
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"TestState","States":{"TestState":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","End":true}}},
		"Catch":[{"ErrorEquals":["MockException"],"Output":"{% $states.errorOutput %}","Next":"HandleMockError"},
			{"ErrorEquals":["States.ExceedToleratedFailureThreshold"],"Output":"{% $states.errorOutput %}","Next":"HandleThreshold"}],
		"ToleratedFailureCount":1,"End":true}`
	retrying := `{"Type":"Map","QueryLanguage":"JSONata","Items":"{% $states.input.Values %}",
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"TestState","States":{"TestState":{"Type":"Task","QueryLanguage":"JSONata","Resource":"arn:aws:states:::lambda:invoke","Arguments":{"FunctionName":"foo"},"End":true}}},
		"Output":{"successCount":"{% $count($states.result[$ = 1]) %}","failedCount":"{% $count($states.result[$ = 0]) %}"},
		"ToleratedFailureCount":1,
		"Retry":[{"ErrorEquals":["MockException"],"MaxAttempts":3},{"ErrorEquals":["States.ExceedToleratedFailureThreshold"],"MaxAttempts":2}],
		"End":true}`
	untolerant := `{"Type":"Map","QueryLanguage":"JSONata","Items":"{% $states.input.Values %}",
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"TestState","States":{"TestState":{"Type":"Pass","End":true}}},"End":true}`
	// AWS: MAP_ITEM_READER_STATE_MACHINE.
	reader := `{"QueryLanguage":"JSONata","StartAt":"State0","States":{"State0":{"Type":"Map","MaxConcurrency":1,
		"ItemReader":{"ReaderConfig":{"InputType":"JSON"},"Resource":"arn:aws:states:::s3:getObject","Arguments":{"Bucket":"{% $states.input.Bucket %}","Key":"{% $states.input.Key %}"}},
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"HandleItem","States":{"HandleItem":{"Type":"Pass","End":true}}},"End":true}}}`
	bucket := `"input": "{\"Bucket\": \"test-bucket\", \"Key\": \"test-key\"}"`
	csvReader := `{"Type":"Map","ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW","MaxItemsPath":"$.max"},"Parameters":{"Bucket":"b","Key.$":"$.key"}},
		"ItemSelector":{"sku.$":"$$.Map.Item.Value.sku","at.$":"$$.Map.Item.Index","batch.$":"$.batch"},"ItemBatcher":{"MaxItemsPerBatch":2},
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},
		"Catch":[{"ErrorEquals":["States.ItemReaderFailed"],"Next":"Unreadable"}],"ResultPath":"$.done","End":true}`
	runTestStateCases(t, h, []testStateCase{
		{"AWS: a mocked error fails a JSONPath Distributed Map", testStateRequest(machine, `"stateName": "State0", `+values+`,
			"stateConfiguration": {"mapIterationFailureCount": 2, "errorCausedByState": "HandleItem"},
			"inspectionLevel": "DEBUG", "mock": {"errorOutput": {"error": "MockException", "cause": "Mock the error cause."}}`),
			`{"status": "FAILED", "error": "MockException", "cause": "Mock the error cause.",
			  "inspectionData": {"input": {"Values": ["first", "second", "third"]}, "afterInputPath": {"Values": ["first", "second", "third"]},
				"afterItemsPath": ["first", "second", "third"], "maxConcurrency": 0, "toleratedFailureCount": 2}}`},
		{"AWS: failures within the tolerance", testStateRequest(catching, values+`,
			"stateConfiguration": {"mapIterationFailureCount": 1}, "inspectionLevel": "DEBUG", "mock": {"result": "[1, 1, 1]"}`),
			`{"status": "SUCCEEDED", "output": "[1,1,1]",
			  "inspectionData": {"input": {"Values": ["first", "second", "third"]}, "maxConcurrency": 0, "toleratedFailureCount": 1}}`},
		{"AWS: failures beyond the tolerance are caught", testStateRequest(catching, values+`,
			"stateConfiguration": {"mapIterationFailureCount": 2}, "inspectionLevel": "DEBUG", "mock": {"result": "[0, 0, 1]"}`),
			`{"status": "CAUGHT_ERROR", "nextState": "HandleThreshold",
			  "error": "States.ExceedToleratedFailureThreshold", "cause": "The specified tolerated failure threshold was exceeded",
			  "output": "{\"Error\":\"States.ExceedToleratedFailureThreshold\",\"Cause\":\"The specified tolerated failure threshold was exceeded\"}",
			  "inspectionData": {"input": {"Values": ["first", "second", "third"]}, "maxConcurrency": 0, "toleratedFailureCount": 1, "errorDetails": {"catchIndex": 1}}}`},
		{"AWS: failures beyond the tolerance are retriable", testStateRequest(retrying, values+`,
			"stateConfiguration": {"mapIterationFailureCount": 2}, "inspectionLevel": "DEBUG", "mock": {"result": "[0, 0, 1]"}`),
			`{"status": "RETRIABLE", "error": "States.ExceedToleratedFailureThreshold", "cause": "The specified tolerated failure threshold was exceeded",
			  "inspectionData": {"input": {"Values": ["first", "second", "third"]}, "maxConcurrency": 0, "toleratedFailureCount": 1,
				"errorDetails": {"retryIndex": 1, "retryBackoffIntervalSeconds": 1}}}`},
		{"AWS: the mock goes through Output", testStateRequest(retrying, values+`,
			"stateConfiguration": {"mapIterationFailureCount": 0}, "mock": {"result": "[1, 1, 1]"}`),
			`{"status": "SUCCEEDED", "output": "{\"successCount\":3,\"failedCount\":0}"}`},
		{"AWS: a Map that tolerates nothing ignores the failure count", testStateRequest(untolerant, values+`,
			"stateConfiguration": {"mapIterationFailureCount": 2}, "inspectionLevel": "DEBUG", "mock": {"result": "[0, 0, 1]"}`),
			`{"status": "SUCCEEDED", "output": "[0,0,1]",
			  "inspectionData": {"input": {"Values": ["first", "second", "third"]}, "maxConcurrency": 0}}`},
		{"AWS: an ItemReader reads mapItemReaderData", testStateRequest(reader, `"stateName": "State0", `+bucket+`,
			"stateConfiguration": {"mapItemReaderData": "[1, 2, 3]"}, "inspectionLevel": "TRACE", "mock": {"result": "[1, 4, 9]"}`),
			`{"status": "SUCCEEDED", "output": "[1,4,9]",
			  "inspectionData": {"input": {"Bucket": "test-bucket", "Key": "test-key"}, "maxConcurrency": 1}}`},
		{"AWS: the item reader's data counts the iterations that may fail", testStateRequest(reader, `"stateName": "State0", `+bucket+`,
			"stateConfiguration": {"mapItemReaderData": "[1, 2, 3]", "mapIterationFailureCount": 2, "errorCausedByState": "HandleItem"},
			"mock": {"errorOutput": {"error": "MockException", "cause": "Mock the error cause."}}`),
			`{"status": "FAILED", "error": "MockException", "cause": "Mock the error cause."}`},
		{"inline JSONPath Map: ItemSelector over every item", testStateRequest(`{"Type":"Map","InputPath":"$.order","ItemsPath":"$.lines","MaxConcurrency":4,
			"ItemSelector":{"line.$":"$$.Map.Item.Value","n.$":"$$.Map.Item.Index","order.$":"$.id"},
			"ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"P","States":{"P":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}},
			"ResultSelector":{"count.$":"States.ArrayLength($)"},"ResultPath":"$.summary","Next":"Ship"}`,
			`"input": "{\"order\": {\"id\": 7, \"lines\": [\"a\", \"b\"]}}", "inspectionLevel": "DEBUG", "mock": {"result": "[{}, {}]"}`),
			`{"status": "SUCCEEDED", "nextState": "Ship", "output": "{\"order\":{\"id\":7,\"lines\":[\"a\",\"b\"]},\"summary\":{\"count\":2}}",
			  "inspectionData": {"input": {"order": {"id": 7, "lines": ["a", "b"]}}, "afterInputPath": {"id": 7, "lines": ["a", "b"]},
				"afterItemsPath": ["a", "b"], "afterItemSelector": [{"line": "a", "n": 0, "order": 7}, {"line": "b", "n": 1, "order": 7}],
				"maxConcurrency": 4, "afterResultSelector": {"count": 2}, "afterResultPath": {"order": {"id": 7, "lines": ["a", "b"]}, "summary": {"count": 2}}}}`},
		{"inline JSONata Map: ItemSelector and a MaxConcurrency expression", testStateRequest(`{"Type":"Map","QueryLanguage":"JSONata","Items":"{% $states.input.xs %}",
			"ItemSelector":{"x":"{% $states.context.Map.Item.Value %}","sq":"{% $states.context.Map.Item.Value * $states.context.Map.Item.Value %}"},
			"MaxConcurrency":"{% $states.input.conc %}",
			"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"Output":"{% $sum($states.result) %}","End":true}`,
			`"input": "{\"xs\": [2, 3], \"conc\": 2}", "inspectionLevel": "DEBUG", "mock": {"result": "[4, 9]"}`),
			`{"status": "SUCCEEDED", "output": "13",
			  "inspectionData": {"input": {"xs": [2, 3], "conc": 2}, "afterItemSelector": [{"x": 2, "sq": 4}, {"x": 3, "sq": 9}], "maxConcurrency": 2}}`},
		{"Distributed JSONPath Map: ItemSelector, ItemBatcher and a tolerated percentage", testStateRequest(`{"Type":"Map","ItemsPath":"$.xs",
			"ItemSelector":{"x.$":"$$.Map.Item.Value"},"ItemBatcher":{"MaxItemsPerBatch":2,"BatchInput":{"run.$":"$.run"}},
			"ToleratedFailurePercentagePath":"$.pct","MaxConcurrencyPath":"$.conc",
			"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}`,
			`"input": "{\"xs\": [1, 2, 3], \"run\": \"r1\", \"pct\": 50, \"conc\": 5}", "inspectionLevel": "DEBUG", "mock": {"result": "[[1, 2], [3]]"}`),
			`{"status": "SUCCEEDED", "output": "[[1,2],[3]]",
			  "inspectionData": {"input": {"xs": [1, 2, 3], "run": "r1", "pct": 50, "conc": 5}, "afterInputPath": {"xs": [1, 2, 3], "run": "r1", "pct": 50, "conc": 5},
				"afterItemsPath": [1, 2, 3], "afterItemSelector": [{"x": 1}, {"x": 2}, {"x": 3}],
				"afterItemBatcher": [{"BatchInput": {"run": "r1"}, "Items": [{"x": 1}, {"x": 2}]}, {"BatchInput": {"run": "r1"}, "Items": [{"x": 3}]}],
				"maxConcurrency": 5, "toleratedFailurePercentage": 50, "afterResultSelector": [[1, 2], [3]], "afterResultPath": [[1, 2], [3]]}}`},
		{"a legacy Iterator Map: Parameters select the items", testStateRequest(`{"Type":"Map","ItemsPath":"$.xs","Parameters":{"x.$":"$$.Map.Item.Value"},
			"Iterator":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}`,
			`"input": "{\"xs\": [1]}", "inspectionLevel": "DEBUG", "mock": {"result": "[{\"x\": 1}]"}`),
			`{"status": "SUCCEEDED", "output": "[{\"x\":1}]",
			  "inspectionData": {"input": {"xs": [1]}, "afterInputPath": {"xs": [1]}, "afterItemsPath": [1], "afterItemSelector": [{"x": 1}], "maxConcurrency": 0,
				"afterResultSelector": [{"x": 1}], "afterResultPath": [{"x": 1}]}}`},
		{"a Map with a ResultWriter: the mock is the written run's description", testStateRequest(`{"Type":"Map",
			"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},
			"ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"b","Prefix":"out"}},"End":true}`,
			`"input": "[1, 2]", "mock": {"result": "{\"MapRunArn\": \"arn\", \"ResultWriterDetails\": {\"Bucket\": \"b\", \"Key\": \"out/manifest.json\"}}"}`),
			`{"status": "SUCCEEDED", "output": "{\"MapRunArn\":\"arn\",\"ResultWriterDetails\":{\"Bucket\":\"b\",\"Key\":\"out/manifest.json\"}}"}`},
		{"failed iterations beyond the tolerated percentage", testStateRequest(`{"Type":"Map","ItemsPath":"$.xs","ToleratedFailurePercentage":50,
			"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}`,
			`"input": "{\"xs\": [1, 2, 3, 4]}", "stateConfiguration": {"mapIterationFailureCount": 3}, "mock": {"result": "[]"}`),
			`{"status": "FAILED", "error": "States.ExceedToleratedFailureThreshold", "cause": "The specified tolerated failure threshold was exceeded"}`},
		{"a CSV ItemReader: the items, selected and batched", testStateRequest(csvReader,
			`"input": "{\"key\": \"skus.csv\", \"max\": 3, \"batch\": \"b7\"}", "inspectionLevel": "DEBUG", "mock": {"result": "[]",
			"fieldValidationMode": "NONE"}, "stateConfiguration": {"mapItemReaderData": "sku,qty\nA,1\nB,2\nC,3\nD,4\n"}`),
			`{"status": "SUCCEEDED", "output": "{\"key\":\"skus.csv\",\"max\":3,\"batch\":\"b7\",\"done\":[]}",
			  "inspectionData": {"input": {"key": "skus.csv", "max": 3, "batch": "b7"}, "afterInputPath": {"key": "skus.csv", "max": 3, "batch": "b7"}, "maxConcurrency": 0,
				"afterItemSelector": [{"sku": "A", "at": 0, "batch": "b7"}, {"sku": "B", "at": 1, "batch": "b7"}, {"sku": "C", "at": 2, "batch": "b7"}],
				"afterItemBatcher": [{"Items": [{"sku": "A", "at": 0, "batch": "b7"}, {"sku": "B", "at": 1, "batch": "b7"}]}, {"Items": [{"sku": "C", "at": 2, "batch": "b7"}]}],
				"afterResultSelector": [], "afterResultPath": {"key": "skus.csv", "max": 3, "batch": "b7", "done": []}}}`},
		{"item reader data that does not parse fails as an unreadable source", testStateRequest(`{"Type":"Map",
			"ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSON"},"Parameters":{"Bucket":"b","Key":"k"}},
			"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},
			"Catch":[{"ErrorEquals":["States.ItemReaderFailed"],"Next":"Unreadable"}],"End":true}`,
			`"mock": {"result": "[]"}, "stateConfiguration": {"mapItemReaderData": "{\"not\": \"an array\"}"}`),
			`{"status": "CAUGHT_ERROR", "nextState": "Unreadable", "error": "States.ItemReaderFailed",
			  "cause": "stateConfiguration.mapItemReaderData: the object is JSON but not an array",
			  "output": "{\"Error\":\"States.ItemReaderFailed\",\"Cause\":\"stateConfiguration.mapItemReaderData: the object is JSON but not an array\"}"}`},
	})
}
