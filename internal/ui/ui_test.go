package ui_test

import (
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/internal/ui"
)

// mounted serves the dashboard where routes.go mounts it.
func mounted(t *testing.T) *httptest.Server {
	t.Helper()
	r := chi.NewRouter()
	r.Route("/_mock", func(r chi.Router) { r.Mount("/ui", ui.Handler()) })
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return srv
}

func fetch(t *testing.T, url string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(body)
}

func TestHandlerServesEveryAsset(t *testing.T) {
	srv := mounted(t)
	want := map[string]string{
		"":            "text/html; charset=utf-8",
		"index.html":  "text/html; charset=utf-8",
		"app.js":      "text/javascript; charset=utf-8",
		"graph.js":    "text/javascript; charset=utf-8",
		"style.css":   "text/css; charset=utf-8",
		"icon.svg":    "image/svg+xml",
		"activity.js": "text/javascript; charset=utf-8",
	}
	for name, ct := range want {
		resp, body := fetch(t, srv.URL+"/_mock/ui/"+name)
		require.Equal(t, http.StatusOK, resp.StatusCode, name)
		assert.Equal(t, ct, resp.Header.Get("Content-Type"), name)
		assert.Equal(t, "nosniff", resp.Header.Get("X-Content-Type-Options"), name)
		assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "default-src 'none'", name)
		assert.Equal(t, "no-cache", resp.Header.Get("Cache-Control"), name)
		assert.NotEmpty(t, body, name)

		again, _ := fetch(t, srv.URL+"/_mock/ui/"+name, "If-None-Match", resp.Header.Get("ETag"))
		assert.Equal(t, http.StatusNotModified, again.StatusCode, "%s revalidates by ETag", name)
	}
}

func TestHandlerRedirectsToTrailingSlash(t *testing.T) {
	srv := mounted(t)
	resp, _ := fetch(t, srv.URL+"/_mock/ui")
	assert.Equal(t, http.StatusMovedPermanently, resp.StatusCode)
	assert.Equal(t, "/_mock/ui/", resp.Header.Get("Location"), "relative asset links need the slash")
}

func TestHandlerUnknownFile(t *testing.T) {
	srv := mounted(t)
	for _, p := range []string{"nope.js", "assets/app.js", "../ui.go", "ui.go"} {
		resp, _ := fetch(t, srv.URL+"/_mock/ui/"+p)
		assert.Equal(t, http.StatusNotFound, resp.StatusCode, p)
	}
}

// TestAssetsAreSelfContained keeps the dashboard offline: no file loads
// anything from another origin, and every file index.html and the modules
// refer to exists.
func TestAssetsAreSelfContained(t *testing.T) {
	dir := "assets"
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	names := map[string]bool{}
	for _, e := range entries {
		names[e.Name()] = true
	}
	external := regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?(https?:)?//|@import|url\(\s*["']?(https?:)?//|from\s+["'](https?:)?//|import\(\s*["'](https?:)?//`)
	local := regexp.MustCompile(`(?:src|href)="([^"#:]+)"|from '\./([^']+)'`)
	err = fs.WalkDir(os.DirFS(dir), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(filepath.Join(dir, path))
		if err != nil {
			return err
		}
		text := string(data)
		assert.False(t, external.MatchString(text), "%s loads something from another origin: %q", path, external.FindString(text))
		for _, m := range local.FindAllStringSubmatch(text, -1) {
			ref := m[1] + m[2]
			assert.True(t, names[strings.TrimPrefix(ref, "./")], "%s refers to %s, which is not in assets/", path, ref)
		}
		return nil
	})
	require.NoError(t, err)
}
