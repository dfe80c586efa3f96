package zegoapi_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/zegoapi"
)

// readExample returns a reference page's JSON example from testdata/examples.
func readExample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "examples", name))
	require.NoError(t, err)
	return b
}

// roundTrip decodes example into v and re-encodes it with the example's
// indentation: imemu's types must reproduce the vendor's JSON exactly.
func roundTrip(t *testing.T, example []byte, v any) {
	t.Helper()
	require.NoError(t, json.Unmarshal(example, v))
	indent := ""
	if i := bytes.IndexByte(example, '\n'); i >= 0 && i+1 < len(example) {
		rest := example[i+1:]
		indent = string(rest[:len(rest)-len(bytes.TrimLeft(rest, " "))])
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetIndent("", indent)
	require.NoError(t, enc.Encode(v))
	assert.Equal(t, string(example), out.String())
}

func TestReferenceExamples(t *testing.T) {
	t.Run("DeleteFriends request", func(t *testing.T) {
		var req zegoapi.DeleteFriendsRequest
		roundTrip(t, readExample(t, "DeleteFriends.request.json"), &req)
		require.NotNil(t, req.DeleteType)
		assert.Equal(t, "zego_user", req.FromUserID)
		assert.Equal(t, []string{"user_id1", "user_id2"}, req.UserIDs)
		assert.Equal(t, zegoapi.OneWay, *req.DeleteType)
	})
	t.Run("DeleteFriends response", func(t *testing.T) {
		var resp zegoapi.DeleteFriendsResponse
		roundTrip(t, readExample(t, "DeleteFriends.response.json"), &resp)
		assert.Equal(t, []zegoapi.ItemError{{UserID: "usera2", SubCode: zegoapi.CodeDuplicateIDs}}, resp.ErrorList)
	})
	t.Run("CheckFriendsRelation response", func(t *testing.T) {
		var resp zegoapi.CheckFriendsRelationResponse
		roundTrip(t, readExample(t, "CheckFriendsRelation.response.json"), &resp)
		assert.Equal(t, zegoapi.RelationOneWayYes, resp.Fails[1].Relation)
	})
	t.Run("common envelope", func(t *testing.T) {
		var env zegoapi.Envelope
		roundTrip(t, readExample(t, "Envelope.response.json"), &env)
	})
}

// TestReferenceExampleRequest sends the page's request body to imemu, once
// before its users exist and once after, and compares the answers with
// golden files.
func TestReferenceExampleRequest(t *testing.T) {
	e := newEnv(t, server.Config{})
	body := string(readExample(t, "DeleteFriends.request.json"))
	w := e.post("DeleteFriends", body)
	assert.Equal(t, zegoapi.CodeFromNotFound, checkEnvelope(t, w).Code)
	golden(t, "examples/DeleteFriends.unregistered", normalise(t, w.Body.Bytes()))

	checkOK(e, e.post("UserRegister", `{"UserInfo":[{"UserId":"zego_user"},{"UserId":"user_id1"},{"UserId":"user_id2"}]}`))
	checkOK(e, e.post("AddFriends", `{"FromUserId":"zego_user","FriendInfos":[{"UserId":"user_id1"}]}`))
	w = e.post("DeleteFriends", body)
	checkOK(e, w)
	golden(t, "examples/DeleteFriends.partial", normalise(t, w.Body.Bytes()))
	assert.Equal(t, []string{}, e.friendIDs("zego_user"))
	assert.Equal(t, []string{"zego_user"}, e.friendIDs("user_id1"), "one-way: user_id1 still lists zego_user")
}

// TestReferenceExampleResponse reproduces the page's response example: a
// request in which usera2 is listed twice and another target is deleted
// answers exactly the documented body, RequestId aside.
func TestReferenceExampleResponse(t *testing.T) {
	e := newEnv(t, server.Config{})
	checkOK(e, e.post("UserRegister", `{"UserInfo":[{"UserId":"usera0"},{"UserId":"usera1"},{"UserId":"usera2"}]}`))
	checkOK(e, e.post("AddFriends", `{"FromUserId":"usera0","FriendInfos":[{"UserId":"usera1"},{"UserId":"usera2"}]}`))
	w := e.post("DeleteFriends", `{"FromUserId":"usera0","UserIds":["usera1","usera2","usera2"],"DeleteType":0}`)
	id := checkEnvelope(t, w).RequestID
	want := strings.ReplaceAll(string(readExample(t, "DeleteFriends.response.json")), "343649807833778782", id)
	assert.JSONEq(t, want, w.Body.String())
}

// TestReferenceAddFriendsExample sends AddFriends' request example, whose
// attributes are written with "Key" and with "key", and checks that every
// attribute is stored as ZEGO's page means it.
func TestReferenceAddFriendsExample(t *testing.T) {
	e := newEnv(t, server.Config{})
	checkOK(e, e.post("UserRegister", `{"UserInfo":[{"UserId":"zego_user"},{"UserId":"usera1"},{"UserId":"usera2"}]}`))
	w := e.post("AddFriends", string(readExample(t, "AddFriends.request.json")))
	checkOK(e, w)
	golden(t, "examples/AddFriends", normalise(t, w.Body.Bytes()))
	var resp zegoapi.QueryFriendListResponse
	decode(t, e.get("QueryFriendList", "FromUserId", "zego_user", "Limit", "100", "Next", "0"), &resp)
	require.Len(t, resp.FriendInfos, 2)
	assert.Equal(t, []zegoapi.Attribute{{Key: "k1", Value: "Value"}, {Key: "k2", Value: "Value1"}}, resp.FriendInfos[0].Attributes)
	assert.Equal(t, []zegoapi.Attribute{{Key: "k3", Value: "Value"}, {Key: "k0", Value: "Value1"}}, resp.FriendInfos[1].Attributes)
}
