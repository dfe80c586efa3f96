package zegoapi_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/store"
	"github.com/imemu/imemu/internal/zegoapi"
)

// apply returns SendFriendApplication's body for frank with one item.
func apply(item string) string { return `{"FromUserId":"frank","FriendInfos":[{` + item + `}]}` }

// erinListsFrankAtLimit gives frank zegoapi.MaxFriends friends and makes
// erin list frank (one-way), so frank's application to erin would be
// accepted at once but for the limit.
func erinListsFrankAtLimit(e *env) {
	atFriendLimit(e)
	t, err := e.store.Tenant(context.Background(), appKey)
	require.NoError(e.tb, err)
	_, err = e.store.AddFriends(context.Background(), t.ID, "erin", []imemu.Friend{{ID: "frank"}}, store.AddOptions{})
	require.NoError(e.tb, err)
}

var applicationCases = []apiCase{
	{name: "apply/pending", action: "SendFriendApplication", body: `{"FromUserId":"frank","FriendInfos":[{"UserId":"alice","Wording":"hi, it's frank",
		"FriendAlias":"Al","Attributes":[{"Key":"k2","Value":"Value"},{"Key":"k0","Value":"Value1"}]}]}`, code: zegoapi.CodeOK},
	{name: "apply/auto_accept", action: "SendFriendApplication", body: `{"FromUserId":"alice","FriendInfos":[{"UserId":"erin","FriendAlias":"E"}]}`, code: zegoapi.CodeOK},
	{name: "apply/resend", action: "SendFriendApplication", setup: before("SendFriendApplication", apply(`"UserId":"alice","Wording":"first"`)),
		body: apply(`"UserId":"alice","Wording":"second"`), code: zegoapi.CodeOK},
	{name: "apply/partial", action: "SendFriendApplication", body: `{"FromUserId":"frank","FriendInfos":[
		{"UserId":"alice"},
		{"UserId":"frank"},
		{"UserId":"zed"},
		{"UserId":"dave","Wording":"` + strings.Repeat("é", 257) + `"},
		{"UserId":"bob","Attributes":[{"Key":"k5","Value":"v"}]},
		{"UserId":"carol","Attributes":[{"Key":"k1","Value":"a"},{"Key":"k1","Value":"b"}]},
		{"UserId":"erin","CreateTime":` + fmt.Sprint(startMs+1) + `},
		{"UserId":"gina"},{"UserId":"gina"}]}`, code: zegoapi.CodeOK},
	{name: "apply/already_friend", action: "SendFriendApplication", body: `{"FromUserId":"alice","FriendInfos":[{"UserId":"bob"}]}`, code: zegoapi.CodeAlreadyFriend},
	{name: "apply/already_lists_one_way", action: "SendFriendApplication", body: `{"FromUserId":"erin","FriendInfos":[{"UserId":"alice"}]}`, code: zegoapi.CodeAlreadyFriend},
	{name: "apply/self", action: "SendFriendApplication", body: apply(`"UserId":"frank"`), code: zegoapi.CodeAddSelf},
	{name: "apply/duplicates", action: "SendFriendApplication", body: `{"FromUserId":"frank","FriendInfos":[{"UserId":"erin"},{"UserId":"erin"}]}`, code: zegoapi.CodeDuplicateIDs},
	{name: "apply/wording_too_long", action: "SendFriendApplication", body: apply(`"UserId":"erin","Wording":"` + strings.Repeat("w", 257) + `"`), code: zegoapi.CodeTextTooLong},
	{name: "apply/alias_256_runes", action: "SendFriendApplication", body: apply(`"UserId":"erin","FriendAlias":"` + strings.Repeat("é", 256) + `"`), code: zegoapi.CodeOK},
	{name: "apply/attr_key", action: "SendFriendApplication", body: apply(`"UserId":"erin","Attributes":[{"Key":"k5","Value":"v"}]`), code: zegoapi.CodeAttrKey},
	{name: "apply/attr_dup_key", action: "SendFriendApplication", body: apply(`"UserId":"erin","Attributes":[{"Key":"k0","Value":"a"},{"Key":"k0","Value":"b"}]`), code: zegoapi.CodeAttrDupKey},
	{name: "apply/attr_6", action: "SendFriendApplication", body: apply(`"UserId":"erin","Attributes":[` + attrs(5) + `,{"Key":"k0","Value":"again"}]`), code: zegoapi.CodeAttrParam},
	{name: "apply/attr_1025_bytes", action: "SendFriendApplication", body: apply(`"UserId":"erin","Attributes":[{"Key":"k0","Value":"` + strings.Repeat("v", 1023) + `"}]`), code: zegoapi.CodeAttrTooLong},
	{name: "apply/create_time_past", action: "SendFriendApplication", body: apply(`"UserId":"erin","CreateTime":1700000000000,"UpdateTime":1700000001000`), code: zegoapi.CodeOK},
	{name: "apply/create_time_future", action: "SendFriendApplication", body: apply(`"UserId":"erin","CreateTime":` + fmt.Sprint(startMs+1)), code: zegoapi.CodeFriendTimeLate},
	{name: "apply/update_time_future", action: "SendFriendApplication", body: apply(`"UserId":"erin","UpdateTime":` + fmt.Sprint(startMs+1)), code: zegoapi.CodeFriendTimeLate},
	{name: "apply/create_time_negative", action: "SendFriendApplication", body: apply(`"UserId":"erin","CreateTime":-1`), code: zegoapi.CodeParamError},
	{name: "apply/none_registered", action: "SendFriendApplication", body: `{"FromUserId":"frank","FriendInfos":[{"UserId":"zed"},{"UserId":"yan"}]}`, code: zegoapi.CodeNoneRegistered},
	{name: "apply/auto_accept_at_friend_limit", action: "SendFriendApplication", setup: erinListsFrankAtLimit, body: apply(`"UserId":"erin"`), code: zegoapi.CodeFriendLimit},
	{name: "apply/pending_at_friend_limit", action: "SendFriendApplication", setup: atFriendLimit, body: apply(`"UserId":"erin"`), code: zegoapi.CodeOK},
	{name: "apply/blocked_pair_allowed", action: "SendFriendApplication", setup: before("AddUsersToBlacklist", `{"FromUserId":"erin","UserIds":["frank"]}`),
		body: apply(`"UserId":"erin"`), code: zegoapi.CodeOK},
	{name: "apply/from_unregistered", action: "SendFriendApplication", body: `{"FromUserId":"zed","FriendInfos":[{"UserId":"erin"}]}`, code: zegoapi.CodeFromNotFound},
	{name: "apply/friendinfos_empty", action: "SendFriendApplication", body: `{"FromUserId":"frank","FriendInfos":[]}`, code: zegoapi.CodeParamError},
	{name: "apply/friendinfos_21", action: "SendFriendApplication", body: `{"FromUserId":"frank","FriendInfos":[` + userInfos(21) + `]}`, code: zegoapi.CodeBatchLimit},
	{name: "apply/friendinfos_missing", action: "SendFriendApplication", body: `{"FromUserId":"frank"}`, code: zegoapi.CodeParamError},
	{name: "apply/userid_bad_charset", action: "SendFriendApplication", body: apply(`"UserId":"e/rin"`), code: zegoapi.CodeParamError},
}

