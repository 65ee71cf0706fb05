package httptask_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stepd/stepd/internal/runner/httptask"
	"github.com/stepd/stepd/jsonv"
)

func TestMethods(t *testing.T) {
	srv := newRecorder(t, false, nil)
	r := newRunner(t, apiKeyConn(), httptask.Options{})
	for _, m := range []string{"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"} {
		res := run(t, r, fmt.Sprintf(`{"ApiEndpoint":%q,"Method":%q,"Authentication":{"ConnectionArn":%q}}`, srv.URL+"/items/7", m, apiARN))
		if res.Failed() {
			t.Fatalf("%s: %s %s", m, res.Error, res.Cause)
		}
		got := srv.last(t)
		if got.Method != m || got.Path != "/items/7" {
			t.Errorf("%s: server saw %s %s", m, got.Method, got.Path)
		}
		if got.Header.Get("X-Api-Key") != "key-123" {
			t.Errorf("%s: x-api-key = %q", m, got.Header.Get("X-Api-Key"))
		}
		if ct := got.Header.Get("Content-Type"); ct != "" {
			t.Errorf("%s without a body sent Content-Type %q", m, ct)
		}
		want := `{"ok":true,"n":1.50}`
		if m == "HEAD" {
			want = `""`
		}
		if b := jsonv.String(get(t, res.Output, "ResponseBody")); b != want {
			t.Errorf("%s: ResponseBody = %s, want %s", m, b, want)
		}
	}
	res := run(t, r, fmt.Sprintf(`{"ApiEndpoint":%q,"Method":"TRACE","Authentication":{"ConnectionArn":%q}}`, srv.URL, apiARN))
	wantFailure(t, res, "States.Runtime", "Method must be one of GET, POST")
}

func TestRequestAndResponseShape(t *testing.T) {
	srv := newRecorder(t, false, nil)
	conns := map[string]httptask.Connection{"api": {
		APIKey: &httptask.APIKey{Name: "x-api-key", Value: "key-123"},
		InvocationHTTPParameters: &httptask.HTTPParameters{
			Headers: map[string]string{"Header-Param": "from-connection", "X-Conn": "c"},
			Query:   map[string]string{"QueryParam": "from-connection"},
			Body:    map[string]string{"BodyParam": "from-connection"},
		},
	}}
	r := newRunner(t, conns, httptask.Options{})
	res := run(t, r, fmt.Sprintf(`{
		"ApiEndpoint": %q,
		"Method": "POST",
		"Authentication": {"ConnectionArn": %q},
		"Headers": {"Request-Id": "r-1", "header-param": "from-task", "X-Num": 5, "X-List": ["a", "b"]},
		"QueryParameters": {"QueryParam": "from-task", "q": "a b&c", "multi": [1, true]},
		"RequestBody": {"Job": "Engineer", "BodyParam": "from-task", "Nested": {"n": [1, 2.50]}}
	}`, srv.URL+"/path?fixed=1", apiARN))
	if res.Failed() {
		t.Fatalf("%s %s", res.Error, res.Cause)
	}
	got := srv.last(t)
	checks := map[string]string{
		"Request-Id":   "r-1",
		"Header-Param": "from-connection",
		"X-Conn":       "c",
		"X-Num":        "5",
		"User-Agent":   "Amazon|StepFunctions|HttpInvoke|eu-west-1",
		"Range":        "bytes=0-262144",
		"Content-Type": "application/json; charset=UTF-8",
		"X-Api-Key":    "key-123",
	}
	for k, want := range checks {
		if v := got.Header.Get(k); v != want {
			t.Errorf("header %s = %q, want %q", k, v, want)
		}
	}
	if v := got.Header.Values("X-List"); strings.Join(v, ",") != "a,b" {
		t.Errorf("X-List = %q", v)
	}
	if want := "fixed=1&q=a%20b%26c&multi=1&multi=true&QueryParam=from-connection"; got.RawQuery != want {
		t.Errorf("query = %s, want %s", got.RawQuery, want)
	}
	if want := `{"Job":"Engineer","BodyParam":"from-connection","Nested":{"n":[1,2.50]}}`; got.Body != want {
		t.Errorf("body = %s, want %s", got.Body, want)
	}
	out := jsonv.String(res.Output)
	if !strings.HasPrefix(out, `{"Headers":{`) || !strings.HasSuffix(out, `"ResponseBody":{"ok":true,"n":1.50},"StatusCode":200,"StatusText":"OK"}`) {
		t.Errorf("output = %s", out)
	}
	if v := jsonv.String(get(t, res.Output, "Headers.x-multi")); v != `["one","two"]` {
		t.Errorf("Headers.x-multi = %s", v)
	}
	if v := jsonv.String(get(t, res.Output, "Headers.content-type")); v != `["application/json"]` {
		t.Errorf("Headers.content-type = %s", v)
	}
}

