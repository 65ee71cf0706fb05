// Package console serves the stepd web console: a single-page app built from
// web/ into dist/ (committed, so a Go-only build needs no Node) and embedded
// in the binary.
//
// Working on the console: sources are in web/src (Preact, JSX through
// esbuild); `make console` rebuilds dist/ and must be committed with the
// sources (`make console-check`, part of `make test`, fails otherwise);
// `make console-test` runs the JavaScript unit tests (node --test). The
// pages talk to the AWS JSON 1.0 API on POST / like any SDK, and follow
// running executions through the server-sent events of live.go.
package console

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed dist
var dist embed.FS

// Handler serves the console. GET /assets/<file> serves a built file; any
// other GET path (except /healthz, /readyz and /console/…, which belong to
// other handlers) returns index.html so that client-side routes load on a
// reload or a shared link. Files are not content-hashed, so every response
// says no-cache: the browser revalidates with the ETag and a new binary's
// console is picked up at once.
func Handler() http.Handler {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // the embed directive guarantees dist exists
	}
	h := &handler{files: sub, etags: map[string]string{}}
	// The files never change while the process runs: hash each once.
	_ = fs.WalkDir(sub, ".", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, err := fs.ReadFile(sub, name); err == nil {
				sum := sha256.Sum256(b)
				h.etags[name] = `"` + hex.EncodeToString(sum[:8]) + `"`
			}
		}
		return nil
	})
	return h
}

type handler struct {
	files fs.FS
	etags map[string]string
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	switch {
	case p == "/healthz" || p == "/readyz" || strings.HasPrefix(p, "/console/"):
		http.NotFound(w, r)
	case strings.HasPrefix(p, "/assets/"):
		name := path.Clean(strings.TrimPrefix(p, "/assets/"))
		if name == "index.html" || strings.HasPrefix(name, "..") || strings.HasPrefix(name, "/") {
			http.NotFound(w, r)
			return
		}
		h.serve(w, r, name)
	default:
		h.serve(w, r, "index.html")
	}
}

// types fixes the Content-Type of the files the build writes, independent of
// the host's mime tables.
var types = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".svg":  "image/svg+xml",
	".json": "application/json",
	".png":  "image/png",
	".ico":  "image/x-icon",
}

func (h *handler) serve(w http.ResponseWriter, r *http.Request, name string) {
	b, err := fs.ReadFile(h.files, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	hdr := w.Header()
	if ct, ok := types[path.Ext(name)]; ok {
		hdr.Set("Content-Type", ct)
	}
	hdr.Set("Cache-Control", "no-cache")
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("ETag", h.etags[name])
	// ServeContent answers If-None-Match with 304 and handles HEAD and ranges.
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
}
