package imemutest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/imemutest"
)

// five friends of u0, two-way, in every app of these tests: the same ids
// everywhere, so that one app seeing another's data would show.
var (
	users   = []string{"u0", "u1", "u2", "u3", "u4", "u5"}
	friends = []fixtures.Friendship{{From: "u0", To: "u1"}, {From: "u0", To: "u2"}, {From: "u0", To: "u3"}, {From: "u0", To: "u4"}, {From: "u0", To: "u5"}}
	spec    = imemutest.AppSpec{Users: imemutest.Users(users...), Friends: friends}
)

// edges lists an exported app's directed edges as "from>to", sorted.
func edges(a fixtures.App) []string {
	var out []string
	for _, f := range a.Friends {
		out = append(out, f.From+">"+f.To)
		if !f.OneWay {
			out = append(out, f.To+">"+f.From)
		}
	}
	slices.Sort(out)
	return out
}

func without(list []string, drop ...string) []string {
	return slices.DeleteFunc(slices.Clone(list), func(s string) bool { return slices.Contains(drop, s) })
}

func TestNewServesFixtures(t *testing.T) {
	t.Parallel()
	srv := newServer(t, imemutest.Options{})
	apps := srv.Apps(t)
	require.Len(t, apps, 2)
	assert.Equal(t, "tim/1400000000", apps[0].Key())
	assert.Equal(t, "zego/1234567890", apps[1].Key())

	zego := srv.ZegoApp(t, 1234567890)
	assert.Equal(t, "0123456789abcdef0123456789abcdef", zego.Secret)
	page := zego.QueryFriendList(t, imemutest.ZegoQueryFriendListRequest{FromUserID: "alice"})
	assert.Equal(t, 0, page.Code, page)
	assert.Equal(t, 3, page.TotalCount)
	require.Len(t, page.FriendInfos, 3)
	assert.Equal(t, "bob", page.FriendInfos[0].UserID)

	tim := srv.TIMApp(t, 1400000000)
	got := tim.FriendGet(t, imemutest.TIMFriendGetRequest{FromAccount: "erin"})
	assert.Equal(t, "OK", got.ActionStatus, got)
	require.Len(t, got.UserDataItem, 1)
	assert.Equal(t, "alice", got.UserDataItem[0].ToAccount)
}

// TestParallelAppsAreIsolated runs 20 parallel subtests on one server,
// each with its own app (ZEGO and TIM alternately) with the same user ids,
// each deleting a different friend: each sees exactly its own changes,
// journal and events.
func TestParallelAppsAreIsolated(t *testing.T) {
	t.Parallel()
	srv := newServer(t, imemutest.Options{})
	all := edges(fixtures.App{Friends: friends})
	appIDs := make(chan uint64, 20)
	t.Run("group", func(t *testing.T) {
		for i := range 20 {
			t.Run(fmt.Sprintf("app%02d", i), func(t *testing.T) {
				t.Parallel()
				victim := users[1+i%5]
				var app imemutest.App
				if i%2 == 0 {
					z := srv.NewZegoApp(t, spec)
					resp := z.DeleteFriends(t, imemutest.ZegoDeleteFriendsRequest{FromUserID: "u0", UserIDs: []string{victim}, DeleteType: imemutest.ZegoTwoWay})
					require.Equal(t, 0, resp.Code, resp)
					app = z.App
				} else {
					tm := srv.NewTIMApp(t, spec)
					resp := tm.FriendDelete(t, imemutest.TIMFriendDeleteRequest{FromAccount: "u0", ToAccount: []string{victim}, DeleteType: imemutest.TIMDeleteBoth})
					require.Equal(t, 0, resp.ErrorCode, resp)
					app = tm.App
				}
				appIDs <- app.AppID

				assert.Equal(t, without(all, "u0>"+victim, victim+">u0"), edges(app.State(t)), "only this app's delete shows")
				j := app.Journal(t, imemutest.JournalFilter{})
				require.Len(t, j, 1, "one request, this app's")
				assert.Equal(t, app.AppID, j[0].AppID)
				assert.Contains(t, string(j[0].Body), victim)
				ev := app.Events(t, imemutest.EventFilter{})
				if app.Vendor == imemu.VendorZego {
					require.Len(t, ev, 2, "u0's and the victim's lists changed")
					assert.JSONEq(t, fmt.Sprintf(`{"userId":%q,"action":"deleted","friendUserIds":["u0"]}`, victim), string(ev[1].Payload))
				} else {
					assert.Empty(t, ev, "no callback URL, no callback")
				}
				assert.Equal(t, 10, app.Refresh(t).FriendCount+2, "two of ten edges gone")
			})
		}
	})
	close(appIDs)
	seen := map[uint64]bool{}
	for id := range appIDs {
		seen[id] = true
	}
	assert.Len(t, seen, 20, "every subtest had its own app")
	assert.Len(t, srv.Apps(t), 2, "each app was deleted when its subtest ended")
	assert.Len(t, srv.Journal(t, imemutest.JournalFilter{}), 20)
}

