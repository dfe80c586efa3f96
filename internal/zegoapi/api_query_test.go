package zegoapi_test

import (
	"net/http"

	"github.com/imemu/imemu/internal/zegoapi"
)

var deleteAllCases = []apiCase{
	{name: "deleteall/one_way", method: http.MethodGet, action: "DeleteAllFriends", query: set("FromUserId", "alice", "DeleteType", "1"), code: zegoapi.CodeOK},
	{name: "deleteall/two_way", method: http.MethodGet, action: "DeleteAllFriends", query: set("FromUserId", "alice", "DeleteType", "0"), code: zegoapi.CodeOK},
	{name: "deleteall/no_friends", method: http.MethodGet, action: "DeleteAllFriends", query: set("FromUserId", "frank", "DeleteType", "0"), code: zegoapi.CodeOK},
	{name: "deleteall/json_body_tolerated", method: http.MethodGet, action: "DeleteAllFriends", body: `{"FromUserId":"alice","DeleteType":0}`, code: zegoapi.CodeOK},
	{name: "deleteall/query_beats_body", method: http.MethodGet, action: "DeleteAllFriends", query: set("FromUserId", "bob", "DeleteType", "1"),
		body: `{"FromUserId":"zed","DeleteType":7}`, code: zegoapi.CodeOK},
	{name: "deleteall/body_malformed", method: http.MethodGet, action: "DeleteAllFriends", query: set("FromUserId", "alice", "DeleteType", "1"),
		body: `{"FromUserId":`, code: zegoapi.CodeParamError},
	{name: "deleteall/deletetype_missing", method: http.MethodGet, action: "DeleteAllFriends", query: set("FromUserId", "alice"), code: zegoapi.CodeParamError},
	{name: "deleteall/deletetype_not_integer", method: http.MethodGet, action: "DeleteAllFriends", query: set("FromUserId", "alice", "DeleteType", "1.0"), code: zegoapi.CodeParamError},
	{name: "deleteall/deletetype_2", method: http.MethodGet, action: "DeleteAllFriends", query: set("FromUserId", "alice", "DeleteType", "2"), code: zegoapi.CodeParamError},
	{name: "deleteall/from_missing", method: http.MethodGet, action: "DeleteAllFriends", query: set("DeleteType", "1"), code: zegoapi.CodeParamError},
	{name: "deleteall/from_unregistered", method: http.MethodGet, action: "DeleteAllFriends", query: set("FromUserId", "zed", "DeleteType", "1"), code: zegoapi.CodeFromNotFound},
	{name: "deleteall/post", action: "DeleteAllFriends", body: `{"FromUserId":"alice","DeleteType":0}`, code: zegoapi.CodeParamError},
}

