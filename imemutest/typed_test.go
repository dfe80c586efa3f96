package imemutest_test

import (
	"bytes"
	"encoding/json"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/imemutest"
)

// strict decodes an answer into v refusing members v has no field for: each
// typed answer must hold everything the server sends.
func strict(t *testing.T, body json.RawMessage, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(v), "%T does not hold %s", v, body)
}

// TestTypedZegoAnswers sends each typed request with the generic Post/Get
// (the typed methods' own path), checks that the server took it (Code 0)
// and that the typed answer holds every member of the answer.
func TestTypedZegoAnswers(t *testing.T) {
	t.Parallel()
	srv := imemutest.New(t, imemutest.Options{})
	app := srv.NewZegoApp(t, spec)

	reg := app.Post(t, "UserRegister", imemutest.ZegoUserRegisterRequest{UserInfo: []imemutest.ZegoUserInfo{{UserID: "n1", UserName: "N"}, {UserID: "u1"}}})
	var regA imemutest.ZegoUserRegisterAnswer
	strict(t, reg.Body, &regA)
	require.Len(t, regA.ErrorList, 1, "u1 exists: %s", reg.Body)
	assert.Equal(t, 660700002, regA.ErrorList[0].SubCode)
	assert.Equal(t, "u1", regA.ErrorList[0].UserID)

	add := imemutest.ZegoAddFriendsRequest{FromUserID: "n1", FriendInfos: []imemutest.ZegoFriendInfo{{UserID: "u1", Wording: "hi", FriendAlias: "one", Attributes: []imemutest.ZegoAttribute{{Key: "k0", Value: "v"}}}}}
	var addA imemutest.ZegoAddFriendsAnswer
	strict(t, app.Post(t, "AddFriends", add).Body, &addA)
	assert.Equal(t, 0, addA.Code, addA)
	assert.Empty(t, addA.ErrorList)

	q := app.Get(t, "QueryFriendList", url.Values{"FromUserId": {"n1"}})
	var page imemutest.ZegoQueryFriendListAnswer
	strict(t, q.Body, &page)
	typed := app.QueryFriendList(t, imemutest.ZegoQueryFriendListRequest{FromUserID: "n1", Limit: 10})
	typed.RequestID = page.RequestID
	assert.Equal(t, page, typed, "typed and generic calls answer alike, RequestId aside")
	require.Len(t, page.FriendInfos, 1)
	assert.Equal(t, "one", page.FriendInfos[0].FriendAlias)
	assert.Equal(t, []imemutest.ZegoAttribute{{Key: "k0", Value: "v"}}, page.FriendInfos[0].Attributes)

	check := imemutest.ZegoCheckFriendsRelationRequest{FromUserID: "u0", UserIDs: []string{"u1", "u0"}, CheckType: imemutest.ZegoTwoWay}
	var checkA imemutest.ZegoCheckFriendsRelationAnswer
	strict(t, app.Post(t, "CheckFriendsRelation", check).Body, &checkA)
	require.Len(t, checkA.Successes, 1, "%+v", checkA)
	assert.Equal(t, "u1", checkA.Successes[0].UserID)
	require.Len(t, checkA.Fails, 1)
	assert.Equal(t, 660800033, checkA.Fails[0].SubCode)

	del := app.DeleteFriends(t, imemutest.ZegoDeleteFriendsRequest{FromUserID: "u0", UserIDs: []string{"u1", "nobody"}, DeleteType: imemutest.ZegoOneWay})
	assert.Equal(t, 0, del.Code, del)
	assert.Len(t, del.RequestID, 18)
	assert.Equal(t, []imemutest.ZegoItemError{{UserID: "nobody", SubCode: 660800034}}, del.ErrorList)

	all := app.DeleteAllFriends(t, imemutest.ZegoDeleteAllFriendsRequest{FromUserID: "u0", DeleteType: imemutest.ZegoTwoWay})
	assert.Equal(t, 0, all.Code, all)
	assert.Equal(t, 0, app.QueryFriendList(t, imemutest.ZegoQueryFriendListRequest{FromUserID: "u0"}).TotalCount)

	bad := app.Post(t, "DeleteFriends", json.RawMessage(`{"FromUserId":"u0","UserIds":["u1"],"DeleteType":"1"}`))
	assert.Equal(t, 660000002, bad.Code, "a malformed body goes through Post: %s", bad.Body)
}