func TestSignaturesFollowTheServerClock(t *testing.T) {
	t.Parallel()
	srv := newServer(t, imemutest.Options{})
	zego := srv.NewZegoApp(t, spec)
	stale := zego.URL("DeleteFriends")
	srv.AdvanceClock(t, 11*time.Minute)
	resp := post(t, srv, stale, `{"FromUserId":"u0","UserIds":["u1"],"DeleteType":1}`)
	assert.EqualValues(t, 100000004, resp["Code"], "signed 11 minutes ago on the server's clock: expired")
	del := zego.DeleteFriends(t, imemutest.ZegoDeleteFriendsRequest{FromUserID: "u0", UserIDs: []string{"u1"}, DeleteType: imemutest.ZegoOneWay})
	assert.Equal(t, 0, del.Code, "URL signs at the server's (advanced) time: %v", del)

	tim := srv.NewTIMApp(t, spec)
	staleTIM := tim.URL("sns/friend_delete")
	srv.AdvanceClock(t, 25*time.Hour)
	resp = post(t, srv, staleTIM, `{"From_Account":"u0","To_Account":["u1"]}`)
	assert.EqualValues(t, 70001, resp["ErrorCode"], "the UserSig outlived its day: %v", resp)
	tdel := tim.FriendDelete(t, imemutest.TIMFriendDeleteRequest{FromAccount: "u0", ToAccount: []string{"u1"}})
	assert.Equal(t, 0, tdel.ErrorCode, tdel)
}

func TestFaultPerVendor(t *testing.T) {
	t.Parallel()
	srv := newServer(t, imemutest.Options{})
	zego := srv.NewZegoApp(t, spec)
	f := zego.AddFault(t, imemutest.FaultSpec{API: "DeleteFriends", Code: 660000001, Times: 1})
	assert.Equal(t, zego.AppID, f.App)
	del := imemutest.ZegoDeleteFriendsRequest{FromUserID: "u0", UserIDs: []string{"u1"}, DeleteType: imemutest.ZegoTwoWay}
	assert.Equal(t, 660000001, zego.DeleteFriends(t, del).Code)
	assert.Equal(t, 10, zego.Refresh(t).FriendCount, "an injected failure changes nothing")
	assert.Equal(t, 0, zego.DeleteFriends(t, del).Code, "the fault was for one request")
	faults := srv.Faults(t)
	require.Len(t, faults, 1)
	assert.Equal(t, 1, faults[0].Matched)
	j := zego.Journal(t, imemutest.JournalFilter{API: "DeleteFriends"})
	require.Len(t, j, 2)
	assert.True(t, j[0].Fault)
	assert.Equal(t, 660000001, *j[0].Code)
	assert.False(t, j[1].Fault)

	tim := srv.NewTIMApp(t, spec)
	tf := tim.AddFault(t, imemutest.FaultSpec{API: "sns/friend_delete", User: "u0", Code: 30006})
	resp := tim.FriendDelete(t, imemutest.TIMFriendDeleteRequest{FromAccount: "u0", ToAccount: []string{"u1"}})
	assert.Equal(t, 30006, resp.ErrorCode, resp)
	assert.Equal(t, "FAIL", resp.ActionStatus)
	assert.Empty(t, resp.ResultItem, "a fault answers the envelope alone")
	resp = tim.FriendDelete(t, imemutest.TIMFriendDeleteRequest{FromAccount: "u2", ToAccount: []string{"u0"}})
	assert.Equal(t, 0, resp.ErrorCode, "the fault matches u0 only: %v", resp)
	require.Len(t, resp.ResultItem, 1)
	assert.Equal(t, imemutest.TIMResultItem{ToAccount: "u0"}, resp.ResultItem[0])
	srv.DeleteFault(t, tf.ID)
	srv.DeleteFaults(t)
	assert.Empty(t, srv.Faults(t))
}

