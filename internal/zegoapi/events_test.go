package zegoapi_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/events"
	"github.com/imemu/imemu/internal/reqid"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/zegoapi"
)

// The server keeps its event feed to itself until the event-capture issue
// adds a control route, so these tests mount the handlers on a feed of
// their own, over the same store and clock.
func newEventEnv(t *testing.T) (*env, *events.Feed) {
	e := newEnv(t, server.Config{RateLimitOff: true})
	feed := events.NewFeed(0)
	d := &zegoapi.Deps{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Store: e.store, Clock: e.clock, Events: feed}
	e.h = reqid.NewGenerator().Middleware(zegoapi.Gateway(d, map[string]http.Handler{
		"UserRegister":         zegoapi.UserRegister(d),
		"AddFriends":           zegoapi.AddFriends(d),
		"DeleteFriends":        zegoapi.DeleteFriends(d),
		"DeleteAllFriends":     zegoapi.DeleteAllFriends(d),
		"QueryFriendList":      zegoapi.QueryFriendList(d),
		"CheckFriendsRelation": zegoapi.CheckFriendsRelation(d),
	}))
	return e, feed
}

// changes returns the feed's friendListChanged payloads, and clears it.
func changes(t *testing.T, feed *events.Feed) []zegoapi.FriendListChanged {
	t.Helper()
	var out []zegoapi.FriendListChanged
	for _, ev := range feed.List(events.Filter{}) {
		require.Equal(t, events.KindZegoFriendListChanged, ev.Kind)
		require.Equal(t, imemu.VendorZego, ev.Vendor)
		require.Equal(t, uint64(appID), ev.AppID)
		require.True(t, ev.Time.Equal(start), "event time comes from the injected clock")
		var p zegoapi.FriendListChanged
		require.NoError(t, json.Unmarshal(ev.Payload, &p))
		require.Equal(t, p.UserID, ev.Target)
		slices.Sort(p.FriendUserIDs) // DeleteAllFriends reports in store order
		out = append(out, p)
	}
	feed.Clear()
	return out
}

func TestFriendListChangedEvents(t *testing.T) {
	e, feed := newEventEnv(t)
	tests := []struct {
		name string
		send func() *httptest.ResponseRecorder
		want []zegoapi.FriendListChanged
	}{
		{"two-way delete: both sides", func() *httptest.ResponseRecorder {
			return e.post("DeleteFriends", `{"FromUserId":"alice","UserIds":["bob","frank"],"DeleteType":0}`)
		}, []zegoapi.FriendListChanged{
			{UserID: "alice", Action: zegoapi.FriendsDeleted, FriendUserIDs: []string{"bob"}},
			{UserID: "bob", Action: zegoapi.FriendsDeleted, FriendUserIDs: []string{"alice"}},
		}},
		{"one-way delete: the deleter only", func() *httptest.ResponseRecorder {
			return e.post("DeleteFriends", `{"FromUserId":"alice","UserIds":["carol","dave"],"DeleteType":1}`)
		}, []zegoapi.FriendListChanged{
			{UserID: "alice", Action: zegoapi.FriendsDeleted, FriendUserIDs: []string{"carol", "dave"}},
		}},
		{"every target failed: nothing", func() *httptest.ResponseRecorder {
			return e.post("DeleteFriends", `{"FromUserId":"alice","UserIds":["carol"],"DeleteType":1}`)
		}, nil},
		{"rejected request: nothing", func() *httptest.ResponseRecorder {
			return e.post("DeleteFriends", `{"FromUserId":"bob","UserIds":["carol"],"DeleteType":"0"}`)
		}, nil},
		{"add: both sides", func() *httptest.ResponseRecorder {
			return e.post("AddFriends", `{"FromUserId":"frank","FriendInfos":[{"UserId":"erin"},{"UserId":"zed"}]}`)
		}, []zegoapi.FriendListChanged{
			{UserID: "frank", Action: zegoapi.FriendsAdded, FriendUserIDs: []string{"erin"}},
			{UserID: "erin", Action: zegoapi.FriendsAdded, FriendUserIDs: []string{"frank"}},
		}},
		{"add completing a one-way friendship: the side that changed", func() *httptest.ResponseRecorder {
			return e.post("AddFriends", `{"FromUserId":"carol","FriendInfos":[{"UserId":"alice"}]}`)
		}, []zegoapi.FriendListChanged{ // carol still listed alice after alice's one-way delete
			{UserID: "alice", Action: zegoapi.FriendsAdded, FriendUserIDs: []string{"carol"}},
		}},
		{"delete all, two-way", func() *httptest.ResponseRecorder {
			return e.get("DeleteAllFriends", "FromUserId", "erin", "DeleteType", "0")
		}, []zegoapi.FriendListChanged{
			{UserID: "erin", Action: zegoapi.FriendsDeleted, FriendUserIDs: []string{"alice", "frank"}},
			{UserID: "frank", Action: zegoapi.FriendsDeleted, FriendUserIDs: []string{"erin"}},
		}},
		{"reads and registrations: nothing", func() *httptest.ResponseRecorder {
			checkOK(e, e.get("QueryFriendList", "FromUserId", "alice"))
			checkOK(e, e.post("CheckFriendsRelation", `{"FromUserId":"alice","UserIds":["bob"],"CheckType":0}`))
			return e.post("UserRegister", `{"UserInfo":[{"UserId":"gina"}]}`)
		}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkEnvelope(t, tc.send())
			got := changes(t, feed)
			if tc.want == nil {
				assert.Empty(t, got)
				return
			}
			// Users in order of their first changed edge, but DeleteAllFriends' removal order is the store's.
			if strings.HasPrefix(tc.name, "delete all") {
				slices.SortFunc(got, func(a, b zegoapi.FriendListChanged) int { return strings.Compare(a.UserID, b.UserID) })
			}
			assert.Equal(t, tc.want, got)
		})
	}
}
