package zegoapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/store"
	"github.com/imemu/imemu/internal/zegoapi"
)

// The benchmarks run the full handler path: router, request id, gateway
// with signature verification, action checks, strict decoding, SQLite.

func BenchmarkDeleteFriends(b *testing.B) {
	e := newEnv(b, server.Config{RateLimitOff: true})
	ctx := context.Background()
	t, err := e.store.Tenant(ctx, appKey)
	require.NoError(b, err)
	target := "/?" + e.signedQuery("DeleteFriends").Encode()
	for b.Loop() {
		r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(`{"FromUserId":"alice","UserIds":["bob","carol","zed"],"DeleteType":0}`))
		w := httptest.NewRecorder()
		e.h.ServeHTTP(w, r)
		if !strings.HasPrefix(w.Body.String(), `{"Code":0,`) {
			b.Fatal(w.Body.String())
		}
		b.StopTimer()
		_, err := e.store.AddFriends(ctx, t.ID, "alice", []imemu.Friend{{ID: "bob"}, {ID: "carol"}}, store.AddOptions{TwoWay: true})
		require.NoError(b, err)
		b.StartTimer()
	}
}

func BenchmarkQueryFriendList(b *testing.B) {
	e := newEnv(b, server.Config{RateLimitOff: true})
	q := e.signedQuery("QueryFriendList")
	q.Set("FromUserId", "alice")
	q.Set("Limit", "100")
	q.Set("Next", "0")
	target := "/?" + q.Encode()
	for b.Loop() {
		w := httptest.NewRecorder()
		e.h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
		if !strings.HasPrefix(w.Body.String(), `{"Code":0,`) {
			b.Fatal(w.Body.String())
		}
	}
	_ = zegoapi.CodeOK
}
