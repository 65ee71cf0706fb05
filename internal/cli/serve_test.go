package cli

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

func TestServeHealthReadyAndGracefulStop(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, outW := io.Pipe()
	exit := make(chan int, 1)
	go func() {
		exit <- Main(ctx, []string{"serve", "--data-dir", dir, "--listen", "127.0.0.1:0"}, outW, io.Discard)
		outW.Close()
	}()
	lines := bufio.NewScanner(out)
	if !lines.Scan() {
		t.Fatal("serve printed nothing")
	}
	m := regexp.MustCompile(`listening on (http://\S+) \(data: (.+)\)`).FindStringSubmatch(lines.Text())
	if m == nil {
		t.Fatalf("first line: %q", lines.Text())
	}
	if want, _ := filepath.Abs(filepath.Join(dir, "stepd.db")); m[2] != want {
		t.Fatalf("data at %s, want %s", m[2], want)
	}
	for _, path := range []string{"/healthz", "/readyz"} {
		resp, err := http.Get(m[1] + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %s", path, resp.Status)
		}
	}
	cancel() // what SIGTERM does in cmd/stepd
	go io.Copy(io.Discard, out)
	if code := <-exit; code != 0 {
		t.Fatalf("exit %d", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "stepd.db")); err != nil {
		t.Fatal(err)
	}
}
