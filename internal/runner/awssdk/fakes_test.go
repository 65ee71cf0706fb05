package awssdk

import (
	"context"
	"crypto/sha256"
	"time"

	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// Protocol fakes for the services no real local server can be installed
// for here (no Docker, no PyPI): each speaks the service's wire protocol as
// AWS documents it — SQS AWS JSON 1.0, EventBridge AWS JSON 1.1, SNS and
// STS the query protocol with XML answers, Lambda REST-JSON — and answers
// 403 to a request whose SigV4 signature is not the one the expected
// credentials make (verifySigV4 signs the received request again).

// fake is an HTTP server recording the requests it served.
type fake struct {
	t   testing.TB
	url string
	// accessKey is the key requests must be signed with.
	accessKey string

	mu       sync.Mutex
	requests []fakeRequest
}

type fakeRequest struct {
	// op is the operation: X-Amz-Target's action, the query Action, or
	// Lambda's function name.
	op      string
	body    map[string]any // JSON bodies
	form    url.Values     // query protocol bodies
	headers http.Header
}

func newFake(t testing.TB, serve func(f *fake, w http.ResponseWriter, r *http.Request, body []byte)) *fake {
	f := &fake{t: t, accessKey: testAccessKey}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		key := f.accessKey
		f.mu.Unlock()
		if err := verifySigV4(r, body, key); err != nil {
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprintf(w, `{"__type":"MissingAuthenticationTokenException","message":%q}`, err.Error())
			return
		}
		w.Header().Set("x-amzn-RequestId", "req-0001")
		serve(f, w, r, body)
	}))
	t.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

func (f *fake) record(r fakeRequest) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, r)
}

func (f *fake) last() fakeRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.requests) == 0 {
		f.t.Fatal("the fake served no request")
	}
	return f.requests[len(f.requests)-1]
}

func (f *fake) count(op string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, r := range f.requests {
		if r.op == op {
			n++
		}
	}
	return n
}

func writeJSON(w http.ResponseWriter, contentType string, status int, v any) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// jsonTarget reads an AWS JSON request: the operation is the part of
// X-Amz-Target after the service prefix.
func jsonTarget(t testing.TB, r *http.Request, body []byte, prefix, contentType string) (string, map[string]any) {
	if got := r.Header.Get("Content-Type"); got != contentType {
		t.Errorf("Content-Type %q, want %q", got, contentType)
	}
	op, ok := strings.CutPrefix(r.Header.Get("X-Amz-Target"), prefix+".")
	if !ok {
		t.Errorf("X-Amz-Target %q, want %s.OPERATION", r.Header.Get("X-Amz-Target"), prefix)
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Errorf("body %q: %v", body, err)
	}
	return op, m
}

