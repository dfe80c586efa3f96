package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/server"
)

// event is an event as tests read it.
type event struct {
	ID      int64
	Time    string
	Kind    string
	Vendor  string
	AppID   uint64
	Payload json.RawMessage
	Target  string
	Outcome string
}

func (m *mock) events(query string) []event {
	m.t.Helper()
	var out struct{ Events []event }
	decode(m.t, m.ok(http.StatusOK, http.MethodGet, "/_mock/events"+query, nil), &out)
	return out.Events
}

func deleteBob(m *mock) {
	m.t.Helper()
	_, resp := m.vendor(fixZego, "DeleteFriends", `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":0}`, testNow)
	require.Equal(m.t, 0.0, resp["Code"], resp)
}

func TestEvents(t *testing.T) {
	m := newMock(t, server.Config{})
	deleteBob(m)
	es := m.events("")
	require.Len(t, es, 2)
	assert.Equal(t, event{ID: 1, Time: "2026-11-23T12:00:00.000Z", Kind: "zego.friendListChanged", Vendor: "zego",
		AppID: zegoID, Target: "alice", Payload: es[0].Payload}, es[0])
	assert.JSONEq(t, `{"userId":"alice","action":"deleted","friendUserIds":["bob"]}`, string(es[0].Payload))
	assert.Equal(t, "bob", es[1].Target)

	assert.Len(t, m.events("?kind=zego.friendListChanged&vendor=zego&app=1234567890"), 2)
	assert.Empty(t, m.events("?kind=tim.callback"))
	assert.Empty(t, m.events("?vendor=tim"))
	assert.Empty(t, m.events("?app=1"))
	assert.Len(t, m.events("?after=1"), 1)
	assert.Len(t, m.events("?limit=1"), 1)

	m.expectBad([]badCase{
		{name: "kind", method: http.MethodGet, path: "/_mock/events?kind=push", field: "kind"},
		{name: "vendor", method: http.MethodGet, path: "/_mock/events?vendor=x", field: "vendor"},
		{name: "app", method: http.MethodGet, path: "/_mock/events?app=x", field: "app"},
		{name: "after", method: http.MethodGet, path: "/_mock/events?after=-1", field: "after"},
		{name: "limit", method: http.MethodGet, path: "/_mock/events?limit=-1", field: "limit"},
		{name: "wait too long", method: http.MethodGet, path: "/_mock/events?wait=31s", field: "wait"},
		{name: "wait negative", method: http.MethodGet, path: "/_mock/events?wait=-1s", field: "wait"},
		{name: "wait no unit", method: http.MethodGet, path: "/_mock/events?wait=2", field: "wait"},
		{name: "stream kind", method: http.MethodGet, path: "/_mock/events/stream?kind=push", field: "kind"},
	}, func() string { return m.ok(http.StatusOK, http.MethodGet, "/_mock/events", nil) })

	m.ok(http.StatusNoContent, http.MethodDelete, "/_mock/events", nil)
	assert.Empty(t, m.events(""))
	_, resp := m.vendor(fixZego, "DeleteFriends", `{"FromUserId":"alice","UserIds":["carol"],"DeleteType":1}`, testNow)
	require.Equal(t, 0.0, resp["Code"], resp)
	es = m.events("")
	require.Len(t, es, 1, "one-way: only alice's list changed")
	assert.Equal(t, int64(3), es[0].ID, "ids go on after a clear")
}

func TestEventsLongPoll(t *testing.T) {
	m := newMock(t, server.Config{})
	elapsed := clock.Stopwatch()
	assert.Empty(t, m.events("?wait=50ms"))
	assert.GreaterOrEqual(t, elapsed(), 50*time.Millisecond, "waited")

	got := make(chan []event, 1)
	go func() {
		var out struct{ Events []event }
		code, body := callMock(t, m.c, http.MethodGet, m.url+"/_mock/events?wait=10s&after=0", nil)
		if assert.Equal(t, http.StatusOK, code, body) {
			assert.NoError(t, json.Unmarshal([]byte(body), &out))
		}
		got <- out.Events
	}()
	time.Sleep(20 * time.Millisecond) // let the poll start; it must not matter if it has not
	elapsed = clock.Stopwatch()
	deleteBob(m)
	select {
	case es := <-got:
		assert.NotEmpty(t, es)
		assert.Less(t, elapsed(), 5*time.Second, "answered as soon as an event came")
	case <-time.After(10 * time.Second):
		t.Fatal("long-poll did not answer")
	}
}

func TestEventsStream(t *testing.T) {
	m := newMock(t, server.Config{})
	s := m.openStream("/_mock/events/stream?vendor=zego")
	deleteBob(m)
	id, kind, data := s.next()
	assert.Equal(t, "1", id)
	assert.Equal(t, "zego.friendListChanged", kind)
	var e event
	require.NoError(t, json.Unmarshal([]byte(data), &e))
	assert.Equal(t, "alice", e.Target)
	id, _, _ = s.next()
	assert.Equal(t, "2", id)

	resumed := m.openStream("/_mock/events/stream?after=1")
	id, _, _ = resumed.next()
	assert.Equal(t, "2", id)
}

// TestShutdownEndsStreams closes Config.Done, as the command does when the
// http.Server shuts down: open streams and long-polls end at once.
func TestShutdownEndsStreams(t *testing.T) {
	done := make(chan struct{})
	m := newMock(t, server.Config{Done: done})
	events := m.openStream("/_mock/events/stream")
	journal := m.openStream("/_mock/journal/stream")
	poll := make(chan int, 1)
	go func() {
		resp, err := http.Get(m.url + "/_mock/events?wait=30s")
		if assert.NoError(t, err) {
			resp.Body.Close()
			poll <- resp.StatusCode
		}
	}()
	time.Sleep(20 * time.Millisecond)
	close(done)
	for _, s := range []*sseReader{events, journal} {
		ended := make(chan error, 1)
		go func() { _, err := io.ReadAll(s.r); ended <- err }()
		select {
		case err := <-ended:
			assert.NoError(t, err, "the stream ends cleanly")
		case <-time.After(5 * time.Second):
			t.Fatal("stream still open after shutdown")
		}
	}
	select {
	case code := <-poll:
		assert.Equal(t, http.StatusOK, code)
	case <-time.After(5 * time.Second):
		t.Fatal("long-poll still waiting after shutdown")
	}
}
