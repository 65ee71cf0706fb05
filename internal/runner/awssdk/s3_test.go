package awssdk

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/stepd/stepd/jsonv"
)

// S3 through aws-sdk:s3 against gofakes3, a real S3 protocol server (REST
// XML) run in-process, addressed path-style as an s3 endpoint implies.
func TestS3(t *testing.T) {
	srv := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	t.Cleanup(srv.Close)
	r := newTestRunner(t, testConfig(map[string]string{"s3": srv.URL}))

	succeed(t, r, "arn:aws:states:::aws-sdk:s3:createBucket", `{"Bucket": "reports"}`)
	put := succeed(t, r, "arn:aws:states:::aws-sdk:s3:putObject", `{"Bucket": "reports", "Key": "a/b.txt", "Body": "hello, world", "ContentType": "text/plain"}`)
	if etag, _ := put.Get("ETag"); etag == nil {
		t.Fatalf("putObject: no ETag in %s", jsonv.String(put))
	}
	// A Body that is JSON is stored as its text.
	succeed(t, r, "arn:aws:states:::aws-sdk:s3:putObject", `{"Bucket": "reports", "Key": "doc.json", "Body": {"n": 1, "list": [true]}}`)

	got := succeed(t, r, "arn:aws:states:::aws-sdk:s3:getObject", `{"Bucket": "reports", "Key": "a/b.txt"}`)
	if body := at(t, got, "Body"); body != "hello, world" {
		t.Fatalf("getObject: Body %v", body)
	}
	if n := at(t, got, "ContentLength"); !jsonv.Equal(n, jsonv.Number("12")) {
		t.Fatalf("getObject: ContentLength %v", n)
	}
	if ct := at(t, got, "ContentType"); ct != "text/plain" {
		t.Fatalf("getObject: ContentType %v", ct)
	}
	doc := succeed(t, r, "arn:aws:states:::aws-sdk:s3:getObject", `{"Bucket": "reports", "Key": "doc.json"}`)
	if body := at(t, doc, "Body"); body != `{"n":1,"list":[true]}` {
		t.Fatalf("getObject: Body %v", body)
	}

	list := succeed(t, r, "arn:aws:states:::aws-sdk:s3:listObjectsV2", `{"Bucket": "reports", "Prefix": "a/"}`)
	if key := at(t, list, "Contents", "0", "Key"); key != "a/b.txt" {
		t.Fatalf("listObjectsV2: %s", jsonv.String(list))
	}
	modified, _ := at(t, list, "Contents", "0", "LastModified").(string)
	if _, err := time.Parse(time.RFC3339, modified); err != nil {
		t.Fatalf("LastModified %q is not RFC 3339", modified)
	}

	// A body larger than a task result may be is read only past the limit:
	// the interpreter then fails the task with States.DataLimitExceeded.
	big := strings.Repeat("x", 400*1024)
	succeed(t, r, "arn:aws:states:::aws-sdk:s3:putObject", `{"Bucket": "reports", "Key": "big", "Body": "`+big+`"}`)
	got = succeed(t, r, "arn:aws:states:::aws-sdk:s3:getObject", `{"Bucket": "reports", "Key": "big"}`)
	if body, _ := at(t, got, "Body").(string); len(body) != maxStreamBytes+1 || len(jsonv.Marshal(got)) <= 256*1024 {
		t.Fatalf("big Body: %d bytes read", len(body))
	}

	cause := fail(t, r, "arn:aws:states:::aws-sdk:s3:getObject", `{"Bucket": "reports", "Key": "absent"}`, "S3.NoSuchKeyException")
	if !strings.Contains(cause, "(Service: S3, Status Code: 404, Request ID: ") {
		t.Fatalf("cause %q", cause)
	}
	fail(t, r, "arn:aws:states:::aws-sdk:s3:getObject", `{"Bucket": "nobucket", "Key": "k"}`, "S3.NoSuchBucketException")
}
