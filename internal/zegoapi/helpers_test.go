package zegoapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/signature"
	"github.com/imemu/imemu/internal/store"
	"github.com/imemu/imemu/internal/zegoapi"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// The default fixtures' ZEGO app (DESIGN.md).
const (
	appID  = 1234567890
	secret = "0123456789abcdef0123456789abcdef"
	nonce  = "0123456789abcdef"
)

var appKey = imemu.AppKey{Vendor: imemu.VendorZego, AppID: appID}

// start is the test clock's first reading: fixtures load then, so every
// CreateTime in golden files is start in Unix ms.
var start = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// testClock is a clock tests move by hand instead of sleeping.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is a real server over a real in-memory store with the default
// fixtures and a hand-moved clock.
type env struct {
	tb    testing.TB
	h     http.Handler
	store *store.Store
	clock *testClock
}

func newEnv(tb testing.TB, cfg server.Config) *env {
	tb.Helper()
	clk := &testClock{t: start}
	st, err := store.Open(context.Background(), store.Memory, clk)
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = st.Close() })
	cfg.Fixtures = fixtures.Default()
	require.NoError(tb, st.ReplaceApps(context.Background(), cfg.Fixtures, nil))
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	return &env{tb: tb, h: server.NewServer(log, cfg, st, clk), store: st, clock: clk}
}

// setLimits changes the default ZEGO app's limits.
func (e *env) setLimits(l imemu.Limits) {
	e.tb.Helper()
	t, err := e.store.Tenant(context.Background(), appKey)
	require.NoError(e.tb, err)
	t.Limits = l
	require.NoError(e.tb, e.store.UpdateTenant(context.Background(), t))
}

// signedQuery returns the public parameters of action signed for the
// default app at the clock's current time.
func (e *env) signedQuery(action string) url.Values {
	ts := e.clock.Now().Unix()
	return url.Values{
		"Action":           {action},
		"AppId":            {strconv.Itoa(appID)},
		"SignatureNonce":   {nonce},
		"Timestamp":        {strconv.FormatInt(ts, 10)},
		"SignatureVersion": {"2.0"},
		"Signature":        {signature.ZegoSign(appID, nonce, secret, ts)},
	}
}

// serve sends one request to the server and returns the answer.
func (e *env) serve(method string, q url.Values, body string) *httptest.ResponseRecorder {
	e.tb.Helper()
	var rd io.Reader = http.NoBody
	if body != "" {
		rd = strings.NewReader(body)
	}
	r := httptest.NewRequest(method, "/?"+q.Encode(), rd)
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	return w
}

// call sends a signed request for action with extra query parameters.
func (e *env) call(method, action string, extra url.Values, body string) *httptest.ResponseRecorder {
	e.tb.Helper()
	q := e.signedQuery(action)
	for k, v := range extra {
		q[k] = v
	}
	return e.serve(method, q, body)
}

// post and get are call for the usual methods; get takes query pairs.
func (e *env) post(action, body string) *httptest.ResponseRecorder {
	e.tb.Helper()
	return e.call(http.MethodPost, action, nil, body)
}

func (e *env) get(action string, kv ...string) *httptest.ResponseRecorder {
	e.tb.Helper()
	extra := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		extra.Set(kv[i], kv[i+1])
	}
	return e.call(http.MethodGet, action, extra, "")
}

// decode checks the envelope every answer must have and decodes the body
// into v.
func decode(tb testing.TB, w *httptest.ResponseRecorder, v any) {
	tb.Helper()
	checkEnvelope(tb, w)
	require.NoError(tb, json.Unmarshal(w.Body.Bytes(), v), w.Body.String())
}

var requestIDField = regexp.MustCompile(`"RequestId":"([^"]*)"`)

// checkEnvelope asserts what every ZEGO answer has: HTTP 200, JSON, a
// known Code, a Message and a numeric RequestId equal to the header's.
// It returns the envelope.
func checkEnvelope(tb testing.TB, w *httptest.ResponseRecorder) zegoapi.Envelope {
	tb.Helper()
	require.Equal(tb, http.StatusOK, w.Code)
	require.Equal(tb, "application/json; charset=utf-8", w.Header().Get("Content-Type"))
	var env zegoapi.Envelope
	require.NoError(tb, json.Unmarshal(w.Body.Bytes(), &env), w.Body.String())
	require.Contains(tb, knownCodes(), env.Code, "code not in the codes table: %s", w.Body.String())
	require.NotEmpty(tb, env.Message)
	require.Regexp(tb, `^[1-9][0-9]{17,18}$`, env.RequestID)
	require.Equal(tb, w.Header().Get("X-Request-Id"), env.RequestID)
	return env
}

func knownCodes() []int {
	var out []int
	for _, c := range zegoapi.Codes() {
		out = append(out, c.Code)
	}
	return out
}

// normalise replaces the random RequestId and indents the body for a
// readable golden file.
func normalise(tb testing.TB, body []byte) []byte {
	tb.Helper()
	body = requestIDField.ReplaceAll(bytes.TrimSpace(body), []byte(`"RequestId":"<RequestId>"`))
	var out bytes.Buffer
	require.NoError(tb, json.Indent(&out, body, "", "  "), string(body))
	out.WriteByte('\n')
	return out.Bytes()
}

// golden compares got with testdata/<name>.json, rewriting it with -update.
func golden(tb testing.TB, name string, got []byte) {
	tb.Helper()
	path := filepath.Join("testdata", name+".json")
	if *update {
		require.NoError(tb, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(tb, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(tb, err, "golden file missing: run go test ./internal/zegoapi -update")
	assert.Equal(tb, string(want), string(got), "golden %s", path)
}

// friendIDs returns the UserIds of owner's QueryFriendList, through the API.
func (e *env) friendIDs(owner string) []string {
	e.tb.Helper()
	var resp zegoapi.QueryFriendListResponse
	decode(e.tb, e.get("QueryFriendList", "FromUserId", owner, "Limit", "100", "Next", "0"), &resp)
	require.Equal(e.tb, zegoapi.CodeOK, resp.Code, resp.Message)
	ids := []string{}
	for _, f := range resp.FriendInfos {
		ids = append(ids, f.UserID)
	}
	return ids
}

// sign signs the test nonce for app at ts.
func sign(app uint32, sec string, ts int64) string { return signature.ZegoSign(app, nonce, sec, ts) }

// checkOK asserts an answer is a success.
func checkOK(e *env, w *httptest.ResponseRecorder) {
	e.tb.Helper()
	env := checkEnvelope(e.tb, w)
	require.Equal(e.tb, zegoapi.CodeOK, env.Code, w.Body.String())
}
