package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/internal/server"
)

// browserCall sends a control request as a browser would: host is the
// Host header ("" keeps the server's address), headers come in name/value
// pairs (Origin, Sec-Fetch-Site, Content-Type…). The request itself is
// not validated against openapi.json (it may be one no client should
// send); the answer is, but for the dashboard's files.
func (m *mock) browserCall(method, path, host, body string, headers ...string) (int, string, http.Header) {
	m.t.Helper()
	ctx := context.WithValue(context.Background(), badInputKey{}, true)
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, m.url+path, r)
	require.NoError(m.t, err)
	if host != "" {
		req.Host = host
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	c := m.c
	if strings.HasPrefix(path, "/_mock/ui/") {
		c = http.DefaultClient // the dashboard's files are not in openapi.json
	}
	resp, err := c.Do(req)
	require.NoError(m.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(m.t, err)
	return resp.StatusCode, strings.TrimSpace(string(b)), resp.Header
}

// everything is what a control request could change, read as a plain
// client: state with secrets, snapshots, faults, clock, journal, events.
func (m *mock) everything() string {
	m.t.Helper()
	var b strings.Builder
	for _, p := range []string{"/_mock/state?secrets=true", "/_mock/snapshots", "/_mock/faults", "/_mock/clock", "/_mock/journal", "/_mock/events", "/_mock/apps"} {
		b.WriteString(m.ok(http.StatusOK, http.MethodGet, p, nil))
	}
	return b.String()
}

// mutatingRoutes lists every POST, PUT and DELETE of openapi.json with its
// path parameters filled in for the state browserMock sets up.
func mutatingRoutes(t *testing.T) [][2]string {
	t.Helper()
	raw, err := os.ReadFile("openapi.json")
	require.NoError(t, err)
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(raw, &doc))
	fill := strings.NewReplacer("{vendor}", "zego", "{id}", "1234567890", "{name}", "before")
	var out [][2]string
	for path, ops := range doc.Paths {
		for method := range ops {
			switch method {
			case "post", "put", "delete", "patch":
				p := fill.Replace(path)
				if strings.HasPrefix(path, "/_mock/faults/") {
					p = "/_mock/faults/f1"
				}
				out = append(out, [2]string{strings.ToUpper(method), p})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][1]+out[i][0] < out[j][1]+out[j][0] })
	require.GreaterOrEqual(t, len(out), 14, "every mutating control route")
	return out
}

// browserMock is a server with something in every part a control request
// could change: a vendor request in the journal and events, a snapshot, a
// fault rule.
func browserMock(t *testing.T, cfg server.Config) *mock {
	m := newMock(t, cfg)
	m.vendor(fixZego, "DeleteFriends", `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":0}`, testNow)
	m.ok(http.StatusCreated, http.MethodPost, "/_mock/snapshots", `{"name":"before"}`)
	m.ok(http.StatusCreated, http.MethodPost, "/_mock/faults", `{"vendor":"tim","api":"sns/friend_add","code":30006}`)
	return m
}

