package server_test

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/store"
)

func TestGetState(t *testing.T) {
	m := newMock(t, server.Config{})
	body := m.ok(http.StatusOK, http.MethodGet, "/_mock/state", nil)
	assert.NotContains(t, body, `"secret"`, "no secrets unless asked")
	assert.NotContains(t, body, zegoSecret)
	var doc struct {
		Apps []map[string]any
	}
	decode(t, body, &doc)
	require.Len(t, doc.Apps, 2)
	assert.Equal(t, "tim", doc.Apps[0]["vendor"])
	assert.Len(t, doc.Apps[0]["friends"], 5, "four two-way friendships and one one-way")

	withSecrets := m.ok(http.StatusOK, http.MethodGet, "/_mock/state?secrets=true", nil)
	assert.Contains(t, withSecrets, `"secret":"`+zegoSecret+`"`)
	assert.Contains(t, withSecrets, `"secret":"`+timKey+`"`)

	one := m.ok(http.StatusOK, http.MethodGet, "/_mock/state?vendor=zego&app=1234567890", nil)
	decode(t, one, &doc)
	require.Len(t, doc.Apps, 1)
	assert.Equal(t, "zego", doc.Apps[0]["vendor"])

	code, resp := m.call(http.MethodGet, "/_mock/state?vendor=zego&app=5", nil)
	assert.Equal(t, http.StatusNotFound, code)
	assert.JSONEq(t, `{"error":"zego app 5 does not exist","field":"app"}`, resp)
	m.expectBad([]badCase{
		{name: "secrets", method: http.MethodGet, path: "/_mock/state?secrets=yes", field: "secrets"},
		{name: "vendor alone", method: http.MethodGet, path: "/_mock/state?vendor=zego", field: "app"},
		{name: "bad vendor", method: http.MethodGet, path: "/_mock/state?vendor=x&app=1", field: "vendor"},
	}, m.state)
}

func TestPutStateRoundTripKeepsSecrets(t *testing.T) {
	m := newMock(t, server.Config{})
	before := m.state()
	export := m.ok(http.StatusOK, http.MethodGet, "/_mock/state", nil)

	// Drop every friendship of the ZEGO app and put the export back.
	var doc map[string]any
	decode(t, export, &doc)
	doc["apps"].([]any)[1].(map[string]any)["friends"] = []any{}
	body := m.ok(http.StatusOK, http.MethodPut, "/_mock/state", doc)
	assert.JSONEq(t, `{"apps":["tim/1400000000","zego/1234567890"]}`, body)
	assert.Empty(t, m.friendsOf(fixZego.key, "alice"))
	assert.Equal(t, []string{"bob", "carol", "dave"}, m.friendsOf(fixTIM.key, "alice"))
	assert.Contains(t, m.state(), `"secret":"`+zegoSecret+`"`, "secrets kept")

	// Putting the first export back restores everything.
	m.ok(http.StatusOK, http.MethodPut, "/_mock/state", export)
	assert.Equal(t, before, m.state())
}

func TestPutStateOneApp(t *testing.T) {
	m := newMock(t, server.Config{})
	tim := m.ok(http.StatusOK, http.MethodGet, "/_mock/state?vendor=tim&app=1400000000", nil)
	var doc map[string]any
	decode(t, tim, &doc)
	app := doc["apps"].([]any)[0].(map[string]any)
	app["users"] = []any{"x", "y"}
	app["friends"] = []any{map[string]any{"from": "x", "to": "y"}}
	body := m.ok(http.StatusOK, http.MethodPut, "/_mock/state?vendor=tim&app=1400000000", doc)
	assert.JSONEq(t, `{"apps":["tim/1400000000"]}`, body)
	assert.Equal(t, []string{"y"}, m.friendsOf(fixTIM.key, "x"))
	assert.Equal(t, []string{"bob", "carol", "dave"}, m.friendsOf(fixZego.key, "alice"), "the other app untouched")

	// A whole PUT may add an app, which then needs its secret.
	code, resp := m.call(http.MethodPut, "/_mock/state", `{"apps":[{"vendor":"zego","appId":7,"secret":"s","users":[]}]}`)
	require.Equal(t, http.StatusOK, code, resp)
	m.ok(http.StatusOK, http.MethodGet, "/_mock/apps/zego/7", nil)
	m.ok(http.StatusNotFound, http.MethodGet, "/_mock/apps/tim/1400000000", nil)
}

