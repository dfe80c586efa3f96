package zegoapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/store"
	"github.com/imemu/imemu/internal/zegoapi"
)

// State effects of the blocklist, friend-data, application and user-info
// Actions, checked through ZEGO's own API.

// blocked returns the UserIds of owner's QueryBlacklist, through the API.
func (e *env) blocked(owner string) []string {
	e.tb.Helper()
	var resp zegoapi.QueryBlacklistResponse
	decode(e.tb, e.get("QueryBlacklist", "FromUserId", owner, "Limit", "100", "Next", "0"), &resp)
	require.Equal(e.tb, zegoapi.CodeOK, resp.Code, resp.Message)
	out := []string{}
	for _, b := range resp.Blacklist {
		out = append(out, b.UserID)
	}
	require.Equal(e.tb, len(out), resp.TotalCount)
	return out
}

// inBlacklist returns CheckUsersIsInBlacklist's Result for each id.
func (e *env) inBlacklist(owner string, ids ...string) []int {
	e.tb.Helper()
	var resp zegoapi.CheckBlacklistResponse
	decode(e.tb, e.post("CheckUsersIsInBlacklist", fmt.Sprintf(`{"FromUserId":%q,"UserIds":["%s"]}`, owner, strings.Join(ids, `","`))), &resp)
	require.Equal(e.tb, zegoapi.CodeOK, resp.Code, resp.Message)
	require.Empty(e.tb, resp.ErrList)
	out := make([]int, len(resp.Succ))
	for i, s := range resp.Succ {
		require.Equal(e.tb, ids[i], s.UserID)
		out[i] = s.Result
	}
	return out
}

// friend returns owner's QueryFriendList item for id.
func (e *env) friend(owner, id string) zegoapi.FriendListItem {
	e.tb.Helper()
	var resp zegoapi.QueryFriendListResponse
	decode(e.tb, e.get("QueryFriendList", "FromUserId", owner, "Limit", "100", "Next", "0"), &resp)
	for _, f := range resp.FriendInfos {
		if f.UserID == id {
			return f
		}
	}
	e.tb.Fatalf("%s does not list %s", owner, id)
	return zegoapi.FriendListItem{}
}

// TestBlockingAndFriendshipAreIndependent: a block keeps the friendship,
// a friend delete keeps the block and an unblock restores nothing.
func TestBlockingAndFriendshipAreIndependent(t *testing.T) {
	e := newEnv(t, server.Config{})
	checkOK(e, e.post("AddUsersToBlacklist", `{"FromUserId":"alice","UserIds":["bob","frank"]}`))
	assert.Equal(t, []int{zegoapi.InBlacklist, zegoapi.InBlacklist, zegoapi.NotInBlacklist}, e.inBlacklist("alice", "bob", "frank", "carol"))
	assert.Equal(t, []int{zegoapi.NotInBlacklist}, e.inBlacklist("bob", "alice"), "a block is one-way")
	assert.Equal(t, []string{"bob", "carol", "dave"}, e.friendIDs("alice"), "blocking keeps the friendship")
	assert.Equal(t, []zegoapi.RelationResult{{UserID: "bob", Relation: zegoapi.RelationMutual}}, e.relations("alice", zegoapi.TwoWay, "bob"))

	checkOK(e, e.post("DeleteFriends", `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":0}`))
	assert.Equal(t, []string{"bob", "frank"}, e.blocked("alice"), "a friend delete keeps the block")

	checkOK(e, e.post("RemoveUsersFromBlacklist", `{"FromUserId":"alice","UserIds":["bob"]}`))
	assert.Equal(t, []string{"frank"}, e.blocked("alice"))
	assert.Equal(t, []int{zegoapi.NotInBlacklist}, e.inBlacklist("alice", "bob"))
	assert.Equal(t, []zegoapi.RelationResult{{UserID: "bob", Relation: zegoapi.RelationNone}}, e.relations("alice", zegoapi.TwoWay, "bob"),
		"an unblock restores no friendship")

	// Blocked users can still be added.
	checkOK(e, e.post("AddFriends", `{"FromUserId":"alice","FriendInfos":[{"UserId":"frank"}]}`))
	assert.Equal(t, []string{"frank"}, e.blocked("alice"))
}

// TestFailedBlockChangesNothing: a batch whose items all fail writes no
// block.
func TestFailedBlockChangesNothing(t *testing.T) {
	e := newEnv(t, server.Config{})
	w := e.post("AddUsersToBlacklist", `{"FromUserId":"alice","UserIds":["alice","zed"]}`)
	assert.Equal(t, zegoapi.CodeBlockFailed, checkEnvelope(t, w).Code)
	assert.Equal(t, []string{}, e.blocked("alice"))
}

