package console

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// chromiumPath is Debian's Chromium, which .ci/run installs.
const chromiumPath = "/usr/bin/chromium"

// TestBrowser runs the console's browser tests (web/e2e/run.mjs, Playwright
// driving headless Chromium) against a real `stepd serve` built from this
// tree, with an empty data directory. Screenshots go to $STEPD_ARTIFACTS
// when set, else to a temporary directory; the performance figures the
// scenarios measure are logged (go test -v) and recorded in
// docs/performance.md.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests: skipped in -short mode")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("browser tests: %s is missing (apt-get install chromium; .ci/run does)", chromiumPath)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("browser tests: node is not on PATH")
	}
	if _, err := os.Stat("web/node_modules/playwright-core/package.json"); err != nil {
		t.Skip("browser tests: web/node_modules/playwright-core is missing (make deps installs it)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()

	tmp := t.TempDir()
	bin := filepath.Join(tmp, "stepd")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "../../cmd/stepd")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	serve := exec.CommandContext(ctx, bin, "serve", "--data-dir", filepath.Join(tmp, "data"), "--listen", "127.0.0.1:0", "--synchronous", "NORMAL")
	stdout, err := serve.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	serveLog := filepath.Join(tmp, "serve.log")
	logFile, err := os.Create(serveLog)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	serve.Stderr = logFile
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = serve.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = serve.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			_ = serve.Process.Kill()
			t.Error("stepd serve did not stop within 15 s of SIGINT")
		}
	}()
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		t.Fatalf("stepd serve printed nothing (log in %s)", serveLog)
	}
	m := regexp.MustCompile(`listening on (http://\S+)`).FindStringSubmatch(lines.Text())
	if m == nil {
		t.Fatalf("stepd serve: %q", lines.Text())
	}
	go func() {
		for lines.Scan() {
		}
	}()

	shots := os.Getenv("STEPD_ARTIFACTS")
	if shots == "" {
		shots = filepath.Join(tmp, "screenshots")
	} else {
		shots = filepath.Join(shots, "console-e2e")
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	results := filepath.Join(tmp, "results.json")
	run := exec.CommandContext(ctx, node, "web/e2e/run.mjs")
	run.Env = append(os.Environ(), "STEPD_URL="+m[1], "SCREENSHOT_DIR="+shots, "CHROMIUM="+chromiumPath,
		"RESULTS_FILE="+results, "E2E_ONLY="+os.Getenv("E2E_ONLY"))
	out, err := run.CombinedOutput()
	t.Logf("run.mjs output:\n%s", out)
	if b, rerr := os.ReadFile(results); rerr == nil {
		var figures map[string]any
		if json.Unmarshal(b, &figures) == nil {
			keys := make([]string, 0, len(figures))
			for k := range figures {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			var sb strings.Builder
			for _, k := range keys {
				b, _ := json.Marshal(figures[k])
				sb.WriteString("  " + k + " = " + string(b) + "\n")
			}
			t.Logf("measured:\n%s", sb.String())
		}
	}
	t.Logf("screenshots in %s", shots)
	if err != nil {
		if b, _ := os.ReadFile(serveLog); len(b) > 0 {
			t.Logf("stepd serve log:\n%s", b)
		}
		t.Fatalf("browser tests failed: %v", err)
	}
}
