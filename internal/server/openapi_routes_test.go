package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/signature"
)

// These tests drive every control route through validatingClient, so each
// request and answer below is also checked against openapi.json.

// testNow is newTestServer's fixed clock.
var testNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

const (
	zegoID     = 1234567890
	zegoSecret = "0123456789abcdef0123456789abcdef"
	timID      = 1400000000
	timKey     = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
)

// zegoURL signs a ZEGO request for the fixtures app at time now.
func zegoURL(base, action string, now time.Time, extra ...string) string {
	q := url.Values{"Action": {action}, "AppId": {fmt.Sprint(zegoID)}, "SignatureNonce": {"00112233aabbccdd"},
		"Timestamp": {fmt.Sprint(now.Unix())}, "SignatureVersion": {"2.0"},
		"Signature": {signature.ZegoSign(zegoID, "00112233aabbccdd", zegoSecret, now.Unix())}}
	for i := 0; i+1 < len(extra); i += 2 {
		q.Set(extra[i], extra[i+1])
	}
	return base + "/?" + q.Encode()
}

// timURL makes a TIM admin request URL for the fixtures app at time now.
func timURL(t testing.TB, base, api string, now time.Time) string {
	sig, err := signature.GenUserSig(timID, timKey, "administrator", 86400, now.Unix())
	require.NoError(t, err)
	q := url.Values{"sdkappid": {fmt.Sprint(timID)}, "identifier": {"administrator"}, "usersig": {sig},
		"random": {"42"}, "contenttype": {"json"}}
	return base + "/v4/" + api + "?" + q.Encode()
}

// vendorCall posts a vendor request and returns its decoded answer.
func vendorCall(t testing.TB, method, u string, body string) map[string]any {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var m map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
	return m
}

func deleteAliceBob(t testing.TB, base string, now time.Time) map[string]any {
	return vendorCall(t, http.MethodPost, zegoURL(base, "DeleteFriends", now), `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":0}`)
}

func TestControlApps(t *testing.T) {
	srv, _ := newTestServer(t, server.Config{})
	c := validatingClient(t, srv.URL)
	code, body := callMock(t, c, http.MethodPost, srv.URL+"/_mock/apps",
		`{"vendor":"zego","users":["a","b",{"id":"c","name":"C"}],"friends":[{"from":"a","to":"b"},{"from":"c","to":"a","oneWay":true}]}`)
	require.Equal(t, http.StatusCreated, code, body)
	zego := mustJSON(t, body)
	assert.GreaterOrEqual(t, zego["appId"], float64(1e9))
	assert.Regexp(t, `^[0-9a-f]{32}$`, zego["secret"])
	assert.Equal(t, float64(3), zego["userCount"])
	assert.Equal(t, float64(3), zego["friendCount"], "two edges and one")

	code, body = callMock(t, c, http.MethodPost, srv.URL+"/_mock/apps", `{"vendor":"tim","appId":1400000123,"callbackUrl":"http://127.0.0.1:1/cb"}`)
	require.Equal(t, http.StatusCreated, code, body)
	tim := mustJSON(t, body)
	assert.Equal(t, "administrator", tim["admin"])
	assert.Regexp(t, `^[0-9a-f]{64}$`, tim["secret"])

	code, body = callMock(t, c, http.MethodPost, srv.URL+"/_mock/apps", `{"vendor":"tim","appId":1400000123}`)
	assert.Equal(t, http.StatusConflict, code, body)
	code, body = callMock(t, c, http.MethodPost, srv.URL+"/_mock/apps", badInput(`{"vendor":"wechat"}`))
	assert.Equal(t, http.StatusBadRequest, code, body)
	assert.Contains(t, mustJSON(t, body)["field"], "vendor")
	code, body = callMock(t, c, http.MethodPost, srv.URL+"/_mock/apps", `{"vendor":"zego","users":["a"],"friends":[{"from":"a","to":"zed"}]}`)
	assert.Equal(t, http.StatusBadRequest, code, body)
	assert.Contains(t, mustJSON(t, body)["field"], "friends[0].to")

	code, body = callMock(t, c, http.MethodGet, srv.URL+"/_mock/apps", nil)
	require.Equal(t, http.StatusOK, code, body)
	var list struct{ Apps []struct{ Vendor string } }
	require.NoError(t, json.Unmarshal([]byte(body), &list))
	assert.Len(t, list.Apps, 4, "two fixtures apps and two new ones")

	one := fmt.Sprintf("%s/_mock/apps/zego/%.0f", srv.URL, zego["appId"])
	code, body = callMock(t, c, http.MethodGet, one, nil)
	require.Equal(t, http.StatusOK, code, body)
	assert.Equal(t, zego["secret"], mustJSON(t, body)["secret"])
	code, body = callMock(t, c, http.MethodGet, srv.URL+"/_mock/apps/wechat/1", badInput(nil))
	assert.Equal(t, http.StatusBadRequest, code, body)
	code, _ = callMock(t, c, http.MethodDelete, one, nil)
	assert.Equal(t, http.StatusNoContent, code)
	code, body = callMock(t, c, http.MethodDelete, one, nil)
	assert.Equal(t, http.StatusNotFound, code, body)
	code, body = callMock(t, c, http.MethodGet, one, nil)
	assert.Equal(t, http.StatusNotFound, code, body)
}

