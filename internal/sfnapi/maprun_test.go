package sfnapi_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
)

const distributedMachine = `{"StartAt":"M","States":{"M":{"Type":"Map","Label":"Squares","MaxConcurrency":3,"ToleratedFailureCount":2,
	"ItemSelector":{"n.$":"$$.Map.Item.Value"},
	"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
		"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"sq.$":"States.MathAdd($.n, $.n)"},"End":true}}},"End":true}}}`

// The Map Run actions through the official SDK: the run, its children,
// their link back to it, and UpdateMapRun.
func TestDistributedMapThroughTheAPI(t *testing.T) {
	h := newHarness(t)
	c := h.client
	sm := h.createMachine("Dist", distributedMachine, "")
	ex := must(c.StartExecution(h.ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(sm), Input: aws.String(`[1,2,3,4]`)}))
	done := h.waitDone(*ex.ExecutionArn)
	if done.Status != types.ExecutionStatusSucceeded || aws.ToString(done.Output) != `[{"sq":2},{"sq":4},{"sq":6},{"sq":8}]` {
		t.Fatalf("execution %s %s %s", done.Status, aws.ToString(done.Output), aws.ToString(done.Cause))
	}
	runs := must(c.ListMapRuns(h.ctx, &sfn.ListMapRunsInput{ExecutionArn: ex.ExecutionArn}))
	if len(runs.MapRuns) != 1 {
		t.Fatalf("map runs %+v", runs.MapRuns)
	}
	run := runs.MapRuns[0]
	arn := aws.ToString(run.MapRunArn)
	if !strings.HasPrefix(arn, "arn:aws:states:us-east-1:123456789012:mapRun:Dist/Squares:") ||
		aws.ToString(run.StateMachineArn) != sm+"/Squares" || aws.ToString(run.ExecutionArn) != *ex.ExecutionArn || run.StopDate == nil {
		t.Fatalf("map run %+v", run)
	}
	d := must(c.DescribeMapRun(h.ctx, &sfn.DescribeMapRunInput{MapRunArn: aws.String(arn)}))
	if d.Status != types.MapRunStatusSucceeded || d.MaxConcurrency != 3 || d.ToleratedFailureCount != 2 || d.ToleratedFailurePercentage != 0 ||
		d.ItemCounts.Total != 4 || d.ItemCounts.Succeeded != 4 || d.ExecutionCounts.Total != 4 || d.ExecutionCounts.Succeeded != 4 || d.StopDate == nil {
		t.Fatalf("DescribeMapRun %+v %+v %+v", d, d.ItemCounts, d.ExecutionCounts)
	}
	kids := must(c.ListExecutions(h.ctx, &sfn.ListExecutionsInput{MapRunArn: aws.String(arn)}))
	if len(kids.Executions) != 4 {
		t.Fatalf("children %+v", kids.Executions)
	}
	for _, k := range kids.Executions {
		if aws.ToString(k.MapRunArn) != arn || k.Status != types.ExecutionStatusSucceeded || aws.ToString(k.StateMachineArn) != sm+"/Squares" || aws.ToInt32(k.ItemCount) != 1 {
			t.Fatalf("child %+v", k)
		}
	}
	child := must(c.DescribeExecution(h.ctx, &sfn.DescribeExecutionInput{ExecutionArn: kids.Executions[0].ExecutionArn}))
	if aws.ToString(child.MapRunArn) != arn {
		t.Fatalf("DescribeExecution of a child: mapRunArn %q", aws.ToString(child.MapRunArn))
	}
	forChild := must(c.DescribeStateMachineForExecution(h.ctx, &sfn.DescribeStateMachineForExecutionInput{ExecutionArn: kids.Executions[0].ExecutionArn}))
	if aws.ToString(forChild.MapRunArn) != arn || aws.ToString(forChild.Label) != "Squares" || !strings.HasPrefix(aws.ToString(forChild.Definition), `{"StartAt":"P"`) {
		t.Fatalf("DescribeStateMachineForExecution of a child %+v", forChild)
	}
	// Listing the parent's machine does not list the children.
	if all := must(c.ListExecutions(h.ctx, &sfn.ListExecutionsInput{StateMachineArn: aws.String(sm)})); len(all.Executions) != 1 {
		t.Fatalf("executions of %s: %d", sm, len(all.Executions))
	}
	must(c.UpdateMapRun(h.ctx, &sfn.UpdateMapRunInput{MapRunArn: aws.String(arn), MaxConcurrency: aws.Int32(7), ToleratedFailurePercentage: aws.Float32(12.5)}))
	d = must(c.DescribeMapRun(h.ctx, &sfn.DescribeMapRunInput{MapRunArn: aws.String(arn)}))
	if d.MaxConcurrency != 7 || d.ToleratedFailurePercentage != 12.5 || d.ToleratedFailureCount != 2 {
		t.Fatalf("after UpdateMapRun %+v", d)
	}

	// Bad input names the field.
	_, err := c.UpdateMapRun(h.ctx, &sfn.UpdateMapRunInput{MapRunArn: aws.String(arn), MaxConcurrency: aws.Int32(-1)})
	wantCode(t, err, "ValidationException")
	_, err = c.UpdateMapRun(h.ctx, &sfn.UpdateMapRunInput{MapRunArn: aws.String(arn), ToleratedFailurePercentage: aws.Float32(101)})
	wantCode(t, err, "ValidationException")
	_, err = c.DescribeMapRun(h.ctx, &sfn.DescribeMapRunInput{MapRunArn: aws.String(*ex.ExecutionArn)})
	wantCode(t, err, "InvalidArn")
	_, err = c.ListExecutions(h.ctx, &sfn.ListExecutionsInput{MapRunArn: aws.String(arn), StateMachineArn: aws.String(sm)})
	wantCode(t, err, "ValidationException")
	_, err = c.ListExecutions(h.ctx, &sfn.ListExecutionsInput{MapRunArn: aws.String(arn + "x")})
	wantCode(t, err, "ResourceNotFound")
}
