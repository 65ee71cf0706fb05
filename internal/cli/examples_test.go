package cli

import (
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"

	"github.com/stepd/stepd/examples/http-task/ordersapi"
)

// The README's one-command examples, run as the README runs them.
func TestFunctionExamples(t *testing.T) {
	for _, tc := range []struct {
		dir, want string
		needs     string
	}{
		{dir: "go-function", want: `"attempt": 2`, needs: "go"},
		{dir: "python-function", want: `"greeting": "Hello, Ada!"`, needs: "python3"},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			if _, err := exec.LookPath(tc.needs); err != nil {
				t.Skipf("%s is not installed", tc.needs)
			}
			ex := "../../examples/" + tc.dir + "/"
			code, out, errOut := run(t, "--config", ex+"stepd.yaml", "run", ex+"workflow.asl.json", "--input", "@"+ex+"input.json")
			if code != 0 || !strings.Contains(out, tc.want) {
				t.Fatalf("exit %d, stdout:\n%s\nstderr:\n%s", code, out, errOut)
			}
		})
	}
}

// The Distributed Map example: batches run as child executions under
// stepd run, one failing within the tolerance.
func TestDistributedMapExample(t *testing.T) {
	code, out, errOut := run(t, "run", "../../examples/distributed-map.asl.json", "--input", "@../../examples/distributed-map.input.json")
	for _, want := range []string{`"id": "e",`, `"total": 8,`, `"Error": "BadQuantity"`} {
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("exit %d, want %s in stdout:\n%s\nstderr:\n%s", code, want, out, errOut)
		}
	}
	if strings.Contains(out, `"id": "c"`) {
		t.Fatalf("the failed batch's orders were priced:\n%s", out)
	}
}

func TestRunnerSettingsAreChecked(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"functions:\n  f:\n    runtime: python3\n    handler: app.main\n    timeot: 3\n", "field timeot not found"},
		{"functions:\n  f:\n    handler: app.main\n", "functions.f"},
		{"functions:\n  f:\n    command: [./f]\n    concurrency: -1\n", "functions.f.concurrency"},
		{"connections:\n  api:\n    basic:\n      username: u\n", "connections.api.basic.password"},
		{"aws:\n  endpoints:\n    dynamo: http://127.0.0.1:1\n", "aws.endpoints.dynamo: unknown service"},
		{"aws:\n  regoin: eu-west-1\n", "field regoin not found"},
	} {
		cfg := writeFile(t, "stepd.yaml", tc.yaml)
		code, _, errOut := run(t, "--config", cfg, "run", "../../examples/hello.asl.json")
		if code == 0 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%q: exit %d, stderr %q", tc.yaml, code, errOut)
		}
	}
}

// The http-task example through stepd run: its stepd.yaml connection
// carries the API key from the environment to the example's orders API.
func TestHTTPTaskExample(t *testing.T) {
	t.Setenv("ORDERS_API_KEY", "k-123")
	api := httptest.NewServer(ordersapi.Handler("k-123"))
	defer api.Close()
	ex := "../../examples/http-task/"
	input := `{"apiBase": "` + api.URL + `", "item": "widget", "quantity": 3}`
	code, out, errOut := run(t, "--config", ex+"stepd.yaml", "run", ex+"workflow.asl.json", "--input", input, "--skip-waits")
	if code != 0 || !strings.Contains(out, `"status": "confirmed"`) {
		t.Fatalf("exit %d, stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if strings.Contains(out+errOut, "k-123") {
		t.Fatalf("the API key leaked into the output:\n%s\n%s", out, errOut)
	}
}
