package sfnapi_test

import (
	"context"
	"strconv"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"github.com/stepd/stepd/jsonv"
)

const activityMachine = `{"StartAt":"Work","States":{"Work":{"Type":"Task","Resource":"arn:aws:states:us-east-1:123456789012:activity:jobs","HeartbeatSeconds":30,"End":true}}}`

// TestActivityWorkers runs workers polling GetActivityTask while many
// executions start; each task heartbeats and then succeeds or fails by the
// parity of its input.
func TestActivityWorkers(t *testing.T) {
	h := newHarness(t)
	c := h.client
	act := must(c.CreateActivity(h.ctx, &sfn.CreateActivityInput{Name: aws.String("jobs")}))
	sm := h.createMachine("Workers", activityMachine, "")

	const executions, workers = 40, 4
	ctx, stop := context.WithCancel(h.ctx)
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				task, err := c.GetActivityTask(ctx, &sfn.GetActivityTaskInput{ActivityArn: act.ActivityArn, WorkerName: aws.String("w" + strconv.Itoa(w))})
				if err != nil {
					if ctx.Err() == nil {
						errs <- err
					}
					return
				}
				if task.TaskToken == nil {
					continue
				}
				if _, err := c.SendTaskHeartbeat(ctx, &sfn.SendTaskHeartbeatInput{TaskToken: task.TaskToken}); err != nil {
					errs <- err
					return
				}
				in := jsonv.MustParse(aws.ToString(task.Input)).(*jsonv.Object)
				n, _ := in.Get("n")
				i, _ := n.(jsonv.Number).Int64()
				if i%2 == 0 {
					_, err = c.SendTaskSuccess(ctx, &sfn.SendTaskSuccessInput{TaskToken: task.TaskToken, Output: aws.String(`{"done":` + strconv.FormatInt(i, 10) + `}`)})
				} else {
					_, err = c.SendTaskFailure(ctx, &sfn.SendTaskFailureInput{TaskToken: task.TaskToken, Error: aws.String("Odd"), Cause: aws.String("odd input")})
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	var arns []string
	for i := range executions {
		ex := must(c.StartExecution(h.ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(sm), Input: aws.String(`{"n":` + strconv.Itoa(i) + `}`)}))
		arns = append(arns, *ex.ExecutionArn)
	}
	for i, arn := range arns {
		d := h.waitDone(arn)
		if i%2 == 0 && (d.Status != types.ExecutionStatusSucceeded || aws.ToString(d.Output) != `{"done":`+strconv.Itoa(i)+`}`) {
			t.Errorf("execution %d: %s %s", i, d.Status, aws.ToString(d.Output))
		}
		if i%2 == 1 && (d.Status != types.ExecutionStatusFailed || aws.ToString(d.Error) != "Odd") {
			t.Errorf("execution %d: %s %s", i, d.Status, aws.ToString(d.Error))
		}
	}
	stop()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestActivityErrors(t *testing.T) {
	h := newHarness(t)
	c := h.client
	act := must(c.CreateActivity(h.ctx, &sfn.CreateActivityInput{Name: aws.String("a1")}))
	if aws.ToString(act.ActivityArn) != "arn:aws:states:us-east-1:123456789012:activity:a1" {
		t.Fatalf("arn %s", aws.ToString(act.ActivityArn))
	}
	d := must(c.DescribeActivity(h.ctx, &sfn.DescribeActivityInput{ActivityArn: act.ActivityArn}))
	if aws.ToString(d.Name) != "a1" || d.CreationDate == nil {
		t.Fatalf("describe %+v", d)
	}
	list := must(c.ListActivities(h.ctx, &sfn.ListActivitiesInput{}))
	if len(list.Activities) != 1 {
		t.Fatalf("list %+v", list)
	}
	_, err := c.CreateActivity(h.ctx, &sfn.CreateActivityInput{Name: aws.String("a/b")})
	wantCode(t, err, "InvalidName")
	missing := aws.String("arn:aws:states:us-east-1:123456789012:activity:missing")
	_, err = c.DescribeActivity(h.ctx, &sfn.DescribeActivityInput{ActivityArn: missing})
	wantCode(t, err, "ActivityDoesNotExist")
	_, err = c.GetActivityTask(h.ctx, &sfn.GetActivityTaskInput{ActivityArn: missing})
	wantCode(t, err, "ActivityDoesNotExist")
	_, err = c.DescribeActivity(h.ctx, &sfn.DescribeActivityInput{ActivityArn: aws.String(smPrefix + "x")})
	wantCode(t, err, "InvalidArn")
	_, err = c.SendTaskSuccess(h.ctx, &sfn.SendTaskSuccessInput{TaskToken: aws.String("unknown"), Output: aws.String("{}")})
	wantCode(t, err, "TaskDoesNotExist")
	_, err = c.SendTaskHeartbeat(h.ctx, &sfn.SendTaskHeartbeatInput{TaskToken: aws.String("")})
	wantCode(t, err, "InvalidToken")
	_, err = c.SendTaskFailure(h.ctx, &sfn.SendTaskFailureInput{TaskToken: aws.String("unknown")})
	wantCode(t, err, "TaskDoesNotExist")
	must(c.DeleteActivity(h.ctx, &sfn.DeleteActivityInput{ActivityArn: act.ActivityArn}))
	_, err = c.DescribeActivity(h.ctx, &sfn.DescribeActivityInput{ActivityArn: act.ActivityArn})
	wantCode(t, err, "ActivityDoesNotExist")
}
