package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/server"
)

const aliceDeletesBob = `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":0}`

func TestFaultZegoCodeForTheNextTwoCalls(t *testing.T) {
	m := newMock(t, server.Config{})
	body := m.ok(http.StatusCreated, http.MethodPost, "/_mock/faults",
		`{"vendor":"zego","app":1234567890,"api":"DeleteFriends","code":660300005,"times":2}`)
	assert.JSONEq(t, `{"id":"f1","vendor":"zego","app":1234567890,"api":"DeleteFriends","code":660300005,
		"latencyMs":0,"drop":false,"times":2,"matched":0,"remaining":2,"expiresAt":null}`, body)
	before := m.state()

	for range 2 {
		reqID, resp := m.vendor(fixZego, "DeleteFriends", aliceDeletesBob, testNow)
		assert.Equal(t, map[string]any{"Code": 660300005.0, "Message": "API call frequency exceeds the AppID-level limit",
			"RequestId": reqID}, resp, "ZEGO's envelope, as its own writer renders it")
		assert.Equal(t, before, m.state(), "nothing changed")
	}
	_, resp := m.vendor(fixZego, "DeleteFriends", aliceDeletesBob, testNow)
	assert.Equal(t, 0.0, resp["Code"], "the third call goes through: %v", resp)
	assert.Equal(t, []string{"carol", "dave"}, m.friendsOf(fixZego.key, "alice"))

	es := m.journal("?api=DeleteFriends")
	require.Len(t, es, 3)
	for i, e := range es {
		assert.Equal(t, i < 2, e.Fault, "entry %d", i)
	}
	assert.Equal(t, 660300005, *es[0].Code)
	assert.Equal(t, 0, *es[2].Code)
	assert.JSONEq(t, `{"faults":[{"id":"f1","vendor":"zego","app":1234567890,"api":"DeleteFriends","code":660300005,
		"latencyMs":0,"drop":false,"times":2,"matched":2,"remaining":0,"expiresAt":null}]}`,
		m.ok(http.StatusOK, http.MethodGet, "/_mock/faults", nil))
}

// TestFaultLooksLikeTheRealThing compares an injected rate-limit answer
// with one the limiter itself gives: same status, headers and envelope
// keys; only the Message's detail and the RequestId differ.
func TestFaultLooksLikeTheRealThing(t *testing.T) {
	m := newMock(t, server.Config{})
	a := m.createApp(`{"vendor":"zego","limits":{"qps":1},"users":["a","b"]}`)
	get := func() *http.Response {
		resp, err := http.Post(m.vendorURL(a, "DeleteFriends", testNow), "application/json",
			strings.NewReader(`{"FromUserId":"a","UserIds":["b"],"DeleteType":0}`))
		require.NoError(t, err)
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}
	get()
	real := get() // over the limit
	m.ok(http.StatusCreated, http.MethodPost, "/_mock/faults", fmt.Sprintf(`{"vendor":"zego","app":%d,"code":660300005}`, a.key.AppID))
	fake := get()
	assert.Equal(t, real.StatusCode, fake.StatusCode)
	for _, h := range []string{"Content-Type", "Content-Length"} {
		assert.Equal(t, real.Header.Values(h) == nil, fake.Header.Values(h) == nil, h)
	}
	assert.Equal(t, real.Header.Get("Content-Type"), fake.Header.Get("Content-Type"))
	var r, f map[string]any
	decodeResp(t, real, &r)
	decodeResp(t, fake, &f)
	assert.Equal(t, r["Code"], f["Code"])
	assert.Len(t, f, len(r))
	assert.True(t, strings.HasPrefix(r["Message"].(string), f["Message"].(string)), "%q / %q", r["Message"], f["Message"])
}

