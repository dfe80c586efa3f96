package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/signature"
	"github.com/imemu/imemu/internal/store"
)

// mock is a running server over a real in-memory store with the default
// fixtures and testNow's fixed clock, with a client that checks every
// control request and answer against openapi.json.
type mock struct {
	t   testing.TB
	url string
	c   *http.Client
	st  *store.Store
}

func newMock(t testing.TB, cfg server.Config) *mock {
	t.Helper()
	st, err := store.Open(context.Background(), store.Memory, clock.Fixed(testNow))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	return newMockOn(t, cfg, st)
}

// newMockOn serves st, loading the default fixtures when it has no app.
func newMockOn(t testing.TB, cfg server.Config, st *store.Store) *mock {
	t.Helper()
	if cfg.Fixtures == nil {
		cfg.Fixtures = fixtures.Default()
	}
	ts, err := st.Tenants(context.Background())
	require.NoError(t, err)
	if len(ts) == 0 {
		require.NoError(t, st.ReplaceApps(context.Background(), cfg.Fixtures, nil))
	}
	srv := httptest.NewServer(server.NewServer(slog.New(slog.NewTextHandler(io.Discard, nil)), cfg, st, clock.Fixed(testNow)))
	t.Cleanup(srv.Close)
	return &mock{t: t, url: srv.URL, c: validatingClient(t, srv.URL), st: st}
}

// call sends a control request (body as for callMock) and returns the
// status and body.
func (m *mock) call(method, path string, body any, header ...string) (int, string) {
	m.t.Helper()
	return callMock(m.t, m.c, method, m.url+path, body, header...)
}

// ok sends a control request that must answer want, and returns the body.
func (m *mock) ok(want int, method, path string, body any) string {
	m.t.Helper()
	code, got := m.call(method, path, body)
	require.Equal(m.t, want, code, "%s %s: %s", method, path, got)
	return got
}

// state returns the whole state with secrets, for "nothing changed"
// checks.
func (m *mock) state() string {
	m.t.Helper()
	return m.ok(http.StatusOK, http.MethodGet, "/_mock/state?secrets=true", nil)
}

// badCase is one bad request and the field its 400 must name.
type badCase struct {
	name   string
	method string // default POST
	path   string
	body   any
	field  string
}

// expectBad sends each case and checks it answers 400 naming the field and
// that probe (the state, a list…) reads the same afterwards.
func (m *mock) expectBad(cases []badCase, probe func() string) {
	m.t.Helper()
	before := probe()
	for _, c := range cases {
		method := c.method
		if method == "" {
			method = http.MethodPost
		}
		code, body := m.call(method, c.path, badInput(c.body))
		if assert.Equal(m.t, http.StatusBadRequest, code, "%s: %s", c.name, body) {
			e := mustJSON(m.t, body)
			assert.Equal(m.t, c.field, e["field"], "%s: %s", c.name, body)
			assert.NotEmpty(m.t, e["error"], c.name)
		}
		assert.Equal(m.t, before, probe(), "%s changed something", c.name)
	}
}

// app is the credentials of an app a test created.
type app struct {
	key    imemu.AppKey
	secret string
	admin  string
}

// createApp creates an app from body (a fixtures App object) and returns
// its credentials.
func (m *mock) createApp(body string) app {
	m.t.Helper()
	a := mustJSON(m.t, m.ok(http.StatusCreated, http.MethodPost, "/_mock/apps", body))
	return app{key: imemu.AppKey{Vendor: imemu.Vendor(a["vendor"].(string)), AppID: uint64(a["appId"].(float64))},
		secret: a["secret"].(string), admin: a["admin"].(string)}
}

// vendor sends a signed vendor request for a as of now: ZEGO action (its
// Action) or TIM api (its service/command). It returns the HTTP answer's
// request id and decoded body.
func (m *mock) vendor(a app, api, body string, now time.Time) (string, map[string]any) {
	m.t.Helper()
	method := http.MethodPost
	if api == "QueryFriendList" || api == "DeleteAllFriends" {
		method = http.MethodGet
	}
	req, err := http.NewRequest(method, m.vendorURL(a, api, now), strings.NewReader(body))
	require.NoError(m.t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(m.t, err)
	defer resp.Body.Close()
	require.Equal(m.t, http.StatusOK, resp.StatusCode)
	var out map[string]any
	require.NoError(m.t, json.NewDecoder(resp.Body).Decode(&out))
	return resp.Header.Get("X-Request-Id"), out
}

// vendorURL returns a signed vendor URL for a as of now.
func (m *mock) vendorURL(a app, api string, now time.Time) string {
	m.t.Helper()
	if a.key.Vendor == imemu.VendorZego {
		const nonce = "a1b2c3d4e5f60718"
		q := url.Values{"Action": {api}, "AppId": {fmt.Sprint(a.key.AppID)}, "SignatureNonce": {nonce},
			"Timestamp": {fmt.Sprint(now.Unix())}, "SignatureVersion": {"2.0"},
			"Signature": {signature.ZegoSign(uint32(a.key.AppID), nonce, a.secret, now.Unix())}}
		return m.url + "/?" + q.Encode()
	}
	sig, err := signature.GenUserSig(a.key.AppID, a.secret, a.admin, 86400, now.Unix())
	require.NoError(m.t, err)
	q := url.Values{"sdkappid": {fmt.Sprint(a.key.AppID)}, "identifier": {a.admin}, "usersig": {sig},
		"random": {"7"}, "contenttype": {"json"}}
	return m.url + "/v4/" + api + "?" + q.Encode()
}

// The default fixtures' apps.
var (
	fixZego = app{key: imemu.AppKey{Vendor: imemu.VendorZego, AppID: zegoID}, secret: zegoSecret}
	fixTIM  = app{key: imemu.AppKey{Vendor: imemu.VendorTIM, AppID: timID}, secret: timKey, admin: "administrator"}
)

// friendsOf returns the ids user lists in app, read from the store.
func (m *mock) friendsOf(a imemu.AppKey, user string) []string {
	m.t.Helper()
	ctx := context.Background()
	t, err := m.st.Tenant(ctx, a)
	require.NoError(m.t, err)
	page, err := m.st.Friends(ctx, t.ID, user, 0, 1000)
	require.NoError(m.t, err)
	out := []string{}
	for _, f := range page.Friends {
		out = append(out, f.ID)
	}
	return out
}

// decode unmarshals a JSON answer into v.
func decode(t testing.TB, body string, v any) {
	t.Helper()
	require.NoError(t, json.Unmarshal([]byte(body), v), body)
}

// decodeResp decodes a JSON HTTP answer into v.
func decodeResp(t testing.TB, resp *http.Response, v any) {
	t.Helper()
	require.NoError(t, json.NewDecoder(resp.Body).Decode(v))
}

// queryParam returns one query parameter of rawURL.
func queryParam(t testing.TB, rawURL, name string) string {
	t.Helper()
	u, err := url.Parse(rawURL)
	require.NoError(t, err)
	v := u.Query().Get(name)
	require.NotEmpty(t, v, name)
	return v
}
