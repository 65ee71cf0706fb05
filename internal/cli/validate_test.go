package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run invokes the command line as a user would and returns exit code and output.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const seededMistakes = `{
  "StartAt": "Charge",
  "States": {
    "Charge": {
      "Type": "Task",
      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge",
      "Retry": [{"ErrorEquals": ["States.ALL"], "BackoffRate": 0.5}],
      "Next": "Ship"
    }
  }
}`

func TestValidateReportsEachMistakeWithLineAndPointer(t *testing.T) {
	file := writeFile(t, "bad.asl.json", seededMistakes)
	code, out, _ := run(t, "validate", file)
	if code != 1 {
		t.Errorf("exit code = %d, want 1", code)
	}
	want := []string{
		file + ":1:1: MISSING_END_STATE: Workflow has no terminal state (at /)",
		file + ":7:64: SCHEMA_VALIDATION_FAILED: Minimum value is 1.0 (at /States/Charge/Retry/0/BackoffRate)",
		file + ":8:15: MISSING_TRANSITION_TARGET: Missing 'Next' target: Ship (at /States/Charge/Next)",
	}
	if got := strings.Split(strings.TrimSpace(out), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("output:\n%s\nwant:\n%s", out, strings.Join(want, "\n"))
	}
}

func TestValidateYAMLPointsIntoTheYAML(t *testing.T) {
	file := writeFile(t, "bad.asl.yaml", `StartAt: Charge
States:
  Charge:
    Type: Task
    Resource: arn:aws:lambda:us-east-1:123456789012:function:charge
    Retry:
      - ErrorEquals: [States.ALL]
        BackoffRate: 0.5
    End: true
`)
	code, out, _ := run(t, "validate", file)
	want := file + ":8:22: SCHEMA_VALIDATION_FAILED: Minimum value is 1.0 (at /States/Charge/Retry/0/BackoffRate)\n"
	if code != 1 || out != want {
		t.Errorf("exit %d, output:\n%s\nwant:\n%s", code, out, want)
	}
}

func TestValidateCleanFileExitsZero(t *testing.T) {
	code, out, errOut := run(t, "validate", "../../examples/hello.asl.json")
	if code != 0 || out != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestValidateJSONFormatIsAWSResponseShape(t *testing.T) {
	file := writeFile(t, "bad.asl.json", seededMistakes)
	code, out, _ := run(t, "validate", "--format", "json", file)
	if code != 1 {
		t.Errorf("exit code = %d", code)
	}
	for _, want := range []string{`"result": "FAIL"`, `"code": "MISSING_TRANSITION_TARGET"`, `"location": "/States/Charge/Next"`, `"severity": "ERROR"`, `"truncated": false`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
}

func TestUnknownCommandIsUsageError(t *testing.T) {
	if code, _, _ := run(t, "frobnicate"); code != 2 {
		t.Errorf("exit code = %d, want 2", code)
	}
}