func TestQueryParameterForms(t *testing.T) {
	srv := newRecorder(t, false, nil)
	r := newRunner(t, apiKeyConn(), httptask.Options{})
	for _, tc := range []struct{ query, want string }{
		{`"a=1&b=x%20y"`, "a=1&b=x%20y"},
		{`[{"a":1},"b=2",{"c":["x","y"]}]`, "a=1&b=2&c=x&c=y"},
		{`{"e":"ü/?"}`, "e=%C3%BC%2F%3F"},
	} {
		res := run(t, r, fmt.Sprintf(`{"ApiEndpoint":%q,"Method":"GET","Authentication":{"ConnectionArn":%q},"QueryParameters":%s}`, srv.URL, apiARN, tc.query))
		if res.Failed() {
			t.Fatalf("%s: %s %s", tc.query, res.Error, res.Cause)
		}
		if got := srv.last(t).RawQuery; got != tc.want {
			t.Errorf("QueryParameters %s: query %s, want %s", tc.query, got, tc.want)
		}
	}
	res := run(t, r, fmt.Sprintf(`{"ApiEndpoint":%q,"Method":"GET","Authentication":{"ConnectionArn":%q},"QueryParameters":{"a":{"b":1}}}`, srv.URL, apiARN))
	wantFailure(t, res, "States.Runtime", "QueryParameters.a must be")
}

func TestURLEncodedBody(t *testing.T) {
	srv := newRecorder(t, false, nil)
	r := newRunner(t, apiKeyConn(), httptask.Options{})
	const body = `{"array":["a","b","c","d"],"description":"Monthly subscription","metadata":{"order_details":"x,y"}}`
	for _, tc := range []struct{ format, want string }{
		{"", "array%5B0%5D=a&array%5B1%5D=b&array%5B2%5D=c&array%5B3%5D=d&description=Monthly%20subscription&metadata%5Border_details%5D=x%2Cy"},
		{"INDICES", "array%5B0%5D=a&array%5B1%5D=b&array%5B2%5D=c&array%5B3%5D=d&description=Monthly%20subscription&metadata%5Border_details%5D=x%2Cy"},
		{"REPEAT", "array=a&array=b&array=c&array=d&description=Monthly%20subscription&metadata%5Border_details%5D=x%2Cy"},
		{"COMMAS", "array=a,b,c,d&description=Monthly%20subscription&metadata%5Border_details%5D=x%2Cy"},
		{"BRACKETS", "array%5B%5D=a&array%5B%5D=b&array%5B%5D=c&array%5B%5D=d&description=Monthly%20subscription&metadata%5Border_details%5D=x%2Cy"},
	} {
		transform := `{"RequestBodyEncoding":"URL_ENCODED"}`
		if tc.format != "" {
			transform = fmt.Sprintf(`{"RequestBodyEncoding":"URL_ENCODED","RequestEncodingOptions":{"ArrayFormat":%q}}`, tc.format)
		}
		res := run(t, r, fmt.Sprintf(`{"ApiEndpoint":%q,"Method":"POST","Authentication":{"ConnectionArn":%q},"Headers":{"Content-Type":"application/x-www-form-urlencoded"},"RequestBody":%s,"Transform":%s}`, srv.URL, apiARN, body, transform))
		if res.Failed() {
			t.Fatalf("%s: %s %s", tc.format, res.Error, res.Cause)
		}
		got := srv.last(t)
		if got.Body != tc.want {
			t.Errorf("ArrayFormat %q:\n got %s\nwant %s", tc.format, got.Body, tc.want)
		}
		if ct := got.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
			t.Errorf("Content-Type = %q", ct)
		}
	}
	// Arrays of objects keep their index under COMMAS; null is empty.
	res := run(t, r, fmt.Sprintf(`{"ApiEndpoint":%q,"Method":"POST","Authentication":{"ConnectionArn":%q},"RequestBody":{"items":[{"id":1}],"none":null},"Transform":{"RequestBodyEncoding":"URL_ENCODED","RequestEncodingOptions":{"ArrayFormat":"COMMAS"}}}`, srv.URL, apiARN))
	if res.Failed() {
		t.Fatal(res.Cause)
	}
	if got, want := srv.last(t).Body, "items%5B0%5D%5Bid%5D=1&none="; got != want {
		t.Errorf("body = %s, want %s", got, want)
	}
	res = run(t, r, fmt.Sprintf(`{"ApiEndpoint":%q,"Method":"POST","Authentication":{"ConnectionArn":%q},"RequestBody":[1],"Transform":{"RequestBodyEncoding":"URL_ENCODED"}}`, srv.URL, apiARN))
	wantFailure(t, res, "States.Runtime", "RequestBody must be an object to be URL-encoded")
	res = run(t, r, fmt.Sprintf(`{"ApiEndpoint":%q,"Method":"POST","Authentication":{"ConnectionArn":%q},"RequestBody":{},"Transform":{"RequestEncodingOptions":{"ArrayFormat":"PIPES"}}}`, srv.URL, apiARN))
	wantFailure(t, res, "States.Runtime", "ArrayFormat must be INDICES, REPEAT, COMMAS or BRACKETS")
}

