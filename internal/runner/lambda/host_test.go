package lambda

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/jsonv"
)

func TestGoFunctionSucceeds(t *testing.T) {
	h, _ := newHost(t, map[string]Function{"gofn": goFn()}, Options{})
	in := `{"action":"echo","n":1.50,"list":[1,"two",{"b":null,"a":true}]}`
	if got := succeed(t, h, fnPrefix+"gofn", in); got != in {
		t.Fatalf("output %s, want %s", got, in)
	}
	if got := succeed(t, h, fnPrefix+"gofn", `{"action":"value","value":"just a string"}`); got != `"just a string"` {
		t.Fatalf("output %s", got)
	}
}

func TestGoFunctionHandledErrors(t *testing.T) {
	h, _ := newHost(t, map[string]Function{"gofn": goFn()}, Options{})
	res := run(t, h, fnPrefix+"gofn", `{"action":"declined","message":"card expired"}`)
	if res.Error != "PaymentDeclined" || res.Cause != `{"errorMessage":"card expired","errorType":"PaymentDeclined"}` {
		t.Fatalf("got %q %q", res.Error, res.Cause)
	}
	res = run(t, h, fnPrefix+"gofn", `{"action":"error","type":"Order.NotFound","message":"no order 7"}`)
	if res.Error != "Order.NotFound" || res.Cause != `{"errorMessage":"no order 7","errorType":"Order.NotFound"}` {
		t.Fatalf("got %q %q", res.Error, res.Cause)
	}
	// No errorType at all: Step Functions cannot name the error.
	res = run(t, h, fnPrefix+"gofn", `{"action":"error","message":"anonymous"}`)
	if res.Error != "Lambda.Unknown" || res.Cause != `The cause could not be determined because Lambda did not return an error type. Returned payload: {"errorMessage":"anonymous","errorType":""}` {
		t.Fatalf("got %q %q", res.Error, res.Cause)
	}
}

func TestGoFunctionCrashes(t *testing.T) {
	h, _ := newHost(t, map[string]Function{"gofn": goFn()}, Options{})
	first := run(t, h, fnPrefix+"gofn", `{"action":"context"}`)
	pid := field(t, first.Output, "pid")
	res := run(t, h, fnPrefix+"gofn", `{"action":"exit","code":3}`)
	var cause struct{ ErrorType, ErrorMessage string }
	if err := json.Unmarshal([]byte(res.Cause), &cause); err != nil {
		t.Fatalf("cause %q: %v", res.Cause, err)
	}
	if res.Error != "Lambda.Unknown" || cause.ErrorType != "Runtime.ExitError" ||
		!strings.HasPrefix(cause.ErrorMessage, "RequestId: ") || !strings.HasSuffix(cause.ErrorMessage, " Error: Runtime exited with error: exit status 3") {
		t.Fatalf("got %q %q", res.Error, res.Cause)
	}
	n, _ := pid.(jsonv.Number).Int64()
	if !processGone(int(n)) {
		t.Fatalf("crashed instance %d still running", n)
	}
	// The next invocation gets a new instance.
	again := run(t, h, fnPrefix+"gofn", `{"action":"context"}`)
	if jsonv.Equal(field(t, again.Output, "pid"), pid) {
		t.Fatal("the crashed instance was reused")
	}
	// A panic exits the Go runtime after reporting the error.
	res = run(t, h, fnPrefix+"gofn", `{"action":"panic","message":"boom"}`)
	if res.Error == "" || !strings.Contains(res.Cause, "boom") {
		t.Fatalf("panic: got %q %q", res.Error, res.Cause)
	}
}

func TestGoFunctionTimesOut(t *testing.T) {
	h, _ := newHost(t, map[string]Function{"slow": {Command: []string{goFunction}, Timeout: 1}}, Options{})
	warm := run(t, h, fnPrefix+"slow", `{"action":"context"}`)
	n, _ := field(t, warm.Output, "pid").(jsonv.Number).Int64()
	res := run(t, h, fnPrefix+"slow", `{"action":"sleep","millis":30000}`)
	if res.Error != "Lambda.Unknown" ||
		!strings.HasPrefix(res.Cause, `The cause could not be determined because Lambda did not return an error type. Returned payload: {"errorMessage":"`) ||
		!strings.Contains(res.Cause, " Task timed out after 1.") {
		t.Fatalf("got %q %q", res.Error, res.Cause)
	}
	if !processGone(int(n)) {
		t.Fatalf("timed-out instance %d still running", n)
	}
}

