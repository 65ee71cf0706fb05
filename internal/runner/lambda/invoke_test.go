package lambda

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stepd/stepd/jsonv"
)

const invokeARN = "arn:aws:states:::lambda:invoke"

func TestInvokeResponseShape(t *testing.T) {
	h, _ := newHost(t, map[string]Function{"gofn": goFn()}, Options{})
	res := run(t, h, invokeARN, `{"FunctionName":"gofn","Payload":{"action":"value","value":{"ok":true,"n":10}}}`)
	if res.Failed() || res.Pending {
		t.Fatalf("%+v", res)
	}
	out := res.Output.(*jsonv.Object)
	if got := strings.Join(out.Keys(), ","); got != "ExecutedVersion,Payload,SdkHttpMetadata,SdkResponseMetadata,StatusCode" {
		t.Fatalf("keys %s", got)
	}
	if got := jsonv.String(field(t, out, "Payload")); got != `{"ok":true,"n":10}` {
		t.Fatalf("Payload %s", got)
	}
	if field(t, out, "ExecutedVersion") != "$LATEST" || jsonv.String(field(t, out, "StatusCode")) != "200" ||
		jsonv.String(field(t, out, "SdkHttpMetadata", "HttpStatusCode")) != "200" {
		t.Fatalf("output %s", jsonv.String(out))
	}
	id := field(t, out, "SdkResponseMetadata", "RequestId").(string)
	if len(id) != 36 || field(t, out, "SdkHttpMetadata", "HttpHeaders", "x-amzn-RequestId") != id ||
		jsonv.String(field(t, out, "SdkHttpMetadata", "AllHttpHeaders", "x-amzn-RequestId")) != `["`+id+`"]` {
		t.Fatalf("request id %q in %s", id, jsonv.String(out))
	}
	if got := field(t, out, "SdkHttpMetadata", "HttpHeaders", "Content-Length"); got != "18" {
		t.Fatalf("Content-Length %v", got)
	}
	// Without Payload the function receives {}.
	res = run(t, h, invokeARN, `{"FunctionName":"gofn"}`)
	if res.Error != "" {
		if !strings.Contains(res.Cause, `unknown action \"\"`) {
			t.Fatalf("%s %s", res.Error, res.Cause)
		}
	} else {
		t.Fatal("an empty event should reach the handler and fail there")
	}
}

// LogType Tail returns the end of the function's log, framed as Lambda
// frames it, in LogResult and the X-Amz-Log-Result header.
func TestInvokeLogTail(t *testing.T) {
	h, _ := newHost(t, map[string]Function{"gofn": goFn()}, Options{})
	out := run(t, h, invokeARN, `{"FunctionName":"gofn","LogType":"Tail","Payload":{"action":"print","message":"hello tail"}}`).Output.(*jsonv.Object)
	if got := strings.Join(out.Keys(), ","); got != "ExecutedVersion,LogResult,Payload,SdkHttpMetadata,SdkResponseMetadata,StatusCode" {
		t.Fatalf("keys %s", got)
	}
	encoded := field(t, out, "LogResult").(string)
	if field(t, out, "SdkHttpMetadata", "HttpHeaders", "X-Amz-Log-Result") != encoded {
		t.Fatal("the header differs from LogResult")
	}
	raw, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		t.Fatal(err)
	}
	log := string(raw)
	id := field(t, out, "SdkResponseMetadata", "RequestId").(string)
	for _, want := range []string{"START RequestId: " + id + " Version: $LATEST\n", "hello tail\n", "to stderr: hello tail\n",
		"END RequestId: " + id + "\n", "REPORT RequestId: " + id + "\tDuration: ", "\tMemory Size: 128 MB\tMax Memory Used: "} {
		if !strings.Contains(log, want) {
			t.Errorf("LogResult lacks %q:\n%s", want, log)
		}
	}
	// Only a synchronous call gets a tail; None gets none.
	for _, params := range []string{`"LogType":"None"`, `"LogType":"Tail","InvocationType":"Event"`} {
		out := run(t, h, invokeARN, `{"FunctionName":"gofn",`+params+`,"Payload":{"action":"print","message":"x"}}`).Output.(*jsonv.Object)
		if out.Has("LogResult") {
			t.Errorf("%s: LogResult %v", params, jsonv.String(out))
		}
	}
	// A long log keeps its last 4 KB.
	long := strings.Repeat("y", 3000)
	out = run(t, h, invokeARN, `{"FunctionName":"gofn","LogType":"Tail","Payload":{"action":"print","message":"`+long+`"}}`).Output.(*jsonv.Object)
	raw, _ = base64.StdEncoding.DecodeString(field(t, out, "LogResult").(string))
	if len(raw) != 4096 || !strings.Contains(string(raw), "REPORT RequestId") || strings.Contains(string(raw), "START") {
		t.Errorf("a long tail: %d bytes", len(raw))
	}
}

