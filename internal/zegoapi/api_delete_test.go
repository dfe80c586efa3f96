package zegoapi_test

import (
	"strings"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/zegoapi"
)

var deleteCases = []apiCase{
	// Successes and per-target outcomes.
	{name: "delete/two_way", action: "DeleteFriends", body: `{"FromUserId":"alice","UserIds":["bob","carol"],"DeleteType":0}`, code: zegoapi.CodeOK},
	{name: "delete/one_way", action: "DeleteFriends", body: deleteBob, code: zegoapi.CodeOK},
	{name: "delete/one_way_listed_by_nobody_else", action: "DeleteFriends", body: `{"FromUserId":"erin","UserIds":["alice"],"DeleteType":0}`, code: zegoapi.CodeOK},
	{name: "delete/partial", action: "DeleteFriends",
		body: `{"FromUserId":"alice","UserIds":["bob","erin","frank","zed","alice","dave","carol","dave"],"DeleteType":1}`, code: zegoapi.CodeOK},
	{name: "delete/all_not_friends", action: "DeleteFriends", body: `{"FromUserId":"alice","UserIds":["erin","frank","zed"],"DeleteType":0}`, code: zegoapi.CodeNotFriend},
	{name: "delete/all_self", action: "DeleteFriends", body: `{"FromUserId":"alice","UserIds":["alice"],"DeleteType":1}`, code: zegoapi.CodeDeleteSelf},
	{name: "delete/all_duplicates", action: "DeleteFriends", body: `{"FromUserId":"alice","UserIds":["bob","bob"],"DeleteType":1}`, code: zegoapi.CodeDuplicateIDs},
	{name: "delete/all_fail_mixed_first_wins", action: "DeleteFriends", body: `{"FromUserId":"alice","UserIds":["frank","alice","bob","bob"],"DeleteType":1}`, code: zegoapi.CodeNotFriend},
	{name: "delete/unknown_field_ignored", action: "DeleteFriends", body: `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":1,"Extra":{"a":[1]}}`, code: zegoapi.CodeOK},

	// Request-level failures, first one wins.
	{name: "delete/from_unregistered", action: "DeleteFriends", body: `{"FromUserId":"zed","UserIds":["bob"],"DeleteType":1}`, code: zegoapi.CodeFromNotFound},
	{name: "delete/from_unregistered_before_items", action: "DeleteFriends", body: `{"FromUserId":"zed","UserIds":["zed","zed"],"DeleteType":1}`, code: zegoapi.CodeFromNotFound},
	{name: "delete/from_missing", action: "DeleteFriends", body: `{"UserIds":["bob"],"DeleteType":1}`, code: zegoapi.CodeParamError},
	{name: "delete/from_empty", action: "DeleteFriends", body: `{"FromUserId":"","UserIds":["bob"],"DeleteType":1}`, code: zegoapi.CodeParamError},
	{name: "delete/from_null", action: "DeleteFriends", body: `{"FromUserId":null,"UserIds":["bob"],"DeleteType":1}`, code: zegoapi.CodeParamError},
	{name: "delete/from_number", action: "DeleteFriends", body: `{"FromUserId":123,"UserIds":["bob"],"DeleteType":1}`, code: zegoapi.CodeParamError},
	{name: "delete/from_33_bytes", action: "DeleteFriends", body: `{"FromUserId":"` + strings.Repeat("a", 33) + `","UserIds":["bob"],"DeleteType":1}`, code: zegoapi.CodeParamError},
	{name: "delete/from_32_bytes_unregistered", action: "DeleteFriends", body: `{"FromUserId":"` + strings.Repeat("a", 32) + `","UserIds":["bob"],"DeleteType":1}`, code: zegoapi.CodeFromNotFound},
	{name: "delete/from_space", action: "DeleteFriends", body: `{"FromUserId":"al ice","UserIds":["bob"],"DeleteType":1}`, code: zegoapi.CodeParamError},
	{name: "delete/from_all_symbols_unregistered", action: "DeleteFriends", body: `{"FromUserId":"!#$%&()+-:;<=.>?@[]^_{}|~","UserIds":["bob"],"DeleteType":1}`, code: zegoapi.CodeFromNotFound},
	{name: "delete/from_non_ascii", action: "DeleteFriends", body: `{"FromUserId":"álice","UserIds":["bob"],"DeleteType":1}`, code: zegoapi.CodeParamError},
	{name: "delete/field_name_case", action: "DeleteFriends", body: `{"fromUserId":"alice","USERIDS":["bob"],"deletetype":1}`, code: zegoapi.CodeOK},
	{name: "delete/field_name_case_last_wins", action: "DeleteFriends", body: `{"FromUserId":"alice","fromuserid":"zed","UserIds":["bob"],"DeleteType":1}`, code: zegoapi.CodeFromNotFound},
	{name: "delete/field_name_near_miss", action: "DeleteFriends", body: `{"FromUserIds":"alice","UserIds":["bob"],"DeleteType":1}`, code: zegoapi.CodeParamError},
	{name: "delete/deletetype_missing", action: "DeleteFriends", body: `{"FromUserId":"alice","UserIds":["bob"]}`, code: zegoapi.CodeParamError},
	{name: "delete/deletetype_null", action: "DeleteFriends", body: `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":null}`, code: zegoapi.CodeParamError},
	{name: "delete/deletetype_string", action: "DeleteFriends", body: `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":"1"}`, code: zegoapi.CodeParamError},
	{name: "delete/deletetype_fraction", action: "DeleteFriends", body: `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":1.5}`, code: zegoapi.CodeParamError},
	{name: "delete/deletetype_float_literal", action: "DeleteFriends", body: `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":1.0}`, code: zegoapi.CodeParamError},
	{name: "delete/deletetype_exponent", action: "DeleteFriends", body: `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":1e0}`, code: zegoapi.CodeParamError},
	{name: "delete/deletetype_bool", action: "DeleteFriends", body: `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":true}`, code: zegoapi.CodeParamError},
	{name: "delete/deletetype_2", action: "DeleteFriends", body: `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":2}`, code: zegoapi.CodeParamError},
	{name: "delete/deletetype_negative", action: "DeleteFriends", body: `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":-1}`, code: zegoapi.CodeParamError},
	{name: "delete/deletetype_huge", action: "DeleteFriends", body: `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":99999999999999999999}`, code: zegoapi.CodeParamError},
	{name: "delete/userids_missing", action: "DeleteFriends", body: `{"FromUserId":"alice","DeleteType":1}`, code: zegoapi.CodeParamError},
	{name: "delete/userids_null", action: "DeleteFriends", body: `{"FromUserId":"alice","UserIds":null,"DeleteType":1}`, code: zegoapi.CodeParamError},
	{name: "delete/userids_string", action: "DeleteFriends", body: `{"FromUserId":"alice","UserIds":"bob","DeleteType":1}`, code: zegoapi.CodeParamError},
	{name: "delete/userids_item_number", action: "DeleteFriends", body: `{"FromUserId":"alice","UserIds":["bob",7],"DeleteType":1}`, code: zegoapi.CodeParamError},
	{name: "delete/userids_item_empty", action: "DeleteFriends", body: `{"FromUserId":"alice","UserIds":["bob",""],"DeleteType":1}`, code: zegoapi.CodeParamError},
	{name: "delete/userids_item_bad_charset", action: "DeleteFriends", body: `{"FromUserId":"alice","UserIds":["bob","b*b"],"DeleteType":1}`, code: zegoapi.CodeParamError},
	{name: "delete/userids_item_33_bytes", action: "DeleteFriends", body: `{"FromUserId":"alice","UserIds":["` + strings.Repeat("b", 33) + `"],"DeleteType":1}`, code: zegoapi.CodeParamError},
	{name: "delete/userids_empty", action: "DeleteFriends", body: `{"FromUserId":"alice","UserIds":[],"DeleteType":1}`, code: zegoapi.CodeParamError},
	{name: "delete/userids_21", action: "DeleteFriends", body: `{"FromUserId":"alice","UserIds":[` + ids("u", 21) + `],"DeleteType":1}`, code: zegoapi.CodeBatchLimit},
	{name: "delete/userids_20", action: "DeleteFriends", body: `{"FromUserId":"alice","UserIds":["bob",` + ids("u", 19) + `],"DeleteType":1}`, code: zegoapi.CodeOK},
	{name: "delete/app_cap_3", action: "DeleteFriends", setup: withLimits(imemu.Limits{BatchMax: 3}),
		body: `{"FromUserId":"alice","UserIds":["bob","carol","dave","erin"],"DeleteType":1}`, code: zegoapi.CodeBatchLimit},
	{name: "delete/app_cap_60_is_50", action: "DeleteFriends", setup: withLimits(imemu.Limits{BatchMax: 60}),
		body: `{"FromUserId":"alice","UserIds":[` + ids("u", 51) + `],"DeleteType":1}`, code: zegoapi.CodeBatchLimit},
	{name: "delete/app_cap_50", action: "DeleteFriends", setup: withLimits(imemu.Limits{BatchMax: 50}),
		body: `{"FromUserId":"alice","UserIds":["bob",` + ids("u", 49) + `],"DeleteType":1}`, code: zegoapi.CodeOK},
	{name: "delete/html_characters_unescaped", action: "DeleteFriends", body: `{"FromUserId":"a<b>&c","UserIds":["bob"],"DeleteType":1}`, code: zegoapi.CodeFromNotFound},

	// Bodies that are not a JSON object.
	{name: "delete/body_missing", action: "DeleteFriends", code: zegoapi.CodeParamError},
	{name: "delete/body_whitespace", action: "DeleteFriends", body: " \n", code: zegoapi.CodeParamError},
	{name: "delete/body_truncated", action: "DeleteFriends", body: `{"FromUserId":"alice","UserIds":["bob"`, code: zegoapi.CodeParamError},
	{name: "delete/body_array", action: "DeleteFriends", body: `[]`, code: zegoapi.CodeParamError},
	{name: "delete/body_null", action: "DeleteFriends", body: `null`, code: zegoapi.CodeParamError},
	{name: "delete/body_string", action: "DeleteFriends", body: `"DeleteFriends"`, code: zegoapi.CodeParamError},
	{name: "delete/body_trailing_data", action: "DeleteFriends", body: deleteBob + ` {}`, code: zegoapi.CodeParamError},
	{name: "delete/body_form_encoded", action: "DeleteFriends", body: `FromUserId=alice&UserIds=bob&DeleteType=1`, code: zegoapi.CodeParamError},
}
