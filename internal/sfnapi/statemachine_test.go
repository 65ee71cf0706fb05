package sfnapi_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
)

const passMachine = `{"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"ok":true},"End":true}}}`

func TestStateMachineLifecycle(t *testing.T) {
	h := newHarness(t)
	c := h.client
	created := must(c.CreateStateMachine(h.ctx, &sfn.CreateStateMachineInput{
		Name: aws.String("Hello"), Definition: aws.String(passMachine), RoleArn: aws.String(role),
		Publish: true, VersionDescription: aws.String("first"),
		TracingConfiguration: &types.TracingConfiguration{Enabled: true},
		Tags:                 []types.Tag{{Key: aws.String("team"), Value: aws.String("a")}},
	}))
	if got, want := aws.ToString(created.StateMachineArn), smPrefix+"Hello"; got != want {
		t.Fatalf("arn %s, want %s", got, want)
	}
	if got, want := aws.ToString(created.StateMachineVersionArn), smPrefix+"Hello:1"; got != want {
		t.Fatalf("version arn %s, want %s", got, want)
	}
	if created.CreationDate == nil || created.CreationDate.IsZero() {
		t.Fatal("no creation date")
	}
	d := must(c.DescribeStateMachine(h.ctx, &sfn.DescribeStateMachineInput{StateMachineArn: created.StateMachineArn}))
	if aws.ToString(d.Definition) != passMachine || d.Type != types.StateMachineTypeStandard || d.Status != types.StateMachineStatusActive ||
		!d.TracingConfiguration.Enabled || d.LoggingConfiguration.Level != types.LogLevelOff {
		t.Fatalf("describe: %+v", d)
	}
	// Same create again is idempotent; a different definition is not.
	must(c.CreateStateMachine(h.ctx, &sfn.CreateStateMachineInput{Name: aws.String("Hello"), Definition: aws.String(passMachine), RoleArn: aws.String(role)}))
	_, err := c.CreateStateMachine(h.ctx, &sfn.CreateStateMachineInput{Name: aws.String("Hello"), Definition: aws.String(strings.Replace(passMachine, "true", "false", 1)), RoleArn: aws.String(role)})
	wantCode(t, err, "StateMachineAlreadyExists")

	up := must(c.UpdateStateMachine(h.ctx, &sfn.UpdateStateMachineInput{StateMachineArn: created.StateMachineArn, Definition: aws.String(strings.Replace(passMachine, "true", "false", 1)), Publish: true}))
	if aws.ToString(up.StateMachineVersionArn) != smPrefix+"Hello:2" || up.RevisionId == nil {
		t.Fatalf("update: %+v", up)
	}
	v1 := must(c.DescribeStateMachine(h.ctx, &sfn.DescribeStateMachineInput{StateMachineArn: aws.String(smPrefix + "Hello:1")}))
	if aws.ToString(v1.Definition) != passMachine {
		t.Fatalf("version 1 definition %s", aws.ToString(v1.Definition))
	}

	must(c.CreateStateMachine(h.ctx, &sfn.CreateStateMachineInput{Name: aws.String("Fast"), Definition: aws.String(passMachine), RoleArn: aws.String(role), Type: types.StateMachineTypeExpress}))
	page1 := must(c.ListStateMachines(h.ctx, &sfn.ListStateMachinesInput{MaxResults: 1}))
	if len(page1.StateMachines) != 1 || page1.NextToken == nil {
		t.Fatalf("page 1: %+v", page1)
	}
	page2 := must(c.ListStateMachines(h.ctx, &sfn.ListStateMachinesInput{MaxResults: 1, NextToken: page1.NextToken}))
	if len(page2.StateMachines) != 1 || aws.ToString(page2.StateMachines[0].Name) == aws.ToString(page1.StateMachines[0].Name) {
		t.Fatalf("page 2: %+v", page2)
	}
	_, err = c.ListStateMachines(h.ctx, &sfn.ListStateMachinesInput{NextToken: aws.String(*page1.NextToken + "x")})
	wantCode(t, err, "InvalidToken")

	must(c.DeleteStateMachine(h.ctx, &sfn.DeleteStateMachineInput{StateMachineArn: created.StateMachineArn}))
	_, err = c.DescribeStateMachine(h.ctx, &sfn.DescribeStateMachineInput{StateMachineArn: created.StateMachineArn})
	wantCode(t, err, "StateMachineDoesNotExist")
}