func TestControlReset(t *testing.T) {
	srv, _ := newTestServer(t, server.Config{})
	c := validatingClient(t, srv.URL)
	code, body := callMock(t, c, http.MethodPost, srv.URL+"/_mock/apps", `{"vendor":"zego","appId":777,"users":["a"]}`)
	require.Equal(t, http.StatusCreated, code, body)
	assert.EqualValues(t, 0, deleteAliceBob(t, srv.URL, testNow)["Code"])
	assert.EqualValues(t, 660800034, deleteAliceBob(t, srv.URL, testNow)["Code"], "already deleted")

	code, body = callMock(t, c, http.MethodPost, srv.URL+"/_mock/reset?vendor=zego&app=1234567890", nil)
	require.Equal(t, http.StatusOK, code, body)
	assert.JSONEq(t, `{"reset":["zego/1234567890"]}`, body)
	assert.EqualValues(t, 0, deleteAliceBob(t, srv.URL, testNow)["Code"], "alice-bob is back")

	code, body = callMock(t, c, http.MethodPost, srv.URL+"/_mock/reset", nil)
	require.Equal(t, http.StatusOK, code, body)
	code, body = callMock(t, c, http.MethodGet, srv.URL+"/_mock/apps/zego/777", nil)
	assert.Equal(t, http.StatusNotFound, code, "a whole reset deletes control-plane apps: %s", body)
	code, body = callMock(t, c, http.MethodPost, srv.URL+"/_mock/reset?vendor=wechat&app=1", badInput(nil))
	assert.Equal(t, http.StatusBadRequest, code, body)
}

func TestControlState(t *testing.T) {
	srv, _ := newTestServer(t, server.Config{})
	c := validatingClient(t, srv.URL)
	code, body := callMock(t, c, http.MethodGet, srv.URL+"/_mock/state", nil)
	require.Equal(t, http.StatusOK, code, body)
	assert.NotContains(t, body, zegoSecret)
	code, body = callMock(t, c, http.MethodGet, srv.URL+"/_mock/state?secrets=true&vendor=tim&app=1400000000", nil)
	require.Equal(t, http.StatusOK, code, body)
	assert.Contains(t, body, timKey)
	assert.NotContains(t, body, zegoSecret, "just the TIM app")

	doc := `{"apps":[{"vendor":"tim","appId":1400000000,"admin":"administrator","users":["alice","bob"],"friends":[{"from":"alice","to":"bob","oneWay":true}]}]}`
	code, body = callMock(t, c, http.MethodPut, srv.URL+"/_mock/state?vendor=tim&app=1400000000", doc)
	require.Equal(t, http.StatusOK, code, body)
	assert.JSONEq(t, `{"apps":["tim/1400000000"]}`, body)
	code, body = callMock(t, c, http.MethodGet, srv.URL+"/_mock/state?vendor=tim&app=1400000000", nil)
	require.Equal(t, http.StatusOK, code, body)
	assert.Contains(t, body, `"oneWay":true`)
	assert.NotContains(t, body, "carol")

	bad := `{"apps":[{"vendor":"tim","appId":1400000000,"admin":"administrator","users":["alice"],"friends":[{"from":"alice","to":"zed"}]}]}`
	code, body = callMock(t, c, http.MethodPut, srv.URL+"/_mock/state", bad)
	require.Equal(t, http.StatusBadRequest, code, body)
	assert.Equal(t, "apps[0].friends[0].to", mustJSON(t, body)["field"])
	code, body = callMock(t, c, http.MethodGet, srv.URL+"/_mock/state", nil)
	require.Equal(t, http.StatusOK, code, body)
	assert.Contains(t, body, `"appId":1234567890`, "a failed import changes nothing")
}

