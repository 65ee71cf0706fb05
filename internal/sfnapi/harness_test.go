package sfnapi_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/stepd/stepd/internal/clock"
	"github.com/stepd/stepd/internal/engine"
	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/internal/sfnapi"
	"github.com/stepd/stepd/internal/store/sqlite"
)

const (
	role     = "arn:aws:iam::123456789012:role/stepd"
	smPrefix = "arn:aws:states:us-east-1:123456789012:stateMachine:"
)

type harness struct {
	t      *testing.T
	ctx    context.Context
	client *sfn.Client
	url    string
}

// newHarness serves the real handler over a real engine on SQLite on a
// loopback port and returns an official SDK client for it.
func newHarness(t *testing.T) *harness {
	t.Helper()
	return newHarnessTasks(t, nil)
}

// newHarnessTasks is newHarness with the router TestState runs tasks on.
func newHarnessTasks(t *testing.T, tasks *runner.Router) *harness {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "stepd.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	acts := runner.NewActivities(s, clock.Real{})
	e := engine.New(engine.Options{Store: s, Runner: &runner.Router{Activities: acts}, Activities: acts, SingleNode: true,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err := e.Start(ctx); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sfnapi.New(sfnapi.Options{Engine: e, Store: s, Tasks: tasks}))
	t.Cleanup(func() {
		srv.Close()
		e.Stop()
		s.Close()
	})
	client := sfn.New(sfn.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		APIOptions:   hostPrefixOption,
	})
	return &harness{t: t, ctx: ctx, client: client, url: srv.URL}
}

// wantCode checks err is the modeled AWS error code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("got error %v, want %s", err, code)
	}
	if ae.ErrorCode() != code {
		t.Fatalf("got %s (%s), want %s", ae.ErrorCode(), ae.ErrorMessage(), code)
	}
}

// must returns v, panicking on err (the SDK's two results cannot be passed
// with t in one call).
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// hostPrefixOption keeps the Go SDK from prefixing the host with "sync-"
// for StartSyncExecution and TestState (see doc.go).
var hostPrefixOption []func(*middleware.Stack) error

func init() {
	if os.Getenv("STEPD_TEST_HOST_PREFIX") != "" {
		return
	}
	hostPrefixOption = append(hostPrefixOption, func(s *middleware.Stack) error {
		return s.Initialize.Add(middleware.InitializeMiddlewareFunc("stepdDisableHostPrefix",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				return next.HandleInitialize(smithyhttp.DisableEndpointHostPrefix(ctx, true), in)
			}), middleware.Before)
	})
}

// httpPost sends a raw AWS JSON 1.0 request and returns the body.
func httpPost(url, target, body string) (string, error) {
	req, err := http.NewRequest(http.MethodPost, url+"/", strings.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", target)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}
