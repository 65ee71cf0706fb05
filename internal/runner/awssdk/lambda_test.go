package awssdk

import (
	"strings"
	"testing"

	"github.com/stepd/stepd/jsonv"
)

// Functions not declared locally are invoked through the Lambda Invoke API
// at aws.endpoints.lambda (the local Lambda host hands them here).
func TestLambdaFunctionARN(t *testing.T) {
	fn := newLambda(t)
	r := newTestRunner(t, testConfig(map[string]string{"lambda": fn.url}))

	arn := "arn:aws:lambda:us-east-1:123456789012:function:greet"
	res := mustRun(t, r, newTask(arn, `{"name": "ana"}`))
	wantJSON(t, res.Output, `{"greeting": "hi ana"}`)
	if fn.last().op != arn || fn.last().body["name"] != "ana" {
		t.Fatalf("invoked %q with %v", fn.last().op, fn.last().body)
	}
	res = mustRun(t, r, newTask(arn+":live", `{"name": "bo"}`))
	wantJSON(t, res.Output, `{"greeting": "hi bo"}`)
	if fn.last().op != arn+":live" {
		t.Fatalf("invoked %q", fn.last().op)
	}

	res = mustRun(t, r, newTask("arn:aws:lambda:us-east-1:123456789012:function:broken", `{}`))
	if res.Error != "ValueError" {
		t.Fatalf("got %+v", res)
	}
	wantJSON(t, jsonv.MustParse(res.Cause), `{"errorType": "ValueError", "errorMessage": "no name"}`)

	cause := fail(t, r, "arn:aws:lambda:us-east-1:123456789012:function:absent", `{}`, "Lambda.ResourceNotFoundException")
	if !strings.HasPrefix(cause, "Function not found: arn:aws:lambda:us-east-1:123456789012:function:absent (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: req-0001") {
		t.Fatalf("cause %q", cause)
	}
}

func TestLambdaInvoke(t *testing.T) {
	fn := newLambda(t)
	r := newTestRunner(t, testConfig(map[string]string{"lambda": fn.url}))

	out := succeed(t, r, "arn:aws:states:::lambda:invoke", `{"FunctionName": "greet", "Payload": {"name": "cy"}}`)
	wantJSON(t, at(t, out, "Payload"), `{"greeting": "hi cy"}`)
	wantJSON(t, at(t, out, "StatusCode"), `200`)
	if at(t, out, "ExecutedVersion") != "$LATEST" || at(t, out, "SdkResponseMetadata", "RequestId") != "req-0001" {
		t.Fatalf("output %s", jsonv.String(out))
	}
	if keys := strings.Join(out.Keys(), ","); keys != "ExecutedVersion,Payload,SdkHttpMetadata,SdkResponseMetadata,StatusCode" {
		t.Fatalf("members %s", keys)
	}

	res := mustRun(t, r, newTask("arn:aws:states:::lambda:invoke", `{"FunctionName": "broken", "Payload": {}}`))
	if res.Error != "ValueError" || !strings.Contains(res.Cause, `"errorMessage":"no name"`) {
		t.Fatalf("got %+v", res)
	}

	res = mustRun(t, r, newTask("arn:aws:states:::lambda:invoke.waitForTaskToken", `{"FunctionName": "greet", "InvocationType": "Event", "Payload": {"name": "di", "token": "token-1"}}`))
	if !res.Pending || res.Failed() {
		t.Fatalf("got %+v", res)
	}
	if fn.last().headers.Get("X-Amz-Invocation-Type") != "Event" || fn.last().body["token"] != "token-1" {
		t.Fatalf("sent %v %v", fn.last().headers, fn.last().body)
	}

	// aws-sdk:lambda reaches the same API by reflection.
	// aws-sdk:lambda reaches the same API by reflection, with AWS's
	// differences: Payload stays escaped JSON and a function error is a
	// response like any other.
	out = succeed(t, r, "arn:aws:states:::aws-sdk:lambda:invoke", `{"FunctionName": "greet", "Payload": {"name": "ed"}}`)
	if p := at(t, out, "Payload"); p != `{"greeting":"hi ed"}`+"\n" {
		t.Fatalf("Payload %q", p)
	}
	out = succeed(t, r, "arn:aws:states:::aws-sdk:lambda:invoke", `{"FunctionName": "greet", "Payload": "{\"name\": \"fay\"}"}`)
	if p := at(t, out, "Payload"); p != `{"greeting":"hi fay"}`+"\n" {
		t.Fatalf("Payload %q", p)
	}
	out = succeed(t, r, "arn:aws:states:::aws-sdk:lambda:invoke", `{"FunctionName": "broken"}`)
	if at(t, out, "FunctionError") != "Unhandled" {
		t.Fatalf("output %s", jsonv.String(out))
	}
	fail(t, r, "arn:aws:states:::aws-sdk:lambda:invoke", `{"FunctionName": "absent"}`, "Lambda.ResourceNotFoundException")
}
