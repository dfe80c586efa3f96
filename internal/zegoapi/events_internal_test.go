package zegoapi

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/imemu/imemu/internal/events"
)

// TestPayloadsMatchEncodingJSON checks the hand-built FriendListChanged
// payloads byte for byte against encoding/json, with ids that need
// escaping (quotes, backslashes, HTML characters, control and non-ASCII
// characters, invalid UTF-8).
func TestPayloadsMatchEncodingJSON(t *testing.T) {
	ids := []string{"alice", `q"uo\te`, "<b>&amp;", "tab\there\n", "ünï😀", "bad\xffutf8", "\u2028sep", ""}
	p := payloads{quoted: map[string][]byte{}}
	for _, action := range []string{FriendsAdded, FriendsDeleted} {
		head := `,"action":` + string(events.MustJSON(action)) + `,"friendUserIds":[`
		for i, user := range ids {
			friends := append([]string{}, ids[:i+1]...)
			want := events.MustJSON(FriendListChanged{UserID: user, Action: action, FriendUserIDs: friends})
			assert.Equal(t, string(want), string(p.friendListChanged(user, head, friends)))
		}
	}
}
