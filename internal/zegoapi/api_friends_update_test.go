package zegoapi_test

import (
	"strings"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/zegoapi"
)

// sizedAttrs returns n attributes k0… with values of size bytes each, as JSON
// array items.
func sizedAttrs(n, size int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = `{"Key":"k` + string(rune('0'+i)) + `","Value":"` + strings.Repeat("v", size) + `"}`
	}
	return strings.Join(parts, ",")
}

// withBobAttributes gives alice's edge to bob k0 and k1 of 400 bytes each.
var withBobAttributes = before("UpdateFriendAttributes", `{"FromUserId":"alice","UserId":"bob","Attributes":[`+sizedAttrs(2, 400)+`]}`)

var friendsUpdateCases = []apiCase{
	// UpdateFriendsAlias.
	{name: "alias/two", action: "UpdateFriendsAlias", body: `{"FromUserId":"alice","UserIds":[{"UserId":"bob","FriendAlias":"Bobby"},{"UserId":"carol","FriendAlias":"C"}]}`, code: zegoapi.CodeOK},
	{name: "alias/partial", action: "UpdateFriendsAlias",
		body: `{"FromUserId":"alice","UserIds":[{"UserId":"bob","FriendAlias":"Bobby"},{"UserId":"erin","FriendAlias":"E"},{"UserId":"zed"},` +
			`{"UserId":"alice","FriendAlias":"me"},{"UserId":"dave","FriendAlias":"` + strings.Repeat("é", 257) + `"},` +
			`{"UserId":"carol","FriendAlias":"1"},{"UserId":"carol","FriendAlias":"2"}]}`, code: zegoapi.CodeOK},
	{name: "alias/256_characters", action: "UpdateFriendsAlias", body: `{"FromUserId":"alice","UserIds":[{"UserId":"bob","FriendAlias":"` + strings.Repeat("é", 256) + `"}]}`, code: zegoapi.CodeOK},
	{name: "alias/missing_clears", action: "UpdateFriendsAlias", body: `{"FromUserId":"alice","UserIds":[{"UserId":"bob"}]}`, code: zegoapi.CodeOK},
	{name: "alias/all_not_friends", action: "UpdateFriendsAlias", body: `{"FromUserId":"alice","UserIds":[{"UserId":"erin","FriendAlias":"E"}]}`, code: zegoapi.CodeNotFriend},
	{name: "alias/all_too_long", action: "UpdateFriendsAlias", body: `{"FromUserId":"alice","UserIds":[{"UserId":"bob","FriendAlias":"` + strings.Repeat("a", 257) + `"}]}`, code: zegoapi.CodeTextTooLong},
	{name: "alias/userids_21", action: "UpdateFriendsAlias", body: `{"FromUserId":"alice","UserIds":[` + aliasItems(21) + `]}`, code: zegoapi.CodeBatchLimit},
	{name: "alias/app_cap_50", action: "UpdateFriendsAlias", setup: withLimits(imemu.Limits{BatchMax: 50}), body: `{"FromUserId":"alice","UserIds":[` + aliasItems(50) + `]}`, code: zegoapi.CodeNotFriend},
	{name: "alias/userids_empty", action: "UpdateFriendsAlias", body: `{"FromUserId":"alice","UserIds":[]}`, code: zegoapi.CodeParamError},
	{name: "alias/userids_strings", action: "UpdateFriendsAlias", body: `{"FromUserId":"alice","UserIds":["bob"]}`, code: zegoapi.CodeParamError},
	{name: "alias/item_userid_missing", action: "UpdateFriendsAlias", body: `{"FromUserId":"alice","UserIds":[{"FriendAlias":"x"}]}`, code: zegoapi.CodeParamError},
	{name: "alias/alias_number", action: "UpdateFriendsAlias", body: `{"FromUserId":"alice","UserIds":[{"UserId":"bob","FriendAlias":7}]}`, code: zegoapi.CodeParamError},
	{name: "alias/from_unregistered", action: "UpdateFriendsAlias", body: `{"FromUserId":"zed","UserIds":[{"UserId":"bob"}]}`, code: zegoapi.CodeFromNotFound},
	{name: "alias/from_missing", action: "UpdateFriendsAlias", body: `{"UserIds":[{"UserId":"bob"}]}`, code: zegoapi.CodeParamError},

	// UpdateFriendAttributes.
	{name: "attrs/set", action: "UpdateFriendAttributes", body: `{"FromUserId":"alice","UserId":"bob","Attributes":[{"Key":"k0","Value":"Value1"},{"Key":"k2","Value":"Value2"}],"Action":0}`, code: zegoapi.CodeOK},
	{name: "attrs/action_missing", action: "UpdateFriendAttributes", body: `{"FromUserId":"alice","UserId":"bob","Attributes":[{"Key":"k0","Value":"v"}]}`, code: zegoapi.CodeOK},
	{name: "attrs/partial", action: "UpdateFriendAttributes",
		body: `{"FromUserId":"alice","UserId":"bob","Attributes":[{"Key":"k0","Value":"v"},{"Key":"k9","Value":"v"},{"Key":"k1","Value":"a"},{"Key":"k1","Value":"b"}]}`, code: zegoapi.CodeOK},
	{name: "attrs/stored_over_limit", action: "UpdateFriendAttributes", setup: withBobAttributes,
		body: `{"FromUserId":"alice","UserId":"bob","Attributes":[{"Key":"k2","Value":"` + strings.Repeat("x", 300) + `"},{"Key":"k0","Value":"` + strings.Repeat("y", 600) + `"}]}`, code: zegoapi.CodeOK},
	{name: "attrs/all_over_limit", action: "UpdateFriendAttributes", setup: withBobAttributes,
		body: `{"FromUserId":"alice","UserId":"bob","Attributes":[{"Key":"k2","Value":"` + strings.Repeat("x", 300) + `"}]}`, code: zegoapi.CodeAttrTooLong},
	{name: "attrs/all_bad_keys", action: "UpdateFriendAttributes", body: `{"FromUserId":"alice","UserId":"bob","Attributes":[{"Key":"k5","Value":"v"},{"Key":"k0","Value":"v"},{"Key":"k0","Value":"w"}]}`, code: zegoapi.CodeAttrKey},
	{name: "attrs/all_duplicate_keys", action: "UpdateFriendAttributes", body: `{"FromUserId":"alice","UserId":"bob","Attributes":[{"Key":"k0","Value":"v"},{"Key":"k0","Value":"w"}]}`, code: zegoapi.CodeAttrDupKey},
	{name: "attrs/not_friend", action: "UpdateFriendAttributes", body: `{"FromUserId":"alice","UserId":"erin","Attributes":[{"Key":"k0","Value":"v"},{"Key":"k7","Value":"v"}]}`, code: zegoapi.CodeNotFriend},
	{name: "attrs/unregistered_friend", action: "UpdateFriendAttributes", body: `{"FromUserId":"alice","UserId":"zed","Attributes":[{"Key":"k0","Value":"v"}]}`, code: zegoapi.CodeNotFriend},
	{name: "attrs/request_over_limit", action: "UpdateFriendAttributes", body: `{"FromUserId":"alice","UserId":"bob","Attributes":[` + sizedAttrs(3, 340) + `]}`, code: zegoapi.CodeAttrTooLong},
	{name: "attrs/request_1024_bytes", action: "UpdateFriendAttributes", body: `{"FromUserId":"alice","UserId":"bob","Attributes":[` + sizedAttrs(2, 510) + `]}`, code: zegoapi.CodeOK},
	{name: "attrs/six", action: "UpdateFriendAttributes", body: `{"FromUserId":"alice","UserId":"bob","Attributes":[` + sizedAttrs(5, 1) + `,{"Key":"k0","Value":"x"}]}`, code: zegoapi.CodeParamError},
	{name: "attrs/empty", action: "UpdateFriendAttributes", body: `{"FromUserId":"alice","UserId":"bob","Attributes":[]}`, code: zegoapi.CodeParamError},
	{name: "attrs/missing", action: "UpdateFriendAttributes", body: `{"FromUserId":"alice","UserId":"bob"}`, code: zegoapi.CodeParamError},
	{name: "attrs/action_1", action: "UpdateFriendAttributes", body: `{"FromUserId":"alice","UserId":"bob","Attributes":[{"Key":"k0","Value":"v"}],"Action":1}`, code: zegoapi.CodeParamError},
	{name: "attrs/userid_missing", action: "UpdateFriendAttributes", body: `{"FromUserId":"alice","Attributes":[{"Key":"k0","Value":"v"}]}`, code: zegoapi.CodeParamError},
	{name: "attrs/from_unregistered", action: "UpdateFriendAttributes", body: `{"FromUserId":"zed","UserId":"bob","Attributes":[{"Key":"k0","Value":"v"}]}`, code: zegoapi.CodeFromNotFound},
	{name: "attrs/value_number", action: "UpdateFriendAttributes", body: `{"FromUserId":"alice","UserId":"bob","Attributes":[{"Key":"k0","Value":1}]}`, code: zegoapi.CodeParamError},
}

// aliasItems returns n UpdateFriendsAlias items for users u0… as JSON
// array items.
func aliasItems(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = `{"UserId":"u` + string(rune('a'+i%26)) + strings.Repeat("x", i/26) + `","FriendAlias":"a"}`
	}
	return strings.Join(parts, ",")
}