// TestQueryBlacklistPages follows the page's worked example: 250 blocked
// users come in three pages of 100, 100 and 50, the last with Next 0.
func TestQueryBlacklistPages(t *testing.T) {
	e := newEnv(t, server.Config{RateLimitOff: true})
	var want []string
	for batch := range 13 {
		var us, ids []string
		for i := range 20 {
			if n := batch*20 + i; n < 250 {
				id := fmt.Sprintf("p%03d", n)
				us, ids = append(us, fmt.Sprintf(`{"UserId":%q}`, id)), append(ids, fmt.Sprintf("%q", id))
				want = append(want, id)
			}
		}
		checkOK(e, e.post("UserRegister", `{"UserInfo":[`+strings.Join(us, ",")+`]}`))
		checkOK(e, e.post("AddUsersToBlacklist", `{"FromUserId":"alice","UserIds":[`+strings.Join(ids, ",")+`]}`))
		e.clock.Add(time.Millisecond)
	}
	var got []string
	next, sizes := "0", []int{}
	for range 4 {
		var resp zegoapi.QueryBlacklistResponse
		decode(t, e.get("QueryBlacklist", "FromUserId", "alice", "Limit", "100", "Next", next), &resp)
		require.Equal(t, zegoapi.CodeOK, resp.Code)
		assert.Equal(t, 250, resp.TotalCount)
		sizes = append(sizes, len(resp.Blacklist))
		for _, b := range resp.Blacklist {
			got = append(got, b.UserID)
		}
		if resp.Next == 0 {
			break
		}
		next = fmt.Sprint(resp.Next)
	}
	assert.Equal(t, []int{100, 100, 50}, sizes)
	assert.Equal(t, want, got, "blocked first, listed first")
}

// TestApplicationAutoAccepts is the page's Note: A and B were friends, A
// deleted B one-way, A applies to B, and B becomes A's friend at once.
func TestApplicationAutoAccepts(t *testing.T) {
	e := newEnv(t, server.Config{})
	checkOK(e, e.post("DeleteFriends", `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":1}`))
	require.Equal(t, []zegoapi.RelationResult{{UserID: "bob", Relation: zegoapi.RelationTargetHas}}, e.relations("alice", zegoapi.TwoWay, "bob"))

	checkOK(e, e.post("SendFriendApplication", `{"FromUserId":"alice","FriendInfos":[{"UserId":"bob","Wording":"again?","FriendAlias":"Bobby",
		"Attributes":[{"Key":"k1","Value":"v"}]}]}`))
	assert.Equal(t, []zegoapi.RelationResult{{UserID: "bob", Relation: zegoapi.RelationMutual}}, e.relations("alice", zegoapi.TwoWay, "bob"))
	f := e.friend("alice", "bob")
	assert.Equal(t, "Bobby", f.FriendAlias)
	assert.Equal(t, "again?", f.Wording)
	assert.Equal(t, []zegoapi.Attribute{{Key: "k1", Value: "v"}}, f.Attributes)
	assert.Equal(t, start.UnixMilli(), f.CreateTime)
	assert.Empty(t, e.applications(), "an auto-accept keeps no application")

	// Now friends both ways: a second application is refused.
	w := e.post("SendFriendApplication", `{"FromUserId":"alice","FriendInfos":[{"UserId":"bob"}]}`)
	assert.Equal(t, zegoapi.CodeAlreadyFriend, checkEnvelope(t, w).Code)
}

// applications returns the default app's applications from the store:
// ZEGO has no server Action that lists them.
func (e *env) applications() []imemu.Application {
	e.tb.Helper()
	tn, err := e.store.Tenant(context.Background(), appKey)
	require.NoError(e.tb, err)
	list, _, err := e.store.Applications(context.Background(), tn.ID, store.ApplicationFilter{})
	require.NoError(e.tb, err)
	return list
}

