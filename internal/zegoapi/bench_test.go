package zegoapi_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

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

// BenchmarkDeleteAllFriends10k measures DeleteAllFriends of a user with
// 10,000 friends, two-way and one-way, through the full handler path with
// its 10,001 (two-way) friendListChanged events; the friends are added
// back untimed. cpu-ms/op is the process's CPU time per delete, steadier
// than wall time on a shared machine. Skipped with -short.
func BenchmarkDeleteAllFriends10k(b *testing.B) {
	if testing.Short() {
		b.Skip("10,000 friends: skipped in -short mode")
	}
	for _, mode := range []int{zegoapi.TwoWay, zegoapi.OneWay} {
		b.Run(fmt.Sprint("DeleteType", mode), func(b *testing.B) {
			e := newEnv(b, server.Config{RateLimitOff: true})
			ctx := context.Background()
			t, err := e.store.Tenant(ctx, appKey)
			require.NoError(b, err)
			users := make([]imemu.User, 10_000)
			adds := make([]imemu.Friend, len(users))
			for i := range users {
				users[i] = imemu.User{ID: fmt.Sprintf("b%05d", i)}
				adds[i] = imemu.Friend{ID: users[i].ID}
			}
			_, err = e.store.RegisterUsers(ctx, t.ID, users)
			require.NoError(b, err)
			add := func() {
				_, err := e.store.AddFriends(ctx, t.ID, "alice", adds, store.AddOptions{TwoWay: true})
				require.NoError(b, err)
			}
			add()
			var cpu time.Duration
			for b.Loop() {
				q := e.signedQuery("DeleteAllFriends")
				q.Set("FromUserId", "alice")
				q.Set("DeleteType", fmt.Sprint(mode))
				r := httptest.NewRequest(http.MethodGet, "/?"+q.Encode(), nil)
				w := httptest.NewRecorder()
				t0 := processCPU()
				e.h.ServeHTTP(w, r)
				cpu += processCPU() - t0
				if !strings.HasPrefix(w.Body.String(), `{"Code":0,`) {
					b.Fatal(w.Body.String())
				}
				b.StopTimer()
				add()
				b.StartTimer()
			}
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}

// processCPU returns the CPU time the process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
