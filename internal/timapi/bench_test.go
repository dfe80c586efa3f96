package timapi_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/store"
)

// benchEnv is a server without rate limits whose alice has n more two-way
// friends b0000… besides the default ones.
func benchEnv(b *testing.B, n int) (*env, int64, []imemu.Friend) {
	e := newEnv(b, withConfig(func(c *server.Config) { c.RateLimitOff = true }))
	ctx := context.Background()
	tenant, err := e.st.Tenant(ctx, imemu.AppKey{Vendor: imemu.VendorTIM, AppID: appID})
	require.NoError(b, err)
	var users []imemu.User
	var adds []imemu.Friend
	for i := range n {
		id := fmt.Sprintf("b%04d", i)
		users = append(users, imemu.User{ID: id})
		adds = append(adds, imemu.Friend{ID: id})
	}
	_, err = e.st.RegisterUsers(ctx, tenant.ID, users)
	require.NoError(b, err)
	_, err = e.st.AddFriends(ctx, tenant.ID, "alice", adds, store.AddOptions{TwoWay: true})
	require.NoError(b, err)
	return e, tenant.ID, adds
}

func idList(adds []imemu.Friend) string {
	ids := make([]string, len(adds))
	for i, f := range adds {
		ids[i] = `"` + f.ID + `"`
	}
	return "[" + strings.Join(ids, ",") + "]"
}

// BenchmarkFriendDelete measures the full handler path (router, query and
// UserSig checks, decode, one store transaction, encode) of a two-way
// friend_delete of 1 and 100 friends. The friends are added back between
// iterations with the timer stopped.
func BenchmarkFriendDelete(b *testing.B) {
	for _, n := range []int{1, 100} {
		b.Run(fmt.Sprintf("%d_friends", n), func(b *testing.B) {
			e, tenantID, adds := benchEnv(b, n)
			body := `{"From_Account":"alice","To_Account":` + idList(adds) + `,"DeleteType":"Delete_Type_Both"}`
			query := e.query().Encode()
			ctx := context.Background()
			for b.Loop() {
				status, _ := e.do(http.MethodPost, "/v4/sns/friend_delete", query, body)
				if status != http.StatusOK {
					b.Fatal(status)
				}
				b.StopTimer()
				if _, err := e.st.AddFriends(ctx, tenantID, "alice", adds, store.AddOptions{TwoWay: true}); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
		})
	}
}

// BenchmarkFriendAddDelete measures the write mix of bench/load.sh: a
// forced two-way friend_add of one friend, then a two-way friend_delete
// of it, each through the full handler path (one op is the pair).
func BenchmarkFriendAddDelete(b *testing.B) {
	e, _, adds := benchEnv(b, 1)
	to := adds[0].ID
	add := `{"From_Account":"alice","AddFriendItem":[{"To_Account":"` + to + `","AddSource":"AddSource_Type_Bench"}],"AddType":"Add_Type_Both","ForceAddFlags":1}`
	del := `{"From_Account":"alice","To_Account":["` + to + `"],"DeleteType":"Delete_Type_Both"}`
	query := e.query().Encode()
	for b.Loop() {
		for _, c := range [...][2]string{{"/v4/sns/friend_delete", del}, {"/v4/sns/friend_add", add}} {
			status, raw := e.do(http.MethodPost, c[0], query, c[1])
			if status != http.StatusOK || !strings.Contains(string(raw), `"ResultCode":0`) {
				b.Fatal(status, string(raw))
			}
		}
	}
}

// BenchmarkFriendCheck measures the full handler path of a two-way
// friend_check of 1 and 1000 accounts.
func BenchmarkFriendCheck(b *testing.B) {
	for _, n := range []int{1, 1000} {
		b.Run(fmt.Sprintf("%d_accounts", n), func(b *testing.B) {
			e, _, adds := benchEnv(b, n)
			body := `{"From_Account":"alice","To_Account":` + idList(adds) + `,"CheckType":"CheckResult_Type_Both"}`
			query := e.query().Encode()
			for b.Loop() {
				status, _ := e.do(http.MethodPost, "/v4/sns/friend_check", query, body)
				if status != http.StatusOK {
					b.Fatal(status)
				}
			}
		})
	}
}

// BenchmarkFriendDeleteAll10k measures friend_delete_all of a user with
// 10,000 friends, two-way and one-way, through the full handler path; the
// friends are added back untimed. cpu-ms/op is the process's CPU time per
// delete, steadier than wall time on a shared machine. Skipped with -short.
func BenchmarkFriendDeleteAll10k(b *testing.B) {
	if testing.Short() {
		b.Skip("10,000 friends: skipped in -short mode")
	}
	for _, mode := range []string{"Delete_Type_Both", "Delete_Type_Single"} {
		b.Run(mode, func(b *testing.B) {
			e, tenantID, adds := benchEnv(b, 10_000)
			body := `{"From_Account":"alice","DeleteType":"` + mode + `"}`
			query := e.query().Encode()
			var cpu time.Duration
			for b.Loop() {
				t0 := processCPU()
				status, raw := e.do(http.MethodPost, "/v4/sns/friend_delete_all", query, body)
				cpu += processCPU() - t0
				if status != http.StatusOK || !strings.Contains(string(raw), `"ErrorCode":0`) {
					b.Fatal(status, string(raw))
				}
				b.StopTimer()
				if _, err := e.st.AddFriends(context.Background(), tenantID, "alice", adds, store.AddOptions{TwoWay: true}); err != nil {
					b.Fatal(err)
				}
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
