package server_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/imemu/imemu/internal/server"
)

// By default a stream replays what is kept, then goes on live; ?live=true
// sends only what comes after it opened; ?after= and Last-Event-ID resume.
func TestStreamReplayOrLive(t *testing.T) {
	m := newMock(t, server.Config{})
	m.vendor(fixTIM, "sns/friend_get", `{"From_Account":"alice","StartIndex":0}`, testNow) // journal 1
	m.vendor(fixTIM, "sns/friend_get", `{"From_Account":"bob","StartIndex":0}`, testNow)   // journal 2
	deleteBob(m)                                                                           // journal 3; events 1, 2

	replay := m.openStream("/_mock/journal/stream")
	live := m.openStream("/_mock/journal/stream?live=true")
	liveEvents := m.openStream("/_mock/events/stream?live=true&vendor=zego")
	replayEvents := m.openStream("/_mock/events/stream")
	// live=true gives way to an explicit starting point.
	resumed := m.openStream("/_mock/journal/stream?live=true&after=1")
	m.vendor(fixTIM, "sns/friend_get", `{"From_Account":"carol","StartIndex":0}`, testNow)                   // journal 4
	m.vendor(fixZego, "DeleteFriends", `{"FromUserId":"alice","UserIds":["carol"],"DeleteType":0}`, testNow) // journal 5; events 3, 4

	for _, want := range []string{"1", "2", "3", "4"} {
		id, _, _ := replay.next()
		assert.Equal(t, want, id, "the default replays the kept entries first")
	}
	id, _, _ := live.next()
	assert.Equal(t, "4", id, "live=true starts with what came after it opened")
	id, _, _ = liveEvents.next()
	assert.Equal(t, "3", id)
	id, _, _ = replayEvents.next()
	assert.Equal(t, "1", id)
	id, _, _ = resumed.next()
	assert.Equal(t, "2", id, "after= wins over live=true")

	code, body := m.call(http.MethodGet, "/_mock/events/stream?live=yes", badInput(nil))
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Equal(t, "live", mustJSON(t, body)["field"])
}
