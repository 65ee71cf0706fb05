package sfnapi_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
)

func TestVersionsAndAliases(t *testing.T) {
	h := newHarness(t)
	c := h.client
	sm := h.createMachine("Routed", `{"StartAt":"P","States":{"P":{"Type":"Pass","Result":1,"End":true}}}`, "")
	v1 := must(c.PublishStateMachineVersion(h.ctx, &sfn.PublishStateMachineVersionInput{StateMachineArn: aws.String(sm), Description: aws.String("one")}))
	if aws.ToString(v1.StateMachineVersionArn) != sm+":1" {
		t.Fatalf("v1 %s", aws.ToString(v1.StateMachineVersionArn))
	}
	// Unchanged revision: the same version again.
	again := must(c.PublishStateMachineVersion(h.ctx, &sfn.PublishStateMachineVersionInput{StateMachineArn: aws.String(sm)}))
	if aws.ToString(again.StateMachineVersionArn) != sm+":1" {
		t.Fatalf("republish %s", aws.ToString(again.StateMachineVersionArn))
	}
	_, err := c.PublishStateMachineVersion(h.ctx, &sfn.PublishStateMachineVersionInput{StateMachineArn: aws.String(sm), RevisionId: aws.String("stale")})
	wantCode(t, err, "ConflictException")
	must(c.UpdateStateMachine(h.ctx, &sfn.UpdateStateMachineInput{StateMachineArn: aws.String(sm), Definition: aws.String(`{"StartAt":"P","States":{"P":{"Type":"Pass","Result":2,"End":true}}}`)}))
	v2 := must(c.PublishStateMachineVersion(h.ctx, &sfn.PublishStateMachineVersionInput{StateMachineArn: aws.String(sm)}))
	versions := must(c.ListStateMachineVersions(h.ctx, &sfn.ListStateMachineVersionsInput{StateMachineArn: aws.String(sm)}))
	if len(versions.StateMachineVersions) != 2 || aws.ToString(versions.StateMachineVersions[0].StateMachineVersionArn) != sm+":2" {
		t.Fatalf("versions: %+v", versions.StateMachineVersions)
	}

	alias := must(c.CreateStateMachineAlias(h.ctx, &sfn.CreateStateMachineAliasInput{Name: aws.String("live"), RoutingConfiguration: []types.RoutingConfigurationListItem{
		{StateMachineVersionArn: v1.StateMachineVersionArn, Weight: 50}, {StateMachineVersionArn: v2.StateMachineVersionArn, Weight: 50}}}))
	if aws.ToString(alias.StateMachineAliasArn) != sm+":live" {
		t.Fatalf("alias %s", aws.ToString(alias.StateMachineAliasArn))
	}
	for _, bad := range [][]types.RoutingConfigurationListItem{
		{{StateMachineVersionArn: v1.StateMachineVersionArn, Weight: 60}},
		{{StateMachineVersionArn: v1.StateMachineVersionArn, Weight: 50}, {StateMachineVersionArn: v1.StateMachineVersionArn, Weight: 50}},
	} {
		_, err = c.CreateStateMachineAlias(h.ctx, &sfn.CreateStateMachineAliasInput{Name: aws.String("bad"), RoutingConfiguration: bad})
		wantCode(t, err, "ValidationException")
	}
	_, err = c.CreateStateMachineAlias(h.ctx, &sfn.CreateStateMachineAliasInput{Name: aws.String("42"), RoutingConfiguration: []types.RoutingConfigurationListItem{{StateMachineVersionArn: v1.StateMachineVersionArn, Weight: 100}}})
	wantCode(t, err, "InvalidName")
	_, err = c.CreateStateMachineAlias(h.ctx, &sfn.CreateStateMachineAliasInput{Name: aws.String("live"), RoutingConfiguration: []types.RoutingConfigurationListItem{{StateMachineVersionArn: v1.StateMachineVersionArn, Weight: 100}}})
	wantCode(t, err, "ConflictException")

	// Weighted routing: both versions get executions.
	seen := map[string]int{}
	for range 40 {
		ex := must(c.StartExecution(h.ctx, &sfn.StartExecutionInput{StateMachineArn: alias.StateMachineAliasArn}))
		d := must(c.DescribeExecution(h.ctx, &sfn.DescribeExecutionInput{ExecutionArn: ex.ExecutionArn}))
		if aws.ToString(d.StateMachineAliasArn) != sm+":live" {
			t.Fatalf("alias arn %+v", d)
		}
		seen[aws.ToString(d.StateMachineVersionArn)]++
	}
	if seen[sm+":1"] == 0 || seen[sm+":2"] == 0 {
		t.Fatalf("routing %v", seen)
	}
	byAlias := must(c.ListExecutions(h.ctx, &sfn.ListExecutionsInput{StateMachineArn: alias.StateMachineAliasArn, MaxResults: 1000}))
	if len(byAlias.Executions) != 40 {
		t.Fatalf("by alias %d", len(byAlias.Executions))
	}

	_, err = c.DeleteStateMachineVersion(h.ctx, &sfn.DeleteStateMachineVersionInput{StateMachineVersionArn: v1.StateMachineVersionArn})
	wantCode(t, err, "ConflictException")
	must(c.UpdateStateMachineAlias(h.ctx, &sfn.UpdateStateMachineAliasInput{StateMachineAliasArn: alias.StateMachineAliasArn, Description: aws.String("v2 only"),
		RoutingConfiguration: []types.RoutingConfigurationListItem{{StateMachineVersionArn: v2.StateMachineVersionArn, Weight: 100}}}))
	da := must(c.DescribeStateMachineAlias(h.ctx, &sfn.DescribeStateMachineAliasInput{StateMachineAliasArn: alias.StateMachineAliasArn}))
	if aws.ToString(da.Description) != "v2 only" || len(da.RoutingConfiguration) != 1 || da.UpdateDate == nil {
		t.Fatalf("describe alias %+v", da)
	}
	must(c.DeleteStateMachineVersion(h.ctx, &sfn.DeleteStateMachineVersionInput{StateMachineVersionArn: v1.StateMachineVersionArn}))
	aliases := must(c.ListStateMachineAliases(h.ctx, &sfn.ListStateMachineAliasesInput{StateMachineArn: aws.String(sm)}))
	if len(aliases.StateMachineAliases) != 1 {
		t.Fatalf("aliases %+v", aliases)
	}
	must(c.DeleteStateMachineAlias(h.ctx, &sfn.DeleteStateMachineAliasInput{StateMachineAliasArn: alias.StateMachineAliasArn}))
	_, err = c.DescribeStateMachineAlias(h.ctx, &sfn.DescribeStateMachineAliasInput{StateMachineAliasArn: alias.StateMachineAliasArn})
	wantCode(t, err, "ResourceNotFound")
	_, err = c.DescribeStateMachineAlias(h.ctx, &sfn.DescribeStateMachineAliasInput{StateMachineAliasArn: aws.String(sm)})
	wantCode(t, err, "InvalidArn")
}

