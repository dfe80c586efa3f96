package zegoapi_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/zegoapi"
)

// TestRelationReferenceExamples decodes each relationship-chain example
// into imemu's types and re-encodes it byte for byte.
func TestRelationReferenceExamples(t *testing.T) {
	tests := []struct {
		file string
		v    any
	}{
		{"AddUsersToBlacklist.response.json", &zegoapi.BlacklistResponse{}},
		{"RemoveUsersFromBlacklist.response.json", &zegoapi.BlacklistResponse{}},
		{"QueryBlacklist.response.json", &zegoapi.QueryBlacklistResponse{}},
		{"CheckUsersIsInBlacklist.response.json", &zegoapi.CheckBlacklistResponse{}},
		{"UpdateFriendsAlias.request.json", &zegoapi.UpdateFriendsAliasRequest{}},
		{"UpdateFriendsAlias.response.json", &zegoapi.UpdateFriendsAliasResponse{}},
		{"UpdateFriendAttributes.request.json", &zegoapi.UpdateFriendAttributesRequest{}},
		{"UpdateFriendAttributes.response.json", &zegoapi.UpdateFriendAttributesResponse{}},
		{"SendFriendApplication.request.json", &zegoapi.SendFriendApplicationRequest{}},
		{"SendFriendApplication.response.json", &zegoapi.SendFriendApplicationResponse{}},
		{"QueryUserInfos.response.json", &zegoapi.QueryUserInfosResponse{}},
		{"ModifyUserInfo.request.json", &zegoapi.ModifyUserInfoRequest{}},
		{"ModifyUserInfo.response.json", &zegoapi.ModifyUserInfoResponse{}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) { roundTrip(t, readExample(t, tt.file), tt.v) })
	}
}

// exampleAnswer sends body to action and compares the answer with the
// example file want, the RequestId replaced by the answer's.
func exampleAnswer(t *testing.T, e *env, action, body, want string) {
	t.Helper()
	w := e.post(action, body)
	id := checkEnvelope(t, w).RequestID
	assert.JSONEq(t, strings.ReplaceAll(string(readExample(t, want)), "343649807833778782", id), w.Body.String())
}

// TestRelationReferenceRequests sends the pages' request examples to
// imemu, before their users exist and after, and compares the answers
// with golden files.
func TestRelationReferenceRequests(t *testing.T) {
	tests := []struct {
		action string
		setup  func(e *env) // makes the example's users and friends
	}{
		{"UpdateFriendsAlias", before(
			"UserRegister", `{"UserInfo":[{"UserId":"zego_user"},{"UserId":"user1"},{"UserId":"user2"}]}`,
			"AddFriends", `{"FromUserId":"zego_user","FriendInfos":[{"UserId":"user1"},{"UserId":"user2"}]}`)},
		{"UpdateFriendAttributes", before(
			"UserRegister", `{"UserInfo":[{"UserId":"zego_user"},{"UserId":"UserId"}]}`,
			"AddFriends", `{"FromUserId":"zego_user","FriendInfos":[{"UserId":"UserId"}]}`)},
		{"SendFriendApplication", before("UserRegister", `{"UserInfo":[{"UserId":"zego_user"},{"UserId":"usera1"}]}`)},
		{"ModifyUserInfo", before("UserRegister", `{"UserInfo":[{"UserId":"aaa"},{"UserId":"bbb"}]}`)},
	}
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			e := newEnv(t, server.Config{})
			body := string(readExample(t, tt.action+".request.json"))
			w := e.post(tt.action, body)
			require.NotEqual(t, zegoapi.CodeOK, checkEnvelope(t, w).Code)
			golden(t, "examples/"+tt.action+".unregistered", normalise(t, w.Body.Bytes()))
			tt.setup(e)
			w = e.post(tt.action, body)
			checkOK(e, w)
			golden(t, "examples/"+tt.action+".registered", normalise(t, w.Body.Bytes()))
		})
	}
}

// TestRelationReferenceResponses reproduces the response examples imemu
// can give exactly, RequestId aside.
func TestRelationReferenceResponses(t *testing.T) {
	t.Run("UpdateFriendAttributes", func(t *testing.T) {
		e := newEnv(t, server.Config{})
		exampleAnswer(t, e, "UpdateFriendAttributes",
			`{"FromUserId":"alice","UserId":"bob","Attributes":[{"Key":"k0","Value":"a"},{"Key":"k2","Value":"b"},{"Key":"k0","Value":"c"}]}`,
			"UpdateFriendAttributes.response.json")
	})
	t.Run("SendFriendApplication", func(t *testing.T) {
		e := newEnv(t, server.Config{})
		checkOK(e, e.post("UserRegister", `{"UserInfo":[{"UserId":"usera1"},{"UserId":"usera2"}]}`))
		exampleAnswer(t, e, "SendFriendApplication", `{"FromUserId":"alice","FriendInfos":[{"UserId":"usera1"},{"UserId":"usera2"},{"UserId":"usera2"}]}`,
			"SendFriendApplication.response.json")
	})
	t.Run("QueryUserInfos", func(t *testing.T) {
		e := newEnv(t, server.Config{})
		checkOK(e, e.post("UserRegister", `{"UserInfo":[{"UserId":"UserA","UserName":"userName","UserAvatar":"avatar"}]}`))
		checkOK(e, e.post("ModifyUserInfo", `{"UserInfo":[{"UserId":"UserA","Extra":"extra"}]}`))
		exampleAnswer(t, e, "QueryUserInfos", `{"UserIds":["UserA","UserB"]}`, "QueryUserInfos.response.json")
	})
}