func TestPutStateBadInput(t *testing.T) {
	m := newMock(t, server.Config{})
	zego := `{"vendor":"zego","appId":1234567890,"users":["a"]}`
	put := func(name, query, body, field string) badCase {
		return badCase{name: name, method: http.MethodPut, path: "/_mock/state" + query, body: body, field: field}
	}
	m.expectBad([]badCase{
		put("empty", "", "", "body"),
		put("not JSON", "", "[", "body"),
		put("unknown field", "", `{"app":[]}`, "app"),
		put("apps not a list", "", `{"apps":{}}`, "apps"),
		put("bad vendor", "", `{"apps":[{"vendor":"x","appId":1}]}`, "apps[0].vendor"),
		put("new app without secret", "", `{"apps":[{"vendor":"zego","appId":9}]}`, "apps[0].secret"),
		put("bad friend", "", `{"apps":[`+zego+`,{"vendor":"tim","appId":1400000000,"admin":"root","users":["a"],"friends":[{"from":"a","to":"b"}]}]}`, "apps[1].friends[0].to"),
		put("duplicate app", "", `{"apps":[`+zego+`,`+zego+`]}`, "apps[1].appId"),
		put("one app, two given", "?vendor=zego&app=1234567890", `{"apps":[`+zego+`,{"vendor":"tim","appId":1400000000}]}`, "apps"),
		put("one app, another given", "?vendor=tim&app=1400000000", `{"apps":[`+zego+`]}`, "apps"),
		put("bad query", "?vendor=zego", `{"apps":[]}`, "app"),
	}, m.state)
}

func TestSnapshots(t *testing.T) {
	m := newMock(t, server.Config{})
	before := m.state()
	body := m.ok(http.StatusCreated, http.MethodPost, "/_mock/snapshots", `{"name":"all"}`)
	assert.JSONEq(t, `{"name":"all","createdAt":"2026-11-23T12:00:00.000Z","apps":["tim/1400000000","zego/1234567890"]}`, body)
	body = m.ok(http.StatusCreated, http.MethodPost, "/_mock/snapshots", `{"name":"zego.1_x-Y","vendor":"zego","app":1234567890}`)
	assert.JSONEq(t, `{"name":"zego.1_x-Y","createdAt":"2026-11-23T12:00:00.000Z","apps":["zego/1234567890"]}`, body)
	assert.JSONEq(t, `{"snapshots":[
		{"name":"all","createdAt":"2026-11-23T12:00:00.000Z","apps":["tim/1400000000","zego/1234567890"]},
		{"name":"zego.1_x-Y","createdAt":"2026-11-23T12:00:00.000Z","apps":["zego/1234567890"]}]}`,
		m.ok(http.StatusOK, http.MethodGet, "/_mock/snapshots", nil))

	// Change everything: empty ZEGO, delete TIM, add an app.
	_, resp := m.vendor(fixZego, "DeleteAllFriends", `{"FromUserId":"alice","DeleteType":0}`, testNow)
	require.Equal(t, 0.0, resp["Code"], resp)
	m.ok(http.StatusNoContent, http.MethodDelete, "/_mock/apps/tim/1400000000", nil)
	m.createApp(`{"vendor":"zego","appId":3000000000}`)

	body = m.ok(http.StatusOK, http.MethodPost, "/_mock/snapshots/zego.1_x-Y/restore", nil)
	assert.JSONEq(t, `{"name":"zego.1_x-Y","apps":["zego/1234567890"]}`, body)
	assert.Equal(t, []string{"bob", "carol", "dave"}, m.friendsOf(fixZego.key, "alice"))
	m.ok(http.StatusNotFound, http.MethodGet, "/_mock/apps/tim/1400000000", nil)

	m.ok(http.StatusOK, http.MethodPost, "/_mock/snapshots/all/restore", nil)
	m.ok(http.StatusOK, http.MethodGet, "/_mock/apps/zego/3000000000", nil) // not in the snapshot: kept
	m.ok(http.StatusNoContent, http.MethodDelete, "/_mock/apps/zego/3000000000", nil)
	assert.Equal(t, before, m.state(), "the deleted app is back with its secret")

	m.ok(http.StatusNoContent, http.MethodDelete, "/_mock/snapshots/all", nil)
	code, resp2 := m.call(http.MethodDelete, "/_mock/snapshots/all", nil)
	assert.Equal(t, http.StatusNotFound, code)
	assert.JSONEq(t, `{"error":"snapshot \"all\" does not exist","field":"name"}`, resp2)
	m.ok(http.StatusNotFound, http.MethodPost, "/_mock/snapshots/all/restore", nil)
	code, resp2 = m.call(http.MethodPost, "/_mock/snapshots", `{"name":"zego.1_x-Y"}`)
	assert.Equal(t, http.StatusConflict, code)
	assert.JSONEq(t, `{"error":"snapshot \"zego.1_x-Y\" already exists","field":"name"}`, resp2)
	m.ok(http.StatusNotFound, http.MethodPost, "/_mock/snapshots", `{"name":"x","vendor":"tim","app":5}`)
}

