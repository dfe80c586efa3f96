package zegoapi_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/zegoapi"
)

// State effects, checked through ZEGO's own API only.

func TestDeleteOneWay(t *testing.T) {
	e := newEnv(t, server.Config{})
	checkOK(e, e.post("DeleteFriends", `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":1}`))
	assert.Equal(t, []string{"carol", "dave"}, e.friendIDs("alice"), "the deleter's list lacks the target")
	assert.Equal(t, []string{"alice", "carol"}, e.friendIDs("bob"), "the target still lists the deleter")
	assert.Equal(t, []zegoapi.RelationResult{{UserID: "bob", Relation: zegoapi.RelationTargetHas}}, e.relations("alice", 0, "bob"))
}

func TestDeleteTwoWay(t *testing.T) {
	e := newEnv(t, server.Config{})
	checkOK(e, e.post("DeleteFriends", `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":0}`))
	assert.Equal(t, []string{"carol", "dave"}, e.friendIDs("alice"))
	assert.Equal(t, []string{"carol"}, e.friendIDs("bob"))
	assert.Equal(t, []zegoapi.RelationResult{{UserID: "bob", Relation: zegoapi.RelationNone}}, e.relations("alice", 0, "bob"))
}

// TestDeletePartial: a batch deletes exactly the deletable targets and
// leaves everything else as it was.
func TestDeletePartial(t *testing.T) {
	e := newEnv(t, server.Config{})
	var resp zegoapi.DeleteFriendsResponse
	decode(t, e.post("DeleteFriends", `{"FromUserId":"alice","UserIds":["bob","erin","zed","alice","dave","carol","carol"],"DeleteType":0}`), &resp)
	require.Equal(t, zegoapi.CodeOK, resp.Code)
	assert.Equal(t, []zegoapi.ItemError{
		{UserID: "erin", SubCode: zegoapi.CodeNotFriend},
		{UserID: "zed", SubCode: zegoapi.CodeNotFriend},
		{UserID: "alice", SubCode: zegoapi.CodeDeleteSelf},
		{UserID: "carol", SubCode: zegoapi.CodeDuplicateIDs},
	}, resp.ErrorList)
	assert.Equal(t, []string{"carol"}, e.friendIDs("alice"), "bob and dave deleted; carol (duplicated) kept")
	assert.Equal(t, []string{"carol"}, e.friendIDs("bob"))
	assert.Equal(t, []string{}, e.friendIDs("dave"))
	assert.Equal(t, []string{"alice", "bob"}, e.friendIDs("carol"))
	assert.Equal(t, []string{"alice"}, e.friendIDs("erin"), "a two-way delete of a non-friend leaves its edge")
}

func TestDeleteAllFriends(t *testing.T) {
	t.Run("one-way", func(t *testing.T) {
		e := newEnv(t, server.Config{})
		checkOK(e, e.get("DeleteAllFriends", "FromUserId", "alice", "DeleteType", "1"))
		assert.Equal(t, []string{}, e.friendIDs("alice"))
		assert.Equal(t, []string{"alice", "carol"}, e.friendIDs("bob"))
		assert.Equal(t, []string{"alice"}, e.friendIDs("erin"))
	})
	t.Run("two-way", func(t *testing.T) {
		e := newEnv(t, server.Config{})
		checkOK(e, e.get("DeleteAllFriends", "FromUserId", "alice", "DeleteType", "0"))
		assert.Equal(t, []string{}, e.friendIDs("alice"))
		assert.Equal(t, []string{"carol"}, e.friendIDs("bob"))
		assert.Equal(t, []string{}, e.friendIDs("dave"))
		assert.Equal(t, []string{"alice"}, e.friendIDs("erin"), "erin is not alice's friend: alice does not list her")
	})
}