// TestApplicationWaitsAndExpires: an application changes no friend list,
// waits 7 days on the emulated clock, then is expired.
func TestApplicationWaitsAndExpires(t *testing.T) {
	e := newEnv(t, server.Config{})
	checkOK(e, e.post("SendFriendApplication", `{"FromUserId":"frank","FriendInfos":[{"UserId":"alice","Wording":"hi","FriendAlias":"Al",
		"Attributes":[{"Key":"k0","Value":"v"}]}]}`))
	assert.Equal(t, []string{}, e.friendIDs("frank"))
	assert.Equal(t, []zegoapi.RelationResult{{UserID: "alice", Relation: zegoapi.RelationNone}}, e.relations("frank", zegoapi.TwoWay, "alice"))
	at := start.UTC()
	assert.Equal(t, []imemu.Application{{From: "frank", To: "alice", Wording: "hi", Remark: "Al", Groups: []string{},
		Attributes: []imemu.Attribute{{Key: "k0", Value: "v"}}, State: imemu.ApplicationWaiting,
		CreatedAt: at, UpdatedAt: at, ExpiresAt: at.Add(zegoapi.ApplicationTTL)}}, e.applications())

	e.clock.Add(zegoapi.ApplicationTTL - time.Millisecond)
	assert.Equal(t, imemu.ApplicationWaiting, e.applications()[0].State)
	e.clock.Add(time.Millisecond)
	assert.Equal(t, imemu.ApplicationExpired, e.applications()[0].State)

	// Sending again starts a new one.
	checkOK(e, e.post("SendFriendApplication", `{"FromUserId":"frank","FriendInfos":[{"UserId":"alice","Wording":"hi again"}]}`))
	got := e.applications()
	require.Len(t, got, 1)
	assert.Equal(t, imemu.ApplicationWaiting, got[0].State)
	assert.Equal(t, "hi again", got[0].Wording)
}

// TestAliasAndAttributesBelongToOneEdge: FromUserId's alias and attributes
// show in its own friend list, not in the friend's.
func TestAliasAndAttributesBelongToOneEdge(t *testing.T) {
	e := newEnv(t, server.Config{})
	checkOK(e, e.post("UpdateFriendsAlias", `{"FromUserId":"alice","UserIds":[{"UserId":"bob","FriendAlias":"Bobby"}]}`))
	checkOK(e, e.post("UpdateFriendAttributes", `{"FromUserId":"alice","UserId":"bob","Attributes":[{"Key":"k3","Value":"a"},{"Key":"k0","Value":"b"}]}`))
	checkOK(e, e.post("UpdateFriendAttributes", `{"FromUserId":"alice","UserId":"bob","Attributes":[{"Key":"k0","Value":"c"},{"Key":"k1","Value":""}]}`))
	f := e.friend("alice", "bob")
	assert.Equal(t, "Bobby", f.FriendAlias)
	assert.Equal(t, []zegoapi.Attribute{{Key: "k3", Value: "a"}, {Key: "k0", Value: "c"}, {Key: "k1", Value: ""}}, f.Attributes,
		"given keys are set, others stay")
	back := e.friend("bob", "alice")
	assert.Empty(t, back.FriendAlias)
	assert.Empty(t, back.Attributes)

	checkOK(e, e.post("UpdateFriendsAlias", `{"FromUserId":"alice","UserIds":[{"UserId":"bob"}]}`))
	assert.Empty(t, e.friend("alice", "bob").FriendAlias, "no FriendAlias clears it")
}

// TestModifyUserInfoShowsEverywhere: a partial profile update is what
// QueryUserInfos, QueryFriendList and QueryBlacklist show.
func TestModifyUserInfoShowsEverywhere(t *testing.T) {
	e := newEnv(t, server.Config{})
	checkOK(e, e.post("ModifyUserInfo", `{"UserInfo":[{"UserId":"bob","UserName":"Bob","UserAvatar":"https://example.com/b.png","Extra":"x"}]}`))
	checkOK(e, e.post("ModifyUserInfo", `{"UserInfo":[{"UserId":"bob","UserName":"Robert"}]}`))
	var resp zegoapi.QueryUserInfosResponse
	decode(t, e.post("QueryUserInfos", `{"UserIds":["bob"]}`), &resp)
	assert.Equal(t, []zegoapi.UserInfoResult{{UserID: "bob", UserName: "Robert", UserAvatar: "https://example.com/b.png", Extra: "x"}}, resp.Result,
		"fields left out stay")
	f := e.friend("alice", "bob")
	assert.Equal(t, "Robert", f.UserName)
	assert.Equal(t, "https://example.com/b.png", f.Avatar)
	checkOK(e, e.post("AddUsersToBlacklist", `{"FromUserId":"carol","UserIds":["bob"]}`))
	var bl zegoapi.QueryBlacklistResponse
	decode(t, e.get("QueryBlacklist", "FromUserId", "carol"), &bl)
	assert.Equal(t, []zegoapi.BlacklistItem{{UserID: "bob", UserName: "Robert", Avatar: "https://example.com/b.png", UpdateTime: start.UnixMilli()}}, bl.Blacklist)
}