func TestControlSnapshots(t *testing.T) {
	srv, _ := newTestServer(t, server.Config{})
	c := validatingClient(t, srv.URL)
	code, body := callMock(t, c, http.MethodPost, srv.URL+"/_mock/snapshots", `{"name":"before"}`)
	require.Equal(t, http.StatusCreated, code, body)
	assert.ElementsMatch(t, []any{"zego/1234567890", "tim/1400000000"}, mustJSON(t, body)["apps"])
	code, body = callMock(t, c, http.MethodPost, srv.URL+"/_mock/snapshots", `{"name":"zego-only","vendor":"zego","app":1234567890}`)
	require.Equal(t, http.StatusCreated, code, body)
	code, body = callMock(t, c, http.MethodPost, srv.URL+"/_mock/snapshots", `{"name":"before"}`)
	assert.Equal(t, http.StatusConflict, code, body)
	code, body = callMock(t, c, http.MethodPost, srv.URL+"/_mock/snapshots", badInput(`{"name":"a b"}`))
	assert.Equal(t, http.StatusBadRequest, code, body)
	assert.Equal(t, "name", mustJSON(t, body)["field"])

	assert.EqualValues(t, 0, deleteAliceBob(t, srv.URL, testNow)["Code"])
	code, body = callMock(t, c, http.MethodPost, srv.URL+"/_mock/snapshots/zego-only/restore", nil)
	require.Equal(t, http.StatusOK, code, body)
	assert.JSONEq(t, `{"name":"zego-only","apps":["zego/1234567890"]}`, body)
	assert.EqualValues(t, 0, deleteAliceBob(t, srv.URL, testNow)["Code"], "restored")

	code, body = callMock(t, c, http.MethodGet, srv.URL+"/_mock/snapshots", nil)
	require.Equal(t, http.StatusOK, code, body)
	assert.Len(t, mustJSON(t, body)["snapshots"], 2)
	code, _ = callMock(t, c, http.MethodDelete, srv.URL+"/_mock/snapshots/before", nil)
	assert.Equal(t, http.StatusNoContent, code)
	code, body = callMock(t, c, http.MethodDelete, srv.URL+"/_mock/snapshots/before", nil)
	assert.Equal(t, http.StatusNotFound, code, body)
	code, body = callMock(t, c, http.MethodPost, srv.URL+"/_mock/snapshots/before/restore", nil)
	assert.Equal(t, http.StatusNotFound, code, body)
}