// TestWholeFlow registers users, makes friends, pages, checks and deletes
// with ZEGO's API alone, as an app's integration test would.
func TestWholeFlow(t *testing.T) {
	e := newEnv(t, server.Config{})
	var users []string
	for i := range 30 {
		users = append(users, fmt.Sprintf(`{"UserId":"p%02d"}`, i))
	}
	checkOK(e, e.post("UserRegister", `{"UserInfo":[{"UserId":"host"},`+strings.Join(users, ",")+`]}`))
	for _, batch := range [][]string{users[:20], users[20:]} {
		checkOK(e, e.post("AddFriends", `{"FromUserId":"host","FriendInfos":[`+strings.Join(batch, ",")+`]}`))
		e.clock.Add(time.Second) // later friendships sort after earlier ones
	}

	var got []string
	next := "0"
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10, "paging does not end")
		var resp zegoapi.QueryFriendListResponse
		decode(t, e.get("QueryFriendList", "FromUserId", "host", "Limit", "7", "Next", next), &resp)
		require.Equal(t, zegoapi.CodeOK, resp.Code)
		require.Equal(t, 30, resp.TotalCount)
		for _, f := range resp.FriendInfos {
			got = append(got, f.UserID)
		}
		if resp.Next == 0 {
			break
		}
		next = fmt.Sprint(resp.Next)
	}
	require.Len(t, got, 30)
	for i, id := range got {
		assert.Equal(t, fmt.Sprintf("p%02d", i), id)
	}

	assert.Equal(t, []zegoapi.RelationResult{{UserID: "p00", Relation: zegoapi.RelationMutual}, {UserID: "alice", Relation: zegoapi.RelationNone}},
		e.relations("host", 0, "p00", "alice"))
	checkOK(e, e.post("DeleteFriends", `{"FromUserId":"host","UserIds":["p00","p01"],"DeleteType":1}`))
	assert.Equal(t, []zegoapi.RelationResult{{UserID: "p00", Relation: zegoapi.RelationOneWayNo}, {UserID: "p02", Relation: zegoapi.RelationOneWayYes}},
		e.relations("host", 1, "p00", "p02"))
	assert.Equal(t, []string{"host"}, e.friendIDs("p00"))
	checkOK(e, e.get("DeleteAllFriends", "FromUserId", "host", "DeleteType", "0"))
	assert.Equal(t, []string{}, e.friendIDs("host"))
	assert.Equal(t, []string{"host"}, e.friendIDs("p00"), "p00 was no longer host's friend, so keeps its one-way edge")
	assert.Equal(t, []string{}, e.friendIDs("p02"))
}

// TestRejectedRequestsChangeNothing: a request answered with a non-zero
// Code leaves the graph as it was, even a batch whose every item failed.
func TestRejectedRequestsChangeNothing(t *testing.T) {
	e := newEnv(t, server.Config{})
	before, err := e.store.ExportApps(context.Background(), nil)
	require.NoError(t, err)
	for _, body := range []string{
		`{"FromUserId":"alice","UserIds":["erin","frank","bob","bob","alice"],"DeleteType":0}`,
		`{"FromUserId":"alice","UserIds":["bob"],"DeleteType":"0"}`,
		`{"FromUserId":"zed","UserIds":["bob"],"DeleteType":0}`,
		`{"FromUserId":"alice","UserIds":[` + ids("u", 21) + `],"DeleteType":0}`,
	} {
		env := checkEnvelope(t, e.post("DeleteFriends", body))
		assert.NotEqual(t, zegoapi.CodeOK, env.Code, body)
	}
	env := checkEnvelope(t, e.post("AddFriends", `{"FromUserId":"alice","FriendInfos":[{"UserId":"bob"},{"UserId":"zed"},{"UserId":"alice"}]}`))
	assert.Equal(t, zegoapi.CodeAlreadyFriend, env.Code)
	env = checkEnvelope(t, e.call(http.MethodGet, "DeleteFriends", nil, deleteBob))
	assert.Equal(t, zegoapi.CodeParamError, env.Code)
	after, err := e.store.ExportApps(context.Background(), nil)
	require.NoError(t, err)
	assert.Equal(t, before, after)
}

// relations returns CheckFriendsRelation's Successes for from and ids.
func (e *env) relations(from string, checkType int, ids ...string) []zegoapi.RelationResult {
	e.tb.Helper()
	body := fmt.Sprintf(`{"FromUserId":%q,"UserIds":["%s"],"CheckType":%d}`, from, strings.Join(ids, `","`), checkType)
	var resp zegoapi.CheckFriendsRelationResponse
	decode(e.tb, e.post("CheckFriendsRelation", body), &resp)
	require.Equal(e.tb, zegoapi.CodeOK, resp.Code, resp.Message)
	require.Empty(e.tb, resp.Fails)
	return resp.Successes
}