func TestStateMachineErrors(t *testing.T) {
	h := newHarness(t)
	c := h.client
	for _, tc := range []struct {
		name, definition, role, code string
		typ                          types.StateMachineType
	}{
		{"bad name", passMachine, role, "InvalidName", ""},
		{"Bad", `{"StartAt":"X","States":{}}`, role, "InvalidDefinition", ""},
		{"Bad", `{`, role, "InvalidDefinition", ""},
		{"Bad", passMachine, "nope", "InvalidArn", ""},
		{"Bad", passMachine, role, "ValidationException", "SOMETIMES"},
		{"Bad", `{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:us-east-1:123456789012:activity:x","End":true}}}`, role, "InvalidDefinition", types.StateMachineTypeExpress},
	} {
		_, err := c.CreateStateMachine(h.ctx, &sfn.CreateStateMachineInput{Name: aws.String(tc.name), Definition: aws.String(tc.definition), RoleArn: aws.String(tc.role), Type: tc.typ})
		wantCode(t, err, tc.code)
	}
	_, err := c.DescribeStateMachine(h.ctx, &sfn.DescribeStateMachineInput{StateMachineArn: aws.String("arn:nope")})
	wantCode(t, err, "InvalidArn")
	_, err = c.UpdateStateMachine(h.ctx, &sfn.UpdateStateMachineInput{StateMachineArn: aws.String(smPrefix + "Nope"), Definition: aws.String(passMachine)})
	wantCode(t, err, "StateMachineDoesNotExist")
	_, err = c.ListStateMachines(h.ctx, &sfn.ListStateMachinesInput{MaxResults: 1001})
	wantCode(t, err, "ValidationException")
}

func TestValidateStateMachineDefinition(t *testing.T) {
	h := newHarness(t)
	ok := must(h.client.ValidateStateMachineDefinition(h.ctx, &sfn.ValidateStateMachineDefinitionInput{Definition: aws.String(passMachine)}))
	if ok.Result != types.ValidateStateMachineDefinitionResultCodeOk || len(ok.Diagnostics) != 0 {
		t.Fatalf("ok: %+v", ok)
	}
	bad := must(h.client.ValidateStateMachineDefinition(h.ctx, &sfn.ValidateStateMachineDefinitionInput{Definition: aws.String(`{"StartAt":"X","States":{"A":{"Type":"Pass","Next":"B"}}}`)}))
	if bad.Result != types.ValidateStateMachineDefinitionResultCodeFail || len(bad.Diagnostics) == 0 {
		t.Fatalf("bad: %+v", bad)
	}
	d := bad.Diagnostics[0]
	if d.Severity != types.ValidateStateMachineDefinitionSeverityError || aws.ToString(d.Code) == "" || aws.ToString(d.Message) == "" {
		t.Fatalf("diagnostic: %+v", d)
	}
}

// DeleteStateMachine with a running execution: the machine shows
// DELETING and refuses new work, the execution fails at its next
// transition, and the machine is gone once it has.
func TestDeleteStateMachineWhileRunning(t *testing.T) {
	h := newHarness(t)
	c := h.client
	act := must(c.CreateActivity(h.ctx, &sfn.CreateActivityInput{Name: aws.String("jobs")}))
	sm := h.createMachine("Doomed", activityMachine, "")
	ex := must(c.StartExecution(h.ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(sm)}))
	task := must(c.GetActivityTask(h.ctx, &sfn.GetActivityTaskInput{ActivityArn: act.ActivityArn, WorkerName: aws.String("w")}))

	must(c.DeleteStateMachine(h.ctx, &sfn.DeleteStateMachineInput{StateMachineArn: aws.String(sm)}))
	if d := must(c.DescribeStateMachine(h.ctx, &sfn.DescribeStateMachineInput{StateMachineArn: aws.String(sm)})); d.Status != types.StateMachineStatusDeleting {
		t.Fatalf("status %s", d.Status)
	}
	_, err := c.StartExecution(h.ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(sm)})
	wantCode(t, err, "StateMachineDeleting")
	_, err = c.UpdateStateMachine(h.ctx, &sfn.UpdateStateMachineInput{StateMachineArn: aws.String(sm), Definition: aws.String(activityMachine + " ")})
	wantCode(t, err, "StateMachineDeleting")
	_, err = c.CreateStateMachine(h.ctx, &sfn.CreateStateMachineInput{Name: aws.String("Doomed"), Definition: aws.String(activityMachine), RoleArn: aws.String(role)})
	wantCode(t, err, "StateMachineDeleting")

	must(c.SendTaskSuccess(h.ctx, &sfn.SendTaskSuccessInput{TaskToken: task.TaskToken, Output: aws.String(`{}`)}))
	d := h.waitDone(aws.ToString(ex.ExecutionArn))
	if d.Status != types.ExecutionStatusFailed || aws.ToString(d.Error) != "States.Runtime" || aws.ToString(d.Cause) != "State machine Doomed has been deleted." {
		t.Fatalf("execution %s %s %s", d.Status, aws.ToString(d.Error), aws.ToString(d.Cause))
	}
	_, err = c.DescribeStateMachine(h.ctx, &sfn.DescribeStateMachineInput{StateMachineArn: aws.String(sm)})
	wantCode(t, err, "StateMachineDoesNotExist")
	h.createMachine("Doomed", activityMachine, "") // the name is free again
}