func TestFaultTIMCode(t *testing.T) {
	m := newMock(t, server.Config{})
	m.ok(http.StatusCreated, http.MethodPost, "/_mock/faults", `{"vendor":"tim","api":"sns/friend_delete","code":30008}`)
	before := m.state()
	_, resp := m.vendor(fixTIM, "sns/friend_delete", `{"From_Account":"alice","To_Account":["bob"]}`, testNow)
	assert.Equal(t, map[string]any{"ActionStatus": "FAIL", "ErrorCode": 30008.0,
		"ErrorInfo": "write conflict caused by concurrent writes, please retry", "ErrorDisplay": ""}, resp)
	assert.Equal(t, before, m.state())
	_, resp = m.vendor(fixTIM, "sns/friend_get", `{"From_Account":"alice","StartIndex":0}`, testNow)
	assert.Equal(t, "OK", resp["ActionStatus"], "another API is not matched")

	es := m.journal("?api=sns/friend_delete")
	require.Len(t, es, 1)
	assert.True(t, es[0].Fault)
	assert.Equal(t, 30008, *es[0].Code)

	m.ok(http.StatusNoContent, http.MethodDelete, "/_mock/faults/f1", nil)
	code, body := m.call(http.MethodDelete, "/_mock/faults/f1", nil)
	assert.Equal(t, http.StatusNotFound, code)
	assert.JSONEq(t, `{"error":"fault \"f1\" does not exist","field":"id"}`, body)
	_, resp = m.vendor(fixTIM, "sns/friend_delete", `{"From_Account":"alice","To_Account":["bob"]}`, testNow)
	assert.Equal(t, "OK", resp["ActionStatus"], resp)
	assert.Equal(t, []string{"carol", "dave"}, m.friendsOf(fixTIM.key, "alice"))
}

func TestFaultMatchesUser(t *testing.T) {
	m := newMock(t, server.Config{})
	m.ok(http.StatusCreated, http.MethodPost, "/_mock/faults", `{"vendor":"zego","user":"bob","code":660000001}`)
	_, resp := m.vendor(fixZego, "DeleteFriends", `{"FromUserId":"bob","UserIds":["carol"],"DeleteType":0}`, testNow)
	assert.Equal(t, 660000001.0, resp["Code"])
	_, resp = m.vendor(fixZego, "DeleteFriends", aliceDeletesBob, testNow)
	assert.Equal(t, 0.0, resp["Code"], "alice is not matched")
}

func TestFaultLatencyAndDrop(t *testing.T) {
	m := newMock(t, server.Config{})
	m.ok(http.StatusCreated, http.MethodPost, "/_mock/faults", `{"vendor":"zego","latencyMs":60,"times":1}`)
	elapsed := clock.Stopwatch()
	_, resp := m.vendor(fixZego, "DeleteFriends", aliceDeletesBob, testNow)
	assert.GreaterOrEqual(t, elapsed(), 60*time.Millisecond)
	assert.Equal(t, 0.0, resp["Code"], "delayed, then served")
	e := m.journal("")[0]
	assert.True(t, e.Fault)
	assert.GreaterOrEqual(t, e.LatencyMs, 60.0)

	m.ok(http.StatusNoContent, http.MethodDelete, "/_mock/journal", nil)
	m.ok(http.StatusCreated, http.MethodPost, "/_mock/faults", `{"vendor":"tim","drop":true,"times":1}`)
	before := m.state()
	_, err := http.Post(m.vendorURL(fixTIM, "sns/friend_delete", testNow), "application/json",
		strings.NewReader(`{"From_Account":"alice","To_Account":["bob"]}`))
	require.Error(t, err, "the connection closes without an answer")
	assert.Equal(t, before, m.state())
	es := m.journal("")
	require.Len(t, es, 1)
	assert.True(t, es[0].Fault)
	assert.Nil(t, es[0].Code)
	assert.Equal(t, 0, es[0].HTTPStatus)
	assert.Equal(t, "null", string(es[0].Response))
	_, resp = m.vendor(fixTIM, "sns/friend_delete", `{"From_Account":"alice","To_Account":["bob"]}`, testNow)
	assert.Equal(t, "OK", resp["ActionStatus"], "times: 1")
}

