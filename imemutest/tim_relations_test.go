package imemutest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/imemutest"
)

// TestTypedTIMRelationAnswers drives the blocklist, friend_update, group
// and portrait APIs through their typed methods on an app created with
// settings, checks every typed answer holds the whole answer, and that
// the app's state export, snapshot restore and reset carry blocks,
// pending requests, profiles and groups.
func TestTypedTIMRelationAnswers(t *testing.T) {
	t.Parallel()
	srv := imemutest.New(t, imemutest.Options{})
	app := srv.NewTIMApp(t, imemutest.AppSpec{
		Users:    imemutest.Users("a", "b", "c", "d"),
		Friends:  []fixtures.Friendship{{From: "a", To: "b"}, {From: "a", To: "c"}},
		Settings: &imemu.Settings{CustomFriendTags: []string{"Tag_SNS_Custom_Level"}, DefaultAllowType: imemu.NeedConfirm},
	})

	assert.Equal(t, imemu.NeedConfirm, app.Settings.DefaultAllowType, "the created app shows its settings")

	var upd imemutest.TIMFriendUpdateAnswer
	strict(t, app.Post(t, "sns/friend_update", imemutest.TIMFriendUpdateRequest{FromAccount: "a", UpdateItem: []imemutest.TIMUpdateItem{
		{ToAccount: "b", SnsItem: []imemutest.TIMTagInput{{Tag: "Tag_SNS_IM_Remark", Value: "B"}, {Tag: "Tag_SNS_IM_Group", Value: []string{"Work"}},
			{Tag: "Tag_SNS_Custom_Level", Value: "gold"}}},
		{ToAccount: "d", SnsItem: []imemutest.TIMTagInput{{Tag: "Tag_SNS_IM_Remark", Value: "D"}}},
	}}).Body, &upd)
	assert.Equal(t, []string{"d"}, upd.FailAccount)

	var ga imemutest.TIMGroupAddAnswer
	strict(t, app.Post(t, "sns/group_add", imemutest.TIMGroupAddRequest{FromAccount: "a", GroupName: []string{"Home"}, ToAccount: []string{"c", "d"}}).Body, &ga)
	assert.Equal(t, []string{"d"}, ga.FailAccount)
	assert.Equal(t, 32216, ga.ResultItem[1].ResultCode)
	var gg imemutest.TIMGroupGetAnswer
	strict(t, app.Post(t, "sns/group_get", imemutest.TIMGroupGetRequest{FromAccount: "a", NeedFriend: "Need_Friend_Type_Yes"}).Body, &gg)
	assert.Equal(t, []imemutest.TIMGroupItem{{GroupName: "Work", FriendNumber: 1, ToAccount: []string{"b"}}, {GroupName: "Home", FriendNumber: 1, ToAccount: []string{"c"}}}, gg.ResultItem)

	assert.Equal(t, 0, app.PortraitSet(t, imemutest.TIMPortraitSetRequest{FromAccount: "c", ProfileItem: []imemutest.TIMTagInput{
		{Tag: "Tag_Profile_IM_Nick", Value: "Cee"}, {Tag: "Tag_Profile_IM_AllowType", Value: "AllowType_Type_AllowAny"}}}).ErrorCode)
	var pg imemutest.TIMPortraitGetAnswer
	strict(t, app.Post(t, "profile/portrait_get", imemutest.TIMPortraitGetRequest{ToAccount: []string{"c", "d"}, TagList: []string{"Tag_Profile_IM_Nick", "Tag_Profile_IM_AllowType"}}).Body, &pg)
	require.Len(t, pg.UserProfileItem, 2)
	assert.Equal(t, `"AllowType_Type_NeedConfirm"`, string(pg.UserProfileItem[1].ProfileItem[0].Value), "d has the app's default")

	// d needs to confirm (the app's default): a request waits.
	add := app.FriendAdd(t, imemutest.TIMFriendAddRequest{FromAccount: "b", AddFriendItem: []imemutest.TIMAddFriendItem{{ToAccount: "d", AddSource: "AddSource_Type_Web"}}})
	assert.Equal(t, 30539, add.ResultItem[0].ResultCode)

	var bl imemutest.TIMBlackListAnswer
	strict(t, app.Post(t, "sns/black_list_add", imemutest.TIMBlackListRequest{FromAccount: "a", ToAccount: []string{"b", "zz"}}).Body, &bl)
	assert.Equal(t, []string{"zz"}, bl.FailAccount)
	var bc imemutest.TIMBlackListCheckAnswer
	strict(t, app.Post(t, "sns/black_list_check", imemutest.TIMBlackListCheckRequest{FromAccount: "b", ToAccount: []string{"a"}, CheckType: imemutest.TIMBlackCheckBoth}).Body, &bc)
	assert.Equal(t, "BlackCheckResult_Type_BWithA", bc.BlackListCheckItem[0].Relation)
	var bg imemutest.TIMBlackListGetAnswer
	strict(t, app.Post(t, "sns/black_list_get", imemutest.TIMBlackListGetRequest{FromAccount: "a", MaxLimited: 10}).Body, &bg)
	require.Len(t, bg.BlackListItem, 1)
	assert.EqualValues(t, 1, bg.CurruentSequence)
	assert.Equal(t, "CheckResult_Type_NoRelation", app.FriendCheck(t, imemutest.TIMFriendCheckRequest{FromAccount: "a", ToAccount: []string{"b"}, CheckType: imemutest.TIMCheckBoth}).InfoItem[0].Relation)

	// The state holds all of it, and a snapshot brings it back.
	st := app.State(t)
	require.Len(t, st.Blocks, 1)
	require.Len(t, st.Applications, 1)
	assert.Equal(t, map[string][]string{"a": {"Work", "Home"}}, st.FriendGroups)
	require.NotNil(t, st.Settings)
	assert.Equal(t, imemu.NeedConfirm, st.Settings.DefaultAllowType)
	app.Snapshot(t, "rel")
	assert.Equal(t, 0, app.BlackListDelete(t, imemutest.TIMBlackListRequest{FromAccount: "a", ToAccount: []string{"b"}}).ErrorCode)
	app.GroupDelete(t, imemutest.TIMGroupDeleteRequest{FromAccount: "a", GroupName: []string{"Work"}})
	srv.Restore(t, "rel")
	again := app.State(t)
	assert.Equal(t, st.Blocks, again.Blocks)
	assert.Equal(t, st.FriendGroups, again.FriendGroups)
	assert.Equal(t, st.Users, again.Users)

	// A reset goes back to the app as created: no blocks, groups or profiles.
	app.Reset(t)
	fresh := app.State(t)
	assert.Empty(t, fresh.Blocks)
	assert.Empty(t, fresh.Applications)
	assert.Empty(t, fresh.FriendGroups)
	assert.Equal(t, "CheckResult_Type_BothWay", app.FriendCheck(t, imemutest.TIMFriendCheckRequest{FromAccount: "a", ToAccount: []string{"b"}, CheckType: imemutest.TIMCheckBoth}).InfoItem[0].Relation)
}
