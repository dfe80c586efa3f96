package imemutest_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/imemutest"
)

// TestTypedZegoRelationAnswers sends each blocklist, friend-data,
// application and user-info request through the generic Post/Get, checks
// the typed answer holds every member, and reads the effects back with
// the typed methods and the state helpers.
func TestTypedZegoRelationAnswers(t *testing.T) {
	t.Parallel()
	srv := imemutest.New(t, imemutest.Options{})
	app := srv.NewZegoApp(t, spec)

	var block imemutest.ZegoBlacklistAnswer
	strict(t, app.Post(t, "AddUsersToBlacklist", imemutest.ZegoBlacklistRequest{FromUserID: "u0", UserIDs: []string{"u1", "u0", "u2"}}).Body, &block)
	assert.Equal(t, 0, block.Code, block)
	assert.Equal(t, []imemutest.ZegoItemError{{UserID: "u0", SubCode: 660800038}}, block.ErrList)
	assert.Equal(t, []string{"u1", "u2"}, app.Blocked(t, "u0"))

	var check imemutest.ZegoCheckBlacklistAnswer
	strict(t, app.Post(t, "CheckUsersIsInBlacklist", imemutest.ZegoBlacklistRequest{FromUserID: "u0", UserIDs: []string{"u1", "u3", "nobody"}}).Body, &check)
	assert.Equal(t, []imemutest.ZegoBlacklistCheck{{UserID: "u1", Result: 1}, {UserID: "u3", Result: 0}}, check.Succ)
	assert.Equal(t, []imemutest.ZegoItemError{{UserID: "nobody", SubCode: 660700015}}, check.ErrList)

	var page imemutest.ZegoQueryBlacklistAnswer
	strict(t, app.Get(t, "QueryBlacklist", map[string][]string{"FromUserId": {"u0"}, "Limit": {"1"}}).Body, &page)
	assert.Equal(t, 2, page.TotalCount)
	assert.Equal(t, 1, page.Next)
	require.Len(t, page.Blacklist, 1)
	assert.Equal(t, "u1", page.Blacklist[0].UserID)
	assert.Equal(t, 2, app.QueryBlacklist(t, imemutest.ZegoQueryBlacklistRequest{FromUserID: "u0"}).TotalCount)

	unblock := app.RemoveUsersFromBlacklist(t, imemutest.ZegoBlacklistRequest{FromUserID: "u0", UserIDs: []string{"u2"}})
	assert.Equal(t, 0, unblock.Code, unblock)
	assert.Equal(t, []string{"u1"}, app.Blocked(t, "u0"))
	require.Len(t, app.Blocks(t), 1)

	var alias imemutest.ZegoUpdateFriendsAliasAnswer
	strict(t, app.Post(t, "UpdateFriendsAlias", imemutest.ZegoUpdateFriendsAliasRequest{FromUserID: "u0",
		UserIDs: []imemutest.ZegoFriendAlias{{UserID: "u1", FriendAlias: "one"}, {UserID: "nobody"}}}).Body, &alias)
	assert.Equal(t, []imemutest.ZegoItemError{{UserID: "nobody", SubCode: 660800034}}, alias.ErrorList)
	var attrs imemutest.ZegoUpdateFriendAttributesAnswer
	strict(t, app.Post(t, "UpdateFriendAttributes", imemutest.ZegoUpdateFriendAttributesRequest{FromUserID: "u0", UserID: "u1",
		Attributes: []imemutest.ZegoAttribute{{Key: "k0", Value: "v"}, {Key: "k9", Value: "v"}}}).Body, &attrs)
	assert.Equal(t, []imemutest.ZegoKeyError{{Key: "k9", SubCode: 660800023}}, attrs.FailKey)
	friends := app.QueryFriendList(t, imemutest.ZegoQueryFriendListRequest{FromUserID: "u0"}).FriendInfos
	require.NotEmpty(t, friends)
	assert.Equal(t, "one", friends[0].FriendAlias)
	assert.Equal(t, []imemutest.ZegoAttribute{{Key: "k0", Value: "v"}}, friends[0].Attributes)

	reg := app.UserRegister(t, imemutest.ZegoUserRegisterRequest{UserInfo: []imemutest.ZegoUserInfo{{UserID: "n1"}, {UserID: "n2"}}})
	require.Equal(t, 0, reg.Code, reg)
	var apply imemutest.ZegoSendFriendApplicationAnswer
	strict(t, app.Post(t, "SendFriendApplication", imemutest.ZegoSendFriendApplicationRequest{FromUserID: "n1",
		FriendInfos: []imemutest.ZegoApplicationInfo{{UserID: "n2", Wording: "hi", Attributes: []imemutest.ZegoAttribute{{Key: "k1", Value: "x"}}}}}).Body, &apply)
	assert.Equal(t, 0, apply.Code, apply)
	pending := app.PendingApplications(t, "n2")
	require.Len(t, pending, 1)
	assert.Equal(t, "n1", pending[0].From)
	assert.Equal(t, "hi", pending[0].Wording)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ev := app.WaitEvents(t, ctx, imemutest.EventFilter{Kind: imemutest.KindZegoFriendApplicationListChanged})
	require.Len(t, ev, 1)
	assert.Equal(t, "n2", ev[0].Target)

	name := "Ann"
	var modify imemutest.ZegoModifyUserInfoAnswer
	strict(t, app.Post(t, "ModifyUserInfo", imemutest.ZegoModifyUserInfoRequest{UserInfo: []imemutest.ZegoUserInfoChange{{UserID: "n1", UserName: &name}, {UserID: "nobody"}}}).Body, &modify)
	assert.Equal(t, []imemutest.ZegoItemError{{UserID: "nobody", SubCode: 660700012, SubMessage: "user does not exist, register first"}}, modify.ErrorList)
	var info imemutest.ZegoQueryUserInfosAnswer
	strict(t, app.Post(t, "QueryUserInfos", imemutest.ZegoQueryUserInfosRequest{UserIDs: []string{"n1"}}).Body, &info)
	assert.Equal(t, []imemutest.ZegoUserProfile{{UserID: "n1", UserName: "Ann"}}, info.Result)
	assert.Equal(t, info.Result, app.QueryUserInfos(t, imemutest.ZegoQueryUserInfosRequest{UserIDs: []string{"n1"}}).Result)

	// An app can start with blocks and applications.
	seeded := srv.NewZegoApp(t, imemutest.AppSpec{Users: imemutest.Users("a", "b"),
		Blocks: []fixtures.Block{{From: "a", To: "b"}}, Applications: []fixtures.Application{{From: "b", To: "a", Wording: "hey"}}})
	assert.Equal(t, []string{"b"}, seeded.Blocked(t, "a"))
	require.Len(t, seeded.PendingApplications(t, "a"), 1)
	assert.Equal(t, 1, seeded.CheckUsersIsInBlacklist(t, imemutest.ZegoBlacklistRequest{FromUserID: "a", UserIDs: []string{"b"}}).Succ[0].Result)

	bad := app.Post(t, "UpdateFriendAttributes", json.RawMessage(`{"FromUserId":"u0","UserId":"u1","Attributes":[]}`))
	assert.Equal(t, 660000002, bad.Code, "%s", bad.Body)
}
