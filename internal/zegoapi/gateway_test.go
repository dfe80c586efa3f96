package zegoapi_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/reqid"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/zegoapi"
)

// TestTimestampWindow: a Timestamp up to 600 s either side of the clock
// (in whole seconds) passes; 601 s is CodeSignatureExpired.
func TestTimestampWindow(t *testing.T) {
	for _, tc := range []struct {
		name     string
		subSec   time.Duration // the clock's fraction of a second
		skew     int64
		authOff  bool
		wantCode int
	}{
		{name: "now", wantCode: zegoapi.CodeOK},
		{name: "600s behind", skew: -600, wantCode: zegoapi.CodeOK},
		{name: "600s ahead", skew: 600, wantCode: zegoapi.CodeOK},
		{name: "601s behind", skew: -601, wantCode: zegoapi.CodeSignatureExpired},
		{name: "601s ahead", skew: 601, wantCode: zegoapi.CodeSignatureExpired},
		{name: "600s behind, clock at .999", subSec: 999 * time.Millisecond, skew: -600, wantCode: zegoapi.CodeOK},
		{name: "600s ahead, clock at .999", subSec: 999 * time.Millisecond, skew: 600, wantCode: zegoapi.CodeOK},
		{name: "a day behind, auth off", skew: -86400, authOff: true, wantCode: zegoapi.CodeOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, server.Config{AuthOff: tc.authOff})
			e.clock.Add(tc.subSec)
			q := e.signedQuery("QueryFriendList")
			resign(appID, secret, tc.skew)(e, q)
			q.Set("FromUserId", "alice")
			env := checkEnvelope(t, e.serve(http.MethodGet, q, ""))
			assert.Equal(t, tc.wantCode, env.Code, env.Message)
		})
	}
}

// TestCheckOrder sends one request with a fault at every stage, then
// removes the faults one by one: each answer names the earliest fault
// left (public params/auth → Action → rate limit → body → per-item).
func TestCheckOrder(t *testing.T) {
	e := newEnv(t, server.Config{})
	e.setLimits(imemu.Limits{QPS: 1})
	// Spend DeleteFriends' only token.
	require.Equal(t, zegoapi.CodeDeleteSelf, checkEnvelope(t, e.post("DeleteFriends", `{"FromUserId":"frank","UserIds":["frank"],"DeleteType":1}`)).Code)

	type faults struct {
		version, unknownApp, expired, badSig, badAction, badMethod, limited, badBody, batch, unregistered bool
	}
	all := faults{true, true, true, true, true, true, true, true, true, true}
	steps := []struct {
		fix  func(f *faults)
		want int
	}{
		{func(*faults) {}, zegoapi.CodeSigVersionUnsupport},
		{func(f *faults) { f.version = false }, zegoapi.CodeSecretNotFound},
		{func(f *faults) { f.unknownApp = false }, zegoapi.CodeSignatureExpired},
		{func(f *faults) { f.expired = false }, zegoapi.CodeSignatureError},
		{func(f *faults) { f.badSig = false }, zegoapi.CodeActionUnsupported},
		{func(f *faults) { f.badAction = false }, zegoapi.CodeParamError}, // wrong method
		{func(f *faults) { f.badMethod = false }, zegoapi.CodeRateLimited},
		{func(f *faults) { f.limited = false }, zegoapi.CodeParamError}, // DeleteType "1"
		{func(f *faults) { f.badBody = false }, zegoapi.CodeBatchLimit},
		{func(f *faults) { f.batch = false }, zegoapi.CodeFromNotFound},
		{func(f *faults) { f.unregistered = false }, zegoapi.CodeDeleteSelf}, // per-item: UserIds holds FromUserId
	}
	f := all
	for i, step := range steps {
		step.fix(&f)
		if !f.limited {
			e.clock.Add(time.Second) // refill the bucket
		}
		action, method := "DeleteFriends", http.MethodPost
		if f.badAction {
			action = "DeleteFriend"
		}
		if f.badMethod {
			method = http.MethodGet
		}
		q := e.signedQuery(action)
		app, sec, skew := uint32(appID), secret, int64(0)
		if f.unknownApp {
			app = 42
		}
		if f.expired {
			skew = -3600
		}
		if f.badSig {
			sec = "wrong"
		}
		resign(app, sec, skew)(e, q)
		if f.version {
			q.Set("SignatureVersion", "1.0")
		}
		from, deleteType, targets := "frank", "1", `"frank"`
		if f.unregistered {
			from, targets = "zed", `"zed"`
		}
		if f.badBody {
			deleteType = `"1"`
		}
		if f.batch {
			targets = ids("u", 21)
		}
		body := `{"FromUserId":"` + from + `","UserIds":[` + targets + `],"DeleteType":` + deleteType + `}`
		env := checkEnvelope(t, e.serve(method, q, body))
		assert.Equal(t, step.want, env.Code, "step %d: %s", i, env.Message)
	}
}

