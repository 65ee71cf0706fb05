package sfnapi_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
)

// TestWireForm checks the bytes AWS clients parse: epoch-second
// timestamps, the error envelope, no HTML escaping.
func TestWireForm(t *testing.T) {
	h := newHarness(t)
	def := strings.ReplaceAll(`{"StartAt":"P","States":{"P":{"Type":"Pass","Result":"<&>","End":true}}}`, `"`, `\"`)
	body, err := httpPost(h.url, "AWSStepFunctions.CreateStateMachine", `{"name":"W","definition":"`+def+`","roleArn":"`+role+`"}`)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^\{"stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:W","creationDate":\d+(\.\d{1,3})?\}\n$`).MatchString(body) {
		t.Fatalf("create: %s", body)
	}
	body, _ = httpPost(h.url, "AWSStepFunctions.DescribeStateMachine", `{"stateMachineArn":"`+smPrefix+`W"}`)
	if !strings.Contains(body, `\"Result\":\"<&>\"`) {
		t.Fatalf("describe escapes HTML: %s", body)
	}
	for _, tc := range []struct{ target, body, want string }{
		{"AWSStepFunctions.DescribeStateMachine", `{"stateMachineArn":"` + smPrefix + `Nope"}`, `{"__type":"StateMachineDoesNotExist","message":"State Machine Does Not Exist: '` + smPrefix + `Nope'"}`},
		{"AWSStepFunctions.DescribeStateMachine", `{"stateMachineArn":`, `"__type":"SerializationException"`},
		{"AWSStepFunctions.CreateStateMachine", `{"name":"V","definition":"{}","roleArn":"` + role + `","versionDescription":"d"}`, `"reason":"CANNOT_SET_VERSION_DESCRIPTION"`},
		{"Other.Action", `{}`, `"__type":"UnknownOperationException"`},
	} {
		body, _ := httpPost(h.url, tc.target, tc.body)
		if !strings.Contains(body, tc.want) {
			t.Errorf("%s %s: got %s, want %s", tc.target, tc.body, body, tc.want)
		}
	}
}

func TestPayloadLimit(t *testing.T) {
	h := newHarness(t)
	sm := h.createMachine("Big", passMachine, "")
	big := `{"s":"` + strings.Repeat("x", 256*1024) + `"}`
	_, err := h.client.StartExecution(h.ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(sm), Input: aws.String(big)})
	wantCode(t, err, "InvalidExecutionInput")
	_, err = h.client.SendTaskSuccess(h.ctx, &sfn.SendTaskSuccessInput{TaskToken: aws.String("t"), Output: aws.String(big)})
	wantCode(t, err, "InvalidOutput")
}
