package awssdk

import (
	"testing"

	"github.com/stepd/stepd/jsonv"
)

func TestSNSPublish(t *testing.T) {
	snsFake := newSNS(t)
	r := newTestRunner(t, testConfig(map[string]string{"sns": snsFake.url}))
	topic := "arn:aws:sns:us-east-1:123456789012:alerts"

	out := succeed(t, r, "arn:aws:states:::sns:publish", `{"TopicArn": "`+topic+`", "Message": {"alert": "disk", "level": 2}, "Subject": "s",
		"MessageAttributes": {"team": {"DataType": "String", "StringValue": "ops"}}}`)
	form := snsFake.last().form
	if form.Get("Message") != `{"alert":"disk","level":2}` || form.Get("Subject") != "s" {
		t.Fatalf("sent %v", form)
	}
	if form.Get("MessageAttributes.entry.1.Name") != "team" || form.Get("MessageAttributes.entry.1.Value.StringValue") != "ops" {
		t.Fatalf("attributes sent %v", form)
	}
	if at(t, out, "MessageId") != "sns-msg-1" || at(t, out, "SdkResponseMetadata", "RequestId") != "req-0001" {
		t.Fatalf("output %s", jsonv.String(out))
	}

	res := mustRun(t, r, newTask("arn:aws:states:::sns:publish.waitForTaskToken", `{"TopicArn": "`+topic+`", "Message": {"TaskToken": "token-1"}}`))
	if !res.Pending || at(t, res.Output, "MessageId") != "sns-msg-1" {
		t.Fatalf("got %+v", res)
	}

	cause := fail(t, r, "arn:aws:states:::sns:publish", `{"TopicArn": "arn:aws:sns:us-east-1:123456789012:gone", "Message": "x"}`, "SNS.NotFoundException")
	if want := "Topic does not exist (Service: AmazonSNS; Status Code: 404; Error Code: NotFound; Request ID: req-0001; Proxy: null)"; cause != want {
		t.Fatalf("cause %q, want %q", cause, want)
	}
	fail(t, r, "arn:aws:states:::aws-sdk:sns:publish", `{"TopicArn": "arn:aws:sns:us-east-1:123456789012:gone", "Message": "x"}`, "Sns.NotFoundException")
}

func TestEventBridgePutEvents(t *testing.T) {
	events := newEvents(t)
	r := newTestRunner(t, testConfig(map[string]string{"events": events.url}))

	out := succeed(t, r, "arn:aws:states:::events:putEvents", `{"Entries": [
		{"Source": "shop", "DetailType": "OrderPlaced", "Detail": {"order": 7}},
		{"Source": "shop", "DetailType": "OrderPlaced", "Detail": "{\"order\":8}", "Resources": ["arn:aws:s3:::bucket"]}]}`)
	wantJSON(t, out, `{"Entries": [{"EventId": "event-0"}, {"EventId": "event-1"}], "FailedEntryCount": 0}`)
	sent := events.last().body["Entries"].([]any)
	first, second := sent[0].(map[string]any), sent[1].(map[string]any)
	if first["Detail"] != `{"order":7}` || second["Detail"] != `{"order":8}` {
		t.Fatalf("Details sent %v %v", first["Detail"], second["Detail"])
	}
	wantJSON(t, toJSON(t, first["Resources"]), `["`+testStateMachineARN+`", "`+testExecutionARN+`"]`)
	wantJSON(t, toJSON(t, second["Resources"]), `["arn:aws:s3:::bucket", "`+testStateMachineARN+`", "`+testExecutionARN+`"]`)

	// A failed entry fails the optimized integration, the response as cause.
	cause := fail(t, r, "arn:aws:states:::events:putEvents", `{"Entries": [{"Source": "shop", "DetailType": "a", "Detail": {}}, {"DetailType": "b", "Detail": {}}]}`,
		"EventBridge.FailedEntry")
	wantJSON(t, jsonv.MustParse(cause), `{"Entries": [{"EventId": "event-0"}, {"ErrorCode": "InvalidArgument", "ErrorMessage": "Parameter Source is not valid. Reason: Source is a required argument."}], "FailedEntryCount": 1}`)

	// The aws-sdk integration reports the response as it is.
	out = succeed(t, r, "arn:aws:states:::aws-sdk:eventbridge:putEvents", `{"Entries": [{"DetailType": "b", "Detail": "{}"}]}`)
	wantJSON(t, at(t, out, "FailedEntryCount"), `1`)
	if _, ok := events.last().body["Entries"].([]any)[0].(map[string]any)["Resources"]; ok {
		t.Fatal("aws-sdk:eventbridge must not add Resources")
	}
}

func toJSON(t *testing.T, v any) jsonv.Value {
	t.Helper()
	b, err := jsonMarshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return jsonv.MustParse(string(b))
}