func TestStringBodyAndConnectionBody(t *testing.T) {
	srv := newRecorder(t, false, nil)
	r := newRunner(t, apiKeyConn(), httptask.Options{})
	res := run(t, r, fmt.Sprintf(`{"ApiEndpoint":%q,"Method":"PUT","Authentication":{"ConnectionArn":%q},"Headers":{"Content-Type":"text/plain"},"RequestBody":"raw text"}`, srv.URL, apiARN))
	if res.Failed() {
		t.Fatal(res.Cause)
	}
	if got := srv.last(t); got.Body != "raw text" || got.Header.Get("Content-Type") != "text/plain" {
		t.Errorf("server saw %q with %q", got.Body, got.Header.Get("Content-Type"))
	}
	conns := map[string]httptask.Connection{"api": {APIKey: &httptask.APIKey{Name: "k", Value: "v"}, InvocationHTTPParameters: &httptask.HTTPParameters{Body: map[string]string{"mode": "c"}}}}
	r = newRunner(t, conns, httptask.Options{})
	n := len(srv.requests())
	res = run(t, r, fmt.Sprintf(`{"ApiEndpoint":%q,"Method":"POST","Authentication":{"ConnectionArn":%q},"RequestBody":"raw"}`, srv.URL, apiARN))
	wantFailure(t, res, "States.Runtime", "cannot be merged with the body parameters of connection api")
	if len(srv.requests()) != n {
		t.Error("a request was sent although the body could not be merged")
	}
	res = run(t, r, fmt.Sprintf(`{"ApiEndpoint":%q,"Method":"POST","Authentication":{"ConnectionArn":%q}}`, srv.URL, apiARN))
	if res.Failed() {
		t.Fatal(res.Cause)
	}
	if got := srv.last(t).Body; got != `{"mode":"c"}` {
		t.Errorf("body = %s", got)
	}
}

func TestForbiddenHeaders(t *testing.T) {
	srv := newRecorder(t, false, nil)
	r := newRunner(t, apiKeyConn(), httptask.Options{})
	for _, h := range []string{"Authorization", "host", "Transfer-Encoding", "X-Amz-Date", "x-amzn-trace-id", "X-Forwarded-For", "Cache-Control", "TE", "Accept-Encoding"} {
		res := run(t, r, fmt.Sprintf(`{"ApiEndpoint":%q,"Method":"GET","Authentication":{"ConnectionArn":%q},"Headers":{%q:"x"}}`, srv.URL, apiARN, h))
		wantFailure(t, res, "States.Runtime", "the header "+h+" is not allowed")
	}
	if n := len(srv.requests()); n != 0 {
		t.Errorf("%d requests were sent with forbidden headers", n)
	}
	// Near misses are allowed.
	res := run(t, r, fmt.Sprintf(`{"ApiEndpoint":%q,"Method":"GET","Authentication":{"ConnectionArn":%q},"Headers":{"X-Amazing":"1","Accept":"application/json"}}`, srv.URL, apiARN))
	if res.Failed() {
		t.Fatal(res.Cause)
	}
}