var userInfoCases = []apiCase{
	// QueryUserInfos.
	{name: "userinfo/query", action: "QueryUserInfos", setup: before("ModifyUserInfo", `{"UserInfo":[{"UserId":"bob","UserName":"Bob","UserAvatar":"https://example.com/bob.png","Extra":"{\"vip\":true}"}]}`),
		body: `{"UserIds":["bob","alice","zed","bob"]}`, code: zegoapi.CodeOK},
	{name: "userinfo/query_all_unknown", action: "QueryUserInfos", body: `{"UserIds":["zed","` + strings.Repeat("z", 64) + `"]}`, code: zegoapi.CodeParamError},
	{name: "userinfo/query_id_65_bytes", action: "QueryUserInfos", body: `{"UserIds":["` + strings.Repeat("z", 65) + `"]}`, code: zegoapi.CodeParamError},
	{name: "userinfo/query_id_empty", action: "QueryUserInfos", body: `{"UserIds":["bob",""]}`, code: zegoapi.CodeParamError},
	{name: "userinfo/query_100", action: "QueryUserInfos", body: `{"UserIds":["alice",` + ids("u", 99) + `]}`, code: zegoapi.CodeOK},
	{name: "userinfo/query_101", action: "QueryUserInfos", body: `{"UserIds":[` + ids("u", 101) + `]}`, code: zegoapi.CodeTooManyUsers},
	{name: "userinfo/query_empty", action: "QueryUserInfos", body: `{"UserIds":[]}`, code: zegoapi.CodeParamError},
	{name: "userinfo/query_missing", action: "QueryUserInfos", body: `{}`, code: zegoapi.CodeParamError},

	// ModifyUserInfo.
	{name: "userinfo/modify", action: "ModifyUserInfo", body: `{"UserInfo":[{"UserId":"alice","UserName":"Alice","UserAvatar":"http","Extra":"extra info"},{"UserId":"bob","UserName":"Bob"}]}`, code: zegoapi.CodeOK},
	{name: "userinfo/modify_partial", action: "ModifyUserInfo", body: `{"UserInfo":[
		{"UserId":"alice","Extra":"` + strings.Repeat("x", 2048) + `"},
		{"UserId":"bob","Extra":"` + strings.Repeat("x", 2049) + `"},
		{"UserId":"` + strings.Repeat("c", 33) + `"},
		{"UserId":"c*rol"},
		{"UserId":"carol","UserName":"` + strings.Repeat("n", 257) + `"},
		{"UserId":"dave","UserAvatar":"` + strings.Repeat("a", 501) + `"},
		{"UserId":"zed","UserName":"Zed"}]}`, code: zegoapi.CodeOK},
	{name: "userinfo/modify_all_unregistered", action: "ModifyUserInfo", body: `{"UserInfo":[{"UserId":"zed","UserName":"Zed"}]}`, code: zegoapi.CodeUserMissing},
	{name: "userinfo/modify_101", action: "ModifyUserInfo", body: `{"UserInfo":[` + userInfos(101) + `]}`, code: zegoapi.CodeTooManyUsers},
	{name: "userinfo/modify_empty", action: "ModifyUserInfo", body: `{"UserInfo":[]}`, code: zegoapi.CodeParamError},
	{name: "userinfo/modify_name_number", action: "ModifyUserInfo", body: `{"UserInfo":[{"UserId":"alice","UserName":1}]}`, code: zegoapi.CodeParamError},
}