func TestTagsAndMapRuns(t *testing.T) {
	h := newHarness(t)
	c := h.client
	sm := h.createMachine("Tagged", passMachine, "")
	must(c.TagResource(h.ctx, &sfn.TagResourceInput{ResourceArn: aws.String(sm), Tags: []types.Tag{{Key: aws.String("a"), Value: aws.String("1")}, {Key: aws.String("b"), Value: aws.String("2")}}}))
	must(c.UntagResource(h.ctx, &sfn.UntagResourceInput{ResourceArn: aws.String(sm), TagKeys: []string{"a"}}))
	tags := must(c.ListTagsForResource(h.ctx, &sfn.ListTagsForResourceInput{ResourceArn: aws.String(sm)}))
	if len(tags.Tags) != 1 || aws.ToString(tags.Tags[0].Key) != "b" {
		t.Fatalf("tags %+v", tags.Tags)
	}
	_, err := c.ListTagsForResource(h.ctx, &sfn.ListTagsForResourceInput{ResourceArn: aws.String(sm + "Nope")})
	wantCode(t, err, "ResourceNotFound")
	_, err = c.TagResource(h.ctx, &sfn.TagResourceInput{ResourceArn: aws.String("nope"), Tags: []types.Tag{}})
	wantCode(t, err, "InvalidArn")

	mapRun := "arn:aws:states:us-east-1:123456789012:mapRun:Tagged/m:abc"
	_, err = c.DescribeMapRun(h.ctx, &sfn.DescribeMapRunInput{MapRunArn: aws.String(mapRun)})
	wantCode(t, err, "ResourceNotFound")
	_, err = c.UpdateMapRun(h.ctx, &sfn.UpdateMapRunInput{MapRunArn: aws.String(mapRun), MaxConcurrency: aws.Int32(1)})
	wantCode(t, err, "ResourceNotFound")
	ex := must(c.StartExecution(h.ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(sm)}))
	runs := must(c.ListMapRuns(h.ctx, &sfn.ListMapRunsInput{ExecutionArn: ex.ExecutionArn}))
	if len(runs.MapRuns) != 0 {
		t.Fatalf("map runs %+v", runs)
	}
	_, err = c.ListMapRuns(h.ctx, &sfn.ListMapRunsInput{ExecutionArn: aws.String(*ex.ExecutionArn + "x")})
	wantCode(t, err, "ExecutionDoesNotExist")
}

func TestUnknownOperation(t *testing.T) {
	h := newHarness(t)
	resp, err := httpPost(h.url, "AWSStepFunctions.Nope", `{}`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(resp, `"__type":"UnknownOperationException"`) {
		t.Fatalf("got %s", resp)
	}
}