var queryCases = []apiCase{
	{name: "query/first_page", method: http.MethodGet, action: "QueryFriendList", query: set("FromUserId", "alice", "Limit", "2", "Next", "0"), code: zegoapi.CodeOK},
	{name: "query/last_page", method: http.MethodGet, action: "QueryFriendList", query: set("FromUserId", "alice", "Limit", "2", "Next", "2"), code: zegoapi.CodeOK},
	{name: "query/exact_page", method: http.MethodGet, action: "QueryFriendList", query: set("FromUserId", "alice", "Limit", "3", "Next", "0"), code: zegoapi.CodeOK},
	{name: "query/limit_missing", method: http.MethodGet, action: "QueryFriendList", query: set("FromUserId", "alice", "Next", "0"), code: zegoapi.CodeOK},
	{name: "query/limit_zero", method: http.MethodGet, action: "QueryFriendList", query: set("FromUserId", "alice", "Limit", "0", "Next", "0"), code: zegoapi.CodeOK},
	{name: "query/limit_over_100", method: http.MethodGet, action: "QueryFriendList", query: set("FromUserId", "alice", "Limit", "500", "Next", "0"), code: zegoapi.CodeOK},
	{name: "query/limit_not_integer", method: http.MethodGet, action: "QueryFriendList", query: set("FromUserId", "alice", "Limit", "ten", "Next", "0"), code: zegoapi.CodeParamError},
	{name: "query/next_missing", method: http.MethodGet, action: "QueryFriendList", query: set("FromUserId", "alice", "Limit", "1"), code: zegoapi.CodeOK},
	{name: "query/next_past_end", method: http.MethodGet, action: "QueryFriendList", query: set("FromUserId", "alice", "Limit", "1", "Next", "10"), code: zegoapi.CodeOK},
	{name: "query/next_negative", method: http.MethodGet, action: "QueryFriendList", query: set("FromUserId", "alice", "Next", "-1"), code: zegoapi.CodeParamError},
	{name: "query/one_way_friend", method: http.MethodGet, action: "QueryFriendList", query: set("FromUserId", "erin", "Next", "0"), code: zegoapi.CodeOK},
	{name: "query/no_friends", method: http.MethodGet, action: "QueryFriendList", query: set("FromUserId", "frank", "Next", "0"), code: zegoapi.CodeOK},
	{name: "query/from_missing", method: http.MethodGet, action: "QueryFriendList", query: set("Next", "0"), code: zegoapi.CodeParamError},
	{name: "query/from_unregistered", method: http.MethodGet, action: "QueryFriendList", query: set("FromUserId", "zed", "Next", "0"), code: zegoapi.CodeFromNotFound},
	{name: "query/json_body_tolerated", method: http.MethodGet, action: "QueryFriendList", body: `{"FromUserId":"bob","Limit":1,"Next":0}`, code: zegoapi.CodeOK},
	{name: "query/body_limit_string", method: http.MethodGet, action: "QueryFriendList", body: `{"FromUserId":"bob","Limit":"1","Next":0}`, code: zegoapi.CodeParamError},
	{name: "query/profile_fields", method: http.MethodGet, action: "QueryFriendList", query: set("FromUserId", "frank", "Next", "0"), setup: func(e *env) {
		checkOK(e, e.post("UserRegister", `{"UserInfo":[{"UserId":"gina","UserName":"Gina","UserAvatar":"https://example.com/gina.png"}]}`))
		checkOK(e, e.post("AddFriends", `{"FromUserId":"frank","FriendInfos":[{"UserId":"gina","Wording":"hello","FriendAlias":"G",
			"FriendTime":1700000000000,"Attributes":[{"Key":"k2","Value":"x"},{"Key":"k0","Value":"y"}]}]}`))
	}, code: zegoapi.CodeOK},
}

var checkCases = []apiCase{
	{name: "check/two_way", action: "CheckFriendsRelation", body: `{"FromUserId":"alice","UserIds":["bob","erin","frank"],"CheckType":0}`, code: zegoapi.CodeOK},
	{name: "check/two_way_from_side", action: "CheckFriendsRelation", body: `{"FromUserId":"erin","UserIds":["alice","frank"],"CheckType":0}`, code: zegoapi.CodeOK},
	{name: "check/one_way", action: "CheckFriendsRelation", body: `{"FromUserId":"alice","UserIds":["bob","erin"],"CheckType":1}`, code: zegoapi.CodeOK},
	{name: "check/partial", action: "CheckFriendsRelation", body: `{"FromUserId":"alice","UserIds":["bob","zed","alice","carol","carol"],"CheckType":0}`, code: zegoapi.CodeOK},
	{name: "check/all_fail", action: "CheckFriendsRelation", body: `{"FromUserId":"alice","UserIds":["zed"],"CheckType":1}`, code: zegoapi.CodeUserNotFound},
	{name: "check/checktype_missing", action: "CheckFriendsRelation", body: `{"FromUserId":"alice","UserIds":["bob"]}`, code: zegoapi.CodeParamError},
	{name: "check/checktype_2", action: "CheckFriendsRelation", body: `{"FromUserId":"alice","UserIds":["bob"],"CheckType":2}`, code: zegoapi.CodeParamError},
	{name: "check/fails_relation_two_way", action: "CheckFriendsRelation", body: `{"FromUserId":"alice","UserIds":["bob","bob","zed","alice","frank"],"CheckType":0}`, code: zegoapi.CodeOK},
	{name: "check/fails_relation_one_way", action: "CheckFriendsRelation", body: `{"FromUserId":"alice","UserIds":["bob","bob","zed","frank"],"CheckType":1}`, code: zegoapi.CodeOK},
	{name: "check/userids_empty", action: "CheckFriendsRelation", body: `{"FromUserId":"alice","UserIds":[],"CheckType":0}`, code: zegoapi.CodeParamError},
	{name: "check/userids_21", action: "CheckFriendsRelation", body: `{"FromUserId":"alice","UserIds":[` + ids("u", 21) + `],"CheckType":0}`, code: zegoapi.CodeBatchLimit},
	{name: "check/from_unregistered", action: "CheckFriendsRelation", body: `{"FromUserId":"zed","UserIds":["bob"],"CheckType":0}`, code: zegoapi.CodeFromNotFound},
}
