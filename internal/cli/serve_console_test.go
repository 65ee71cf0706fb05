package cli

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServeConsoleAndLiveUpdates checks serve mounts the console on GET
// paths and its event stream on GET /console/events, keeps POST / for the
// API, and stops promptly with a stream open (streams never end by
// themselves, so shutdown must end them).
func TestServeConsoleAndLiveUpdates(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, outW := io.Pipe()
	exit := make(chan int, 1)
	go func() {
		exit <- Main(ctx, []string{"serve", "--data-dir", t.TempDir(), "--listen", "127.0.0.1:0"}, outW, io.Discard)
		outW.Close()
	}()
	lines := bufio.NewScanner(out)
	if !lines.Scan() {
		t.Fatal("serve printed nothing")
	}
	m := regexp.MustCompile(`listening on (http://\S+)`).FindStringSubmatch(lines.Text())
	if m == nil {
		t.Fatalf("first line: %q", lines.Text())
	}
	go io.Copy(io.Discard, out)
	base := m[1]

	for _, path := range []string{"/", "/executions/arn%3Aaws%3Astates%3Aus-east-1%3A123456789012%3Aexecution%3Am%3Ae"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(body), "<html") {
			t.Fatalf("GET %s: %s %q", path, resp.Status, resp.Header.Get("Content-Type"))
		}
	}
	req, _ := http.NewRequest(http.MethodPost, base+"/", strings.NewReader(`{}`))
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "AWSStepFunctions.ListStateMachines")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"stateMachines"`) {
		t.Fatalf("POST / ListStateMachines: %s %s", resp.Status, body)
	}

	stream, err := http.Get(base + "/console/events")
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Body.Close()
	if stream.StatusCode != http.StatusOK || stream.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("GET /console/events: %s %q", stream.Status, stream.Header.Get("Content-Type"))
	}
	first, err := bufio.NewReader(stream.Body).ReadString('\n')
	if err != nil || !strings.HasPrefix(first, "retry: ") {
		t.Fatalf("stream starts with %q (%v)", first, err)
	}

	cancel() // what SIGTERM does in cmd/stepd
	select {
	case code := <-exit:
		if code != 0 {
			t.Fatalf("exit %d", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not stop within 5 s with an event stream open")
	}
}
