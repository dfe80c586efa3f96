package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/server"
)

func TestCreateAppGeneratesWhatIsMissing(t *testing.T) {
	m := newMock(t, server.Config{})
	z := mustJSON(t, m.ok(http.StatusCreated, http.MethodPost, "/_mock/apps", `{"vendor":"zego"}`))
	id := z["appId"].(float64)
	assert.True(t, id >= 1e9 && id <= 1<<32-1, "ZEGO id %v", id)
	assert.Regexp(t, `^[0-9a-f]{32}$`, z["secret"])
	assert.Equal(t, map[string]any{"vendor": "zego", "appId": id, "secret": z["secret"], "admin": "", "callbackUrl": "",
		"limits": map[string]any{"qps": 0.0, "apiQps": map[string]any{}, "batchMax": 0.0}, "settings": map[string]any{},
		"userCount": 0.0, "friendCount": 0.0, "createdAt": "2026-11-23T12:00:00.000Z"}, z)

	tm := mustJSON(t, m.ok(http.StatusCreated, http.MethodPost, "/_mock/apps", `{"vendor":"tim"}`))
	id = tm["appId"].(float64)
	assert.True(t, id >= 1_400_000_000 && id <= 1_499_999_999, "TIM id %v", id)
	assert.Regexp(t, `^[0-9a-f]{64}$`, tm["secret"])
	assert.Equal(t, "administrator", tm["admin"])

	other := mustJSON(t, m.ok(http.StatusCreated, http.MethodPost, "/_mock/apps", `{"vendor":"zego"}`))
	assert.NotEqual(t, z["appId"], other["appId"], "ids are drawn at random")
	assert.NotEqual(t, z["secret"], other["secret"])
}

func TestCreateAppAsGiven(t *testing.T) {
	m := newMock(t, server.Config{})
	body := m.ok(http.StatusCreated, http.MethodPost, "/_mock/apps", `{"vendor":"tim","appId":1400000777,"secret":"k3y",
		"admin":"root","callbackUrl":"http://127.0.0.1:1/cb","limits":{"qps":5,"apiQps":{"sns/friend_delete":1},"batchMax":10},
		"settings":{"keepFriendsOnBlock":true,"callbackToken":"tok"},
		"users":["a","b",{"id":"c","name":"C"}],"friends":[{"from":"a","to":"b"},{"from":"c","to":"a","oneWay":true}]}`)
	assert.JSONEq(t, `{"vendor":"tim","appId":1400000777,"secret":"k3y","admin":"root","callbackUrl":"http://127.0.0.1:1/cb",
		"limits":{"qps":5,"apiQps":{"sns/friend_delete":1},"batchMax":10},"settings":{"keepFriendsOnBlock":true,"callbackToken":"tok"},
		"userCount":3,"friendCount":3,"createdAt":"2026-11-23T12:00:00.000Z"}`, body)
	assert.JSONEq(t, body, m.ok(http.StatusOK, http.MethodGet, "/_mock/apps/tim/1400000777", nil))
	assert.Equal(t, []string{"b"}, m.friendsOf(imemu.AppKey{Vendor: imemu.VendorTIM, AppID: 1400000777}, "a"))

	list := m.ok(http.StatusOK, http.MethodGet, "/_mock/apps", nil)
	var apps []string
	for _, a := range mustJSON(t, list)["apps"].([]any) {
		a := a.(map[string]any)
		apps = append(apps, fmt.Sprintf("%s/%.0f", a["vendor"], a["appId"]))
	}
	assert.Equal(t, []string{"tim/1400000000", "tim/1400000777", "zego/1234567890"}, apps, "by vendor, then id")

	// The same key again is a conflict and changes nothing.
	before := m.state()
	code, resp := m.call(http.MethodPost, "/_mock/apps", `{"vendor":"tim","appId":1400000777}`)
	assert.Equal(t, http.StatusConflict, code)
	assert.JSONEq(t, `{"error":"tim app 1400000777 already exists","field":"appId"}`, resp)
	code, _ = m.call(http.MethodPost, "/_mock/apps", `{"vendor":"zego","appId":1234567890}`)
	assert.Equal(t, http.StatusConflict, code, "a fixtures app too")
	assert.Equal(t, before, m.state())
}

func TestCreateAppBadInput(t *testing.T) {
	m := newMock(t, server.Config{})
	post := func(name, body, field string) badCase {
		return badCase{name: name, path: "/_mock/apps", body: body, field: field}
	}
	m.expectBad([]badCase{
		post("empty", "", "body"),
		post("not JSON", "{", "body"),
		post("trailing data", `{"vendor":"zego"} {}`, "body"),
		post("unknown field", `{"vendor":"zego","name":"x"}`, "name"),
		post("unknown user field", `{"vendor":"zego","users":["a",{"id":"b","nmae":"B"}]}`, "users[1].nmae"),
		post("no vendor", `{}`, "vendor"),
		post("bad vendor", `{"vendor":"wechat"}`, "vendor"),
		post("id as string", `{"vendor":"zego","appId":"1"}`, "appId"),
		post("id out of range", `{"vendor":"zego","appId":4294967296}`, "appId"),
		post("ZEGO admin", `{"vendor":"zego","admin":"root"}`, "admin"),
		post("TIM admin too long", `{"vendor":"tim","admin":"`+strings.Repeat("a", 33)+`"}`, "admin"),
		post("callback not http", `{"vendor":"tim","callbackUrl":"ftp://x"}`, "callbackUrl"),
		post("negative qps", `{"vendor":"zego","limits":{"qps":-1}}`, "limits"),
		post("duplicate user", `{"vendor":"zego","users":["a","a"]}`, "users[1]"),
		post("bad user id", `{"vendor":"zego","users":["a b"]}`, "users[0]"),
		post("friend not a user", `{"vendor":"zego","users":["a"],"friends":[{"from":"a","to":"zed"}]}`, "friends[0].to"),
		post("self friend", `{"vendor":"zego","users":["a"],"friends":[{"from":"a","to":"a"}]}`, "friends[0]"),
	}, func() string { return m.state() + m.ok(http.StatusOK, http.MethodGet, "/_mock/apps", nil) })
}

