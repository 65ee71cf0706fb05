package awssdk

import (
	"crypto/md5"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stepd/stepd/jsonv"
)

func TestSQSSendMessage(t *testing.T) {
	sqsFake := newSQS(t)
	r := newTestRunner(t, testConfig(map[string]string{"sqs": sqsFake.url}))
	queue := sqsFake.url + "/123456789012/jobs"

	out := succeed(t, r, "arn:aws:states:::sqs:sendMessage", `{"QueueUrl": "`+queue+`", "MessageBody": "plain text",
		"MessageAttributes": {"kind": {"DataType": "String", "StringValue": "report"}}}`)
	if got := sqsFake.last().body["MessageBody"]; got != "plain text" {
		t.Fatalf("MessageBody sent %v", got)
	}
	attr := sqsFake.last().body["MessageAttributes"].(map[string]any)["kind"].(map[string]any)
	if attr["StringValue"] != "report" || attr["DataType"] != "String" {
		t.Fatalf("MessageAttributes sent %v", attr)
	}
	sum := md5.Sum([]byte("plain text"))
	if at(t, out, "MessageId") != "msg-1" || at(t, out, "MD5OfMessageBody") != hex.EncodeToString(sum[:]) {
		t.Fatalf("output %s", jsonv.String(out))
	}
	if rid := at(t, out, "SdkResponseMetadata", "RequestId"); rid != "req-0001" {
		t.Fatalf("RequestId %v", rid)
	}
	wantJSON(t, at(t, out, "SdkHttpMetadata", "AllHttpHeaders", "x-amzn-RequestId"), `["req-0001"]`)
	wantJSON(t, at(t, out, "SdkHttpMetadata", "HttpStatusCode"), `200`)
}

// The callback pattern: the message carries the token, the result is
// Pending with the SendMessage response.
func TestSQSWaitForTaskToken(t *testing.T) {
	sqsFake := newSQS(t)
	r := newTestRunner(t, testConfig(map[string]string{"sqs": sqsFake.url}))
	task := newTask("arn:aws:states:::sqs:sendMessage.waitForTaskToken", `{"QueueUrl": "`+sqsFake.url+`/123456789012/jobs",
		"MessageBody": {"Input": {"order": 7}, "TaskToken": "token-1"}}`)
	res := mustRun(t, r, task)
	if !res.Pending || res.Failed() {
		t.Fatalf("got %+v, want Pending", res)
	}
	if at(t, res.Output, "MessageId") != "msg-1" {
		t.Fatalf("output %s", jsonv.String(res.Output))
	}
	// An object MessageBody goes as its JSON text.
	if got := sqsFake.last().body["MessageBody"]; got != `{"Input":{"order":7},"TaskToken":"token-1"}` {
		t.Fatalf("MessageBody sent %q", got)
	}

	// A failed call does not wait.
	task = newTask("arn:aws:states:::sqs:sendMessage.waitForTaskToken", `{"QueueUrl": "`+sqsFake.url+`/123456789012/nope", "MessageBody": "x"}`)
	if res := mustRun(t, r, task); res.Pending || res.Error != "SQS.QueueDoesNotExistException" {
		t.Fatalf("got %+v", res)
	}
}

func TestSQSMissingQueue(t *testing.T) {
	sqsFake := newSQS(t)
	r := newTestRunner(t, testConfig(map[string]string{"sqs": sqsFake.url}))
	cause := fail(t, r, "arn:aws:states:::sqs:sendMessage", `{"QueueUrl": "`+sqsFake.url+`/123456789012/nope", "MessageBody": "x"}`,
		"SQS.QueueDoesNotExistException")
	want := "The specified queue does not exist. (Service: AmazonSQS; Status Code: 400; Error Code: AWS.SimpleQueueService.NonExistentQueue; Request ID: req-0001; Proxy: null)"
	if cause != want {
		t.Fatalf("cause %q, want %q", cause, want)
	}
	// The aws-sdk integration names the error after the Java 2.x client.
	cause = fail(t, r, "arn:aws:states:::aws-sdk:sqs:sendMessage", `{"QueueUrl": "`+sqsFake.url+`/123456789012/nope", "MessageBody": "x"}`,
		"Sqs.QueueDoesNotExistException")
	if want := "The specified queue does not exist. (Service: Sqs, Status Code: 400, Request ID: req-0001)"; cause != want {
		t.Fatalf("cause %q, want %q", cause, want)
	}
	// The generic path serves other actions too.
	got := succeed(t, r, "arn:aws:states:::aws-sdk:sqs:getQueueUrl", `{"QueueName": "jobs"}`)
	if at(t, got, "QueueUrl") != sqsFake.url+"/123456789012/jobs" {
		t.Fatalf("getQueueUrl: %s", jsonv.String(got))
	}
	if !strings.HasPrefix(sqsFake.last().headers.Get("Authorization"), "AWS4-HMAC-SHA256 Credential="+testAccessKey+"/") {
		t.Fatal("not signed")
	}
}
