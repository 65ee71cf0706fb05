package lambda

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/stepd/stepd/jsonv"
)

func pythonHost(t *testing.T) *Host {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not on PATH")
	}
	h, _ := newHost(t, map[string]Function{
		"py":     {Runtime: "python3", Handler: "handler.handle", Dir: "pyfn", Env: map[string]string{"CUSTOM": "from env"}},
		"broken": {Runtime: "python3", Handler: "broken.handle", Dir: "pyfn"},
		"nohand": {Runtime: "python3", Handler: "handler.missing", Dir: "pyfn"},
	}, Options{})
	return h
}

func TestPythonFunction(t *testing.T) {
	h := pythonHost(t)
	if got := succeed(t, h, fnPrefix+"py", `{"action":"echo","x":[1,2]}`); got != `{"action":"echo","x":[1,2]}` {
		t.Fatalf("echo %s", got)
	}
	out := run(t, h, fnPrefix+"py:blue", `{"action":"context"}`).Output
	if field(t, out, "functionName") != "py" || field(t, out, "functionArn") != fnPrefix+"py:blue" ||
		field(t, out, "remainingPositive") != true || field(t, out, "custom") != "from env" || len(field(t, out, "requestId").(string)) != 36 {
		t.Fatalf("context %s", jsonv.String(out))
	}
	again := run(t, h, fnPrefix+"py", `{"action":"context"}`).Output
	if !jsonv.Equal(field(t, out, "pid"), field(t, again, "pid")) {
		t.Fatal("the warm Python instance was not reused")
	}
}

func TestPythonErrors(t *testing.T) {
	h := pythonHost(t)
	res := run(t, h, fnPrefix+"py", `{"action":"declined","message":"card expired"}`)
	var cause struct {
		ErrorMessage string   `json:"errorMessage"`
		ErrorType    string   `json:"errorType"`
		StackTrace   []string `json:"stackTrace"`
	}
	if err := json.Unmarshal([]byte(res.Cause), &cause); err != nil {
		t.Fatalf("cause %q: %v", res.Cause, err)
	}
	if res.Error != "PaymentDeclined" || cause.ErrorType != "PaymentDeclined" || cause.ErrorMessage != "card expired" ||
		len(cause.StackTrace) == 0 || !strings.Contains(strings.Join(cause.StackTrace, ""), "handler.py") {
		t.Fatalf("got %q %q", res.Error, res.Cause)
	}
	res = run(t, h, fnPrefix+"py", `{"action":"unserialisable"}`)
	if res.Error != "Runtime.MarshalError" || !strings.Contains(res.Cause, "Unable to marshal response") {
		t.Fatalf("got %q %q", res.Error, res.Cause)
	}
	res = run(t, h, fnPrefix+"py", `{"action":"exit","code":4}`)
	if res.Error != "Lambda.Unknown" || !strings.Contains(res.Cause, "Runtime exited with error: exit status 4") {
		t.Fatalf("got %q %q", res.Error, res.Cause)
	}
	res = run(t, h, fnPrefix+"broken", `{}`)
	if res.Error != "Runtime.ImportModuleError" || !strings.Contains(res.Cause, `Unable to import module 'broken': this module fails at import`) {
		t.Fatalf("got %q %q", res.Error, res.Cause)
	}
	res = run(t, h, fnPrefix+"nohand", `{}`)
	if res.Error != "Runtime.HandlerNotFound" || !strings.Contains(res.Cause, `Handler 'missing' missing on module 'handler'`) {
		t.Fatalf("got %q %q", res.Error, res.Cause)
	}
	// The instance that crashed is replaced.
	if got := succeed(t, h, fnPrefix+"py", `{"action":"echo"}`); got != `{"action":"echo"}` {
		t.Fatal(got)
	}
}
