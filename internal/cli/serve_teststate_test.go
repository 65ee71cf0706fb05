package cli

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// stepd serve wires its task runners into TestState: an HTTP Task without
// a mock calls the API through the connection stepd.yaml declares.
func TestServeTestStateRunsTasks(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"key":"`+r.Header.Get("x-api-key")+`"}`)
	}))
	defer api.Close()
	cfg := writeFile(t, "stepd.yaml", "connections:\n  api:\n    api_key:\n      name: x-api-key\n      value: k-123\n")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, outW := io.Pipe()
	exit := make(chan int, 1)
	go func() {
		exit <- Main(ctx, []string{"--config", cfg, "serve", "--data-dir", t.TempDir(), "--listen", "127.0.0.1:0"}, outW, io.Discard)
		outW.Close()
	}()
	lines := bufio.NewScanner(out)
	if !lines.Scan() {
		t.Fatal("serve printed nothing")
	}
	go io.Copy(io.Discard, out)
	m := regexp.MustCompile(`listening on (http://\S+)`).FindStringSubmatch(lines.Text())
	if m == nil {
		t.Fatalf("first line: %q", lines.Text())
	}
	body := `{"definition": "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::http:invoke\",\"Parameters\":{\"ApiEndpoint\":\"` + api.URL +
		`\",\"Method\":\"GET\",\"Authentication\":{\"ConnectionArn\":\"arn:aws:events:us-east-1:123456789012:connection/api/1\"}},\"OutputPath\":\"$.ResponseBody\",\"End\":true}",
		"roleArn": "arn:aws:iam::123456789012:role/r"}`
	req, _ := http.NewRequest(http.MethodPost, m[1]+"/", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "AWSStepFunctions.TestState")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if want := `{"output":"{\"key\":\"k-123\"}","status":"SUCCEEDED"}`; strings.TrimSpace(string(got)) != want {
		t.Errorf("TestState answered %s, want %s", got, want)
	}
	cancel()
	if code := <-exit; code != 0 {
		t.Fatalf("exit %d", code)
	}
}
