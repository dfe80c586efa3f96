package ui

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

	"github.com/go-chi/chi/v5"
)

//go:embed assets
var assets embed.FS

// contentTypes are the types of the files the dashboard is made of. A file
// of any other kind in assets/ is not served: a surprise there should fail
// the tests, not reach a browser as a guess.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".svg":  "image/svg+xml",
}

// securityPolicy lets the page load and connect to its own origin only: no
// CDN, no inline script or style, no framing.
const securityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// asset is one embedded file, ready to serve.
type asset struct {
	name, contentType, etag string
	data                    []byte
}

// Handler serves the dashboard: index.html at the mount point's "/" and
// the files beside it by name. Mounted without a trailing slash
// (/_mock/ui), it redirects to one so the page's relative links resolve.
// Each answer carries an ETag and Cache-Control: no-cache, so a browser
// revalidates and never runs the assets of an older binary.
func Handler() http.Handler {
	files := map[string]asset{}
	entries, err := fs.ReadDir(assets, "assets")
	if err != nil {
		panic(err) // the embedded directory is part of the binary
	}
	for _, e := range entries {
		ct, ok := contentTypes[path.Ext(e.Name())]
		if e.IsDir() || !ok {
			continue
		}
		data, err := assets.ReadFile("assets/" + e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(data)
		files[e.Name()] = asset{name: e.Name(), contentType: ct, etag: `"` + hex.EncodeToString(sum[:8]) + `"`, data: data}
	}
	index := func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/") {
			to := r.URL.Path + "/"
			if r.URL.RawQuery != "" {
				to += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, to, http.StatusMovedPermanently)
			return
		}
		serve(w, r, files["index.html"])
	}
	file := func(w http.ResponseWriter, r *http.Request) {
		f, ok := files[chi.URLParam(r, "file")]
		if !ok {
			http.Error(w, "404 page not found", http.StatusNotFound)
			return
		}
		serve(w, r, f)
	}
	r := chi.NewRouter()
	r.Get("/", index)
	r.Head("/", index)
	r.Get("/{file}", file)
	r.Head("/{file}", file)
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "404 page not found", http.StatusNotFound)
	})
	return r
}

func serve(w http.ResponseWriter, r *http.Request, f asset) {
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("ETag", f.etag)
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", securityPolicy)
	// ServeContent answers If-None-Match with 304 and HEAD without a body.
	http.ServeContent(w, r, f.name, time.Time{}, bytes.NewReader(f.data))
}