// relationEvents returns the app's events of kind from the control plane,
// and clears them.
func relationEvents(t *testing.T, e *env, kind string) []json.RawMessage {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, "/_mock/events?vendor=zego&kind="+kind, nil)
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var resp struct {
		Events []struct {
			Kind    string          `json:"kind"`
			Target  string          `json:"target"`
			Time    time.Time       `json:"time"`
			Payload json.RawMessage `json:"payload"`
		} `json:"events"`
	}
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &resp))
	var out []json.RawMessage
	for _, ev := range resp.Events {
		require.Equal(t, kind, ev.Kind)
		require.True(t, ev.Time.Equal(start), "event time comes from the injected clock")
		var p struct {
			UserID string `json:"userId"`
		}
		require.NoError(t, json.Unmarshal(ev.Payload, &p))
		require.Equal(t, p.UserID, ev.Target, "each push goes to the user it names")
		out = append(out, ev.Payload)
	}
	return out
}

func TestRelationEvents(t *testing.T) {
	e := newEnv(t, server.Config{})
	checkOK(e, e.post("AddUsersToBlacklist", `{"FromUserId":"alice","UserIds":["bob","zed","frank"]}`))
	checkOK(e, e.post("RemoveUsersFromBlacklist", `{"FromUserId":"alice","UserIds":["frank","carol"]}`))
	e.post("AddUsersToBlacklist", `{"FromUserId":"alice","UserIds":["alice"]}`) // all failed: no push
	assertPayloads(t, relationEvents(t, e, "zego.blacklistChanged"),
		`{"userId":"alice","action":"added","userIds":["bob","frank"]}`,
		`{"userId":"alice","action":"removed","userIds":["frank"]}`)

	checkOK(e, e.post("SendFriendApplication", `{"FromUserId":"frank","FriendInfos":[{"UserId":"alice","Wording":"hi"},{"UserId":"bob"}]}`))
	checkOK(e, e.post("SendFriendApplication", `{"FromUserId":"alice","FriendInfos":[{"UserId":"erin"}]}`)) // auto-accepts
	exp := start.Add(zegoapi.ApplicationTTL).UnixMilli()
	assertPayloads(t, relationEvents(t, e, "zego.friendApplicationListChanged"),
		fmt.Sprintf(`{"userId":"alice","action":"added","applications":[{"fromUserId":"frank","toUserId":"alice","wording":"hi","state":"waiting",
			"createTime":%d,"updateTime":%d,"expireTime":%d}]}`, start.UnixMilli(), start.UnixMilli(), exp),
		fmt.Sprintf(`{"userId":"bob","action":"added","applications":[{"fromUserId":"frank","toUserId":"bob","wording":"","state":"waiting",
			"createTime":%d,"updateTime":%d,"expireTime":%d}]}`, start.UnixMilli(), start.UnixMilli(), exp))
	assertPayloads(t, relationEvents(t, e, "zego.friendListChanged"),
		`{"userId":"alice","action":"added","friendUserIds":["erin"]}`)

	checkOK(e, e.post("UpdateFriendsAlias", `{"FromUserId":"alice","UserIds":[{"UserId":"bob","FriendAlias":"B"},{"UserId":"frank","FriendAlias":"F"}]}`))
	checkOK(e, e.post("UpdateFriendAttributes", `{"FromUserId":"alice","UserId":"bob","Attributes":[{"Key":"k0","Value":"v"},{"Key":"k9","Value":"v"}]}`))
	assertPayloads(t, relationEvents(t, e, "zego.friendInfoUpdated"),
		`{"userId":"alice","friendInfos":[{"userId":"bob","friendAlias":"B","attributes":[]}]}`,
		`{"userId":"alice","friendInfos":[{"userId":"bob","friendAlias":"B","attributes":[{"key":"k0","value":"v"}]}]}`)

	checkOK(e, e.post("ModifyUserInfo", `{"UserInfo":[{"UserId":"bob","Extra":"e"},{"UserId":"zed","UserName":"Z"},{"UserId":"carol","UserName":"C"}]}`))
	assertPayloads(t, relationEvents(t, e, "zego.userInfoUpdated"),
		`{"userId":"bob","userName":"","userAvatar":"","extra":"e"}`,
		`{"userId":"carol","userName":"C","userAvatar":"","extra":""}`)
}

func assertPayloads(t *testing.T, got []json.RawMessage, want ...string) {
	t.Helper()
	require.Len(t, got, len(want))
	for i := range want {
		assert.JSONEq(t, want[i], string(got[i]))
	}
}
