package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// serve --database keeps everything in PostgreSQL: an execution started
// before a restart is there, finished, after it.
func TestServeOnPostgres(t *testing.T) {
	base := os.Getenv("STEPD_TEST_POSTGRES_URL")
	if base == "" {
		t.Skip("STEPD_TEST_POSTGRES_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)")
	}
	ctx := context.Background()
	schema := fmt.Sprintf("stepd_serve_%d", rand.Uint64()>>1)
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = conn.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE") })
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	dbURL := base + sep + "search_path=" + schema

	def := `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"Next":"P"},"P":{"Type":"Pass","Result":{"ok":true},"End":true}}}`
	var execARN string
	serve(t, dbURL, func(api func(action, body string) map[string]any) {
		sm := api("CreateStateMachine", fmt.Sprintf(`{"name":"pg","definition":%q,"roleArn":"arn:aws:iam::123456789012:role/r"}`, def))
		ex := api("StartExecution", fmt.Sprintf(`{"stateMachineArn":%q}`, sm["stateMachineArn"]))
		execARN = ex["executionArn"].(string)
	})
	// The Wait outlives the first server; the second one finishes it.
	serve(t, dbURL, func(api func(action, body string) map[string]any) {
		for i := 0; i < 200; i++ {
			d := api("DescribeExecution", fmt.Sprintf(`{"executionArn":%q}`, execARN))
			if d["status"] == "SUCCEEDED" {
				if d["output"] != `{"ok":true}` {
					t.Fatalf("output %v", d["output"])
				}
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatal("the execution did not finish after the restart")
	})
}

// serve runs stepd serve on dbURL while fn talks to its API.
func serve(t *testing.T, dbURL string, fn func(api func(action, body string) map[string]any)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, outW := io.Pipe()
	exit := make(chan int, 1)
	var stderr bytes.Buffer
	go func() {
		exit <- Main(ctx, []string{"serve", "--database", dbURL, "--listen", "127.0.0.1:0"}, outW, &stderr)
		outW.Close()
	}()
	lines := bufio.NewScanner(out)
	if !lines.Scan() {
		cancel()
		<-exit
		t.Fatalf("serve printed nothing; stderr: %s", stderr.String())
	}
	m := regexp.MustCompile(`listening on (http://\S+) \(data: PostgreSQL `).FindStringSubmatch(lines.Text())
	if m == nil {
		t.Fatalf("first line: %q", lines.Text())
	}
	go io.Copy(io.Discard, out)
	api := func(action, body string) map[string]any {
		req, _ := http.NewRequest("POST", m[1]+"/", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-amz-json-1.0")
		req.Header.Set("X-Amz-Target", "AWSStepFunctions."+action)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var v map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&v); err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s: %s %v %v", action, resp.Status, v, err)
		}
		return v
	}
	fn(api)
	cancel()
	if code := <-exit; code != 0 {
		t.Fatalf("serve exited %d: %s", code, stderr.String())
	}
}
