package zegoapi_test

import (
	"fmt"
	"strings"

	"github.com/imemu/imemu/internal/zegoapi"
)

// userInfos returns n UserInfo items u0, u1, ….
func userInfos(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(`{"UserId":"u%d"}`, i)
	}
	return strings.Join(parts, ",")
}

var registerCases = []apiCase{
	{name: "register/ok", action: "UserRegister",
		body: `{"UserInfo":[{"UserId":"gina","UserName":"Gina","UserAvatar":"https://example.com/gina.png"},{"UserId":"hank"}]}`, code: zegoapi.CodeOK},
	{name: "register/partial", action: "UserRegister", body: `{"UserInfo":[
		{"UserId":"gina"},
		{"UserId":"alice"},
		{"UserId":"` + strings.Repeat("x", 39) + `"},
		{"UserId":"b*d"},
		{"UserId":""},
		{"UserId":"hank","UserName":"` + strings.Repeat("n", 257) + `"},
		{"UserId":"ivan","UserAvatar":"` + strings.Repeat("a", 501) + `"},
		{"UserId":"jane","UserName":"` + strings.Repeat("n", 256) + `","UserAvatar":"` + strings.Repeat("a", 500) + `"},
		{"UserId":"gina"}]}`, code: zegoapi.CodeOK},
	{name: "register/all_exist", action: "UserRegister", body: `{"UserInfo":[{"UserId":"alice"},{"UserId":"bob"}]}`, code: zegoapi.CodeUserExists},
	{name: "register/all_too_long", action: "UserRegister", body: `{"UserInfo":[{"UserId":"` + strings.Repeat("x", 39) + `"}]}`, code: zegoapi.CodeUserIDTooLong},
	{name: "register/all_bad_charset", action: "UserRegister", body: `{"UserInfo":[{"UserId":"a b"}]}`, code: zegoapi.CodeParamError},
	{name: "register/name_too_long", action: "UserRegister", body: `{"UserInfo":[{"UserId":"gina","UserName":"` + strings.Repeat("é", 129) + `"}]}`, code: zegoapi.CodeUserNameLong},
	{name: "register/avatar_too_long", action: "UserRegister", body: `{"UserInfo":[{"UserId":"gina","UserAvatar":"` + strings.Repeat("a", 501) + `"}]}`, code: zegoapi.CodeAvatarLong},
	{name: "register/100", action: "UserRegister", body: `{"UserInfo":[` + userInfos(100) + `]}`, code: zegoapi.CodeOK},
	{name: "register/101", action: "UserRegister", body: `{"UserInfo":[` + userInfos(101) + `]}`, code: zegoapi.CodeTooManyUsers},
	{name: "register/empty", action: "UserRegister", body: `{"UserInfo":[]}`, code: zegoapi.CodeParamError},
	{name: "register/missing", action: "UserRegister", body: `{}`, code: zegoapi.CodeParamError},
	{name: "register/item_string", action: "UserRegister", body: `{"UserInfo":["gina"]}`, code: zegoapi.CodeParamError},
	{name: "register/item_null", action: "UserRegister", body: `{"UserInfo":[null]}`, code: zegoapi.CodeParamError},
	{name: "register/name_number", action: "UserRegister", body: `{"UserInfo":[{"UserId":"gina","UserName":7}]}`, code: zegoapi.CodeParamError},
}

// addOne is an AddFriends body in which frank adds one friend described by
// the FriendInfo fields in info.
func addOne(info string) string {
	return `{"FromUserId":"frank","FriendInfos":[{` + info + `}]}`
}

// attrs returns n distinct Attributes items k0, k1, ….
func attrs(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(`{"Key":"k%d","Value":"v"}`, i)
	}
	return strings.Join(parts, ",")
}

// The test clock's time in Unix ms, for FriendTime.
var startMs = start.UnixMilli()