func TestWaitEvents(t *testing.T) {
	t.Parallel()
	srv := newServer(t, imemutest.Options{})
	zego := srv.NewZegoApp(t, spec)
	u := zego.URL("DeleteFriends")
	errs := make(chan error, 1)
	go func() {
		time.Sleep(50 * time.Millisecond)
		resp, err := srv.Client().Post(u, "application/json", strings.NewReader(`{"FromUserId":"u0","UserIds":["u3"],"DeleteType":1}`))
		if err == nil {
			resp.Body.Close()
		}
		errs <- err
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ev := zego.WaitEvents(t, ctx, imemutest.EventFilter{Kind: imemutest.KindZegoFriendListChanged})
	require.NoError(t, <-errs)
	require.Len(t, ev, 1, "one-way: only u0's list changed")
	assert.Equal(t, "u0", ev[0].Target)
	assert.JSONEq(t, `{"userId":"u0","action":"deleted","friendUserIds":["u3"]}`, string(ev[0].Payload))
	srv.ClearEvents(t)
	assert.Empty(t, srv.Events(t, imemutest.EventFilter{}))
}

func TestTIMCallbackEvent(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var got []string
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, string(b))
		mu.Unlock()
		io.WriteString(w, `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`)
	}))
	t.Cleanup(backend.Close)
	srv := newServer(t, imemutest.Options{})
	tim := srv.NewTIMApp(t, imemutest.AppSpec{CallbackURL: backend.URL + "/im", Users: spec.Users, Friends: spec.Friends})
	resp := tim.FriendDelete(t, imemutest.TIMFriendDeleteRequest{FromAccount: "u0", ToAccount: []string{"u1"}, DeleteType: imemutest.TIMDeleteBoth})
	require.Equal(t, 0, resp.ErrorCode, resp)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ev := tim.WaitEvents(t, ctx, imemutest.EventFilter{Kind: imemutest.KindTIMCallback})
	require.Len(t, ev, 1)
	assert.Equal(t, "delivered: HTTP 200", ev[0].Outcome)
	assert.True(t, strings.HasPrefix(ev[0].Target, backend.URL+"/im?"), ev[0].Target)
	var p struct{ CallbackCommand string }
	require.NoError(t, json.Unmarshal(ev[0].Payload, &p))
	assert.Equal(t, "Sns.CallbackFriendDelete", p.CallbackCommand)
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 1)
	assert.JSONEq(t, string(ev[0].Payload), got[0])
}

func TestStateSnapshotsReset(t *testing.T) {
	t.Parallel()
	srv := newServer(t, imemutest.Options{})
	zego := srv.NewZegoApp(t, spec)
	del := func(id string) {
		resp := zego.DeleteFriends(t, imemutest.ZegoDeleteFriendsRequest{FromUserID: "u0", UserIDs: []string{id}, DeleteType: imemutest.ZegoTwoWay})
		require.Equal(t, 0, resp.Code, resp)
	}
	snap := zego.Snapshot(t, "full")
	assert.Equal(t, []string{zego.Key()}, snap.Apps)
	del("u1")
	assert.Equal(t, []string{zego.Key()}, srv.Restore(t, "full"))
	assert.Equal(t, 10, zego.Refresh(t).FriendCount)
	del("u2")
	zego.Reset(t)
	assert.Equal(t, 10, zego.Refresh(t).FriendCount, "reset: back to the state at creation")

	st := zego.State(t)
	assert.Equal(t, zego.Secret, st.Secret)
	st.Friends = st.Friends[:1]
	zego.PutState(t, st)
	assert.Equal(t, 2, zego.Refresh(t).FriendCount)

	all := srv.State(t)
	require.Len(t, all.Apps, 3)
	assert.Len(t, srv.PutState(t, all), 3, "an export loads back unchanged")
	whole := srv.Snapshot(t, "whole")
	assert.Len(t, whole.Apps, 3)
	assert.Len(t, srv.Snapshots(t), 2)
	srv.DeleteSnapshot(t, "full")
	assert.Len(t, srv.Snapshots(t), 1)

	assert.ElementsMatch(t, []string{"zego/1234567890", "tim/1400000000"}, srv.Reset(t))
	assert.Len(t, srv.Apps(t), 2, "a whole reset deletes created apps (their cleanup then finds nothing: fine)")
}

func TestClock(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	srv := newServer(t, imemutest.Options{Now: func() time.Time { return start }})
	assert.Equal(t, imemutest.ClockState{Now: start}, srv.Clock(t))
	assert.Equal(t, imemutest.ClockState{Now: start.Add(90 * time.Second), OffsetMs: 90000}, srv.AdvanceClock(t, 90*time.Second))
	assert.True(t, srv.FreezeClock(t).Frozen)
	assert.False(t, srv.UnfreezeClock(t).Frozen)
	at := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	assert.Equal(t, at, srv.SetClock(t, at).Now)
	assert.Equal(t, imemutest.ClockState{Now: start}, srv.ResetClock(t))
}

