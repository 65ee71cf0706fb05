package local_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stepd/stepd/asl"
	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/local"
	"github.com/stepd/stepd/mock"
)

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

var start = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func TestHelloExample(t *testing.T) {
	res, err := local.Run(context.Background(), readFile(t, "../examples/hello.asl.json"),
		jsonv.MustParse(`{"name":"World"}`), local.Options{Start: start, SkipWaits: true, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "SUCCEEDED" {
		t.Fatalf("status %s: %s %s", res.Status, res.Error, res.Cause)
	}
	if got, want := jsonv.String(res.Output), `{"greeting":"Hello, World!","words":2}`; got != want {
		t.Errorf("output %s, want %s", got, want)
	}
	if first := res.History[0]; first.Type != history.EventType("ExecutionStarted") {
		t.Errorf("first event %s", first.Type)
	}
}

func retryCatchScript(t *testing.T, testCase string) *mock.Script {
	t.Helper()
	cfg, err := mock.Parse(readFile(t, "../examples/retry-catch.mocks.json"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := cfg.Script("retry-catch", testCase)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestRetryThenSucceedSkipsWaits(t *testing.T) {
	var types []string
	res, err := local.Run(context.Background(), readFile(t, "../examples/retry-catch.asl.json"),
		jsonv.MustParse(`{"orderId":"order-7","amount":1250}`),
		local.Options{Start: start, SkipWaits: true, Seed: 7, Mocks: retryCatchScript(t, "BusyThenCharged"),
			OnEvent: func(e history.Event) { types = append(types, string(e.Type)) }})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "SUCCEEDED" {
		t.Fatalf("status %s: %s %s", res.Status, res.Error, res.Cause)
	}
	if got, want := jsonv.String(res.Output), `{"orderId":"order-7","amount":1250,"charge":{"chargeId":"ch_42"}}`; got != want {
		t.Errorf("output %s, want %s", got, want)
	}
	// A Lambda function ARN as Resource records AWS's LambdaFunction* events.
	if n := strings.Count(strings.Join(types, " "), "LambdaFunctionFailed"); n != 2 {
		t.Errorf("%d LambdaFunctionFailed events, want 2: %v", n, types)
	}
	// Back-off of 2 s then 4 s, then the 60 s wait: the fake clock jumped.
	last := res.History[len(res.History)-1].Timestamp
	if got := last.Sub(start); got != 66*time.Second {
		t.Errorf("execution took %s of fake time, want 66s", got)
	}
}

func TestCatchRoutesToFail(t *testing.T) {
	res, err := local.Run(context.Background(), readFile(t, "../examples/retry-catch.asl.json"),
		jsonv.MustParse(`{"orderId":"order-8","amount":5}`),
		local.Options{Start: start, SkipWaits: true, Seed: 7, Mocks: retryCatchScript(t, "Declined")})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "FAILED" || res.Error != "Order.NeedsReview" || res.Cause != "Card declined: insufficient funds." {
		t.Errorf("got %s %q %q", res.Status, res.Error, res.Cause)
	}
}

func TestUnmockedTaskNamesResourceAndFlag(t *testing.T) {
	_, err := local.Run(context.Background(), readFile(t, "../examples/retry-catch.asl.json"),
		jsonv.MustParse(`{"orderId":"o","amount":1}`), local.Options{Start: start, SkipWaits: true})
	var unmocked *local.UnmockedTaskError
	if !errors.As(err, &unmocked) || unmocked.State != "Charge" ||
		!strings.Contains(err.Error(), "arn:aws:lambda:us-east-1:123456789012:function:charge") ||
		!strings.Contains(err.Error(), "--mock-config") {
		t.Errorf("err = %v", err)
	}
}

func TestInvalidDefinitionReturnsDiagnostics(t *testing.T) {
	_, err := local.Run(context.Background(), []byte(`{"StartAt":"A","States":{"B":{"Type":"Succeed"}}}`), nil, local.Options{})
	var diags asl.Diagnostics
	if !errors.As(err, &diags) || !strings.Contains(err.Error(), "MISSING_TRANSITION_TARGET") {
		t.Errorf("err = %v", err)
	}
}

func TestRealWaitHonoursContext(t *testing.T) {
	def := []byte(`{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}`)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := local.Run(ctx, def, jsonv.MustParse(`{}`), local.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestSameSeedSameHistory(t *testing.T) {
	run := func() string {
		res, err := local.Run(context.Background(), readFile(t, "../examples/retry-catch.asl.json"),
			jsonv.MustParse(`{"orderId":"o","amount":1}`),
			local.Options{Start: start, SkipWaits: true, Seed: 99, Name: "n", Mocks: retryCatchScript(t, "BusyThenCharged")})
		if err != nil {
			t.Fatal(err)
		}
		var b []byte
		for _, e := range res.History {
			b, _ = history.AppendJSON(b, e)
		}
		return string(b)
	}
	if a, b := run(), run(); a != b {
		t.Error("two runs with the same seed differ")
	}
}
