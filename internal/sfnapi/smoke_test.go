package sfnapi_test

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// TestSmokeAWSCLI runs scripts/smoke-awscli.sh (AWS CLI and boto3) against
// the handler served by this test, when aws and python3 are installed.
func TestSmokeAWSCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("smoke test in -short mode")
	}
	for _, tool := range []string{"aws", "python3", "bash"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	if err := exec.Command("python3", "-c", "import boto3").Run(); err != nil {
		t.Skip("boto3 not installed")
	}
	h := newHarness(t)
	script, err := filepath.Abs("../../scripts/smoke-awscli.sh")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(h.ctx, "bash", script)
	cmd.Env = append(cmd.Environ(), "STEPD_ENDPOINT="+h.url)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatal(err)
	}
}