func TestStatusErrors(t *testing.T) {
	srv := newRecorder(t, false, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/missing":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"message":"no such item"}`))
		case "/broken":
			w.WriteHeader(http.StatusInternalServerError)
			w.Write([]byte("it broke"))
		case "/moved":
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
		case "/binary":
			w.Header().Set("Content-Type", "image/png")
			w.Write([]byte{0x89, 'P', 'N', 'G'})
		case "/notutf8":
			w.Header().Set("Content-Type", "text/plain")
			w.Write([]byte{0xff, 0xfe})
		}
	})
	r := newRunner(t, apiKeyConn(), httptask.Options{})
	call := func(path string) (res struct{ Error, Cause string }) {
		out := run(t, r, fmt.Sprintf(`{"ApiEndpoint":%q,"Method":"GET","Authentication":{"ConnectionArn":%q}}`, srv.URL+path, apiARN))
		return struct{ Error, Cause string }{out.Error, out.Cause}
	}
	for _, tc := range []struct {
		path, name, status, text, body string
	}{
		{"/missing", "States.Http.StatusCode.404", "404", "Not Found", `{"message":"no such item"}`},
		{"/broken", "States.Http.StatusCode.500", "500", "Internal Server Error", `"it broke"`},
		{"/moved", "States.Http.StatusCode.302", "302", "Found", ``},
	} {
		res := call(tc.path)
		if res.Error != tc.name {
			t.Fatalf("%s: error %q (%s), want %s", tc.path, res.Error, res.Cause, tc.name)
		}
		cause, err := jsonv.Parse([]byte(res.Cause))
		if err != nil {
			t.Fatalf("%s: cause is not JSON: %s", tc.path, res.Cause)
		}
		if v := jsonv.String(get(t, cause, "StatusCode")); v != tc.status {
			t.Errorf("%s: cause StatusCode %s", tc.path, v)
		}
		if v := get(t, cause, "StatusText"); v != tc.text {
			t.Errorf("%s: cause StatusText %v", tc.path, v)
		}
		if tc.body != "" {
			if v := jsonv.String(get(t, cause, "ResponseBody")); v != tc.body {
				t.Errorf("%s: cause ResponseBody %s, want %s", tc.path, v, tc.body)
			}
		}
	}
	if got := srv.requests(); got[len(got)-1].Path != "/moved" {
		t.Errorf("the redirect was followed to %s", got[len(got)-1].Path)
	}
	res := call("/binary")
	if res.Error != "States.Runtime" || !strings.Contains(res.Cause, "image/png") {
		t.Errorf("binary: %s %s", res.Error, res.Cause)
	}
	res = call("/notutf8")
	if res.Error != "States.Runtime" || !strings.Contains(res.Cause, "not valid UTF-8") {
		t.Errorf("not UTF-8: %s %s", res.Error, res.Cause)
	}
}

