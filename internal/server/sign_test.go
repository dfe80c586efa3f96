package server_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/signature"
)

// signed asks POST /_mock/sign for a URL and returns its path, checking
// that the absolute url is the same on the server's base URL.
func (m *mock) signed(body string) string {
	m.t.Helper()
	code, got := m.call(http.MethodPost, "/_mock/sign", body)
	require.Equal(m.t, http.StatusOK, code, got)
	ans := mustJSON(m.t, got)
	u, _ := ans["url"].(string)
	p, _ := ans["path"].(string)
	require.NotEmpty(m.t, p, got)
	assert.Equal(m.t, m.url+p, u, "url is absolute: the server's base URL and the path")
	return p
}

func TestSignZego(t *testing.T) {
	m := newMock(t, server.Config{})
	u := m.signed(`{"vendor":"zego","app":1234567890,"action":"DeleteFriends"}`)
	assert.Regexp(t, `^/\?Action=DeleteFriends&AppId=1234567890&SignatureNonce=[0-9a-f]{16}&Timestamp=[0-9]+&SignatureVersion=2\.0&Signature=[0-9a-f]{32}$`, u,
		"ZEGO's parameters, in the order ZEGO documents them")
	q := mustQuery(t, u)
	assert.Equal(t, strconv.FormatInt(testNow.Unix(), 10), q.Get("Timestamp"), "signed at the server's clock")
	assert.True(t, signature.ZegoVerify(zegoID, q.Get("SignatureNonce"), zegoSecret, testNow.Unix(), q.Get("Signature")))
	assert.NotEqual(t, q.Get("SignatureNonce"), mustQuery(t, m.signed(`{"vendor":"zego","app":1234567890,"action":"DeleteFriends"}`)).Get("SignatureNonce"),
		"every URL has a fresh nonce")

	got := vendorCall(t, http.MethodPost, m.url+u, `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":1}`)
	assert.EqualValues(t, 0, got["Code"], got)
	assert.NotContains(t, m.friendsOf(fixZego.key, "alice"), "bob")
	assert.Contains(t, m.friendsOf(fixZego.key, "bob"), "alice", "one-way: bob still lists alice")
}

func TestSignTIM(t *testing.T) {
	m := newMock(t, server.Config{})
	u := m.signed(`{"vendor":"tim","app":1400000000,"api":"sns/friend_delete"}`)
	assert.Regexp(t, `^/v4/sns/friend_delete\?sdkappid=1400000000&identifier=administrator&usersig=[^&]+&random=[0-9]+&contenttype=json$`, u)
	q := mustQuery(t, u)
	sig, err := signature.CheckUserSig(q.Get("usersig"), timKey, timID, "administrator", testNow.Unix())
	require.NoError(t, err)
	assert.Equal(t, testNow.Unix(), sig.Time, "issued at the server's clock")
	assert.EqualValues(t, 86400, sig.Expire)

	got := vendorCall(t, http.MethodPost, m.url+u, `{"From_Account":"alice","To_Account":["bob"],"DeleteType":"Delete_Type_Both"}`)
	assert.EqualValues(t, 0, got["ErrorCode"], got)
	assert.NotContains(t, m.friendsOf(fixTIM.key, "bob"), "alice")

	u = m.signed(`{"vendor":"tim","app":1400000000,"api":"sns/friend_get","identifier":"alice"}`)
	q = mustQuery(t, u)
	assert.Equal(t, "alice", q.Get("identifier"))
	_, err = signature.CheckUserSig(q.Get("usersig"), timKey, timID, "alice", testNow.Unix())
	assert.NoError(t, err, "signed for the identifier asked for")
}

func TestSignBadInput(t *testing.T) {
	m := newMock(t, server.Config{})
	m.expectBad([]badCase{
		{name: "vendor", path: "/_mock/sign", body: `{"vendor":"wechat","app":1,"action":"DeleteFriends"}`, field: "vendor"},
		{name: "no app", path: "/_mock/sign", body: `{"vendor":"zego","action":"DeleteFriends"}`, field: "app"},
		{name: "zego app over uint32", path: "/_mock/sign", body: `{"vendor":"zego","app":4294967296,"action":"DeleteFriends"}`, field: "app"},
		{name: "no action", path: "/_mock/sign", body: `{"vendor":"zego","app":1234567890}`, field: "action"},
		{name: "action with a path", path: "/_mock/sign", body: `{"vendor":"zego","app":1234567890,"action":"../x"}`, field: "action"},
		{name: "api for zego", path: "/_mock/sign", body: `{"vendor":"zego","app":1234567890,"api":"sns/friend_delete"}`, field: "api"},
		{name: "identifier for zego", path: "/_mock/sign", body: `{"vendor":"zego","app":1234567890,"action":"DeleteFriends","identifier":"alice"}`, field: "identifier"},
		{name: "action for tim", path: "/_mock/sign", body: `{"vendor":"tim","app":1400000000,"action":"DeleteFriends"}`, field: "action"},
		{name: "no api", path: "/_mock/sign", body: `{"vendor":"tim","app":1400000000}`, field: "api"},
		{name: "api escaping /v4", path: "/_mock/sign", body: `{"vendor":"tim","app":1400000000,"api":"../_mock/reset"}`, field: "api"},
		{name: "long identifier", path: "/_mock/sign", body: `{"vendor":"tim","app":1400000000,"api":"sns/friend_get","identifier":"` + strings.Repeat("a", 33) + `"}`, field: "identifier"},
		{name: "unknown field", path: "/_mock/sign", body: `{"vendor":"tim","app":1400000000,"api":"sns/friend_get","secret":"x"}`, field: "secret"},
		{name: "not JSON", path: "/_mock/sign", body: `{`, field: "body"},
	}, m.state)

	code, body := m.call(http.MethodPost, "/_mock/sign", `{"vendor":"tim","app":1400000001,"api":"sns/friend_get"}`)
	assert.Equal(t, http.StatusNotFound, code, body)
	assert.Equal(t, "app", mustJSON(t, body)["field"])
}

func TestSignNeedsToken(t *testing.T) {
	m := newMock(t, server.Config{ControlToken: "s3cret"})
	code, body := m.call(http.MethodPost, "/_mock/sign", `{"vendor":"zego","app":1234567890,"action":"DeleteFriends"}`)
	assert.Equal(t, http.StatusUnauthorized, code, body)
	code, body = m.call(http.MethodPost, "/_mock/sign", `{"vendor":"zego","app":1234567890,"action":"DeleteFriends"}`, "Authorization", "Bearer s3cret")
	assert.Equal(t, http.StatusOK, code, body)
}

// mustQuery parses the query of a URL relative to the server.
func mustQuery(t testing.TB, rel string) url.Values {
	t.Helper()
	u, err := url.Parse(rel)
	require.NoError(t, err)
	return u.Query()
}
