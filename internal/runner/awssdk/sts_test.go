package awssdk

import (
	"context"
	"fmt"
	"sync"
	"testing"
)

// A Task's Credentials.RoleArn is assumed through STS at aws.endpoints.sts
// with stepd's own credentials; the call is then signed with the role's,
// and the role's credentials are reused until they expire.
func TestAssumeRole(t *testing.T) {
	stsFake, sqsFake := newSTS(t), newSQS(t)
	sqsFake.accessKey = "ASIAROLE" // the fake accepts only the role's key
	r := newTestRunner(t, testConfig(map[string]string{"sts": stsFake.url, "sqs": sqsFake.url}))

	const role = "arn:aws:iam::123456789012:role/worker"
	for range 3 {
		task := newTask("arn:aws:states:::sqs:sendMessage", `{"QueueUrl": "`+sqsFake.url+`/123456789012/jobs", "MessageBody": "x"}`)
		task.RoleArn = role
		res, err := r.Run(context.Background(), task)
		if err != nil || res.Failed() {
			t.Fatalf("got %+v, %v", res, err)
		}
	}
	if n := stsFake.count("AssumeRole"); n != 1 {
		t.Fatalf("AssumeRole called %d times, want 1", n)
	}
	assume := stsFake.last()
	if assume.form.Get("RoleArn") != role || assume.form.Get("RoleSessionName") != roleSessionName {
		t.Fatalf("AssumeRole %v", assume.form)
	}
	if tok := sqsFake.last().headers.Get("X-Amz-Security-Token"); tok != "role-token" {
		t.Fatalf("X-Amz-Security-Token %q", tok)
	}

	// Without a role the call is signed with stepd's own key, which this
	// SQS fake refuses.
	res := mustRun(t, r, newTask("arn:aws:states:::sqs:sendMessage", `{"QueueUrl": "`+sqsFake.url+`/123456789012/jobs", "MessageBody": "x"}`))
	if res.Error != "SQS.MissingAuthenticationTokenException" {
		t.Fatalf("got %+v", res)
	}

	// aws-sdk:sts is a generic service like the others.
	out := succeed(t, r, "arn:aws:states:::aws-sdk:sts:getCallerIdentity", `{}`)
	wantJSON(t, out, `{"Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/tester", "UserId": "AIDATEST"}`)
}

// Concurrent tasks share one client per service and role, and one
// AssumeRole.
func TestConcurrentCalls(t *testing.T) {
	stsFake, sqsFake := newSTS(t), newSQS(t)
	sqsFake.accessKey = "ASIAROLE"
	r := newTestRunner(t, testConfig(map[string]string{"sts": stsFake.url, "sqs": sqsFake.url}))
	var wg sync.WaitGroup
	errs := make(chan string, 40)
	for i := range 40 {
		wg.Go(func() {
			task := newTask("arn:aws:states:::sqs:sendMessage", fmt.Sprintf(`{"QueueUrl": "%s/123456789012/jobs", "MessageBody": "m%d"}`, sqsFake.url, i))
			task.RoleArn = "arn:aws:iam::123456789012:role/worker"
			res, err := r.Run(context.Background(), task)
			if err != nil || res.Failed() {
				errs <- fmt.Sprintf("%+v %v", res, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if n := sqsFake.count("SendMessage"); n != 40 {
		t.Fatalf("%d messages sent, want 40", n)
	}
	if n := stsFake.count("AssumeRole"); n != 1 {
		t.Fatalf("AssumeRole called %d times, want 1", n)
	}
}
