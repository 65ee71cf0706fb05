package sfnapi_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
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