// TestTypedTIMAnswers does the same for TIM.
func TestTypedTIMAnswers(t *testing.T) {
	t.Parallel()
	srv := imemutest.New(t, imemutest.Options{})
	app := srv.NewTIMApp(t, spec)

	assert.Equal(t, 0, app.AccountImport(t, imemutest.TIMAccountImportRequest{UserID: "n1", Nick: "N"}).ErrorCode)
	var multi imemutest.TIMMultiAccountImportAnswer
	strict(t, app.Post(t, "im_open_login_svc/multiaccount_import", imemutest.TIMMultiAccountImportRequest{Accounts: []string{"n2", "@TLS#x"}}).Body, &multi)
	assert.Equal(t, []string{"@TLS#x"}, multi.FailAccounts)
	var check imemutest.TIMAccountCheckAnswer
	strict(t, app.Post(t, "im_open_login_svc/account_check", imemutest.TIMAccountCheckRequest{CheckItem: []imemutest.TIMUserID{{UserID: "n2"}, {UserID: "zz"}}}).Body, &check)
	assert.Equal(t, []imemutest.TIMAccountStatus{{UserID: "n2", AccountStatus: "Imported"}, {UserID: "zz", AccountStatus: "NotImported"}}, check.ResultItem)
	var accDel imemutest.TIMAccountDeleteAnswer
	strict(t, app.Post(t, "im_open_login_svc/account_delete", imemutest.TIMAccountDeleteRequest{DeleteItem: []imemutest.TIMUserID{{UserID: "n2"}}}).Body, &accDel)
	assert.Equal(t, []imemutest.TIMAccountResult{{UserID: "n2"}}, accDel.ResultItem)

	var add imemutest.TIMFriendAddAnswer
	strict(t, app.Post(t, "sns/friend_add", imemutest.TIMFriendAddRequest{FromAccount: "n1", AddFriendItem: []imemutest.TIMAddFriendItem{{ToAccount: "u1", AddSource: "AddSource_Type_Test", Remark: "r"}, {ToAccount: "n1", AddSource: "AddSource_Type_Test"}}}).Body, &add)
	require.Len(t, add.ResultItem, 2, "%+v", add)
	assert.Equal(t, []string{"n1"}, add.FailAccount, "adding oneself fails")
	var imp imemutest.TIMFriendAddAnswer
	strict(t, app.Post(t, "sns/friend_import", imemutest.TIMFriendImportRequest{FromAccount: "n1", AddFriendItem: []imemutest.TIMImportFriendItem{{ToAccount: "u2", AddSource: "AddSource_Type_Test", GroupName: []string{"g"}, AddTime: 1700000000, CustomItem: []imemutest.TIMCustomItem{{Tag: "Tag_SNS_Custom_x", Value: "y"}}}}}).Body, &imp)
	assert.Equal(t, 0, imp.ErrorCode, "%+v", imp)

	var get imemutest.TIMFriendGetAnswer
	strict(t, app.Post(t, "sns/friend_get", imemutest.TIMFriendGetRequest{FromAccount: "n1"}).Body, &get)
	assert.Equal(t, 2, get.FriendNum)
	assert.Equal(t, 1, get.CompleteFlag)
	require.Len(t, get.UserDataItem, 2)
	var list imemutest.TIMFriendGetListAnswer
	strict(t, app.Post(t, "sns/friend_get_list", imemutest.TIMFriendGetListRequest{FromAccount: "n1", ToAccount: []string{"u2", "u3"}, TagList: []string{"Tag_SNS_IM_Group", "Tag_SNS_IM_AddTime"}}).Body, &list)
	require.Len(t, list.InfoItem, 2, "%+v", list)
	assert.Equal(t, []imemutest.TIMTagValue{{Tag: "Tag_SNS_IM_Group", Value: json.RawMessage(`["g"]`)}, {Tag: "Tag_SNS_IM_AddTime", Value: json.RawMessage(`1700000000`)}}, list.InfoItem[0].SnsProfileItem)
	assert.Equal(t, []string{"u3"}, list.FailAccount)

	var fc imemutest.TIMFriendCheckAnswer
	strict(t, app.Post(t, "sns/friend_check", imemutest.TIMFriendCheckRequest{FromAccount: "u0", ToAccount: []string{"u1"}, CheckType: imemutest.TIMCheckBoth}).Body, &fc)
	assert.Equal(t, []imemutest.TIMCheckItem{{ToAccount: "u1", Relation: "CheckResult_Type_BothWay"}}, fc.InfoItem)
	var del imemutest.TIMFriendDeleteAnswer
	strict(t, app.Post(t, "sns/friend_delete", imemutest.TIMFriendDeleteRequest{FromAccount: "u0", ToAccount: []string{"u1", "u0"}}).Body, &del)
	assert.Equal(t, []imemutest.TIMResultItem{{ToAccount: "u1"}, {ToAccount: "u0", ResultCode: 31704, ResultInfo: "Err_SNS_FriendDelete_Not_Friend"}}, del.ResultItem)
	assert.Equal(t, imemutest.TIMAnswer{ActionStatus: "OK"}, app.FriendDeleteAll(t, imemutest.TIMFriendDeleteAllRequest{FromAccount: "u0", DeleteType: imemutest.TIMDeleteBoth}))
	assert.Empty(t, app.FriendGet(t, imemutest.TIMFriendGetRequest{FromAccount: "u0"}).UserDataItem)

	bad := app.Post(t, "sns/friend_delete", json.RawMessage(`[]`))
	assert.Equal(t, 60003, bad.ErrorCode, "a malformed body goes through Post: %s", bad.Body)
	assert.Equal(t, "FAIL", bad.ActionStatus)
}