func TestFaultDurationOnTheEmulatedClock(t *testing.T) {
	m := newMock(t, server.Config{})
	body := m.ok(http.StatusCreated, http.MethodPost, "/_mock/faults", `{"vendor":"zego","code":1,"durationMs":60000}`)
	assert.Equal(t, "2026-11-23T12:01:00.000Z", mustJSON(t, body)["expiresAt"])
	_, resp := m.vendor(fixZego, "DeleteFriends", aliceDeletesBob, testNow)
	assert.Equal(t, 1.0, resp["Code"])
	m.ok(http.StatusOK, http.MethodPost, "/_mock/clock", `{"advance":"1m"}`)
	_, resp = m.vendor(fixZego, "DeleteFriends", aliceDeletesBob, testNow.Add(time.Minute))
	assert.Equal(t, 0.0, resp["Code"], "expired: %v", resp)
}

// TestFaultProbabilityIsSeeded runs the same seeded rule on two servers:
// the same requests fail.
func TestFaultProbabilityIsSeeded(t *testing.T) {
	run := func() string {
		m := newMock(t, server.Config{RateLimitOff: true})
		body := m.ok(http.StatusCreated, http.MethodPost, "/_mock/faults", `{"vendor":"tim","code":30006,"probability":0.5,"seed":42}`)
		assert.Equal(t, 42.0, mustJSON(t, body)["seed"])
		var out strings.Builder
		for range 30 {
			_, resp := m.vendor(fixTIM, "sns/friend_get", `{"From_Account":"alice","StartIndex":0}`, testNow)
			fmt.Fprint(&out, map[bool]string{true: "x", false: "."}[resp["ErrorCode"] == 30006.0])
		}
		return out.String()
	}
	a := run()
	assert.Equal(t, a, run())
	assert.Contains(t, a, "x")
	assert.Contains(t, a, ".")

	m := newMock(t, server.Config{})
	body := m.ok(http.StatusCreated, http.MethodPost, "/_mock/faults", `{"vendor":"tim","code":30006,"probability":0.5}`)
	assert.NotNil(t, mustJSON(t, body)["seed"], "a drawn seed is reported")
}

func TestFaultsBadInput(t *testing.T) {
	m := newMock(t, server.Config{})
	post := func(name, body, field string) badCase {
		return badCase{name: name, path: "/_mock/faults", body: body, field: field}
	}
	m.expectBad([]badCase{
		post("empty", "", "body"),
		post("no vendor", `{"code":1}`, "vendor"),
		post("bad vendor", `{"vendor":"x","code":1}`, "vendor"),
		post("nothing to do", `{"vendor":"zego"}`, "code"),
		post("unknown code", `{"vendor":"zego","code":12345}`, "code"),
		post("success code", `{"vendor":"zego","code":0}`, "code"),
		post("other vendor's code", `{"vendor":"tim","code":660300005}`, "code"),
		post("code as string", `{"vendor":"zego","code":"1"}`, "code"),
		post("code and drop", `{"vendor":"zego","code":1,"drop":true}`, "drop"),
		post("negative latency", `{"vendor":"zego","latencyMs":-1}`, "latencyMs"),
		post("latency too long", `{"vendor":"zego","latencyMs":30001}`, "latencyMs"),
		post("times 0", `{"vendor":"zego","code":1,"times":0}`, "times"),
		post("durationMs 0", `{"vendor":"zego","code":1,"durationMs":0}`, "durationMs"),
		post("probability 0", `{"vendor":"zego","code":1,"probability":0}`, "probability"),
		post("probability > 1", `{"vendor":"zego","code":1,"probability":1.5}`, "probability"),
		post("seed alone", `{"vendor":"zego","code":1,"seed":3}`, "seed"),
		post("app out of range", `{"vendor":"zego","code":1,"app":4294967296}`, "app"),
		post("unknown field", `{"vendor":"zego","code":1,"users":["a"]}`, "users"),
	}, func() string { return m.ok(http.StatusOK, http.MethodGet, "/_mock/faults", nil) })

	m.ok(http.StatusCreated, http.MethodPost, "/_mock/faults", `{"vendor":"zego","code":1}`)
	m.ok(http.StatusCreated, http.MethodPost, "/_mock/faults", `{"vendor":"tim","drop":true}`)
	m.ok(http.StatusNoContent, http.MethodDelete, "/_mock/faults", nil)
	assert.JSONEq(t, `{"faults":[]}`, m.ok(http.StatusOK, http.MethodGet, "/_mock/faults", nil))
}