func TestConcurrencyLimitQueues(t *testing.T) {
	const limit = 3
	h, _ := newHost(t, map[string]Function{"gofn": {Command: []string{goFunction}, Timeout: 30, Concurrency: limit, Warm: intp(limit)}}, Options{})
	dir := filepath.Join(t.TempDir(), "running")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	in := `{"action":"barrier","dir":` + string(jsonv.AppendString(nil, dir)) + `,"want":3}`
	var wg sync.WaitGroup
	results := make([]runner.Result, limit+1)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = run(t, h, fnPrefix+"gofn", in)
		}()
	}
	wg.Wait()
	most := 0
	pids := map[string]bool{}
	for _, r := range results {
		if r.Failed() {
			t.Fatalf("%s: %s", r.Error, r.Cause)
		}
		n, _ := field(t, r.Output, "most").(jsonv.Number).Int64()
		most = max(most, int(n))
		pids[jsonv.String(field(t, r.Output, "pid"))] = true
	}
	if most != limit {
		t.Fatalf("the function saw %d instances at once, want %d", most, limit)
	}
	if len(pids) != limit {
		t.Fatalf("%d processes served %d invocations, want %d", len(pids), limit+1, limit)
	}
}

func TestWarmAndColdStarts(t *testing.T) {
	h, _ := newHost(t, map[string]Function{
		"warm": goFn(),
		"cold": {Command: []string{goFunction}, Warm: intp(0)},
	}, Options{})
	a := field(t, run(t, h, fnPrefix+"warm", `{"action":"context"}`).Output, "pid")
	b := field(t, run(t, h, fnPrefix+"warm", `{"action":"context"}`).Output, "pid")
	if !jsonv.Equal(a, b) {
		t.Fatalf("warm: pids %v then %v, want the same instance", a, b)
	}
	c := field(t, run(t, h, fnPrefix+"cold", `{"action":"context"}`).Output, "pid")
	d := field(t, run(t, h, fnPrefix+"cold", `{"action":"context"}`).Output, "pid")
	if jsonv.Equal(c, d) {
		t.Fatalf("warm 0: the same instance %v served twice", c)
	}
	n, _ := c.(jsonv.Number).Int64()
	if !processGone(int(n)) {
		t.Fatalf("warm 0: instance %d kept running", n)
	}
}