// A web page on another site cannot drive the control plane: a form-like
// text/plain POST (no preflight) to every mutating route is refused, with
// or without Sec-Fetch-Site (older browsers send only Origin), and
// changes nothing.
func TestCrossSitePostsAreRefused(t *testing.T) {
	m := browserMock(t, server.Config{})
	before := m.everything()
	body := `{"vendor":"zego","appId":777,"name":"evil","code":660000001,"now":"2030-01-01T00:00:00Z","action":"DeleteFriends"}`
	for _, rt := range mutatingRoutes(t) {
		for _, h := range [][]string{
			{"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "no-cors"},
			{"Origin", "https://evil.example"},
			{"Origin", "null", "Sec-Fetch-Site", "cross-site"},
			{"Origin", "http://localhost:3000", "Sec-Fetch-Site", "same-site"},
		} {
			code, got, hdr := m.browserCall(rt[0], rt[1], "", body, append([]string{"Content-Type", "text/plain;charset=UTF-8"}, h...)...)
			assert.Equal(t, http.StatusForbidden, code, "%s %s %v: %s", rt[0], rt[1], h, got)
			assert.Empty(t, hdr.Get("Access-Control-Allow-Origin"))
		}
		// Without browser headers, a text/plain body is still refused.
		code, got, _ := m.browserCall(rt[0], rt[1], "", body, "Content-Type", "text/plain")
		assert.Equal(t, http.StatusUnsupportedMediaType, code, "%s %s: %s", rt[0], rt[1], got)
		assert.Contains(t, got, `"field":"Content-Type"`)
	}
	assert.Equal(t, before, m.everything(), "a refused request changed something")
}

// DNS rebinding: a page on evil.example whose name now resolves to
// 127.0.0.1 is same-origin with itself, so its requests carry
// Host: evil.example and, for writes, Origin http://evil.example. Reads
// (the secrets) and writes are refused alike.
func TestRebindingIsRefused(t *testing.T) {
	m := browserMock(t, server.Config{})
	before := m.everything()
	for _, c := range []struct{ method, path, body string }{
		{http.MethodGet, "/_mock/state?secrets=true", ""},
		{http.MethodGet, "/_mock/apps", ""},
		{http.MethodGet, "/_mock/ui/", ""},
		{http.MethodPost, "/_mock/reset", ""},
		{http.MethodPost, "/_mock/apps", `{"vendor":"zego"}`},
	} {
		for _, h := range [][]string{
			{"Sec-Fetch-Site", "same-origin", "Sec-Fetch-Mode", "cors"},
			{"Origin", "http://evil.example:8080", "Sec-Fetch-Site", "same-origin"},
			{"Origin", "http://evil.example:8080"},
		} {
			code, got, _ := m.browserCall(c.method, c.path, "evil.example:8080", c.body, append([]string{"Content-Type", "application/json"}, h...)...)
			assert.Equal(t, http.StatusForbidden, code, "%s %s %v: %s", c.method, c.path, h, got)
			assert.Contains(t, got, `"field":"Host"`)
			assert.NotContains(t, got, "secret")
		}
	}
	assert.Equal(t, before, m.everything())
}

// Clients that are not browsers are served whatever Host they use: another
// container reaches imemu as http://imemu:8080.
func TestPlainClientWithServiceNameIsServed(t *testing.T) {
	m := newMock(t, server.Config{})
	code, got, _ := m.browserCall(http.MethodGet, "/_mock/state", "imemu:8080", "")
	assert.Equal(t, http.StatusOK, code, got)
	code, got, _ = m.browserCall(http.MethodPost, "/_mock/apps", "imemu:8080", `{"vendor":"zego","appId":777}`, "Content-Type", "application/json")
	assert.Equal(t, http.StatusCreated, code, got)
	code, got, _ = m.browserCall(http.MethodPost, "/_mock/reset", "imemu:8080", "")
	assert.Equal(t, http.StatusOK, code, got)
}

// The dashboard's own requests (same origin, under a loopback name, an
// IP address or an allowed name) are served.
func TestSameOriginBrowserIsServed(t *testing.T) {
	m := newMock(t, server.Config{AllowedHosts: []string{"imemu", "ci-box.internal:9000"}})
	port := m.url[strings.LastIndex(m.url, ":")+1:]
	for _, host := range []string{"127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "imemu:8080", "IMEMU", "ci-box.internal:9000", "app.localhost:" + port} {
		origin := "http://" + host
		code, got, _ := m.browserCall(http.MethodGet, "/_mock/apps", host, "", "Sec-Fetch-Site", "same-origin", "Sec-Fetch-Mode", "cors")
		assert.Equal(t, http.StatusOK, code, "%s: %s", host, got)
		code, got, _ = m.browserCall(http.MethodPost, "/_mock/apps", host, `{"vendor":"tim"}`,
			"Content-Type", "application/json", "Origin", origin, "Sec-Fetch-Site", "same-origin", "Sec-Fetch-Mode", "cors")
		assert.Equal(t, http.StatusCreated, code, "%s: %s", host, got)
		// Typed into the address bar: Sec-Fetch-Site none.
		code, got, _ = m.browserCall(http.MethodGet, "/_mock/ui/", host, "", "Sec-Fetch-Site", "none", "Sec-Fetch-Mode", "navigate")
		assert.Equal(t, http.StatusOK, code, "%s: %s", host, got)
	}
	// A name not given, or a port other than the one given, is refused.
	for _, host := range []string{"other:8080", "ci-box.internal:9001", "imemu.evil.example"} {
		code, got, _ := m.browserCall(http.MethodGet, "/_mock/apps", host, "", "Sec-Fetch-Site", "same-origin")
		assert.Equal(t, http.StatusForbidden, code, "%s: %s", host, got)
	}
}

// A link to the dashboard from another site opens it; a cross-site
// subresource load of a control route (<script src>, <img>) is refused.
func TestCrossSiteReads(t *testing.T) {
	m := newMock(t, server.Config{})
	code, got, _ := m.browserCall(http.MethodGet, "/_mock/ui/", "", "", "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate")
	assert.Equal(t, http.StatusOK, code, got)
	code, got, _ = m.browserCall(http.MethodGet, "/_mock/state?secrets=true", "", "", "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "no-cors")
	assert.Equal(t, http.StatusForbidden, code, got)
	code, got, _ = m.browserCall(http.MethodGet, "/_mock/state?secrets=true", "", "", "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "cors")
	assert.Equal(t, http.StatusForbidden, code, got)
	// No CORS preflight is granted either.
	code, _, hdr := m.browserCall(http.MethodOptions, "/_mock/reset", "", "", "Origin", "https://evil.example",
		"Access-Control-Request-Method", "POST", "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "cors")
	assert.NotEqual(t, http.StatusOK, code)
	assert.Empty(t, hdr.Get("Access-Control-Allow-Origin"))
}

// Vendor routes are not judged by browser headers: their signatures are
// what protects them.
func TestVendorRoutesIgnoreBrowserHeaders(t *testing.T) {
	m := newMock(t, server.Config{})
	req, err := http.NewRequest(http.MethodPost, m.vendorURL(fixZego, "DeleteFriends", testNow),
		strings.NewReader(`{"FromUserId":"alice","UserIds":["bob"],"DeleteType":0}`))
	require.NoError(t, err)
	req.Host = "evil.example"
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Content-Type", "text/plain")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	assert.EqualValues(t, 0, out["Code"], out)
}

// A control request whose body has no length (chunked) is judged by its
// content: empty is fine without a Content-Type, JSON needs one.
func TestChunkedControlBodies(t *testing.T) {
	m := newMock(t, server.Config{})
	send := func(body, ct string) int {
		req, err := http.NewRequest(http.MethodPost, m.url+"/_mock/apps", io.NopCloser(strings.NewReader(body)))
		require.NoError(t, err)
		req.ContentLength = -1
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	assert.Equal(t, http.StatusUnsupportedMediaType, send(`{"vendor":"zego"}`, ""))
	assert.Equal(t, http.StatusCreated, send(`{"vendor":"zego"}`, "application/json; charset=utf-8"))
	assert.Equal(t, http.StatusBadRequest, send("", ""), "empty: on to the handler, which wants a body")
}