func TestOptions(t *testing.T) {
	t.Parallel()
	t.Run("empty fixtures", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, imemutest.Options{Fixtures: &fixtures.File{}})
		assert.Empty(t, srv.Apps(t))
		assert.Empty(t, srv.Reset(t))
	})
	t.Run("custom fixtures", func(t *testing.T) {
		t.Parallel()
		f := &fixtures.File{Apps: []fixtures.App{{Vendor: imemu.VendorTIM, AppID: 1400000001, Secret: "k", Admin: "admin",
			Users: imemutest.Users("a", "b"), Friends: []fixtures.Friendship{{From: "a", To: "b"}}}}}
		srv := newServer(t, imemutest.Options{Fixtures: f})
		tim := srv.TIMApp(t, 1400000001)
		resp := tim.FriendCheck(t, imemutest.TIMFriendCheckRequest{FromAccount: "a", ToAccount: []string{"b"}, CheckType: imemutest.TIMCheckBoth})
		assert.Equal(t, 0, resp.ErrorCode, resp)
	})
	t.Run("auth off", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, imemutest.Options{AuthOff: true, RateLimitOff: true})
		resp := post(t, srv, srv.URL+"/?Action=DeleteFriends&AppId=1234567890&SignatureNonce=n&Timestamp=1&SignatureVersion=2.0&Signature=x",
			`{"FromUserId":"alice","UserIds":["bob"],"DeleteType":1}`)
		assert.EqualValues(t, 0, resp["Code"], resp)
	})
	t.Run("control token", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, imemutest.Options{ControlToken: "s3cret"})
		assert.Len(t, srv.Apps(t), 2, "the Server sends the token")
		resp, err := srv.Client().Get(srv.URL + "/_mock/apps")
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "without it: 401")
	})
	t.Run("journal size", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, imemutest.Options{JournalSize: 2})
		zego := srv.ZegoApp(t, 1234567890)
		for _, id := range []string{"bob", "carol", "dave"} {
			zego.DeleteFriends(t, imemutest.ZegoDeleteFriendsRequest{FromUserID: "alice", UserIDs: []string{id}, DeleteType: imemutest.ZegoOneWay})
		}
		j := srv.Journal(t, imemutest.JournalFilter{})
		require.Len(t, j, 2, "the oldest entry went")
		assert.Contains(t, string(j[0].Body), "carol")
	})
	t.Run("no listener", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, imemutest.Options{NoListener: true})
		assert.Equal(t, "http://imemu.test", srv.URL)
		zego := srv.NewZegoApp(t, spec)
		resp := zego.DeleteFriends(t, imemutest.ZegoDeleteFriendsRequest{FromUserID: "u0", UserIDs: []string{"u1"}, DeleteType: imemutest.ZegoOneWay})
		assert.Equal(t, 0, resp.Code, resp)
		var doc struct{ OpenAPI string }
		require.NoError(t, json.Unmarshal(srv.OpenAPI(t), &doc))
		assert.Equal(t, "3.0.3", doc.OpenAPI)
	})
}

// TestServersAreIndependent shows two servers in one process share
// nothing: a change to one is invisible to the other.
func TestServersAreIndependent(t *testing.T) {
	t.Parallel()
	a, b := newServer(t, imemutest.Options{}), newServer(t, imemutest.Options{})
	resp := a.ZegoApp(t, 1234567890).DeleteFriends(t, imemutest.ZegoDeleteFriendsRequest{FromUserID: "alice", UserIDs: []string{"bob"}, DeleteType: imemutest.ZegoTwoWay})
	require.Equal(t, 0, resp.Code, resp)
	a.AdvanceClock(t, time.Hour)
	a.FreezeClock(t)
	assert.Equal(t, 7, a.ZegoApp(t, 1234567890).FriendCount)
	assert.Equal(t, 9, b.ZegoApp(t, 1234567890).FriendCount)
	assert.Len(t, a.Journal(t, imemutest.JournalFilter{}), 1)
	assert.Empty(t, b.Journal(t, imemutest.JournalFilter{}))
	assert.False(t, b.Clock(t).Frozen)
	a.Close()
	a.Close() // twice is fine
	assert.Len(t, b.Apps(t), 2)
}

// post sends a vendor request as is.
func post(t *testing.T, srv *imemutest.Server, u, body string) map[string]any {
	t.Helper()
	resp, err := srv.Client().Post(u, "application/json", strings.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	var m map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
	return m
}
