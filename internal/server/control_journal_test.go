package server_test

import (
	"bufio"
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
)

// entry is a journal entry as tests read it.
type entry struct {
	ID         int64
	Time       string
	Vendor     string
	AppID      uint64
	API        string
	RequestID  string
	Method     string
	Path       string
	Query      url.Values
	Body       json.RawMessage
	Response   json.RawMessage
	Code       *int
	HTTPStatus int
	LatencyMs  float64
	Fault      bool
}

func (m *mock) journal(query string) []entry {
	m.t.Helper()
	var out struct{ Entries []entry }
	decode(m.t, m.ok(http.StatusOK, http.MethodGet, "/_mock/journal"+query, nil), &out)
	return out.Entries
}

func TestJournalRecordsVendorRequests(t *testing.T) {
	m := newMock(t, server.Config{})
	zegoBody := `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":0}`
	zegoURL := m.vendorURL(fixZego, "DeleteFriends", testNow)
	zegoReqID, zegoResp := m.vendor(fixZego, "DeleteFriends", zegoBody, testNow)
	timURL := m.vendorURL(fixTIM, "sns/friend_delete", testNow)
	timReqID, timResp := m.vendor(fixTIM, "sns/friend_delete", `{"From_Account":"alice","To_Account":["zed"]}`, testNow)
	// Not JSON, unsigned: recorded as it came, with the vendor's code.
	resp, err := http.Post(m.url+"/?Action=DeleteFriends&AppId=1234567890", "text/plain", strings.NewReader("hello"))
	require.NoError(t, err)
	resp.Body.Close()

	es := m.journal("")
	require.Len(t, es, 3)
	z := es[0]
	assert.Equal(t, int64(1), z.ID)
	assert.Equal(t, "2026-11-23T12:00:00.000Z", z.Time)
	assert.Equal(t, "zego", z.Vendor)
	assert.Equal(t, uint64(zegoID), z.AppID)
	assert.Equal(t, "DeleteFriends", z.API)
	assert.Equal(t, zegoReqID, z.RequestID)
	assert.Equal(t, "POST", z.Method)
	assert.Equal(t, "/", z.Path)
	sent, _ := url.Parse(zegoURL)
	want := sent.Query()
	want.Del("Signature")
	assert.Equal(t, want, z.Query, "the query without Signature")
	assert.JSONEq(t, zegoBody, string(z.Body))
	wantResp, _ := json.Marshal(zegoResp)
	assert.JSONEq(t, string(wantResp), string(z.Response))
	require.NotNil(t, z.Code)
	assert.Equal(t, 0, *z.Code)
	assert.Equal(t, 200, z.HTTPStatus)
	assert.GreaterOrEqual(t, z.LatencyMs, 0.0)
	assert.False(t, z.Fault)

	tm := es[1]
	assert.Equal(t, "tim", tm.Vendor)
	assert.Equal(t, uint64(timID), tm.AppID)
	assert.Equal(t, "sns/friend_delete", tm.API)
	assert.Equal(t, timReqID, tm.RequestID)
	assert.Equal(t, "/v4/sns/friend_delete", tm.Path)
	sent, _ = url.Parse(timURL)
	want = sent.Query()
	want.Del("usersig")
	assert.Equal(t, want, tm.Query, "the query without usersig")
	wantResp, _ = json.Marshal(timResp)
	assert.JSONEq(t, string(wantResp), string(tm.Response))
	require.NotNil(t, tm.Code)
	assert.Equal(t, 0, *tm.Code, "ErrorCode, not a per-item ResultCode")

	bad := es[2]
	assert.Equal(t, `"hello"`, string(bad.Body), "a body that is not JSON is kept as a string")
	require.NotNil(t, bad.Code)
	assert.Equal(t, 100000008, *bad.Code, "SignatureNonce missing")

	// No credential ever appears.
	raw := m.ok(http.StatusOK, http.MethodGet, "/_mock/journal", nil)
	zegoSent, _ := url.Parse(zegoURL)
	for _, secret := range []string{zegoSecret, timKey, `"Signature":`, `"usersig":`,
		zegoSent.Query().Get("Signature"), sent.Query().Get("usersig")} {
		assert.NotContains(t, raw, secret)
	}
}

