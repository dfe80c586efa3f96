package server_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/internal/server"
)

// relationsDoc is the default ZEGO app with a block, two applications and
// a user's Extra: everything the fixtures format holds beyond friendships.
const relationsDoc = `{"apps":[{"vendor":"zego","appId":1234567890,
	"users":["alice","bob",{"id":"carol","name":"Carol","extra":"{\"vip\":true}"}],
	"friends":[{"from":"alice","to":"bob"}],
	"blocks":[{"from":"alice","to":"bob","addedAt":"2026-01-02T03:04:05.006Z"}],
	"applications":[
		{"from":"carol","to":"alice","wording":"hi","remark":"Al","attributes":[{"key":"k0","value":"v"}],
			"createdAt":"2026-01-02T03:04:05Z","expiresAt":"2099-01-01T00:00:00Z"},
		{"from":"bob","to":"carol","state":"rejected","createdAt":"2026-01-02T03:04:05Z","updatedAt":"2026-01-03T00:00:00Z"}]}]}`

// wantRelations is relationsDoc's app as GET /_mock/state writes it.
const wantRelations = `{"apps":[{"vendor":"zego","appId":1234567890,
	"users":["alice","bob",{"id":"carol","name":"Carol","extra":"{\"vip\":true}"}],
	"friends":[{"from":"alice","to":"bob","addedAt":"2026-01-02T03:04:05Z"}],
	"blocks":[{"from":"alice","to":"bob","addedAt":"2026-01-02T03:04:05.006Z"}],
	"applications":[
		{"from":"bob","to":"carol","state":"rejected","createdAt":"2026-01-02T03:04:05Z","updatedAt":"2026-01-03T00:00:00Z"},
		{"from":"carol","to":"alice","wording":"hi","remark":"Al","attributes":[{"key":"k0","value":"v"}],"state":"waiting",
			"createdAt":"2026-01-02T03:04:05Z","updatedAt":"2026-01-02T03:04:05Z","expiresAt":"2099-01-01T00:00:00Z"}]}]}`

// TestStateCarriesBlocksAndApplications: blocks, applications and Extra
// go through state import and export, snapshots and reset like friendships.
func TestStateCarriesBlocksAndApplications(t *testing.T) {
	m := newMock(t, server.Config{})
	const one = "/_mock/state?vendor=zego&app=1234567890"
	m.ok(http.StatusOK, http.MethodPut, one, relationsDoc)
	exported := m.ok(http.StatusOK, http.MethodGet, one, nil)
	assert.JSONEq(t, stripTimes(t, wantRelations), stripTimes(t, exported))
	assert.Contains(t, exported, `"blocks":[{"from":"alice","to":"bob","addedAt":"2026-01-02T03:04:05.006Z"}]`)

	// Putting the export back changes nothing.
	m.ok(http.StatusOK, http.MethodPut, one, exported)
	assert.Equal(t, exported, m.ok(http.StatusOK, http.MethodGet, one, nil))

	m.ok(http.StatusCreated, http.MethodPost, "/_mock/snapshots", `{"name":"rel","vendor":"zego","app":1234567890}`)
	m.ok(http.StatusOK, http.MethodPut, one, `{"apps":[{"vendor":"zego","appId":1234567890,"users":["x"],"friends":[]}]}`)
	assert.NotContains(t, m.ok(http.StatusOK, http.MethodGet, one, nil), "blocks")
	m.ok(http.StatusOK, http.MethodPost, "/_mock/snapshots/rel/restore", nil)
	assert.Equal(t, exported, m.ok(http.StatusOK, http.MethodGet, one, nil), "a snapshot restores blocks and applications")

	m.ok(http.StatusOK, http.MethodPost, "/_mock/reset", nil)
	reset := m.ok(http.StatusOK, http.MethodGet, one, nil)
	assert.NotContains(t, reset, `"blocks"`, "the default fixtures have none")
	assert.NotContains(t, reset, `"applications"`)
}

func TestStateRefusesBadBlocksAndApplications(t *testing.T) {
	m := newMock(t, server.Config{})
	m.expectBad([]badCase{
		{name: "block of unknown user", method: http.MethodPut, path: "/_mock/state",
			body:  `{"apps":[{"vendor":"zego","appId":1234567890,"users":["a"],"friends":[],"blocks":[{"from":"a","to":"zed"}]}]}`,
			field: "apps[0].blocks[0].to"},
		{name: "application state", method: http.MethodPut, path: "/_mock/state",
			body:  `{"apps":[{"vendor":"zego","appId":1234567890,"users":["a","b"],"friends":[],"applications":[{"from":"a","to":"b","state":"x"}]}]}`,
			field: "apps[0].applications[0].state"},
	}, m.state)
}

// stripTimes drops the app's createdAt and the friends' addedAt, which are
// the load time when the document gives none.
func stripTimes(t *testing.T, doc string) string {
	t.Helper()
	var v map[string]any
	decode(t, doc, &v)
	for _, a := range v["apps"].([]any) {
		delete(a.(map[string]any), "createdAt")
		for _, f := range a.(map[string]any)["friends"].([]any) {
			delete(f.(map[string]any), "addedAt")
		}
	}
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// TestRelationEventKinds: every ZEGO push kind is listed by the control
// plane, answers that the OpenAPI document describes, and selectable by
// kind.
func TestRelationEventKinds(t *testing.T) {
	m := newMock(t, server.Config{})
	for _, c := range []struct{ action, body string }{
		{"AddUsersToBlacklist", `{"FromUserId":"alice","UserIds":["frank"]}`},
		{"SendFriendApplication", `{"FromUserId":"frank","FriendInfos":[{"UserId":"bob","Wording":"hi"}]}`},
		{"UpdateFriendsAlias", `{"FromUserId":"alice","UserIds":[{"UserId":"bob","FriendAlias":"B"}]}`},
		{"ModifyUserInfo", `{"UserInfo":[{"UserId":"carol","Extra":"x"}]}`},
	} {
		_, resp := m.vendor(fixZego, c.action, c.body, testNow)
		require.Equal(t, 0.0, resp["Code"], resp)
	}
	for kind, target := range map[string]string{
		"zego.blacklistChanged": "alice", "zego.friendApplicationListChanged": "bob",
		"zego.friendInfoUpdated": "alice", "zego.userInfoUpdated": "carol",
	} {
		es := m.events("?kind=" + kind)
		require.Len(t, es, 1, kind)
		assert.Equal(t, target, es[0].Target, kind)
	}
	assert.Len(t, m.events(""), 4)
}