func TestInvokeFunctionNames(t *testing.T) {
	h, _ := newHost(t, map[string]Function{"gofn": goFn()}, Options{})
	for _, tc := range []struct{ params, arn, version string }{
		{`"FunctionName":"gofn"`, "arn:aws:lambda:us-east-1:123456789012:function:gofn", "$LATEST"},
		{`"FunctionName":"gofn:live"`, "arn:aws:lambda:us-east-1:123456789012:function:gofn:live", "$LATEST"},
		{`"FunctionName":"gofn","Qualifier":"7"`, "arn:aws:lambda:us-east-1:123456789012:function:gofn:7", "7"},
		{`"FunctionName":"123456789012:function:gofn:live"`, "arn:aws:lambda:us-east-1:123456789012:function:gofn:live", "$LATEST"},
		{`"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:gofn","Qualifier":"$LATEST"`, "arn:aws:lambda:us-east-1:123456789012:function:gofn:$LATEST", "$LATEST"},
		{`"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:gofn:live","Qualifier":"live"`, "arn:aws:lambda:us-east-1:123456789012:function:gofn:live", "$LATEST"},
		{`"FunctionName":"arn:aws:lambda:eu-west-1:444455556666:function:gofn","Qualifier":"3"`, "arn:aws:lambda:eu-west-1:444455556666:function:gofn:3", "3"},
	} {
		out := run(t, h, invokeARN, `{`+tc.params+`,"Payload":{"action":"context"}}`).Output
		if got := field(t, out, "Payload", "functionArn"); got != tc.arn {
			t.Errorf("%s: invoked %v, want %s", tc.params, got, tc.arn)
		}
		if got := field(t, out, "ExecutedVersion"); got != tc.version {
			t.Errorf("%s: ExecutedVersion %v, want %s", tc.params, got, tc.version)
		}
	}
	res := run(t, h, invokeARN, `{"FunctionName":"gofn:live","Qualifier":"prod","Payload":{}}`)
	if res.Error != "Lambda.InvalidParameterValueException" || !strings.HasPrefix(res.Cause, "The derived qualifier from the function name does not match the specified qualifier. (Service: AWSLambda; Status Code: 400; Error Code: InvalidParameterValueException;") {
		t.Fatalf("got %q %q", res.Error, res.Cause)
	}
}

func TestInvokeTypesAndErrors(t *testing.T) {
	h, _ := newHost(t, map[string]Function{"gofn": goFn()}, Options{})
	out := run(t, h, invokeARN, `{"FunctionName":"gofn","InvocationType":"Event","Payload":{"action":"sleep","millis":10}}`).Output
	if jsonv.String(field(t, out, "StatusCode")) != "202" || field(t, out, "Payload") != "" || out.(*jsonv.Object).Has("ExecutedVersion") {
		t.Fatalf("Event: %s", jsonv.String(out))
	}
	out = run(t, h, invokeARN, `{"FunctionName":"gofn","InvocationType":"DryRun"}`).Output
	if jsonv.String(field(t, out, "StatusCode")) != "204" || field(t, out, "Payload") != "" {
		t.Fatalf("DryRun: %s", jsonv.String(out))
	}
	cc := base64.StdEncoding.EncodeToString([]byte(`{"custom": {"tenant": "acme"}}`))
	out = run(t, h, invokeARN, `{"FunctionName":"gofn","ClientContext":"`+cc+`","Payload":{"action":"context"}}`).Output
	if got := jsonv.String(field(t, out, "Payload", "clientContext")); got != `{"tenant":"acme"}` {
		t.Fatalf("client context %s", got)
	}

	// A function error fails the task the same way for lambda:invoke.
	res := run(t, h, invokeARN, `{"FunctionName":"gofn","Payload":{"action":"declined","message":"no funds"}}`)
	if res.Error != "PaymentDeclined" || res.Cause != `{"errorMessage":"no funds","errorType":"PaymentDeclined"}` {
		t.Fatalf("got %q %q", res.Error, res.Cause)
	}
	for _, tc := range []struct{ params, errName, cause string }{
		{`{"Payload":{}}`, "States.Runtime", `An error occurred while executing the state 'Call'. The Parameters '{"Payload":{}}' could not be used to start the Task: [The field "FunctionName" is required but was missing]`},
		{`{"FunctionName":7}`, "States.Runtime", `An error occurred while executing the state 'Call'. The Parameters '{"FunctionName":7}' could not be used to start the Task: [The value for the field 'FunctionName' must be a STRING]`},
		{`{"FunctionName":"gofn","Body":1}`, "States.Runtime", `An error occurred while executing the state 'Call'. The Parameters '{"FunctionName":"gofn","Body":1}' could not be used to start the Task: [The field "Body" is not supported by Step Functions]`},
		{`{"FunctionName":"gofn","InvocationType":"Later"}`, "Lambda.AWSLambdaException", "1 validation error detected: Value 'Later' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun] (Service: AWSLambda; Status Code: 400; Error Code: AWSLambdaException; Request ID: "},
		{`{"FunctionName":"gofn","ClientContext":"not base64"}`, "Lambda.InvalidParameterValueException", "Client context must be a valid Base64-encoded JSON object. (Service: AWSLambda;"},
	} {
		res := run(t, h, invokeARN, tc.params)
		if res.Error != tc.errName || !strings.HasPrefix(res.Cause, tc.cause) {
			t.Errorf("%s: got %q %q, want %q %q", tc.params, res.Error, res.Cause, tc.errName, tc.cause)
		}
	}
}

func TestInvokeWaitForTaskToken(t *testing.T) {
	h, _ := newHost(t, map[string]Function{"gofn": goFn()}, Options{})
	res := run(t, h, invokeARN+".waitForTaskToken", `{"FunctionName":"gofn","Payload":{"action":"value","value":"sent"}}`)
	if !res.Pending || res.Failed() {
		t.Fatalf("%+v", res)
	}
	if field(t, res.Output, "Payload") != "sent" || jsonv.String(field(t, res.Output, "StatusCode")) != "200" {
		t.Fatalf("TaskSubmitted output %s", jsonv.String(res.Output))
	}
	res = run(t, h, invokeARN+".waitForTaskToken", `{"FunctionName":"gofn","Payload":{"action":"declined","message":"no"}}`)
	if res.Pending || res.Error != "PaymentDeclined" {
		t.Fatalf("%+v", res)
	}
}