func TestFunctionEnvironmentAndContext(t *testing.T) {
	h, logs := newHost(t, map[string]Function{"gofn": {Command: []string{goFunction}, Dir: "pyfn", Env: map[string]string{"CUSTOM": "yes"}}}, Options{Region: "eu-west-3", Account: "111122223333"})
	out := run(t, h, "arn:aws:lambda:eu-west-3:111122223333:function:gofn:live", `{"action":"context"}`).Output
	for key, want := range map[string]string{
		"functionArn": "arn:aws:lambda:eu-west-3:111122223333:function:gofn:live", "functionName": "gofn",
		"region": "eu-west-3", "custom": "yes", "handler": "gofn",
	} {
		if got := field(t, out, key); got != want {
			t.Errorf("%s = %v, want %q", key, got, want)
		}
	}
	if cwd, root := field(t, out, "cwd").(string), field(t, out, "taskRoot").(string); !strings.HasSuffix(cwd, "/testdata/pyfn") || cwd != root {
		t.Errorf("cwd %q, LAMBDA_TASK_ROOT %q", cwd, root)
	}
	if field(t, out, "hasDeadline") != true || jsonv.String(field(t, out, "memory")) != "128" {
		t.Errorf("context %s", jsonv.String(out))
	}
	succeed(t, h, fnPrefix+"gofn", `{"action":"print","message":"hello from the function"}`)
	// Output reaches the log a moment after the response: wait for it.
	deadline := time.Now().Add(20 * time.Second)
	for !loggedWithTags(logs.String()) {
		if time.Now().After(deadline) {
			t.Fatalf("function output not logged with its tags:\n%s", logs.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func loggedWithTags(logs string) bool {
	var sawOut, sawErr bool
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		var rec map[string]string
		_ = json.Unmarshal([]byte(line), &rec)
		if rec["function"] != "gofn" || rec["execution_arn"] != "arn:aws:states:us-east-1:123456789012:execution:sm:e1" || rec["state"] != "Call" || len(rec["request_id"]) != 36 {
			continue
		}
		sawOut = sawOut || rec["msg"] == "hello from the function" && rec["stream"] == "stdout"
		sawErr = sawErr || rec["msg"] == "to stderr: hello from the function" && rec["stream"] == "stderr"
	}
	return sawOut && sawErr
}

func TestUndeclaredFunction(t *testing.T) {
	h, _ := newHost(t, map[string]Function{"gofn": goFn()}, Options{})
	res := run(t, h, fnPrefix+"nosuch:prod", `{}`)
	if res.Error != "Lambda.ResourceNotFoundException" ||
		!strings.HasPrefix(res.Cause, "Function not found: arn:aws:lambda:us-east-1:123456789012:function:nosuch:prod (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: ") {
		t.Fatalf("got %q %q", res.Error, res.Cause)
	}
	res = run(t, h, "arn:aws:states:::lambda:invoke", `{"FunctionName":"nosuch","Payload":{}}`)
	if res.Error != "Lambda.ResourceNotFoundException" || !strings.Contains(res.Cause, "function:nosuch ") {
		t.Fatalf("got %q %q", res.Error, res.Cause)
	}

	var remote []string
	withRemote, _ := newHost(t, map[string]Function{"gofn": goFn()}, Options{Remote: runner.Func(func(ctx context.Context, t *runner.Task) (runner.Result, error) {
		remote = append(remote, t.Resource)
		return runner.Result{Output: "from remote"}, nil
	})})
	if got := succeed(t, withRemote, fnPrefix+"elsewhere", `{}`); got != `"from remote"` {
		t.Fatalf("remote output %s", got)
	}
	if got := succeed(t, withRemote, fnPrefix+"gofn", `{"action":"value","value":1}`); got != `1` {
		t.Fatalf("local output %s", got)
	}
	if len(remote) != 1 || remote[0] != fnPrefix+"elsewhere" {
		t.Fatalf("remote calls %v", remote)
	}
}

func TestCancelKillsTheInstance(t *testing.T) {
	h, _ := newHost(t, map[string]Function{"gofn": {Command: []string{goFunction}, Timeout: 60}}, Options{})
	pid := field(t, run(t, h, fnPrefix+"gofn", `{"action":"context"}`).Output, "pid")
	n, _ := pid.(jsonv.Number).Int64()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := h.Run(ctx, task(fnPrefix+"gofn", `{"action":"sleep","millis":60000}`))
		done <- err
	}()
	// Wait until the instance holds the invocation, then cancel the task.
	p := h.pools["gofn"]
	for deadline := time.Now().Add(20 * time.Second); ; {
		in := p.anyInstance()
		if in != nil && in.current.Load() != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the invocation never reached the instance")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run returned %v, want context.Canceled", err)
	}
	if !processGone(int(n)) {
		t.Fatalf("instance %d survived its cancelled invocation", n)
	}
}

func TestCloseKillsIdleInstances(t *testing.T) {
	h, err := New(map[string]Function{"gofn": goFn()}, Options{BaseDir: "testdata"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := h.Run(context.Background(), task(fnPrefix+"gofn", `{"action":"context"}`))
	if err != nil || res.Failed() {
		t.Fatal(err, res)
	}
	n, _ := field(t, res.Output, "pid").(jsonv.Number).Int64()
	if processGone(int(n)) {
		t.Fatal("the warm instance is not running")
	}
	h.Close()
	if !processGone(int(n)) {
		t.Fatalf("instance %d survived Close", n)
	}
	if _, err := h.Run(context.Background(), task(fnPrefix+"gofn", `{"action":"context"}`)); !errors.Is(err, errClosed) {
		t.Fatalf("Run after Close: %v", err)
	}
}

func TestCommandThatCannotStart(t *testing.T) {
	h, _ := newHost(t, map[string]Function{"missing": {Command: []string{"./no-such-binary"}}}, Options{})
	res := run(t, h, fnPrefix+"missing", `{}`)
	if res.Error != "Runtime.InvalidEntrypoint" || !strings.Contains(res.Cause, "no-such-binary") {
		t.Fatalf("got %q %q", res.Error, res.Cause)
	}
}