func TestControlJournal(t *testing.T) {
	srv, _ := newTestServer(t, server.Config{})
	c := validatingClient(t, srv.URL)
	code, body := callMock(t, c, http.MethodGet, srv.URL+"/_mock/journal", nil)
	require.Equal(t, http.StatusOK, code, body)
	deleteAliceBob(t, srv.URL, testNow)
	vendorCall(t, http.MethodPost, timURL(t, srv.URL, "sns/friend_delete", testNow),
		`{"From_Account":"alice","To_Account":["bob"],"DeleteType":"Delete_Type_Both"}`)

	code, body = callMock(t, c, http.MethodGet, srv.URL+"/_mock/journal", nil)
	require.Equal(t, http.StatusOK, code, body)
	var j struct {
		Entries []struct {
			ID       int64
			Vendor   string
			API      string
			Query    url.Values
			Body     map[string]any
			Code     int
			Response map[string]any
		}
	}
	require.NoError(t, json.Unmarshal([]byte(body), &j))
	require.Len(t, j.Entries, 2)
	z, tm := j.Entries[0], j.Entries[1]
	assert.Equal(t, "DeleteFriends", z.API)
	assert.Equal(t, "alice", z.Body["FromUserId"])
	assert.NotContains(t, z.Query, "Signature")
	assert.Equal(t, "sns/friend_delete", tm.API)
	assert.NotContains(t, tm.Query, "usersig")
	assert.NotContains(t, body, "TLS.sig")

	for q, n := range map[string]int{"vendor=tim": 1, "api=DeleteFriends": 1, "code=0": 2, "limit=1": 1,
		fmt.Sprintf("after=%d", z.ID): 1, "vendor=zego&app=1234567890": 1, "since=2030-01-01T00:00:00Z": 0} {
		code, body = callMock(t, c, http.MethodGet, srv.URL+"/_mock/journal?"+q, nil)
		require.Equal(t, http.StatusOK, code, body)
		assert.Len(t, mustJSON(t, body)["entries"], n, q)
	}
	code, body = callMock(t, c, http.MethodGet, srv.URL+"/_mock/journal?limit=many", badInput(nil))
	assert.Equal(t, http.StatusBadRequest, code, body)
	assert.Equal(t, "limit", mustJSON(t, body)["field"])
	code, _ = callMock(t, c, http.MethodDelete, srv.URL+"/_mock/journal", nil)
	assert.Equal(t, http.StatusNoContent, code)
	_, body = callMock(t, c, http.MethodGet, srv.URL+"/_mock/journal", nil)
	assert.JSONEq(t, `{"entries":[]}`, body)
}

func TestControlEvents(t *testing.T) {
	srv, _ := newTestServer(t, server.Config{})
	c := validatingClient(t, srv.URL)
	code, body := callMock(t, c, http.MethodGet, srv.URL+"/_mock/events", nil)
	require.Equal(t, http.StatusOK, code, body)
	assert.JSONEq(t, `{"events":[]}`, body)

	start := time.Now()
	code, body = callMock(t, c, http.MethodGet, srv.URL+"/_mock/events?wait=50ms", nil)
	require.Equal(t, http.StatusOK, code, body)
	assert.JSONEq(t, `{"events":[]}`, body)
	assert.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond)

	done := make(chan string, 1)
	go func() {
		_, b := callMock(t, c, http.MethodGet, srv.URL+"/_mock/events?kind=zego.friendListChanged&vendor=zego&app=1234567890&wait=10s", nil)
		done <- b
	}()
	time.Sleep(20 * time.Millisecond)
	deleteAliceBob(t, srv.URL, testNow)
	select {
	case b := <-done:
		assert.Contains(t, b, `"userId":"alice"`)
	case <-time.After(5 * time.Second):
		t.Fatal("the long-poll did not return after the delete")
	}
	code, body = callMock(t, c, http.MethodGet, srv.URL+"/_mock/events?kind=zego.friendListChanged", nil)
	require.Equal(t, http.StatusOK, code, body)
	var ev struct{ Events []map[string]any }
	require.NoError(t, json.Unmarshal([]byte(body), &ev))
	require.Len(t, ev.Events, 2, "alice's list and bob's list changed")
	assert.Equal(t, map[string]any{"userId": "bob", "action": "deleted", "friendUserIds": []any{"alice"}}, ev.Events[1]["payload"])

	code, body = callMock(t, c, http.MethodGet, srv.URL+"/_mock/events?wait=forever", badInput(nil))
	assert.Equal(t, http.StatusBadRequest, code, body)
	assert.Equal(t, "wait", mustJSON(t, body)["field"])
	code, _ = callMock(t, c, http.MethodDelete, srv.URL+"/_mock/events", nil)
	assert.Equal(t, http.StatusNoContent, code)
	_, body = callMock(t, c, http.MethodGet, srv.URL+"/_mock/events", nil)
	assert.JSONEq(t, `{"events":[]}`, body)
}

