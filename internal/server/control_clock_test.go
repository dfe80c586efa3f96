package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/signature"
)

func TestClock(t *testing.T) {
	m := newMock(t, server.Config{})
	steps := []struct{ body, want string }{
		{"", `{"now":"2026-11-23T12:00:00.000Z","frozen":false,"offsetMs":0}`},
		{`{"advance":"90s"}`, `{"now":"2026-11-23T12:01:30.000Z","frozen":false,"offsetMs":90000}`},
		{`{"freeze":true}`, `{"now":"2026-11-23T12:01:30.000Z","frozen":true,"offsetMs":90000}`},
		{`{"advance":"-30s"}`, `{"now":"2026-11-23T12:01:00.000Z","frozen":true,"offsetMs":60000}`},
		{`{"set":"2027-01-01T00:00:00Z"}`, `{"now":"2027-01-01T00:00:00.000Z","frozen":true,"offsetMs":3326400000}`},
		{`{"freeze":false}`, `{"now":"2027-01-01T00:00:00.000Z","frozen":false,"offsetMs":3326400000}`},
		{`{"set":"2026-11-23T11:00:00.5+08:00"}`, `{"now":"2026-11-23T03:00:00.500Z","frozen":false,"offsetMs":-32399500}`},
		{`{"reset":true}`, `{"now":"2026-11-23T12:00:00.000Z","frozen":false,"offsetMs":0}`},
	}
	for _, s := range steps {
		var got string
		if s.body == "" {
			got = m.ok(http.StatusOK, http.MethodGet, "/_mock/clock", nil)
		} else {
			got = m.ok(http.StatusOK, http.MethodPost, "/_mock/clock", s.body)
		}
		assert.JSONEq(t, s.want, got, s.body)
	}
	m.ok(http.StatusOK, http.MethodPost, "/_mock/clock", `{"advance":"1h"}`)
	_, resp := m.vendor(fixZego, "AddFriends", `{"FromUserId":"frank","FriendInfos":[{"UserId":"erin"}]}`, testNow.Add(time.Hour))
	require.Equal(t, 0.0, resp["Code"], resp)
	assert.Equal(t, "2026-11-23T13:00:00.000Z", m.journal("")[0].Time, "the journal runs on the emulated clock")
}

func TestClockBadInput(t *testing.T) {
	m := newMock(t, server.Config{})
	m.ok(http.StatusOK, http.MethodPost, "/_mock/clock", `{"advance":"1m"}`)
	post := func(name, body, field string) badCase {
		return badCase{name: name, path: "/_mock/clock", body: body, field: field}
	}
	m.expectBad([]badCase{
		post("empty", "", "body"),
		post("not JSON", "x", "body"),
		post("no key", `{}`, "body"),
		post("two keys", `{"freeze":true,"reset":true}`, "body"),
		post("unknown key", `{"jump":"1s"}`, "jump"),
		post("freeze not bool", `{"freeze":"yes"}`, "freeze"),
		post("set not a time", `{"set":"tomorrow"}`, "set"),
		post("set not a string", `{"set":1}`, "set"),
		post("advance not a duration", `{"advance":"1 day"}`, "advance"),
		post("advance a number", `{"advance":60}`, "advance"),
		post("reset false", `{"reset":false}`, "reset"),
	}, func() string { return m.ok(http.StatusOK, http.MethodGet, "/_mock/clock", nil) })
}

// TestClockExpiresSignatures signs at the current time, then moves the
// clock: the same ZEGO request expires after 10 minutes, and a TIM UserSig
// after its validity.
func TestClockExpiresSignatures(t *testing.T) {
	m := newMock(t, server.Config{})
	zego := m.vendorURL(fixZego, "QueryFriendList", testNow) + "&UserId=alice&Offset=0&Limit=10"
	query := func() float64 {
		req, err := http.NewRequest(http.MethodGet, zego, nil)
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var out map[string]any
		decodeResp(t, resp, &out)
		return out["Code"].(float64)
	}
	require.NotEqual(t, 100000004.0, query())
	m.ok(http.StatusOK, http.MethodPost, "/_mock/clock", `{"advance":"10m"}`)
	assert.NotEqual(t, 100000004.0, query(), "10 minutes is still inside the window")
	m.ok(http.StatusOK, http.MethodPost, "/_mock/clock", `{"advance":"1m"}`)
	assert.Equal(t, 100000004.0, query(), "11 minutes: signature expired")
	m.ok(http.StatusOK, http.MethodPost, "/_mock/clock", `{"reset":true}`)
	assert.NotEqual(t, 100000004.0, query())

	sig, err := signature.GenUserSig(timID, timKey, "administrator", 60, testNow.Unix())
	require.NoError(t, err)
	tim := m.url + "/v4/sns/friend_get?sdkappid=1400000000&identifier=administrator&random=1&contenttype=json&usersig=" + sig
	friendGet := func() float64 {
		resp, err := http.Post(tim, "application/json", strings.NewReader(`{"From_Account":"alice","StartIndex":0}`))
		require.NoError(t, err)
		defer resp.Body.Close()
		var out map[string]any
		decodeResp(t, resp, &out)
		return out["ErrorCode"].(float64)
	}
	require.Equal(t, 0.0, friendGet())
	m.ok(http.StatusOK, http.MethodPost, "/_mock/clock", `{"advance":"61s"}`)
	assert.Equal(t, 70001.0, friendGet(), "UserSig expired")
}
