package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/store"
)

var zegoApp = imemu.AppKey{Vendor: imemu.VendorZego, AppID: 1234567890}

func newTestServer(t *testing.T, cfg server.Config) (*httptest.Server, *store.Store) {
	t.Helper()
	clk := clock.Fixed(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	st, err := store.Open(context.Background(), store.Memory, clk)
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	if cfg.Fixtures == nil {
		cfg.Fixtures = fixtures.Default()
	}
	require.NoError(t, st.ReplaceApps(context.Background(), cfg.Fixtures, nil))
	srv := httptest.NewServer(server.NewServer(slog.New(slog.NewTextHandler(io.Discard, nil)), cfg, st, clk))
	t.Cleanup(srv.Close)
	return srv, st
}

func do(t *testing.T, method, url, auth string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	require.NoError(t, err)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	assert.Equal(t, "application/json; charset=utf-8", resp.Header.Get("Content-Type"))
	assert.NotEmpty(t, resp.Header.Get("X-Request-Id"))
	return resp.StatusCode, strings.TrimSpace(string(b))
}

func TestHealth(t *testing.T) {
	srv, _ := newTestServer(t, server.Config{ControlToken: "s3cret"})
	code, body := do(t, http.MethodGet, srv.URL+"/_mock/health", "")
	assert.Equal(t, http.StatusOK, code)
	assert.JSONEq(t, `{"status":"ok"}`, body, "health needs no token")
}

func TestResetRestoresFixtures(t *testing.T) {
	srv, st := newTestServer(t, server.Config{})
	ctx := context.Background()
	tenant, err := st.Tenant(ctx, zegoApp)
	require.NoError(t, err)
	tim, err := st.Tenant(ctx, imemu.AppKey{Vendor: imemu.VendorTIM, AppID: 1400000000})
	require.NoError(t, err)
	friendsOf := func(tenantID int64) int {
		page, err := st.Friends(ctx, tenantID, "alice", 0, 100)
		require.NoError(t, err)
		return page.Total
	}

	_, err = st.DeleteAllFriends(ctx, tenant.ID, "alice", true)
	require.NoError(t, err)
	_, err = st.DeleteAllFriends(ctx, tim.ID, "alice", true)
	require.NoError(t, err)

	code, body := do(t, http.MethodPost, srv.URL+"/_mock/reset?vendor=zego&app=1234567890", "")
	require.Equal(t, http.StatusOK, code, body)
	assert.JSONEq(t, `{"reset":["zego/1234567890"]}`, body)
	tenant, err = st.Tenant(ctx, zegoApp)
	require.NoError(t, err)
	assert.Equal(t, 3, friendsOf(tenant.ID), "zego app restored")
	assert.Equal(t, 0, friendsOf(tim.ID), "tim app untouched by a zego reset")

	code, body = do(t, http.MethodPost, srv.URL+"/_mock/reset", "")
	require.Equal(t, http.StatusOK, code, body)
	assert.JSONEq(t, `{"reset":["zego/1234567890","tim/1400000000"]}`, body)
	tim, err = st.Tenant(ctx, imemu.AppKey{Vendor: imemu.VendorTIM, AppID: 1400000000})
	require.NoError(t, err)
	assert.Equal(t, 3, friendsOf(tim.ID))
}

func TestResetBadInput(t *testing.T) {
	srv, _ := newTestServer(t, server.Config{})
	tests := []struct {
		query string
		code  int
		body  string
	}{
		{"?vendor=wechat&app=1", 400, `{"error":"vendor must be zego or tim, got \"wechat\"","field":"vendor"}`},
		{"?vendor=zego", 400, `{"error":"app must be a positive app id, got \"\"","field":"app"}`},
		{"?vendor=zego&app=-1", 400, `{"error":"app must be a positive app id, got \"-1\"","field":"app"}`},
		{"?vendor=zego&app=99", 404, `{"error":"zego app 99 has no reset baseline: it is neither in the loaded fixtures nor created through /_mock/apps","field":"app"}`},
	}
	for _, tt := range tests {
		code, body := do(t, http.MethodPost, srv.URL+"/_mock/reset"+tt.query, "")
		assert.Equal(t, tt.code, code, tt.query)
		assert.JSONEq(t, tt.body, body, tt.query)
	}
	code, body := do(t, http.MethodGet, srv.URL+"/_mock/reset", "")
	assert.Equal(t, http.StatusMethodNotAllowed, code)
	assert.JSONEq(t, `{"error":"method GET not allowed on /_mock/reset"}`, body)
	code, body = do(t, http.MethodGet, srv.URL+"/_mock/nope", "")
	assert.Equal(t, http.StatusNotFound, code)
	assert.JSONEq(t, `{"error":"no control route GET /_mock/nope"}`, body)
}

func TestControlToken(t *testing.T) {
	srv, _ := newTestServer(t, server.Config{ControlToken: "s3cret"})
	for _, auth := range []string{"", "Bearer wrong", "s3cret", "bearer s3cret"} {
		code, body := do(t, http.MethodPost, srv.URL+"/_mock/reset", auth)
		assert.Equal(t, http.StatusUnauthorized, code, auth)
		assert.JSONEq(t, `{"error":"control plane needs Authorization: Bearer <--control-token>","field":"Authorization"}`, body)
	}
	code, _ := do(t, http.MethodPost, srv.URL+"/_mock/reset", "Bearer s3cret")
	assert.Equal(t, http.StatusOK, code)
}
