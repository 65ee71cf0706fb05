package awssdk

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/jsonv"
)

// The access key every test signs with; the fakes verify the SigV4
// signature made with it (verifySigV4).
const testAccessKey = "AKIDSTEPDTEST"

const (
	testExecutionARN    = "arn:aws:states:us-east-1:123456789012:execution:machine:run-1"
	testStateMachineARN = "arn:aws:states:us-east-1:123456789012:stateMachine:machine"
)

func testConfig(endpoints map[string]string) Config {
	return Config{
		Region:      "us-east-1",
		Credentials: &Credentials{AccessKeyID: testAccessKey, SecretAccessKey: "test-secret"},
		Endpoints:   endpoints,
	}
}

func newTestRunner(t *testing.T, cfg Config) *Runner {
	t.Helper()
	r, err := New(cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	return r
}

func newTask(resource, input string) *runner.Task {
	return &runner.Task{
		ExecutionARN: testExecutionARN, StateMachineARN: testStateMachineARN, StateName: "Call",
		Resource: resource, Input: jsonv.MustParse(input), TaskToken: "token-1", Attempt: 1,
	}
}

// mustRun runs one task and fails the test when the runner could not try.
func mustRun(t *testing.T, r *Runner, task *runner.Task) runner.Result {
	t.Helper()
	res, err := r.Run(context.Background(), task)
	if err != nil {
		t.Fatalf("%s: %v", task.Resource, err)
	}
	return res
}

// succeed runs a task that must succeed and returns its output.
func succeed(t *testing.T, r *Runner, resource, input string) *jsonv.Object {
	t.Helper()
	res := mustRun(t, r, newTask(resource, input))
	if res.Failed() || res.Pending {
		t.Fatalf("%s: got %+v, want success", resource, res)
	}
	o, ok := res.Output.(*jsonv.Object)
	if !ok {
		t.Fatalf("%s: output %s is not an object", resource, jsonv.String(res.Output))
	}
	return o
}

// fail runs a task that must fail with error name want and returns its cause.
func fail(t *testing.T, r *Runner, resource, input, want string) string {
	t.Helper()
	res := mustRun(t, r, newTask(resource, input))
	if res.Error != want {
		t.Fatalf("%s: got error %q (cause %q, output %s), want %q", resource, res.Error, res.Cause, jsonv.String(res.Output), want)
	}
	return res.Cause
}

// at follows keys (object members, or array indexes as "0") into v.
func at(t *testing.T, v jsonv.Value, keys ...string) jsonv.Value {
	t.Helper()
	for _, k := range keys {
		switch x := v.(type) {
		case *jsonv.Object:
			var ok bool
			if v, ok = x.Get(k); !ok {
				t.Fatalf("no member %q in %s", k, jsonv.String(x))
			}
		case []jsonv.Value:
			i := int(k[0] - '0')
			if len(k) != 1 || i >= len(x) {
				t.Fatalf("no index %s in %s", k, jsonv.String(x))
			}
			v = x[i]
		default:
			t.Fatalf("cannot index %s with %q", jsonv.String(v), k)
		}
	}
	return v
}

func wantJSON(t *testing.T, got jsonv.Value, want string) {
	t.Helper()
	if !jsonv.Equal(got, jsonv.MustParse(want)) {
		t.Fatalf("got %s, want %s", jsonv.String(got), want)
	}
}

// startDynalite starts dynalite (testdata/servers, installed by npm ci
// there) and returns its URL. It skips when node or the package is missing,
// like the project's other node-backed tests.
func startDynalite(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node not installed")
	}
	dir := filepath.Join("testdata", "servers")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "dynalite", "package.json")); err != nil {
		t.Skip("dynalite not installed: run npm ci in " + dir)
	}
	cmd := exec.Command("node", "dynalite.js")
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close() // dynalite.js exits when its input closes
		cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	port, ok := strings.CutPrefix(strings.TrimSpace(line), "PORT ")
	if err != nil || !ok {
		t.Fatalf("dynalite did not start: %q %v", line, err)
	}
	return "http://127.0.0.1:" + port
}