// TestRateLimit exhausts and refills token buckets by moving the clock.
func TestRateLimit(t *testing.T) {
	t.Run("default 20 per second per Action", func(t *testing.T) {
		e := newEnv(t, server.Config{})
		for i := range zegoapi.DefaultQPS {
			checkOK(e, e.get("QueryFriendList", "FromUserId", "alice"))
			_ = i
		}
		limited := checkEnvelope(t, e.get("QueryFriendList", "FromUserId", "alice"))
		assert.Equal(t, zegoapi.CodeRateLimited, limited.Code)
		checkOK(e, e.post("CheckFriendsRelation", `{"FromUserId":"alice","UserIds":["bob"],"CheckType":0}`)) // own bucket

		e.clock.Add(50 * time.Millisecond) // one token at 20/s
		checkOK(e, e.get("QueryFriendList", "FromUserId", "alice"))
		assert.Equal(t, zegoapi.CodeRateLimited, checkEnvelope(t, e.get("QueryFriendList", "FromUserId", "alice")).Code)

		e.clock.Add(time.Second) // a full bucket again, no more
		for range zegoapi.DefaultQPS {
			checkOK(e, e.get("QueryFriendList", "FromUserId", "alice"))
		}
		assert.Equal(t, zegoapi.CodeRateLimited, checkEnvelope(t, e.get("QueryFriendList", "FromUserId", "alice")).Code)
	})
	t.Run("per-app and per-Action overrides", func(t *testing.T) {
		e := newEnv(t, server.Config{})
		e.setLimits(imemu.Limits{QPS: 3, APIQPS: map[string]int{"QueryFriendList": 1}})
		checkOK(e, e.get("QueryFriendList", "FromUserId", "alice"))
		assert.Equal(t, zegoapi.CodeRateLimited, checkEnvelope(t, e.get("QueryFriendList", "FromUserId", "alice")).Code)
		for range 3 {
			checkEnvelope(t, e.post("CheckFriendsRelation", `{"FromUserId":"alice","UserIds":["bob"],"CheckType":0}`))
		}
		assert.Equal(t, zegoapi.CodeRateLimited, checkEnvelope(t, e.post("CheckFriendsRelation", `{}`)).Code)
	})
	t.Run("requests rejected before the limiter take no token", func(t *testing.T) {
		e := newEnv(t, server.Config{})
		e.setLimits(imemu.Limits{QPS: 1})
		q := e.signedQuery("QueryFriendList")
		q.Set("Signature", strings.Repeat("0", 32))
		assert.Equal(t, zegoapi.CodeSignatureError, checkEnvelope(t, e.serve(http.MethodGet, q, "")).Code)
		assert.Equal(t, zegoapi.CodeParamError, checkEnvelope(t, e.call(http.MethodPost, "QueryFriendList", nil, "")).Code)
		checkOK(e, e.get("QueryFriendList", "FromUserId", "alice"))
	})
	t.Run("requests rejected after the limiter take one", func(t *testing.T) {
		e := newEnv(t, server.Config{})
		e.setLimits(imemu.Limits{QPS: 1})
		assert.Equal(t, zegoapi.CodeParamError, checkEnvelope(t, e.get("QueryFriendList")).Code)
		assert.Equal(t, zegoapi.CodeRateLimited, checkEnvelope(t, e.get("QueryFriendList", "FromUserId", "alice")).Code)
	})
	t.Run("--rate-limit off", func(t *testing.T) {
		e := newEnv(t, server.Config{RateLimitOff: true})
		for range 5 * zegoapi.DefaultQPS {
			checkOK(e, e.get("QueryFriendList", "FromUserId", "alice"))
		}
	})
}

// TestGatewayIgnoresPath: ZEGO dispatches on ?Action= alone.
func TestGatewayIgnoresPath(t *testing.T) {
	e := newEnv(t, server.Config{})
	for _, path := range []string{"/", "/v2/zim", "/anything/at/all"} {
		r := httptest.NewRequest(http.MethodPost, path+"?"+e.signedQuery("CheckFriendsRelation").Encode(),
			strings.NewReader(`{"FromUserId":"alice","UserIds":["bob"],"CheckType":1}`))
		w := httptest.NewRecorder()
		e.h.ServeHTTP(w, r)
		checkOK(e, w)
	}
}

// TestRequestIDs: every answer's RequestId is a new numeric string.
func TestRequestIDs(t *testing.T) {
	e := newEnv(t, server.Config{})
	seen := map[string]bool{}
	for i := range 50 {
		q := e.signedQuery("QueryFriendList")
		if i%2 == 1 {
			q.Del("Signature") // errors have one too
		}
		q.Set("FromUserId", "alice")
		id := checkEnvelope(t, e.serve(http.MethodGet, q, "")).RequestID
		_, err := strconv.ParseUint(id, 10, 64)
		require.NoError(t, err)
		require.False(t, seen[id], "RequestId %s repeated", id)
		seen[id] = true
	}
}

// TestRecover: a panic in a handler is a CodeInternal answer, not a 500.
func TestRecover(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	h := reqid.NewGenerator().Middleware(zegoapi.Recover(log)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("boom")
	})))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/?"+url.Values{"Action": {"DeleteFriends"}}.Encode(), nil))
	env := checkEnvelope(t, w)
	assert.Equal(t, zegoapi.CodeInternal, env.Code)
	golden(t, "recover", normalise(t, w.Body.Bytes()))
}

// TestCodesTable: every code has a message and a source.
func TestCodesTable(t *testing.T) {
	codes := zegoapi.Codes()
	require.NotEmpty(t, codes)
	for i, c := range codes {
		assert.NotEmpty(t, c.Message, "code %d", c.Code)
		assert.NotEmpty(t, c.Source, "code %d", c.Code)
		assert.Equal(t, c.Message, zegoapi.Message(c.Code))
		if i > 0 {
			assert.Less(t, codes[i-1].Code, c.Code)
		}
	}
}
