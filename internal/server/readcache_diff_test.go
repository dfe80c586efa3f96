package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/store"
)

// TestReadCacheDifferential runs the same random sequences of vendor and
// control-plane requests against a server whose store caches hot reads and
// one whose store does not, and requires every answer to be the same: the
// cache must never serve what SQLite would not.
func TestReadCacheDifferential(t *testing.T) {
	t.Parallel()
	seeds, ops := 6, 400
	if testing.Short() {
		seeds, ops = 2, 200
	}
	for seed := range seeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			cached, plain := newDiffServer(t, true), newDiffServer(t, false)
			rng := rand.New(rand.NewPCG(uint64(seed), 17))
			state := ""
			reads := 0
			for i := range ops {
				req := diffOp(rng, &state)
				a, b := cached.do(req), plain.do(req)
				require.Equal(t, b, a, "op %d: %s %s %s", i, req.method, req.target, req.body)
				if strings.HasPrefix(req.target, "/_mock/state") && req.method == http.MethodGet && strings.HasPrefix(a, "200 ") {
					state = strings.TrimPrefix(a, "200 ")
				}
				if req.read && (strings.Contains(a, `"Code":0,`) || strings.Contains(a, `"ErrorCode":0`)) {
					reads++
				}
			}
			// The sequence must have exercised the cache.
			require.Greater(t, reads, ops/10, "successful reads")
		})
	}
}

// diffServer is a server with the default fixtures over its own in-memory
// store, driven through its handler.
type diffServer struct {
	t testing.TB
	h http.Handler
}

func newDiffServer(t testing.TB, cache bool) *diffServer {
	clk := clock.NewControlled(clock.Fixed(relNow))
	st, err := store.Open(context.Background(), store.Memory, clk)
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	if !cache {
		st.SetReadCacheBytes(0)
	}
	cfg := server.Config{AuthOff: true, RateLimitOff: true, Fixtures: fixtures.Default()}
	require.NoError(t, st.ReplaceApps(context.Background(), cfg.Fixtures, nil))
	return &diffServer{t: t, h: server.NewServer(slog.New(slog.NewTextHandler(io.Discard, nil)), cfg, st, clk)}
}

// requestID matches what differs between two servers by design.
var requestID = regexp.MustCompile(`"RequestId":"[^"]*"`)

// do sends req and returns "<status> <body>" with request ids blanked.
func (s *diffServer) do(req diffReq) string {
	r := httptest.NewRequest(req.method, req.target, strings.NewReader(req.body))
	r.Host = "127.0.0.1:8080"
	if req.body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	w := httptest.NewRecorder()
	s.h.ServeHTTP(w, r)
	return fmt.Sprint(w.Code, " ", requestID.ReplaceAllString(w.Body.String(), `"RequestId":""`))
}

type diffReq struct {
	method, target, body string
	read                 bool // a hot read whose answer the cache may hold
}

// diffUsers are the fixtures' users, two that get registered along the
// way and one that never is.
var diffUsers = []string{"alice", "bob", "carol", "dave", "erin", "frank", "gina", "hank", "zed"}