func TestMalformedParameters(t *testing.T) {
	srv := newRecorder(t, false, nil)
	r := newRunner(t, apiKeyConn(), httptask.Options{})
	for _, tc := range []struct{ input, name, cause string }{
		{`[]`, "States.Runtime", "must be a JSON object"},
		{`{"Method":"GET","Authentication":{"ConnectionArn":"` + apiARN + `"}}`, "States.Runtime", "ApiEndpoint is required"},
		{`{"ApiEndpoint":"ftp://x/y","Method":"GET","Authentication":{"ConnectionArn":"` + apiARN + `"}}`, "States.Runtime", "is not an https"},
		{`{"ApiEndpoint":"` + srv.URL + `","Authentication":{"ConnectionArn":"` + apiARN + `"}}`, "States.Runtime", "Method is required"},
		{`{"ApiEndpoint":"` + srv.URL + `","Method":"GET"}`, "States.Runtime", "Authentication.ConnectionArn is required"},
		{`{"ApiEndpoint":"` + srv.URL + `","Method":"GET","Authentication":{"ConnectionArn":"arn:aws:events:us-east-1:1:rule/x"}}`, "States.Runtime", "is not a connection ARN"},
		{`{"ApiEndpoint":"` + srv.URL + `","Method":"GET","Authentication":{"ConnectionArn":"` + apiARN + `"},"Body":{}}`, "States.Runtime", "unknown field Body"},
		{`{"ApiEndpoint":"` + srv.URL + `","Method":"GET","Authentication":{"ConnectionArn":"arn:aws:events:us-east-1:1:connection/nope"}}`, "Events.ConnectionResource.ResourceNotFound", "connection nope does not exist"},
	} {
		res := run(t, r, tc.input)
		wantFailure(t, res, tc.name, tc.cause)
	}
	// InvocationConfig works as Authentication does, and the ARN may omit
	// the id.
	res := run(t, r, `{"ApiEndpoint":"`+srv.URL+`","Method":"GET","InvocationConfig":{"ConnectionArn":"arn:aws:events:us-east-1:1:connection/api"}}`)
	if res.Failed() {
		t.Fatal(res.Cause)
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		conns map[string]httptask.Connection
		want  string
	}{
		{map[string]httptask.Connection{"myapi": {Basic: &httptask.Basic{Username: "u"}}}, "connections.myapi.basic.password: required"},
		{map[string]httptask.Connection{"myapi": {}}, "connections.myapi: set exactly one of api_key, basic or oauth"},
		{map[string]httptask.Connection{"myapi": {Basic: &httptask.Basic{Username: "u", Password: "p"}, APIKey: &httptask.APIKey{Name: "k", Value: "v"}}}, "connections.myapi: set exactly one"},
		{map[string]httptask.Connection{"my api": {APIKey: &httptask.APIKey{Name: "k", Value: "v"}}}, "connections.my api: a connection name is"},
		{map[string]httptask.Connection{"a": {APIKey: &httptask.APIKey{Name: "bad name", Value: "v"}}}, `connections.a.api_key.name: "bad name" is not a valid header name`},
		{map[string]httptask.Connection{"a": {APIKey: &httptask.APIKey{Name: "k", Value: "${OPEN"}}}, "connections.a.api_key.value: unterminated ${"},
		{map[string]httptask.Connection{"a": {APIKey: &httptask.APIKey{Name: "k", Value: "${1X}"}}}, "connections.a.api_key.value: ${1X} does not name an environment variable"},
		{map[string]httptask.Connection{"a": {OAuth: &httptask.OAuth{TokenURL: "http://x/token", Method: "PUT", ClientID: "i", ClientSecret: "s"}}}, "connections.a.oauth.method: must be GET or POST"},
		{map[string]httptask.Connection{"a": {OAuth: &httptask.OAuth{TokenURL: "token", ClientID: "i", ClientSecret: "s"}}}, `connections.a.oauth.token_url: "token" is not an http or https URL`},
		{map[string]httptask.Connection{"a": {OAuth: &httptask.OAuth{TokenURL: "http://x/token", ClientID: "i"}}}, "connections.a.oauth.client_secret: required"},
		{map[string]httptask.Connection{"a": {APIKey: &httptask.APIKey{Name: "k", Value: "v"}, InvocationHTTPParameters: &httptask.HTTPParameters{Headers: map[string]string{"Host": "x"}}}}, "connections.a.invocation_http_parameters.headers.Host: stepd sets this header itself"},
	} {
		err := httptask.Validate(tc.conns)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Validate = %v, want %q", err, tc.want)
		}
		if _, err := httptask.New(tc.conns, httptask.Options{}); err == nil {
			t.Errorf("New accepted what Validate refuses (%s)", tc.want)
		}
	}
	ok := map[string]httptask.Connection{"a.b-c_1": {OAuth: &httptask.OAuth{TokenURL: "${TOKEN_URL}", ClientID: "i", ClientSecret: "${SECRET}", Scopes: []string{"read", "write"}}}}
	if err := httptask.Validate(ok); err != nil {
		t.Errorf("Validate: %v", err)
	}
	_, err := httptask.New(ok, httptask.Options{LookupEnv: func(k string) (string, bool) {
		if k == "TOKEN_URL" {
			return "http://127.0.0.1/token", true
		}
		return "", false
	}})
	if err == nil || err.Error() != "connections.a.b-c_1.oauth.client_secret: the environment variable SECRET is not set" {
		t.Errorf("New with an unset variable: %v", err)
	}
}
