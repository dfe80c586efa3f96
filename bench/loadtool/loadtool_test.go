package main

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/internal/signature"
)

func TestShapeFileIsValidFixtures(t *testing.T) {
	s := shape{users: 100, ring: 40, degree: 4, hub: 30}
	require.NoError(t, s.check())
	apps, err := s.file().Validate()
	require.NoError(t, err)
	require.Len(t, apps, 2)
	for _, app := range apps {
		assert.Len(t, app.Friends, s.edgesPerApp(), "directed edges of %s", app.Tenant.Vendor)
	}
	assert.Error(t, shape{users: 10, ring: 10, degree: 3}.check(), "odd degree")
	assert.Error(t, shape{users: 10, ring: 20, degree: 4}.check(), "ring beyond users")
}

// TestTargetsAreSigned checks every mix against the verifiers the server
// uses, and that a write cycle deletes then re-adds each pair once.
func TestTargetsAreSigned(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	g, err := newSigner("http://127.0.0.1:1", now)
	require.NoError(t, err)
	s := shape{users: 100, ring: 40, degree: 4, hub: 30}
	for kind, gen := range kinds {
		ts := gen(g, s)
		require.NotEmpty(t, ts, kind)
		for _, tg := range ts {
			u, err := url.Parse(tg.URL)
			require.NoError(t, err)
			q := u.Query()
			if strings.HasPrefix(u.Path, "/v4/") {
				_, err := signature.CheckUserSig(q.Get("usersig"), g.timApp.Secret, g.timApp.AppID, q.Get("identifier"), now.Unix())
				require.NoError(t, err, kind)
				assert.Equal(t, "POST", tg.Method)
				assert.True(t, json.Valid(tg.Body), "%s body %s", kind, tg.Body)
				continue
			}
			ts, err := strconv.ParseInt(q.Get("Timestamp"), 10, 64)
			require.NoError(t, err)
			assert.True(t, signature.ZegoVerify(uint32(g.zegoApp.AppID), q.Get("SignatureNonce"), g.zegoApp.Secret, ts, q.Get("Signature")), kind)
			assert.True(t, tg.Body == nil || json.Valid(tg.Body), "%s body %s", kind, tg.Body)
		}
	}
	writes := kinds["zego-write"](g, s)
	require.Len(t, writes, 2*len(pairs(s)))
	assert.Contains(t, writes[0].URL, "Action=DeleteFriends")
	assert.Contains(t, writes[len(pairs(s))].URL, "Action=AddFriends")
}

func TestVendorCodeAndAPIKey(t *testing.T) {
	for body, want := range map[string]int{`{"Code":0,"Message":"success"}`: 0, `{"ActionStatus":"FAIL","ErrorCode":30001}`: 30001} {
		code, ok := vendorCode([]byte(body))
		assert.True(t, ok)
		assert.Equal(t, want, code)
	}
	_, ok := vendorCode([]byte(`{"error":"x"}`))
	assert.False(t, ok)

	key, err := apiKey("http://h/v4/sns/friend_check?sdkappid=1")
	require.NoError(t, err)
	assert.Equal(t, "tim-sns-friend_check", key)
	key, err = apiKey("http://h/?Action=QueryFriendList&AppId=1")
	require.NoError(t, err)
	assert.Equal(t, "zego-QueryFriendList", key)
}