// diffOp returns a random request: mostly hot reads and the writes that
// change what they read, sometimes a control-plane change of whole state.
// state is the last state a GET /_mock/state answered, for a later PUT.
func diffOp(rng *rand.Rand, state *string) diffReq {
	user := func() string { return diffUsers[rng.IntN(len(diffUsers))] }
	users := func() []string {
		out := make([]string, 1+rng.IntN(3))
		for i := range out {
			out[i] = user()
		}
		return out
	}
	zego := func(method, action, query, body string, read bool) diffReq {
		q := relZegoQuery(action)
		return diffReq{method: method, target: "/?" + q.Encode() + query, body: body, read: read}
	}
	tim := func(api, body string, read bool) diffReq {
		return diffReq{method: http.MethodPost, target: "/v4/" + api + "?" + relTIMQuery().Encode(), body: body, read: read}
	}
	n := rng.IntN(100)
	if n >= 85 && rng.IntN(3) != 0 {
		// Control-plane changes empty the whole cache: at 5% of the
		// requests, long runs test what a vendor write leaves cached.
		n = rng.IntN(85)
	}
	switch {
	case n < 14:
		return zego(http.MethodGet, "QueryFriendList", fmt.Sprintf("&FromUserId=%s&Limit=%d&Next=%d", user(), 1+rng.IntN(4), rng.IntN(3)), "", true)
	case n < 24:
		return zego(http.MethodPost, "CheckFriendsRelation", "", fmt.Sprintf(`{"FromUserId":%s,"UserIds":%s,"CheckType":%d}`,
			jsonString(user()), jsonStrings(users()), rng.IntN(2)), true)
	case n < 32:
		return zego(http.MethodPost, "AddFriends", "", zegoAdd(user(), users()), false)
	case n < 38:
		return zego(http.MethodPost, "DeleteFriends", "", zegoDelete(user(), users(), rng.IntN(2)), false)
	case n < 40:
		return zego(http.MethodGet, "DeleteAllFriends", "&FromUserId="+user()+fmt.Sprintf("&DeleteType=%d", rng.IntN(2)), "", false)
	case n < 42:
		return zego(http.MethodPost, "UserRegister", "", zegoRegister(users()), false)
	case n < 54:
		return tim("sns/friend_check", fmt.Sprintf(`{"From_Account":%s,"To_Account":%s,"CheckType":"%s"}`,
			jsonString(user()), jsonStrings(users()), []string{"CheckResult_Type_Both", "CheckResult_Type_Single"}[rng.IntN(2)]), true)
	case n < 60:
		return tim("sns/friend_get", fmt.Sprintf(`{"From_Account":%s,"StartIndex":%d}`, jsonString(user()), rng.IntN(2)), true)
	case n < 64:
		return tim("sns/friend_get_list", fmt.Sprintf(`{"From_Account":%s,"To_Account":%s,"TagList":["Tag_SNS_IM_AddSource","Tag_Profile_IM_Nick"]}`,
			jsonString(user()), jsonStrings(users())), true)
	case n < 72:
		return tim("sns/friend_add", timAdd(user(), users(), []string{"Add_Type_Both", "Add_Type_Single"}[rng.IntN(2)]), false)
	case n < 78:
		return tim("sns/friend_delete", timDelete(user(), users(), []string{"Delete_Type_Both", "Delete_Type_Single"}[rng.IntN(2)]), false)
	case n < 80:
		return tim("sns/friend_delete_all", timDeleteAll(user(), "Delete_Type_Both"), false)
	case n < 83:
		return tim("im_open_login_svc/account_import", `{"UserID":`+jsonString(user())+`}`, false)
	case n < 85:
		return tim("im_open_login_svc/account_delete", timAccounts("DeleteItem", users()), false)
	case n < 87:
		return diffReq{method: http.MethodPost, target: "/_mock/reset", body: "{}"}
	case n < 88:
		return diffReq{method: http.MethodPost, target: "/_mock/reset?vendor=tim&app=1400000000", body: "{}"}
	case n < 90:
		return diffReq{method: http.MethodGet, target: "/_mock/state"}
	case n < 92 && *state != "":
		return diffReq{method: http.MethodPut, target: "/_mock/state", body: *state}
	case n < 94:
		return diffReq{method: http.MethodPost, target: "/_mock/snapshots", body: fmt.Sprintf(`{"name":"s%d"}`, rng.IntN(3))}
	case n < 96:
		return diffReq{method: http.MethodPost, target: fmt.Sprintf("/_mock/snapshots/s%d/restore", rng.IntN(3)), body: "{}"}
	case n < 97:
		return diffReq{method: http.MethodDelete, target: "/_mock/apps/zego/1234567890"}
	default:
		return diffReq{method: http.MethodPost, target: "/_mock/clock", body: `{"advance":"1500ms"}`}
	}
}
