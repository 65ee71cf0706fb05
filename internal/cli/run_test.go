package cli

import (
	"strings"
	"testing"

	"github.com/stepd/stepd/jsonv"
)

func TestRunHelloPrintsOutput(t *testing.T) {
	code, out, errOut := run(t, "run", "../../examples/hello.asl.json", "--input", `{"name":"World"}`)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := "{\n  \"greeting\": \"Hello, World!\",\n  \"words\": 2\n}\n"
	if out != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", out, want)
	}
	// Not a terminal: one plain progress line per step on stderr.
	for _, line := range []string{"→ Greet", "✓ Greet", "→ Measure", "✓ Done"} {
		if !strings.Contains(errOut, line) {
			t.Errorf("stderr lacks %q:\n%s", line, errOut)
		}
	}
}

func TestRunRetryCatchWithMockConfig(t *testing.T) {
	args := []string{"run", "../../examples/retry-catch.asl.json", "--input", "@../../examples/retry-catch.input.json",
		"--mock-config", "../../examples/retry-catch.mocks.json", "--skip-waits"}

	code, out, errOut := run(t, append(args, "--test-case", "BusyThenCharged")...)
	if code != 0 || !strings.Contains(out, `"chargeId": "ch_42"`) {
		t.Errorf("BusyThenCharged: exit %d\n%s\n%s", code, out, errOut)
	}
	for _, line := range []string{"✗ Charge: Payment.Busy", "↻ Charge (retry 2)", "1m6s  ✓ Wait for settlement (1m0s)"} {
		if !strings.Contains(errOut, line) {
			t.Errorf("stderr lacks %q:\n%s", line, errOut)
		}
	}

	code, out, errOut = run(t, append(args, "--test-case", "Declined", "--format", "json", "--history")...)
	if code != 1 {
		t.Errorf("Declined: exit %d, want 1", code)
	}
	v, err := jsonv.Parse([]byte(out))
	if err != nil {
		t.Fatalf("--format json printed invalid JSON: %v\n%s", err, out)
	}
	obj := v.(*jsonv.Object)
	for key, want := range map[string]string{"status": "FAILED", "error": "Order.NeedsReview", "cause": "Card declined: insufficient funds."} {
		if got, _ := obj.Get(key); got != want {
			t.Errorf("%s = %v, want %q", key, got, want)
		}
	}
	events, _ := obj.Get("history")
	if arr, ok := events.([]jsonv.Value); !ok || len(arr) < 5 {
		t.Errorf("history = %v", jsonv.String(events))
	}
	if !strings.Contains(errOut, "↪ Charge caught Payment.Declined") {
		t.Errorf("stderr lacks the caught error:\n%s", errOut)
	}
}

func TestRunUnmockedTaskExplainsTheFlag(t *testing.T) {
	code, _, errOut := run(t, "run", "../../examples/retry-catch.asl.json", "--input", "@../../examples/retry-catch.input.json")
	if code != 1 || !strings.Contains(errOut, `Task state "Charge" calls arn:aws:lambda:us-east-1:123456789012:function:charge`) || !strings.Contains(errOut, "--mock-config") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}

func TestRunRejectsBadInputAndFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--input", "{nope"}, "--input is not valid JSON"},
		{[]string{"--test-case", "X"}, "--test-case needs --mock-config"},
		{[]string{"--mock-config", "../../examples/retry-catch.mocks.json"}, "--mock-config needs --test-case"},
		{[]string{"--mock-config", "../../examples/retry-catch.mocks.json", "--test-case", "Nope"}, `no test case "Nope"`},
	} {
		code, _, errOut := run(t, append([]string{"run", "../../examples/hello.asl.json"}, tc.args...)...)
		if code == 0 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", tc.args, code, errOut, tc.want)
		}
	}
}

func TestRunYAMLDefinition(t *testing.T) {
	file := writeFile(t, "flow.asl.yaml", "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Result: {n: 1.50}\n    End: true\n")
	code, out, errOut := run(t, "run", file)
	if code != 0 || out != "{\n  \"n\": 1.50\n}\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestLiveViewRedrawsInPlace(t *testing.T) {
	var b strings.Builder
	v := newView(&b, true)
	v.rows = []*viewRow{{name: "A", status: "succeeded"}, {name: "B", status: "running"}}
	v.redraw()
	v.redraw()
	out := b.String()
	if strings.Count(out, "\x1b[2A") != 1 || strings.Count(out, "\x1b[2K") != 4 {
		t.Errorf("live drawing did not move the cursor back over its 2 rows: %q", out)
	}
}