// TestControlStreams reads the first Server-Sent Event of each stream.
func TestControlStreams(t *testing.T) {
	for _, tt := range []struct{ path, event string }{
		{"/_mock/events/stream?kind=zego.friendListChanged", "zego.friendListChanged"},
		{"/_mock/journal/stream?vendor=zego", "journal"},
	} {
		t.Run(tt.event, func(t *testing.T) {
			srv, _ := newTestServer(t, server.Config{})
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+tt.path, nil)
			require.NoError(t, err)
			resp, err := validatingClient(t, srv.URL).Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			require.Equal(t, http.StatusOK, resp.StatusCode)
			deleteAliceBob(t, srv.URL, testNow)
			sc := bufio.NewScanner(resp.Body)
			fields := map[string]string{}
			for sc.Scan() && sc.Text() != "" {
				if k, v, ok := strings.Cut(sc.Text(), ": "); ok {
					fields[k] = v
				}
			}
			require.NoError(t, sc.Err())
			assert.Equal(t, tt.event, fields["event"])
			assert.Regexp(t, `^[0-9]+$`, fields["id"])
			var data map[string]any
			require.NoError(t, json.Unmarshal([]byte(fields["data"]), &data), fields["data"])
			assert.Equal(t, "zego", data["vendor"])
		})
	}
}

func TestControlFaults(t *testing.T) {
	srv, _ := newTestServer(t, server.Config{})
	c := validatingClient(t, srv.URL)
	code, body := callMock(t, c, http.MethodPost, srv.URL+"/_mock/faults",
		`{"vendor":"zego","app":1234567890,"api":"DeleteFriends","user":"alice","code":660000001,"times":1}`)
	require.Equal(t, http.StatusCreated, code, body)
	f := mustJSON(t, body)
	assert.EqualValues(t, 1, f["remaining"])
	assert.Nil(t, f["expiresAt"])

	assert.EqualValues(t, 660000001, deleteAliceBob(t, srv.URL, testNow)["Code"], "the fault answers")
	assert.EqualValues(t, 0, deleteAliceBob(t, srv.URL, testNow)["Code"], "state was untouched; the fault is spent")

	code, body = callMock(t, c, http.MethodPost, srv.URL+"/_mock/faults", `{"vendor":"tim","api":"sns/friend_delete","code":30006,"durationMs":60000}`)
	require.Equal(t, http.StatusCreated, code, body)
	tf := mustJSON(t, body)
	assert.Nil(t, tf["remaining"])
	assert.Equal(t, "2026-11-23T12:01:00.000Z", tf["expiresAt"])
	tim := vendorCall(t, http.MethodPost, timURL(t, srv.URL, "sns/friend_delete", testNow), `{"From_Account":"alice","To_Account":["bob"]}`)
	assert.EqualValues(t, 30006, tim["ErrorCode"])

	code, body = callMock(t, c, http.MethodGet, srv.URL+"/_mock/faults", nil)
	require.Equal(t, http.StatusOK, code, body)
	for _, bad := range []struct{ body, field string }{
		{`{"vendor":"zego","code":12345}`, "code"},
		{`{"vendor":"zego","code":30006}`, "code"},
	} {
		code, body = callMock(t, c, http.MethodPost, srv.URL+"/_mock/faults", bad.body)
		assert.Equal(t, http.StatusBadRequest, code, body)
		assert.Equal(t, bad.field, mustJSON(t, body)["field"], bad.body)
	}
	code, body = callMock(t, c, http.MethodPost, srv.URL+"/_mock/faults", badInput(`{"vendor":"zego"}`))
	assert.Equal(t, http.StatusBadRequest, code, body)
	code, body = callMock(t, c, http.MethodPost, srv.URL+"/_mock/faults", badInput(`{"vendor":"zego","code":1,"probability":2}`))
	assert.Equal(t, http.StatusBadRequest, code, body)
	assert.Equal(t, "probability", mustJSON(t, body)["field"])

	code, _ = callMock(t, c, http.MethodDelete, srv.URL+"/_mock/faults/"+tf["id"].(string), nil)
	assert.Equal(t, http.StatusNoContent, code)
	code, body = callMock(t, c, http.MethodDelete, srv.URL+"/_mock/faults/"+tf["id"].(string), nil)
	assert.Equal(t, http.StatusNotFound, code, body)
	code, _ = callMock(t, c, http.MethodDelete, srv.URL+"/_mock/faults", nil)
	assert.Equal(t, http.StatusNoContent, code)
	_, body = callMock(t, c, http.MethodGet, srv.URL+"/_mock/faults", nil)
	assert.JSONEq(t, `{"faults":[]}`, body)
}

