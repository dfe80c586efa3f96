package zegoapi

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/events"
)

// TestPayloadsMatchEncodingJSON checks the hand-built FriendListChanged
// payloads byte for byte against encoding/json, with ids that need
// escaping (quotes, backslashes, HTML characters, control and non-ASCII
// characters, invalid UTF-8).
func TestPayloadsMatchEncodingJSON(t *testing.T) {
	ids := []string{"alice", `q"uo\te`, "<b>&amp;", "tab\there\n", "ünï😀", "bad\xffutf8", "\u2028sep", ""}
	p := payloads{}
	for _, action := range []string{FriendsAdded, FriendsDeleted} {
		head := `,"action":` + string(events.MustJSON(action)) + `,"friendUserIds":[`
		for i, user := range ids {
			friends := append([]string{}, ids[:i+1]...)
			want := events.MustJSON(FriendListChanged{UserID: user, Action: action, FriendUserIDs: friends})
			assert.Equal(t, string(want), string(p.friendListChanged(user, head, friends)))
		}
	}
}

// BenchmarkPublishChanges10k measures the events of a two-way delete-all
// of 10,000 friends: 10,001 friendListChanged payloads into a full feed.
func BenchmarkPublishChanges10k(b *testing.B) {
	edges := make([]imemu.Edge, 0, 20_000)
	for i := range 10_000 {
		edges = append(edges, imemu.Edge{Owner: "alice", Friend: fmt.Sprintf("b%05d", i)})
	}
	for i := range 10_000 {
		edges = append(edges, imemu.Edge{Owner: fmt.Sprintf("b%05d", i), Friend: "alice"})
	}
	c := &call{Deps: &Deps{Events: events.NewFeed(0)}, tenant: imemu.Tenant{AppID: 1}}
	for b.Loop() {
		c.publishChanges(FriendsDeleted, edges)
	}
}
