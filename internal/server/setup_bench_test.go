package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/store"
)

// BenchmarkTestSetup measures what one integration test costs a suite that
// gives each test its own app, the figure users feel most: over loopback
// HTTP, POST /_mock/apps with 10 users and 10 friendships, ten signed
// vendor calls (reads and writes), DELETE the app. median-ms is the
// median of the iterations' wall times.
func BenchmarkTestSetup(b *testing.B) {
	users := make([]string, 10)
	for i := range users {
		users[i] = fmt.Sprintf(`"u%d"`, i)
	}
	var friends []string
	for i := range 10 {
		friends = append(friends, fmt.Sprintf(`{"from":"u%d","to":"u%d"}`, i, (i+1)%10))
	}
	for _, vendor := range []imemu.Vendor{imemu.VendorZego, imemu.VendorTIM} {
		b.Run(string(vendor), func(b *testing.B) {
			const appID = 1400000777
			a := app{key: imemu.AppKey{Vendor: vendor, AppID: appID}, secret: "0123456789abcdef0123456789abcdef", admin: "root"}
			admin := ""
			if vendor == imemu.VendorTIM {
				admin = `"admin":"root",`
			}
			body := fmt.Sprintf(`{"vendor":%q,"appId":%d,"secret":%q,%s"users":[%s],"friends":[%s]}`,
				vendor, appID, a.secret, admin, strings.Join(users, ","), strings.Join(friends, ","))
			st, err := store.Open(context.Background(), store.Memory, clock.Fixed(testNow))
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { st.Close() })
			cfg := server.Config{Fixtures: fixtures.Default()}
			if err := st.ReplaceApps(context.Background(), cfg.Fixtures, nil); err != nil {
				b.Fatal(err)
			}
			srv := httptest.NewServer(server.NewServer(slog.New(slog.NewTextHandler(io.Discard, nil)), cfg, st, clock.Fixed(testNow)))
			b.Cleanup(srv.Close)
			m := &mock{t: b, url: srv.URL, c: srv.Client(), st: st}
			calls := setupCalls(vendor)
			// A suite signs once per app, not per call: the URLs are made
			// once, so what is timed is the server's work.
			urls := make([]string, len(calls))
			for i, c := range calls {
				urls[i] = m.vendorURL(a, c.api, testNow) + c.query
			}
			var times []time.Duration
			for b.Loop() {
				t0 := time.Now()
				m.ok(http.StatusCreated, http.MethodPost, "/_mock/apps", body)
				for i, c := range calls {
					req, err := http.NewRequest(c.method, urls[i], strings.NewReader(c.body))
					if err != nil {
						b.Fatal(err)
					}
					resp, err := m.c.Do(req)
					if err != nil {
						b.Fatal(err)
					}
					raw, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					if !strings.Contains(string(raw), `"Code":0,`) && !strings.Contains(string(raw), `"ErrorCode":0`) {
						b.Fatalf("%s: %s", c.api, raw)
					}
				}
				m.ok(http.StatusNoContent, http.MethodDelete, fmt.Sprintf("/_mock/apps/%s/%d", vendor, appID), nil)
				times = append(times, time.Since(t0))
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
		})
	}
}

type setupCall struct{ method, api, query, body string }

// setupCalls are a test's ten vendor calls: its writes and the reads that
// check them.
func setupCalls(vendor imemu.Vendor) []setupCall {
	if vendor == imemu.VendorZego {
		get := func(action, query string) setupCall { return setupCall{http.MethodGet, action, query, ""} }
		post := func(action, body string) setupCall { return setupCall{http.MethodPost, action, "", body} }
		return []setupCall{
			get("QueryFriendList", "&FromUserId=u0&Limit=10&Next=0"),
			post("CheckFriendsRelation", `{"FromUserId":"u0","UserIds":["u1","u5"],"CheckType":0}`),
			post("AddFriends", `{"FromUserId":"u0","FriendInfos":[{"UserId":"u5"}]}`),
			get("QueryFriendList", "&FromUserId=u0&Limit=10&Next=0"),
			post("CheckFriendsRelation", `{"FromUserId":"u0","UserIds":["u5"],"CheckType":0}`),
			post("DeleteFriends", `{"FromUserId":"u0","UserIds":["u1"],"DeleteType":0}`),
			get("QueryFriendList", "&FromUserId=u0&Limit=10&Next=0"),
			post("CheckFriendsRelation", `{"FromUserId":"u1","UserIds":["u0","u2"],"CheckType":1}`),
			get("DeleteAllFriends", "&FromUserId=u3&DeleteType=0"),
			get("QueryFriendList", "&FromUserId=u3&Limit=10&Next=0"),
		}
	}
	post := func(api, body string) setupCall { return setupCall{http.MethodPost, api, "", body} }
	return []setupCall{
		post("sns/friend_get", `{"From_Account":"u0","StartIndex":0}`),
		post("sns/friend_check", `{"From_Account":"u0","To_Account":["u1","u5"],"CheckType":"CheckResult_Type_Both"}`),
		post("sns/friend_add", `{"From_Account":"u0","AddFriendItem":[{"To_Account":"u5","AddSource":"AddSource_Type_Test"}],"AddType":"Add_Type_Both"}`),
		post("sns/friend_get", `{"From_Account":"u0","StartIndex":0}`),
		post("sns/friend_check", `{"From_Account":"u0","To_Account":["u5"],"CheckType":"CheckResult_Type_Both"}`),
		post("sns/friend_delete", `{"From_Account":"u0","To_Account":["u1"],"DeleteType":"Delete_Type_Both"}`),
		post("sns/friend_get_list", `{"From_Account":"u0","To_Account":["u5"],"TagList":["Tag_SNS_IM_AddSource"]}`),
		post("sns/friend_check", `{"From_Account":"u1","To_Account":["u0","u2"],"CheckType":"CheckResult_Type_Single"}`),
		post("sns/friend_delete_all", `{"From_Account":"u3","DeleteType":"Delete_Type_Both"}`),
		post("sns/friend_get", `{"From_Account":"u3","StartIndex":0}`),
	}
}