func TestControlClock(t *testing.T) {
	srv, _ := newTestServer(t, server.Config{})
	c := validatingClient(t, srv.URL)
	code, body := callMock(t, c, http.MethodGet, srv.URL+"/_mock/clock", nil)
	require.Equal(t, http.StatusOK, code, body)
	assert.JSONEq(t, `{"now":"2026-11-23T12:00:00.000Z","frozen":false,"offsetMs":0}`, body)

	for _, step := range []struct{ req, want string }{
		{`{"advance":"90s"}`, `{"now":"2026-11-23T12:01:30.000Z","frozen":false,"offsetMs":90000}`},
		{`{"advance":"-30s"}`, `{"now":"2026-11-23T12:01:00.000Z","frozen":false,"offsetMs":60000}`},
		{`{"freeze":true}`, `{"now":"2026-11-23T12:01:00.000Z","frozen":true,"offsetMs":60000}`},
		{`{"freeze":false}`, `{"now":"2026-11-23T12:01:00.000Z","frozen":false,"offsetMs":60000}`},
		{`{"set":"2026-11-23T13:00:00Z"}`, `{"now":"2026-11-23T13:00:00.000Z","frozen":false,"offsetMs":3600000}`},
		{`{"reset":true}`, `{"now":"2026-11-23T12:00:00.000Z","frozen":false,"offsetMs":0}`},
	} {
		code, body = callMock(t, c, http.MethodPost, srv.URL+"/_mock/clock", step.req)
		require.Equal(t, http.StatusOK, code, body)
		assert.JSONEq(t, step.want, body, step.req)
	}
	for _, bad := range []string{`{"freeze":true,"reset":true}`, `{}`, `{"advance":"soon"}`, `{"set":"yesterday"}`} {
		code, body = callMock(t, c, http.MethodPost, srv.URL+"/_mock/clock", badInput(bad))
		assert.Equal(t, http.StatusBadRequest, code, "%s: %s", bad, body)
	}

	// The clock drives the signature window: a request signed now is
	// refused once the server's clock is 11 minutes ahead.
	code, body = callMock(t, c, http.MethodPost, srv.URL+"/_mock/clock", `{"advance":"11m"}`)
	require.Equal(t, http.StatusOK, code, body)
	assert.EqualValues(t, 100000004, deleteAliceBob(t, srv.URL, testNow)["Code"])
	assert.EqualValues(t, 0, deleteAliceBob(t, srv.URL, testNow.Add(11*time.Minute))["Code"])
}

func TestControlTokenMatchesOpenAPI(t *testing.T) {
	srv, _ := newTestServer(t, server.Config{ControlToken: "s3cret"})
	c := validatingClient(t, srv.URL)
	code, body := callMock(t, c, http.MethodGet, srv.URL+"/_mock/clock", nil)
	assert.Equal(t, http.StatusUnauthorized, code, body)
	code, body = callMock(t, c, http.MethodGet, srv.URL+"/_mock/clock", nil, "Authorization", "Bearer s3cret")
	assert.Equal(t, http.StatusOK, code, body)
	code, body = callMock(t, c, http.MethodGet, srv.URL+"/_mock/health", nil)
	assert.Equal(t, http.StatusOK, code, body)
	code, body = callMock(t, c, http.MethodGet, srv.URL+"/_mock/nope", badInput(nil), "Authorization", "Bearer s3cret")
	assert.Equal(t, http.StatusNotFound, code, body)
}
