package console

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

func get(t *testing.T, srv *httptest.Server, path string, hdr map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

func TestIndexFallbackForClientRoutes(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	want, err := os.ReadFile("dist/index.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/", "/state-machines", "/state-machines/new",
		"/state-machines/arn%3Aaws%3Astates%3Aus-east-1%3A123456789012%3AstateMachine%3Ahello",
		"/executions/x?state=Pass", "/activities", "/no/such/page",
		"/map-runs/arn%3Aaws%3Astates%3Aus-east-1%3A123456789012%3AmapRun%3Ahello%2FFan%3A0b6e3c2a-4f55-4c8e-9a39-3c0d1f2e7a10?status=FAILED"} {
		res, body := get(t, srv, p, nil)
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d", p, res.StatusCode)
		}
		if got := res.Header.Get("Content-Type"); got != "text/html; charset=utf-8" {
			t.Errorf("GET %s: Content-Type %q", p, got)
		}
		if got := res.Header.Get("Cache-Control"); got != "no-cache" {
			t.Errorf("GET %s: Cache-Control %q", p, got)
		}
		if body != string(want) {
			t.Errorf("GET %s: body is not dist/index.html", p)
		}
	}
}

func TestAssets(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	for name, ct := range map[string]string{"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"} {
		want, err := os.ReadFile("dist/" + name)
		if err != nil {
			t.Fatal(err)
		}
		res, body := get(t, srv, "/assets/"+name, nil)
		if res.StatusCode != http.StatusOK || body != string(want) {
			t.Fatalf("GET /assets/%s: status %d, %d bytes (want %d)", name, res.StatusCode, len(body), len(want))
		}
		if got := res.Header.Get("Content-Type"); got != ct {
			t.Errorf("GET /assets/%s: Content-Type %q, want %q", name, got, ct)
		}
		etag := res.Header.Get("ETag")
		if etag == "" {
			t.Fatalf("GET /assets/%s: no ETag", name)
		}
		res, body = get(t, srv, "/assets/"+name, map[string]string{"If-None-Match": etag})
		if res.StatusCode != http.StatusNotModified || body != "" {
			t.Errorf("revalidating /assets/%s: status %d, %d bytes", name, res.StatusCode, len(body))
		}
	}
	// index.html references exactly these assets
	_, index := get(t, srv, "/", nil)
	for _, ref := range []string{`src="/assets/app.js"`, `href="/assets/app.css"`} {
		if !strings.Contains(index, ref) {
			t.Errorf("index.html lacks %s", ref)
		}
	}
}

func TestNotFoundAndMethods(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	for _, p := range []string{"/assets/missing.js", "/assets/../console.go", "/assets/index.html", "/healthz", "/readyz", "/console/events"} {
		res, _ := get(t, srv, p, nil)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", p, res.StatusCode)
		}
	}
	res, err := http.Post(srv.URL+"/state-machines", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: status %d, Allow %q", res.StatusCode, res.Header.Get("Allow"))
	}
	req, _ := http.NewRequest(http.MethodHead, srv.URL+"/assets/app.js", nil)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Length") == "" {
		t.Errorf("HEAD /assets/app.js: status %d, Content-Length %q", res.StatusCode, res.Header.Get("Content-Length"))
	}
}
