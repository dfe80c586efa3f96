package server_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/store"
)

// sampleParams fills the path parameters of control routes.
var sampleParams = strings.NewReplacer("{vendor}", "zego", "{id}", "1234567890", "{name}", "snap")

// TestControlTokenOnEveryRoute sends every control route registered in
// routes.go without the token, with a wrong one and with the right one:
// only health and the OpenAPI document answer without it, and a refused
// request changes nothing.
func TestControlTokenOnEveryRoute(t *testing.T) {
	m := newMock(t, server.Config{ControlToken: "s3cret"})
	m.ok(http.StatusOK, http.MethodGet, "/_mock/health", nil)
	probe := func() string {
		code, body := m.call(http.MethodGet, "/_mock/state?secrets=true", nil, "Authorization", "Bearer s3cret")
		require.Equal(t, http.StatusOK, code)
		return body
	}
	before := probe()
	for _, route := range controlRoutes(t) {
		method, path, _ := strings.Cut(route, " ")
		path = sampleParams.Replace(path)
		if path == "/_mock/health" || path == "/_mock/openapi.json" {
			code, _ := m.call(method, path, nil)
			assert.Equal(t, http.StatusOK, code, route)
			continue
		}
		if path == "/_mock/tls/ca.pem" {
			// Public like health; TLS is off in this server, so 404, never 401.
			code, _ := m.call(method, path, nil)
			assert.Equal(t, http.StatusNotFound, code, route)
			continue
		}
		for _, auth := range []string{"", "Bearer wrong", "s3cret"} {
			code, body := m.call(method, path, badInput(`{"vendor":"zego"}`), "Authorization", auth)
			assert.Equal(t, http.StatusUnauthorized, code, "%s with %q", route, auth)
			assert.JSONEq(t, `{"error":"control plane needs Authorization: Bearer <--control-token>","field":"Authorization"}`, body, route)
		}
		if strings.HasSuffix(path, "/stream") {
			continue // would stay open; the 401s above are the point
		}
		code, _ := m.call(method, path, badInput(nil), "Authorization", "Bearer s3cret")
		assert.NotEqual(t, http.StatusUnauthorized, code, route)
		if method != http.MethodGet {
			// Put back what an accepted request may have changed.
			m.call(http.MethodPost, "/_mock/reset", nil, "Authorization", "Bearer s3cret")
		}
	}
	assert.Equal(t, before, probe())
}

// TestLogsHoldNoCredentials serves vendor and control requests with the
// log at debug level and looks for every credential in it.
func TestLogsHoldNoCredentials(t *testing.T) {
	var logs bytes.Buffer
	st, err := store.Open(context.Background(), store.Memory, clock.Fixed(testNow))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	require.NoError(t, st.ReplaceApps(context.Background(), fixtures.Default(), nil))
	log := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := httptest.NewServer(server.NewServer(log, server.Config{ControlToken: "t0ken"}, st, clock.Fixed(testNow)))
	t.Cleanup(srv.Close)
	m := &mock{t: t, url: srv.URL, c: http.DefaultClient, st: st}

	zego := m.vendorURL(fixZego, "DeleteFriends", testNow)
	tim := m.vendorURL(fixTIM, "sns/friend_delete", testNow)
	for _, u := range []string{zego, tim} {
		resp, err := http.Post(u, "application/json", strings.NewReader(`{"FromUserId":"alice","From_Account":"alice"}`))
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/_mock/state?secrets=true", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer t0ken")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()

	require.NotEmpty(t, logs.String())
	for _, secret := range []string{zegoSecret, timKey, "t0ken", queryParam(t, zego, "Signature"), queryParam(t, tim, "usersig")} {
		assert.NotContains(t, logs.String(), secret)
	}
}