func TestJournalFilters(t *testing.T) {
	m := newMock(t, server.Config{})
	m.vendor(fixZego, "DeleteFriends", `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":0}`, testNow)                    // 1: 0
	m.vendor(fixZego, "DeleteFriends", `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":0}`, testNow)                    // 2: not a friend
	m.vendor(fixTIM, "sns/friend_delete", `{"From_Account":"alice","To_Account":["bob"]}`, testNow)                           // 3: 0
	m.vendor(fixTIM, "sns/friend_get", `{"From_Account":"alice","StartIndex":0}`, testNow)                                    // 4
	m.vendor(fixZego, "DeleteFriends", `{"FromUserId":"carol","UserIds":["alice"],"DeleteType":0}`, testNow.Add(time.Minute)) // 5

	ids := func(q string) []int64 {
		out := []int64{}
		for _, e := range m.journal(q) {
			out = append(out, e.ID)
		}
		return out
	}
	assert.Equal(t, []int64{1, 2, 3, 4, 5}, ids(""))
	assert.Equal(t, []int64{3, 4}, ids("?vendor=tim"))
	assert.Equal(t, []int64{1, 2, 5}, ids("?app=1234567890"))
	assert.Equal(t, []int64{4}, ids("?api=sns/friend_get"))
	assert.Equal(t, []int64{2}, ids("?code=660800034"))
	assert.Equal(t, []int64{3, 4, 5}, ids("?after=2"))
	assert.Equal(t, []int64{1, 2}, ids("?limit=2"))
	assert.Equal(t, []int64{1, 5}, ids("?vendor=zego&code=0"))
	assert.Equal(t, []int64{1, 2, 3, 4, 5}, ids("?since=2026-11-23T12:00:00.000Z"), "the emulated clock stamped them all at testNow")
	assert.Empty(t, ids("?since=2026-11-23T12:00:00.001Z"))

	m.expectBad([]badCase{
		{name: "vendor", method: http.MethodGet, path: "/_mock/journal?vendor=x", field: "vendor"},
		{name: "app", method: http.MethodGet, path: "/_mock/journal?app=-1", field: "app"},
		{name: "code", method: http.MethodGet, path: "/_mock/journal?code=abc", field: "code"},
		{name: "since", method: http.MethodGet, path: "/_mock/journal?since=yesterday", field: "since"},
		{name: "after", method: http.MethodGet, path: "/_mock/journal?after=x", field: "after"},
		{name: "limit", method: http.MethodGet, path: "/_mock/journal?limit=0", field: "limit"},
	}, func() string { return fmt.Sprint(ids("")) })

	m.ok(http.StatusNoContent, http.MethodDelete, "/_mock/journal", nil)
	assert.Empty(t, ids(""))
	m.vendor(fixZego, "DeleteFriends", `{}`, testNow)
	assert.Equal(t, []int64{6}, ids(""), "ids go on after a clear")
}

func TestJournalSize(t *testing.T) {
	m := newMock(t, server.Config{JournalSize: 3})
	for range 5 {
		m.vendor(fixTIM, "sns/friend_get", `{"From_Account":"alice","StartIndex":0}`, testNow)
	}
	es := m.journal("")
	require.Len(t, es, 3)
	assert.Equal(t, int64(3), es[0].ID)
}

// sseReader reads a Server-Sent Events stream.
type sseReader struct {
	t    testing.TB
	resp *http.Response
	r    *bufio.Reader
}

// openStream opens an SSE route and checks its headers.
func (m *mock) openStream(path string, header ...string) *sseReader {
	m.t.Helper()
	req, err := http.NewRequest(http.MethodGet, m.url+path, nil)
	require.NoError(m.t, err)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := m.c.Do(req)
	require.NoError(m.t, err)
	m.t.Cleanup(func() { resp.Body.Close() })
	require.Equal(m.t, http.StatusOK, resp.StatusCode)
	require.Equal(m.t, "text/event-stream", resp.Header.Get("Content-Type"))
	return &sseReader{t: m.t, resp: resp, r: bufio.NewReader(resp.Body)}
}

// next returns the next event's id, event name and data, skipping comments.
func (s *sseReader) next() (id, event, data string) {
	s.t.Helper()
	for {
		line, err := s.r.ReadString('\n')
		require.NoError(s.t, err)
		line = strings.TrimSuffix(line, "\n")
		switch {
		case line == "" && data != "":
			return id, event, data
		case strings.HasPrefix(line, "id: "):
			id = strings.TrimPrefix(line, "id: ")
		case strings.HasPrefix(line, "event: "):
			event = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = strings.TrimPrefix(line, "data: ")
		}
	}
}

func TestJournalStream(t *testing.T) {
	m := newMock(t, server.Config{})
	m.vendor(fixTIM, "sns/friend_get", `{"From_Account":"alice","StartIndex":0}`, testNow) // 1, before the stream
	s := m.openStream("/_mock/journal/stream?vendor=zego")
	m.vendor(fixTIM, "sns/friend_get", `{"From_Account":"alice","StartIndex":0}`, testNow) // 2, filtered out
	m.vendor(fixZego, "DeleteFriends", `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":0}`, testNow)
	id, event, data := s.next()
	assert.Equal(t, "3", id)
	assert.Equal(t, "journal", event)
	var e entry
	require.NoError(t, json.Unmarshal([]byte(data), &e))
	assert.Equal(t, "DeleteFriends", e.API)

	// A reconnecting client resumes after Last-Event-ID.
	again := m.openStream("/_mock/journal/stream", "Last-Event-ID", "1")
	id, _, _ = again.next()
	assert.Equal(t, "2", id)

	m.expectBad([]badCase{
		{name: "code", method: http.MethodGet, path: "/_mock/journal/stream?code=x", field: "code"},
	}, func() string { return "" })
	code, body := m.call(http.MethodGet, "/_mock/journal/stream", badInput(nil), "Last-Event-ID", "x")
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Equal(t, "Last-Event-ID", mustJSON(t, body)["field"])
}
