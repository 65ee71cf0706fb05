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
	dbURL := postgresSchema(t)

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
	api, stop := startServe(t, dbURL)
	fn(api)
	stop()
}

// startServe runs stepd serve on dbURL until stop.
func startServe(t *testing.T, dbURL string) (api func(action, body string) map[string]any, stop func()) {
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
	api = func(action, body string) map[string]any {
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
	return api, func() {
		cancel()
		if code := <-exit; code != 0 {
			t.Fatalf("serve exited %d: %s", code, stderr.String())
		}
	}
}

// postgresSchema makes a schema of its own on STEPD_TEST_POSTGRES_URL for
// the test, and returns the URL that uses it; the test is skipped without
// the variable.
func postgresSchema(t *testing.T) string {
	t.Helper()
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
	t.Cleanup(func() { conn.Close(context.Background()) })
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = conn.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE") })
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}

// Two servers on one database: an activity task queued by one reaches a
// worker polling the other, and executions waiting on timers only the
// first server knew of finish on the second after the first stops.
func TestServeTwoNodesOnPostgres(t *testing.T) {
	dbURL := postgresSchema(t)
	a, stopA := startServe(t, dbURL)
	b, stopB := startServe(t, dbURL)
	defer stopB()
	const role = `"roleArn":"arn:aws:iam::123456789012:role/r"`

	act := a("CreateActivity", `{"name":"work"}`)["activityArn"].(string)
	def := fmt.Sprintf(`{"StartAt":"A","States":{"A":{"Type":"Task","Resource":%q,"End":true}}}`, act)
	sm := a("CreateStateMachine", fmt.Sprintf(`{"name":"act","definition":%q,%s}`, def, role))["stateMachineArn"].(string)
	// The worker waits on b before a queues the task: a's wake-up cannot
	// reach it, b's look in the store must.
	polled := make(chan map[string]any)
	go func() { polled <- b("GetActivityTask", fmt.Sprintf(`{"activityArn":%q,"workerName":"w"}`, act)) }()
	time.Sleep(200 * time.Millisecond)
	queued := time.Now()
	ex := a("StartExecution", fmt.Sprintf(`{"stateMachineArn":%q,"input":"{\"n\":1}"}`, sm))["executionArn"].(string)
	task := <-polled
	if task["taskToken"] == nil || task["input"] != `{"n":1}` {
		t.Fatalf("GetActivityTask on the other node: %v", task)
	}
	if d := time.Since(queued); d > 5*time.Second {
		t.Errorf("the task took %s to reach the other node", d)
	}
	b("SendTaskSuccess", fmt.Sprintf(`{"taskToken":%q,"output":"{\"ok\":true}"}`, task["taskToken"]))
	waitStatus(t, a, ex, "SUCCEEDED")

	wait := `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"End":true}}}`
	ws := a("CreateStateMachine", fmt.Sprintf(`{"name":"wait","definition":%q,%s}`, wait, role))["stateMachineArn"].(string)
	var arns []string
	for range 10 {
		arns = append(arns, a("StartExecution", fmt.Sprintf(`{"stateMachineArn":%q}`, ws))["executionArn"].(string))
	}
	stopA()
	for _, arn := range arns {
		waitStatus(t, b, arn, "SUCCEEDED")
	}
}

// waitStatus polls DescribeExecution until the execution has status, for
// up to 10 s.
func waitStatus(t *testing.T, api func(action, body string) map[string]any, arn, status string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		d := api("DescribeExecution", fmt.Sprintf(`{"executionArn":%q}`, arn))
		if d["status"] == status {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s is %v, want %s", arn, d["status"], status)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