func TestSnapshotsBadInput(t *testing.T) {
	m := newMock(t, server.Config{})
	post := func(name, body, field string) badCase {
		return badCase{name: name, path: "/_mock/snapshots", body: body, field: field}
	}
	m.expectBad([]badCase{
		post("empty", "", "body"),
		post("no name", `{}`, "name"),
		post("space", `{"name":"a b"}`, "name"),
		post("slash", `{"name":"a/b"}`, "name"),
		post("too long", `{"name":"`+strings.Repeat("a", 65)+`"}`, "name"),
		post("vendor alone", `{"name":"a","vendor":"zego"}`, "app"),
		post("app alone", `{"name":"a","app":1}`, "vendor"),
		post("bad vendor", `{"name":"a","vendor":"x","app":1}`, "vendor"),
		post("app as string", `{"name":"a","vendor":"zego","app":"1"}`, "app"),
		post("unknown field", `{"name":"a","apps":[]}`, "apps"),
	}, func() string { return m.state() + m.ok(http.StatusOK, http.MethodGet, "/_mock/snapshots", nil) })
}

// TestSnapshotsSurviveRestart saves a snapshot on a file-backed server,
// opens the file again under a new server and restores it.
func TestSnapshotsSurviveRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "imemu.db")
	st, err := store.Open(context.Background(), path, clock.Fixed(testNow))
	require.NoError(t, err)
	m := newMockOn(t, server.Config{}, st)
	before := m.state()
	m.ok(http.StatusCreated, http.MethodPost, "/_mock/snapshots", `{"name":"keep"}`)
	m.ok(http.StatusNoContent, http.MethodDelete, "/_mock/apps/zego/1234567890", nil)
	require.NoError(t, st.Close())

	st, err = store.Open(context.Background(), path, clock.Fixed(testNow))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	m = newMockOn(t, server.Config{}, st)
	m.ok(http.StatusNotFound, http.MethodGet, "/_mock/apps/zego/1234567890", nil)
	m.ok(http.StatusOK, http.MethodPost, "/_mock/snapshots/keep/restore", nil)
	assert.Equal(t, before, m.state())
}