// newSQS fakes SQS (AWS JSON 1.0) with one queue, /123456789012/jobs.
func newSQS(t testing.TB) *fake {
	return newFake(t, func(f *fake, w http.ResponseWriter, r *http.Request, body []byte) {
		const ct = "application/x-amz-json-1.0"
		op, in := jsonTarget(t, r, body, "AmazonSQS", ct)
		f.record(fakeRequest{op: op, body: in, headers: r.Header.Clone()})
		queue, _ := in["QueueUrl"].(string)
		if op == "GetQueueUrl" && in["QueueName"] == "jobs" {
			writeJSON(w, ct, 200, map[string]any{"QueueUrl": f.url + "/123456789012/jobs"})
			return
		}
		if queue != f.url+"/123456789012/jobs" {
			// SQS's JSON protocol error, with the query-compatible code.
			w.Header().Set("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender")
			writeJSON(w, ct, 400, map[string]any{"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "The specified queue does not exist."})
			return
		}
		switch op {
		case "SendMessage":
			msg, _ := in["MessageBody"].(string)
			sum := md5.Sum([]byte(msg)) // the SDK checks it
			writeJSON(w, ct, 200, map[string]any{"MD5OfMessageBody": hex.EncodeToString(sum[:]), "MessageId": fmt.Sprintf("msg-%d", f.count("SendMessage"))})
		default:
			writeJSON(w, ct, 400, map[string]any{"__type": "com.amazonaws.sqs#UnsupportedOperation", "message": op})
		}
	})
}

// newEvents fakes EventBridge (AWS JSON 1.1) PutEvents: an entry without
// Source fails, as at AWS.
func newEvents(t testing.TB) *fake {
	return newFake(t, func(f *fake, w http.ResponseWriter, r *http.Request, body []byte) {
		const ct = "application/x-amz-json-1.1"
		op, in := jsonTarget(t, r, body, "AWSEvents", ct)
		f.record(fakeRequest{op: op, body: in, headers: r.Header.Clone()})
		if op != "PutEvents" {
			writeJSON(w, ct, 400, map[string]any{"__type": "UnknownOperationException"})
			return
		}
		entries, _ := in["Entries"].([]any)
		var results []any
		failed := 0
		for i, e := range entries {
			if src, _ := e.(map[string]any)["Source"].(string); src == "" {
				failed++
				results = append(results, map[string]any{"ErrorCode": "InvalidArgument", "ErrorMessage": "Parameter Source is not valid. Reason: Source is a required argument."})
				continue
			}
			results = append(results, map[string]any{"EventId": fmt.Sprintf("event-%d", i)})
		}
		writeJSON(w, ct, 200, map[string]any{"Entries": results, "FailedEntryCount": failed})
	})
}

// queryRequest reads a query-protocol request (form body with Action).
func queryRequest(t testing.TB, r *http.Request, body []byte) url.Values {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		t.Errorf("Content-Type %q, want a form", ct)
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		t.Errorf("body %q: %v", body, err)
	}
	return form
}

func writeXML(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	io.WriteString(w, `<?xml version="1.0"?>`+"\n"+body)
}

// newSNS fakes SNS Publish (query protocol) with one topic.
func newSNS(t testing.TB) *fake {
	return newFake(t, func(f *fake, w http.ResponseWriter, r *http.Request, body []byte) {
		form := queryRequest(t, r, body)
		f.record(fakeRequest{op: form.Get("Action"), form: form, headers: r.Header.Clone()})
		if form.Get("Action") != "Publish" || form.Get("TopicArn") != "arn:aws:sns:us-east-1:123456789012:alerts" {
			writeXML(w, 404, `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error><RequestId>req-0001</RequestId></ErrorResponse>`)
			return
		}
		writeXML(w, 200, `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>sns-msg-1</MessageId></PublishResult><ResponseMetadata><RequestId>req-0001</RequestId></ResponseMetadata></PublishResponse>`)
	})
}

// newSTS fakes STS (query protocol): AssumeRole hands out role
// credentials (access key ASIAROLE), GetCallerIdentity names the caller.
func newSTS(t testing.TB) *fake {
	return newFake(t, func(f *fake, w http.ResponseWriter, r *http.Request, body []byte) {
		form := queryRequest(t, r, body)
		f.record(fakeRequest{op: form.Get("Action"), form: form, headers: r.Header.Clone()})
		switch form.Get("Action") {
		case "AssumeRole":
			if !strings.HasPrefix(form.Get("RoleArn"), "arn:aws:iam::") {
				writeXML(w, 400, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>bad role</Message></Error><RequestId>req-0001</RequestId></ErrorResponse>`)
				return
			}
			writeXML(w, 200, `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
<AssumedRoleUser><AssumedRoleId>AROA:stepd</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/worker/stepd</Arn></AssumedRoleUser>
<Credentials><AccessKeyId>ASIAROLE</AccessKeyId><SecretAccessKey>role-secret</SecretAccessKey><SessionToken>role-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>
</AssumeRoleResult><ResponseMetadata><RequestId>req-0001</RequestId></ResponseMetadata></AssumeRoleResponse>`)
		case "GetCallerIdentity":
			writeXML(w, 200, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/tester</Arn><UserId>AIDATEST</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>req-0001</RequestId></ResponseMetadata></GetCallerIdentityResponse>`)
		default:
			writeXML(w, 400, `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>no</Message></Error><RequestId>req-0001</RequestId></ErrorResponse>`)
		}
	})
}

// newLambda fakes the Lambda Invoke API (REST-JSON, POST
// /2015-03-31/functions/NAME/invocations): "greet" answers
// {"greeting": "hi NAME"}, "broken" fails with a function error, any other
// function does not exist.
func newLambda(t testing.TB) *fake {
	return newFake(t, func(f *fake, w http.ResponseWriter, r *http.Request, body []byte) {
		rest, ok := strings.CutPrefix(r.URL.EscapedPath(), "/2015-03-31/functions/")
		name, ok2 := strings.CutSuffix(rest, "/invocations")
		if r.Method != http.MethodPost || !ok || !ok2 {
			writeJSON(w, "application/json", 404, map[string]any{"message": "no route " + r.URL.Path})
			return
		}
		name, _ = url.PathUnescape(name)
		var event map[string]any
		json.Unmarshal(body, &event)
		f.record(fakeRequest{op: name, body: event, headers: r.Header.Clone()})
		// A function is named by NAME or its ARN.
		short := name
		if i := strings.LastIndex(name, ":function:"); i >= 0 {
			short, _, _ = strings.Cut(name[i+len(":function:"):], ":")
		}
		switch short {
		case "greet":
			w.Header().Set("X-Amz-Executed-Version", "$LATEST")
			writeJSON(w, "application/json", 200, map[string]any{"greeting": fmt.Sprintf("hi %v", event["name"])})
		case "broken":
			w.Header().Set("X-Amz-Executed-Version", "$LATEST")
			w.Header().Set("X-Amz-Function-Error", "Unhandled")
			writeJSON(w, "application/json", 200, map[string]any{"errorType": "ValueError", "errorMessage": "no name"})
		default:
			w.Header().Set("X-Amzn-ErrorType", "ResourceNotFoundException")
			writeJSON(w, "application/json", 404, map[string]any{"Type": "User", "message": "Function not found: " + name})
		}
	})
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

// testSecrets are the secret keys and session tokens of the test access
// keys: stepd's own, and the role credentials the STS fake hands out.
var testSecrets = map[string][2]string{
	testAccessKey: {"test-secret", ""},
	"ASIAROLE":    {"role-secret", "role-token"},
}

// verifySigV4 checks that r is signed (AWS Signature Version 4) with
// accessKey: it signs a copy of the request made of the headers the
// signature covers, with the scope and time it names, and compares.
func verifySigV4(r *http.Request, body []byte, accessKey string) error {
	auth := r.Header.Get("Authorization")
	rest, ok := strings.CutPrefix(auth, "AWS4-HMAC-SHA256 ")
	if !ok {
		return fmt.Errorf("not signed with SigV4: Authorization %q", auth)
	}
	fields := map[string]string{}
	for _, f := range strings.Split(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(f), "=")
		fields[k] = v
	}
	scope := strings.Split(fields["Credential"], "/") // KEY/DATE/REGION/SERVICE/aws4_request
	if len(scope) != 5 || scope[0] != accessKey {
		return fmt.Errorf("signed with credential %q, want access key %s", fields["Credential"], accessKey)
	}
	at, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	if err != nil {
		return fmt.Errorf("X-Amz-Date: %v", err)
	}
	u := "http://" + r.Host + r.URL.EscapedPath()
	if r.URL.RawQuery != "" {
		u += "?" + r.URL.RawQuery
	}
	again, err := http.NewRequest(r.Method, u, nil)
	if err != nil {
		return err
	}
	for _, h := range strings.Split(fields["SignedHeaders"], ";") {
		if h != "host" && h != "content-length" {
			again.Header[http.CanonicalHeaderKey(h)] = r.Header.Values(h)
		}
	}
	again.ContentLength = r.ContentLength
	sum := sha256.Sum256(body)
	secret := testSecrets[accessKey]
	creds := aws.Credentials{AccessKeyID: accessKey, SecretAccessKey: secret[0], SessionToken: secret[1]}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, again, hex.EncodeToString(sum[:]), scope[3], scope[2], at); err != nil {
		return err
	}
	if got, want := auth, again.Header.Get("Authorization"); got != want {
		return fmt.Errorf("bad signature: got %q, want %q", got, want)
	}
	return nil
}
