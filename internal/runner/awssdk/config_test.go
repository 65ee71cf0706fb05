package awssdk

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestConfigYAML(t *testing.T) {
	var cfg Config
	src := `
region: eu-west-1
credentials: {access_key_id: AK, secret_access_key: SK, session_token: ST}
endpoints: {dynamodb: "http://127.0.0.1:8000", "*": "http://127.0.0.1:4566"}
s3_path_style: false
`
	if err := yaml.Unmarshal([]byte(src), &cfg); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if cfg.Region != "eu-west-1" || cfg.Credentials.SessionToken != "ST" || cfg.s3PathStyle() {
		t.Fatalf("%+v", cfg)
	}
	if got := cfg.endpoint("dynamodb"); got != "http://127.0.0.1:8000" {
		t.Fatalf("dynamodb endpoint %q", got)
	}
	if got := cfg.endpoint("eventbridge"); got != "http://127.0.0.1:4566" {
		t.Fatalf("eventbridge falls back to *: %q", got)
	}
	// An s3 endpoint implies path-style addressing unless told otherwise.
	if !(Config{Endpoints: map[string]string{"s3": "http://127.0.0.1:9000"}}).s3PathStyle() {
		t.Fatal("want path style with an s3 endpoint")
	}
	if (Config{}).s3PathStyle() {
		t.Fatal("want virtual-hosted style against real AWS")
	}
}

func TestConfigValidate(t *testing.T) {
	cfg := Config{
		Credentials: &Credentials{AccessKeyID: "AK"},
		Endpoints:   map[string]string{"dynamodb": "localhost:8000", "kinesis": "http://x", "sqs": "ftp://h", "events": "http://127.0.0.1:1"},
	}
	err := cfg.Validate()
	if err == nil {
		t.Fatal("want errors")
	}
	for _, want := range []string{
		"aws.credentials.secret_access_key: required",
		`aws.endpoints.dynamodb: not a URL: "localhost:8000"`,
		"aws.endpoints.kinesis: unknown service",
		`aws.endpoints.sqs: not a URL: "ftp://h"`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "aws.endpoints.events") {
		t.Errorf("events is valid: %v", err)
	}
	if _, err := New(cfg, Options{}); err == nil {
		t.Fatal("New accepted an invalid config")
	}
}

// Resources the runner does not serve fail as unsupported; others report
// Serves.
func TestServes(t *testing.T) {
	r := newTestRunner(t, testConfig(nil))
	for resource, want := range map[string]bool{
		"arn:aws:states:::dynamodb:putItem":                 true,
		"arn:aws:states:::dynamodb:query":                   false, // only as aws-sdk:dynamodb:query
		"arn:aws:states:::sqs:sendMessage.waitForTaskToken": true,
		"arn:aws:states:::aws-sdk:s3:getObject":             true,
		"arn:aws:states:::aws-sdk:kinesis:putRecord":        false,
		"arn:aws:lambda:us-east-1:123456789012:function:f":  true,
		"arn:aws:states:::lambda:invoke":                    true,
		"arn:aws:states:us-east-1:123456789012:activity:a":  false,
		"arn:aws:states:::http:invoke":                      false,
	} {
		if got := r.Serves(resource); got != want {
			t.Errorf("Serves(%s) = %v, want %v", resource, got, want)
		}
	}
	fail(t, r, "arn:aws:states:::aws-sdk:kinesis:putRecord", `{}`, "States.Runtime")
	cause := fail(t, r, "arn:aws:states:::dynamodb:putItem.sync", `{}`, "States.Runtime")
	if !strings.Contains(cause, ".sync") {
		t.Fatalf("cause %q", cause)
	}
}

// A call that gets no answer fails with States.TaskFailed naming why.
func TestUnreachableEndpoint(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close() // nothing listens there any more
	r := newTestRunner(t, testConfig(map[string]string{"*": srv.URL}))
	cause := fail(t, r, "arn:aws:states:::sqs:sendMessage", `{"QueueUrl": "`+srv.URL+`/1/q", "MessageBody": "x"}`, "States.TaskFailed")
	if !strings.Contains(cause, "connection refused") {
		t.Fatalf("cause %q", cause)
	}
}

func TestRegionFallback(t *testing.T) {
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	r, err := New(Config{}, Options{Region: "ap-south-1"})
	if err != nil {
		t.Fatal(err)
	}
	if r.base.Region != "ap-south-1" {
		t.Fatalf("region %q", r.base.Region)
	}
	if r.transport == nil {
		t.Fatal("Close has no transport to release")
	}
	r.Close()
	r, err = New(Config{Region: "eu-north-1"}, Options{Region: "ap-south-1"})
	if err != nil || r.base.Region != "eu-north-1" {
		t.Fatalf("region %q %v", r.base.Region, err)
	}
}