func TestAppPathBadInput(t *testing.T) {
	m := newMock(t, server.Config{})
	for _, method := range []string{http.MethodGet, http.MethodDelete} {
		m.expectBad([]badCase{
			{name: method + " vendor", method: method, path: "/_mock/apps/wechat/1", field: "vendor"},
			{name: method + " id", method: method, path: "/_mock/apps/zego/abc", field: "id"},
			{name: method + " zero id", method: method, path: "/_mock/apps/zego/0", field: "id"},
		}, m.state)
		code, body := m.call(method, "/_mock/apps/zego/5", nil)
		assert.Equal(t, http.StatusNotFound, code)
		assert.JSONEq(t, `{"error":"zego app 5 does not exist","field":"id"}`, body)
	}
}

func TestResetBaselines(t *testing.T) {
	m := newMock(t, server.Config{})
	ctx := context.Background()
	created := m.createApp(`{"vendor":"zego","users":["a","b","c"],"friends":[{"from":"a","to":"b"},{"from":"a","to":"c"}]}`)
	path := fmt.Sprintf("/_mock/apps/zego/%d", created.key.AppID)
	atCreation := m.ok(http.StatusOK, http.MethodGet, "/_mock/state?secrets=true&vendor=zego&app="+fmt.Sprint(created.key.AppID), nil)

	// A reset of the created app restores its creation state.
	tenant, err := m.st.Tenant(ctx, created.key)
	require.NoError(t, err)
	_, err = m.st.DeleteAllFriends(ctx, tenant.ID, "a", true)
	require.NoError(t, err)
	body := m.ok(http.StatusOK, http.MethodPost, fmt.Sprintf("/_mock/reset?vendor=zego&app=%d", created.key.AppID), nil)
	assert.JSONEq(t, fmt.Sprintf(`{"reset":["zego/%d"]}`, created.key.AppID), body)
	assert.Equal(t, atCreation, m.ok(http.StatusOK, http.MethodGet, "/_mock/state?secrets=true&vendor=zego&app="+fmt.Sprint(created.key.AppID), nil))

	// A deleted fixtures app comes back with its own reset.
	m.ok(http.StatusNoContent, http.MethodDelete, "/_mock/apps/tim/1400000000", nil)
	m.ok(http.StatusOK, http.MethodPost, "/_mock/reset?vendor=tim&app=1400000000", nil)
	assert.Equal(t, []string{"bob", "carol", "dave"}, m.friendsOf(fixTIM.key, "alice"))

	// A whole reset goes back to the fixtures: created apps go.
	body = m.ok(http.StatusOK, http.MethodPost, "/_mock/reset", nil)
	assert.JSONEq(t, `{"reset":["zego/1234567890","tim/1400000000"]}`, body)
	m.ok(http.StatusNotFound, http.MethodGet, path, nil)
	code, body := m.call(http.MethodPost, fmt.Sprintf("/_mock/reset?vendor=zego&app=%d", created.key.AppID), nil)
	assert.Equal(t, http.StatusNotFound, code, "its baseline went with it: %s", body)

	// A deleted created app has no baseline either.
	again := m.createApp(`{"vendor":"tim"}`)
	m.ok(http.StatusNoContent, http.MethodDelete, fmt.Sprintf("/_mock/apps/tim/%d", again.key.AppID), nil)
	m.ok(http.StatusNotFound, http.MethodPost, fmt.Sprintf("/_mock/reset?vendor=tim&app=%d", again.key.AppID), nil)
}

// TestDeleteAndResetForgetRateLimits exhausts an app's one-call-a-second
// bucket on a frozen clock, then shows that deleting (and re-creating) or
// resetting the app gives it a full bucket.
func TestDeleteAndResetForgetRateLimits(t *testing.T) {
	m := newMock(t, server.Config{})
	const body = `{"vendor":"zego","appId":3000000001,"secret":"s","limits":{"qps":1},"users":["a"]}`
	a := m.createApp(body)
	query := func() float64 {
		_, resp := m.vendor(a, "QueryFriendList", "", testNow)
		return resp["Code"].(float64)
	}
	require.NotEqual(t, 660300005.0, query())
	require.Equal(t, 660300005.0, query(), "one call a second")

	m.ok(http.StatusNoContent, http.MethodDelete, "/_mock/apps/zego/3000000001", nil)
	m.createApp(body)
	assert.NotEqual(t, 660300005.0, query(), "a new app with the same key starts with a full bucket")
	require.Equal(t, 660300005.0, query())

	m.ok(http.StatusOK, http.MethodPost, "/_mock/reset?vendor=zego&app=3000000001", nil)
	assert.NotEqual(t, 660300005.0, query(), "reset refills the bucket")
}
