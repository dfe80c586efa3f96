package zegoapi

import (
	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/events"
)

// The actions of a friendListChanged push (ZIMFriendListChangeAction).
const (
	FriendsAdded   = "added"
	FriendsDeleted = "deleted"
)

// FriendListChanged is the payload of a events.KindZegoFriendListChanged
// event: what ZIM pushes to a user's SDK clients (friendListChanged,
// onFriendListChanged) after a server API changed that user's friend list.
// ZEGO documents no server webhook for friend changes, so imemu sends none;
// it only records these.
type FriendListChanged struct {
	UserID        string   `json:"userId"`        // whose friend list changed
	Action        string   `json:"action"`        // FriendsAdded or FriendsDeleted
	FriendUserIDs []string `json:"friendUserIds"` // the friends added to or deleted from the list, in request order
}

// publishChanges records one FriendListChanged event per user whose list
// changed, from the edges a request created or removed (an edge's owner is
// the user whose list changed), users in order of their first edge.
func (c *call) publishChanges(action string, edges []imemu.Edge) {
	if c.Events == nil || len(edges) == 0 {
		return
	}
	var order []string
	friends := map[string][]string{}
	for _, e := range edges {
		if _, ok := friends[e.Owner]; !ok {
			order = append(order, e.Owner)
		}
		friends[e.Owner] = append(friends[e.Owner], e.Friend)
	}
	for _, user := range order {
		c.Events.Publish(events.Event{
			Time:    c.now,
			Kind:    events.KindZegoFriendListChanged,
			Vendor:  imemu.VendorZego,
			AppID:   c.tenant.AppID,
			Target:  user,
			Payload: events.MustJSON(FriendListChanged{UserID: user, Action: action, FriendUserIDs: friends[user]}),
		})
	}
}
