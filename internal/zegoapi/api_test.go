package zegoapi_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/store"
	"github.com/imemu/imemu/internal/zegoapi"
)

// apiCase is one request through the real router against the default
// fixtures; its whole answer is compared with testdata/api/<name>.json.
type apiCase struct {
	name   string
	cfg    server.Config
	setup  func(e *env)               // runs before the request
	method string                     // POST when empty
	action string                     // signed into the query
	query  func(e *env, q url.Values) // edits the signed query
	body   string
	code   int // the Code the answer must have
}

var subCodeField = regexp.MustCompile(`"SubCode":(\d+)`)

// TestAPI runs every documented code and every Action through the router.
// It also checks that each code in the codes table is answered by at least
// one case (CodeInternal, which needs a panic, by TestRecover).
func TestAPI(t *testing.T) {
	answered := map[int]bool{zegoapi.CodeInternal: true}
	requestIDs := map[string]bool{}
	for _, group := range [][]apiCase{gatewayCases, actionCases, deleteCases, registerCases, addCases, deleteAllCases, queryCases, checkCases,
		blacklistCases, friendsUpdateCases, applicationCases, userInfoCases} {
		for _, tc := range group {
			t.Run(tc.name, func(t *testing.T) {
				e := newEnv(t, tc.cfg)
				if tc.setup != nil {
					tc.setup(e)
				}
				q := e.signedQuery(tc.action)
				if tc.query != nil {
					tc.query(e, q)
				}
				method := tc.method
				if method == "" {
					method = http.MethodPost
				}
				w := e.serve(method, q, tc.body)
				env := checkEnvelope(t, w)
				assert.False(t, requestIDs[env.RequestID], "RequestId %s repeated", env.RequestID)
				requestIDs[env.RequestID] = true
				assert.Equal(t, tc.code, env.Code, w.Body.String())
				golden(t, "api/"+tc.name, normalise(t, w.Body.Bytes()))
				answered[env.Code] = true
				for _, m := range subCodeField.FindAllStringSubmatch(w.Body.String(), -1) {
					n, _ := strconv.Atoi(m[1])
					answered[n] = true
				}
			})
		}
	}
	for _, c := range zegoapi.Codes() {
		assert.True(t, answered[c.Code], "no case answers code %d (%s)", c.Code, c.Message)
	}
}

// ids returns n user ids prefix0, prefix1, … as a JSON array's items.
func ids(prefix string, n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf("%q", fmt.Sprintf("%s%d", prefix, i))
	}
	return strings.Join(parts, ",")
}

// set and del return query edits.
func set(kv ...string) func(*env, url.Values) {
	return func(_ *env, q url.Values) {
		for i := 0; i+1 < len(kv); i += 2 {
			q.Set(kv[i], kv[i+1])
		}
	}
}

func del(names ...string) func(*env, url.Values) {
	return func(_ *env, q url.Values) {
		for _, n := range names {
			q.Del(n)
		}
	}
}

// resign sets the query's AppId and Timestamp and signs them with secret.
func resign(app uint32, sec string, skew int64) func(*env, url.Values) {
	return func(e *env, q url.Values) {
		ts := e.clock.Now().Unix() + skew
		q.Set("AppId", strconv.FormatUint(uint64(app), 10))
		q.Set("Timestamp", strconv.FormatInt(ts, 10))
		q.Set("Signature", sign(app, sec, ts))
	}
}

// withLimits returns a setup that gives the default ZEGO app limits.
func withLimits(l imemu.Limits) func(*env) {
	return func(e *env) { e.setLimits(l) }
}

// exhaust returns a setup that allows one call per second and spends it.
func exhaust(action, body string) func(*env) {
	return func(e *env) {
		e.setLimits(imemu.Limits{QPS: 1})
		require.Equal(e.tb, zegoapi.CodeOK, checkEnvelope(e.tb, e.post(action, body)).Code)
	}
}

// atFriendLimit gives frank zegoapi.MaxFriends friends.
func atFriendLimit(e *env) {
	ctx := context.Background()
	t, err := e.store.Tenant(ctx, appKey)
	require.NoError(e.tb, err)
	users := make([]imemu.User, zegoapi.MaxFriends)
	adds := make([]imemu.Friend, zegoapi.MaxFriends)
	for i := range users {
		users[i] = imemu.User{ID: fmt.Sprintf("f%d", i)}
		adds[i] = imemu.Friend{ID: users[i].ID}
	}
	_, err = e.store.RegisterUsers(ctx, t.ID, users)
	require.NoError(e.tb, err)
	_, err = e.store.AddFriends(ctx, t.ID, "frank", adds, store.AddOptions{})
	require.NoError(e.tb, err)
}
