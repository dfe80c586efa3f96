package timapi_test

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
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/signature"
	"github.com/imemu/imemu/internal/store"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// The default TIM app of the built-in fixtures.
const (
	appID = 1400000000
	key   = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
	admin = "administrator"
)

// epoch is the tests' fixed instant.
var epoch = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// testClock reads epoch plus an offset tests can move.
type testClock struct{ offset atomic.Int64 }

func (c *testClock) Now() time.Time          { return epoch.Add(time.Duration(c.offset.Load())) }
func (c *testClock) Advance(d time.Duration) { c.offset.Add(int64(d)) }

// env is a server over a real in-memory store loaded with the default
// fixtures (optionally changed), at the fixed clock.
type env struct {
	t   testing.TB
	h   http.Handler
	st  *store.Store
	clk *testClock
	cfg server.Config
}

type envOption func(cfg *server.Config, apps []imemu.AppState)

// withConfig changes the server's configuration.
func withConfig(fn func(cfg *server.Config)) envOption {
	return func(cfg *server.Config, _ []imemu.AppState) { fn(cfg) }
}

// withTIMApp changes the default TIM tenant before it is loaded.
func withTIMApp(fn func(t *imemu.Tenant)) envOption {
	return func(_ *server.Config, apps []imemu.AppState) {
		for i := range apps {
			if apps[i].Tenant.Vendor == imemu.VendorTIM {
				fn(&apps[i].Tenant)
			}
		}
	}
}

func newEnv(tb testing.TB, opts ...envOption) *env {
	tb.Helper()
	ctx := context.Background()
	clk := &testClock{}
	apps := fixtures.Default()
	cfg := server.Config{}
	for _, o := range opts {
		o(&cfg, apps)
	}
	cfg.Fixtures = apps
	st, err := store.Open(ctx, store.Memory, clk)
	require.NoError(tb, err)
	tb.Cleanup(func() { st.Close() })
	require.NoError(tb, st.ReplaceApps(ctx, apps, nil))
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	return &env{t: tb, h: server.NewServer(log, cfg, st, clk), st: st, clk: clk, cfg: cfg}
}

// userSig returns a UserSig for id of the default app issued now for a day.
func (e *env) userSig(id string) string {
	sig, err := signature.GenUserSig(appID, key, id, 86400, e.clk.Now().Unix())
	require.NoError(e.t, err)
	return sig
}

// query returns the common query parameters of a valid admin request.
func (e *env) query() url.Values {
	return url.Values{
		"sdkappid":    {"1400000000"},
		"identifier":  {admin},
		"usersig":     {e.userSig(admin)},
		"random":      {"99999999"},
		"contenttype": {"json"},
	}
}

// do sends one request and returns the HTTP status and body.
func (e *env) do(method, path, rawQuery, body string) (int, []byte) {
	e.t.Helper()
	req := httptest.NewRequest(method, path+"?"+rawQuery, strings.NewReader(body))
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, req)
	return w.Code, w.Body.Bytes()
}

// post sends body to the API at path (e.g. "sns/friend_delete") as the
// admin and returns the decoded answer.
func (e *env) post(path, body string) map[string]any {
	e.t.Helper()
	status, raw := e.do(http.MethodPost, "/v4/"+path, e.query().Encode(), body)
	require.Equal(e.t, http.StatusOK, status)
	var out map[string]any
	require.NoError(e.t, json.Unmarshal(raw, &out), "%s", raw)
	return out
}

// postOK is post that requires ActionStatus OK.
func (e *env) postOK(path, body string) map[string]any {
	e.t.Helper()
	out := e.post(path, body)
	require.Equal(e.t, "OK", out["ActionStatus"], "%s → %v", path, out)
	return out
}

// relation returns friend_check's Relation for one pair.
func (e *env) relation(from, to, checkType string) string {
	e.t.Helper()
	out := e.postOK("sns/friend_check", `{"From_Account":"`+from+`","To_Account":["`+to+`"],"CheckType":"CheckResult_Type_`+checkType+`"}`)
	return out["InfoItem"].([]any)[0].(map[string]any)["Relation"].(string)
}

// friendIDs returns From_Account's friends as friend_get lists them.
func (e *env) friendIDs(from string) []string {
	e.t.Helper()
	out := e.postOK("sns/friend_get", `{"From_Account":"`+from+`","StartIndex":0}`)
	ids := []string{}
	for _, it := range out["UserDataItem"].([]any) {
		ids = append(ids, it.(map[string]any)["To_Account"].(string))
	}
	return ids
}

// golden compares body, indented, with testdata/<name>.json, rewriting the
// file under -update.
func golden(t testing.TB, name string, body []byte) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, json.Indent(&buf, bytes.TrimSpace(body), "", "  "), "%s", body)
	buf.WriteByte('\n')
	path := filepath.Join("testdata", name+".json")
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file; run go test ./internal/timapi/ -update")
	require.Equal(t, string(want), buf.String(), "golden %s", path)
}

// envelope decodes the fields every answer has.
type envelope struct {
	ActionStatus string
	ErrorCode    int
	ErrorInfo    string
}

func decodeEnvelope(t testing.TB, body []byte) envelope {
	t.Helper()
	var e envelope
	require.NoError(t, json.Unmarshal(body, &e), "%s", body)
	return e
}
