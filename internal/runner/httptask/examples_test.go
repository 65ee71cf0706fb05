package httptask_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/stepd/stepd/examples/http-task/ordersapi"
	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/internal/runner/httptask"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/local"
)

const exampleDir = "../../../examples/http-task"

// exampleConnections reads the connections: of the example's stepd.yaml
// as the config loader does (unknown keys are errors).
func exampleConnections(t *testing.T) map[string]httptask.Connection {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(exampleDir, "stepd.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Connections map[string]httptask.Connection `yaml:"connections"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil {
		t.Fatalf("stepd.yaml: %v", err)
	}
	return cfg.Connections
}

// TestExampleWorkflow runs examples/http-task as run.sh does, with the
// orders API in-process: the workflow's HTTP Tasks go through the
// connection of its stepd.yaml to the real API.
func TestExampleWorkflow(t *testing.T) {
	const key = "example-key-for-test"
	api := httptest.NewServer(ordersapi.Handler(key))
	defer api.Close()
	r := newRunner(t, exampleConnections(t), httptask.Options{LookupEnv: env("ORDERS_API_KEY", key)})

	definition, err := os.ReadFile(filepath.Join(exampleDir, "workflow.asl.json"))
	if err != nil {
		t.Fatal(err)
	}
	input := jsonv.MustParse(fmt.Sprintf(`{"apiBase": %q, "item": "widget", "quantity": 3}`, api.URL))
	res, err := local.Run(context.Background(), definition, input, local.Options{
		SkipWaits: true,
		Tasks: func(ctx context.Context, lt local.Task) (local.TaskResult, error) {
			out, err := r.Run(ctx, &runner.Task{ExecutionARN: lt.ExecutionArn, StateName: lt.StateName, Resource: lt.Resource, Input: lt.Input, Attempt: lt.Attempt})
			return local.TaskResult{Output: out.Output, Error: out.Error, Cause: out.Cause}, err
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "SUCCEEDED" {
		t.Fatalf("status %s: %s %s", res.Status, res.Error, res.Cause)
	}
	if got, want := jsonv.String(res.Output), `{"id":"o-1","item":"widget","quantity":3,"status":"confirmed"}`; got != want {
		t.Errorf("output = %s, want %s", got, want)
	}
	var wire []byte
	for _, e := range res.History {
		wire, err = history.AppendJSON(wire, e)
		if err != nil {
			t.Fatal(err)
		}
		wire = append(wire, '\n')
	}
	// GetOrder's first answer is 503: retried once.
	failed := strings.Count(string(wire), `"error":"States.Http.StatusCode.503"`)
	if failed != 1 {
		t.Errorf("%d TaskFailed events with States.Http.StatusCode.503, want 1:\n%s", failed, wire)
	}
	if strings.Contains(string(wire), key) {
		t.Errorf("the API key appears in the history:\n%s", wire)
	}
}

// TestExampleConnectionWithoutKey: without ORDERS_API_KEY the connection
// cannot be built, and the error names the key.
func TestExampleConnectionWithoutKey(t *testing.T) {
	_, err := httptask.New(exampleConnections(t), httptask.Options{LookupEnv: env()})
	if err == nil || err.Error() != "connections.orders-api.api_key.value: the environment variable ORDERS_API_KEY is not set" {
		t.Errorf("New = %v", err)
	}
}