var addCases = []apiCase{
	{name: "add/ok", action: "AddFriends", body: `{"FromUserId":"frank","FriendInfos":[
		{"UserId":"erin","Wording":"hi","FriendAlias":"Erin F.","FriendTime":1700000000000,"Attributes":[{"Key":"k0","Value":"met at work"},{"Key":"k4","Value":""}]},
		{"UserId":"bob"}]}`, code: zegoapi.CodeOK},
	{name: "add/completes_one_way", action: "AddFriends", body: `{"FromUserId":"alice","FriendInfos":[{"UserId":"erin"}]}`, code: zegoapi.CodeOK},
	{name: "add/partial", action: "AddFriends", body: `{"FromUserId":"frank","FriendInfos":[
		{"UserId":"erin"},
		{"UserId":"frank"},
		{"UserId":"zed"},
		{"UserId":"dave","FriendAlias":"` + strings.Repeat("é", 257) + `"},
		{"UserId":"bob","Attributes":[{"Key":"k5","Value":"v"}]},
		{"UserId":"carol","Attributes":[{"Key":"k1","Value":"a"},{"Key":"k1","Value":"b"}]},
		{"UserId":"alice","FriendTime":` + fmt.Sprint(startMs+1) + `},
		{"UserId":"gina"},{"UserId":"gina"}]}`, code: zegoapi.CodeOK},
	{name: "add/self", action: "AddFriends", body: addOne(`"UserId":"frank"`), code: zegoapi.CodeAddSelf},
	{name: "add/wording_256_runes", action: "AddFriends", body: addOne(`"UserId":"erin","Wording":"` + strings.Repeat("é", 256) + `"`), code: zegoapi.CodeOK},
	{name: "add/wording_too_long", action: "AddFriends", body: addOne(`"UserId":"erin","Wording":"` + strings.Repeat("w", 257) + `"`), code: zegoapi.CodeTextTooLong},
	{name: "add/alias_too_long", action: "AddFriends", body: addOne(`"UserId":"erin","FriendAlias":"` + strings.Repeat("a", 257) + `"`), code: zegoapi.CodeTextTooLong},
	{name: "add/duplicates", action: "AddFriends", body: `{"FromUserId":"frank","FriendInfos":[{"UserId":"erin"},{"UserId":"erin"}]}`, code: zegoapi.CodeDuplicateIDs},
	{name: "add/attr_key_k5", action: "AddFriends", body: addOne(`"UserId":"erin","Attributes":[{"Key":"k5","Value":"v"}]`), code: zegoapi.CodeAttrKey},
	{name: "add/attr_key_lowercase_field", action: "AddFriends", body: addOne(`"UserId":"erin","Attributes":[{"key":"k0","value":"v"}]`), code: zegoapi.CodeOK},
	{name: "add/attr_key_unknown_field", action: "AddFriends", body: addOne(`"UserId":"erin","Attributes":[{"Keys":"k0","Value":"v"}]`), code: zegoapi.CodeAttrKey},
	{name: "add/attr_dup_key", action: "AddFriends", body: addOne(`"UserId":"erin","Attributes":[{"Key":"k0","Value":"a"},{"Key":"k0","Value":"b"}]`), code: zegoapi.CodeAttrDupKey},
	{name: "add/attr_5", action: "AddFriends", body: addOne(`"UserId":"erin","Attributes":[` + attrs(5) + `]`), code: zegoapi.CodeOK},
	{name: "add/attr_6", action: "AddFriends", body: addOne(`"UserId":"erin","Attributes":[` + attrs(5) + `,{"Key":"k0","Value":"again"}]`), code: zegoapi.CodeAttrParam},
	{name: "add/attr_1024_bytes", action: "AddFriends", body: addOne(`"UserId":"erin","Attributes":[{"Key":"k0","Value":"` + strings.Repeat("v", 1022) + `"}]`), code: zegoapi.CodeOK},
	{name: "add/attr_1025_bytes", action: "AddFriends", body: addOne(`"UserId":"erin","Attributes":[{"Key":"k0","Value":"` + strings.Repeat("v", 1000) + `"},{"Key":"k1","Value":"` + strings.Repeat("v", 21) + `"}]`), code: zegoapi.CodeAttrTooLong},
	{name: "add/attr_value_number", action: "AddFriends", body: addOne(`"UserId":"erin","Attributes":[{"Key":"k0","Value":1}]`), code: zegoapi.CodeParamError},
	{name: "add/friend_time_now", action: "AddFriends", body: addOne(`"UserId":"erin","FriendTime":` + fmt.Sprint(startMs)), code: zegoapi.CodeOK},
	{name: "add/friend_time_future", action: "AddFriends", body: addOne(`"UserId":"erin","FriendTime":` + fmt.Sprint(startMs+1)), code: zegoapi.CodeFriendTimeLate},
	{name: "add/friend_time_negative", action: "AddFriends", body: addOne(`"UserId":"erin","FriendTime":-1`), code: zegoapi.CodeParamError},
	{name: "add/friend_time_string", action: "AddFriends", body: addOne(`"UserId":"erin","FriendTime":"0"`), code: zegoapi.CodeParamError},
	{name: "add/already_friend", action: "AddFriends", body: `{"FromUserId":"alice","FriendInfos":[{"UserId":"bob"}]}`, code: zegoapi.CodeAlreadyFriend},
	{name: "add/target_unregistered", action: "AddFriends", body: `{"FromUserId":"frank","FriendInfos":[{"UserId":"zed"},{"UserId":"erin"}]}`, code: zegoapi.CodeOK},
	{name: "add/none_registered", action: "AddFriends", body: `{"FromUserId":"frank","FriendInfos":[{"UserId":"zed"},{"UserId":"yan"}]}`, code: zegoapi.CodeNoneRegistered},
	{name: "add/owner_at_friend_limit", action: "AddFriends", setup: atFriendLimit, body: addOne(`"UserId":"erin"`), code: zegoapi.CodeFriendLimit},
	{name: "add/target_at_friend_limit", action: "AddFriends", setup: atFriendLimit, body: `{"FromUserId":"erin","FriendInfos":[{"UserId":"frank"}]}`, code: zegoapi.CodeFriendLimit},
	{name: "add/from_unregistered", action: "AddFriends", body: `{"FromUserId":"zed","FriendInfos":[{"UserId":"erin"}]}`, code: zegoapi.CodeFromNotFound},
	{name: "add/friendinfos_empty", action: "AddFriends", body: `{"FromUserId":"frank","FriendInfos":[]}`, code: zegoapi.CodeParamError},
	{name: "add/friendinfos_21", action: "AddFriends", body: `{"FromUserId":"frank","FriendInfos":[` + userInfos(21) + `]}`, code: zegoapi.CodeBatchLimit},
	{name: "add/friendinfos_missing", action: "AddFriends", body: `{"FromUserId":"frank"}`, code: zegoapi.CodeParamError},
	{name: "add/userid_bad_charset", action: "AddFriends", body: addOne(`"UserId":"e/rin"`), code: zegoapi.CodeParamError},
}
