package zegoapi

import (
	"encoding/json"

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
	// Group the edges by owner. The store yields each owner's edges
	// together (a two-way delete-all of 10,000 friends: the owner's
	// 10,000, then 10,000 owners of one edge each), so the friends of a
	// run are a sub-slice of one shared array and the map is consulted
	// once per run; an owner seen again later gets its own copy.
	all := make([]string, len(edges))
	runs := 0
	for i, e := range edges {
		all[i] = e.Friend
		if i == 0 || e.Owner != edges[i-1].Owner {
			runs++
		}
	}
	type group struct {
		user    string
		friends []string
	}
	groups := make([]group, 0, runs)
	index := make(map[string]int, runs)
	for s := 0; s < len(edges); {
		owner := edges[s].Owner
		t := s + 1
		for t < len(edges) && edges[t].Owner == owner {
			t++
		}
		if g, ok := index[owner]; ok {
			groups[g].friends = append(groups[g].friends, all[s:t]...)
		} else {
			index[owner] = len(groups)
			groups = append(groups, group{user: owner, friends: all[s:t:t]})
		}
		s = t
	}
	// One batched build: each id is JSON-quoted once however many
	// payloads name it (a two-way delete-all of 10,000 friends names the
	// owner in 10,001), and the payloads are put together by hand, byte
	// for byte what encoding/json makes of FriendListChanged; then one
	// PublishAll.
	p := payloads{}
	head := `,"action":` + string(events.MustJSON(action)) + `,"friendUserIds":[`
	es := make([]events.Event, len(groups))
	for i, g := range groups {
		es[i] = events.Event{
			Time:    c.now,
			Kind:    events.KindZegoFriendListChanged,
			Vendor:  imemu.VendorZego,
			AppID:   c.tenant.AppID,
			Target:  g.user,
			Payload: p.friendListChanged(g.user, head, g.friends),
		}
	}
	c.Events.PublishAll(es)
}

// payloads builds FriendListChanged payloads, quoting each id once.
type payloads struct {
	quoted map[string][]byte // the ids that need escaping, quoted
}

// plain reports whether encoding/json writes id as itself between quotes:
// printable ASCII without '"', '\\' and the HTML characters it escapes.
func plain(id string) bool {
	for i := 0; i < len(id); i++ {
		if c := id[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

// quotedLen returns the length of id's JSON string.
func (p *payloads) quotedLen(id string) int {
	if plain(id) {
		return len(id) + 2
	}
	return len(p.quote(id))
}

// appendQuoted appends id's JSON string to b.
func (p *payloads) appendQuoted(b []byte, id string) []byte {
	if plain(id) {
		b = append(b, '"')
		b = append(b, id...)
		return append(b, '"')
	}
	return append(b, p.quote(id)...)
}

func (p *payloads) quote(id string) []byte {
	q, ok := p.quoted[id]
	if !ok {
		if p.quoted == nil {
			p.quoted = map[string][]byte{}
		}
		q = events.MustJSON(id)
		p.quoted[id] = q
	}
	return q
}

// friendListChanged returns the JSON of FriendListChanged{user, action,
// friends}; head is `,"action":<action>,"friendUserIds":[`.
func (p *payloads) friendListChanged(user, head string, friends []string) json.RawMessage {
	n := len(`{"userId":`) + p.quotedLen(user) + len(head) + len(`]}`)
	for _, f := range friends {
		n += p.quotedLen(f) + 1
	}
	b := make([]byte, 0, n)
	b = append(b, `{"userId":`...)
	b = p.appendQuoted(b, user)
	b = append(b, head...)
	for i, f := range friends {
		if i > 0 {
			b = append(b, ',')
		}
		b = p.appendQuoted(b, f)
	}
	return append(b, `]}`...)
}

// publish records one ZEGO push to target's SDK clients.
func (c *call) publish(kind, target string, payload any) {
	if c.Events == nil {
		return
	}
	c.Events.Publish(events.Event{
		Time:    c.now,
		Kind:    kind,
		Vendor:  imemu.VendorZego,
		AppID:   c.tenant.AppID,
		Target:  target,
		Payload: events.MustJSON(payload),
	})
}

// The actions of a blacklistChanged push (ZIMBlacklistChangeAction) and of
// a friendApplicationListChanged push (ZIMFriendApplicationListChangeAction).
const (
	BlacklistAdded    = "added"
	BlacklistRemoved  = "removed"
	ApplicationsAdded = "added"
)

// BlacklistChanged is the payload of an events.KindZegoBlacklistChanged
// event: what ZIM pushes to FromUserId's clients (blacklistChanged,
// onBlacklistChanged) after a server API changed its blocklist. The
// blocked users are not told.
type BlacklistChanged struct {
	UserID  string   `json:"userId"`  // whose blocklist changed
	Action  string   `json:"action"`  // BlacklistAdded or BlacklistRemoved
	UserIDs []string `json:"userIds"` // the users added to or removed from the blocklist, in request order
}

// ApplicationInfo is one friend application in a push.
type ApplicationInfo struct {
	FromUserID string `json:"fromUserId"`
	ToUserID   string `json:"toUserId"`
	Wording    string `json:"wording"`
	State      string `json:"state"`      // "waiting"
	CreateTime int64  `json:"createTime"` // Unix ms
	UpdateTime int64  `json:"updateTime"` // Unix ms
	ExpireTime int64  `json:"expireTime"` // Unix ms the application expires
}

// FriendApplicationListChanged is the payload of an
// events.KindZegoFriendApplicationListChanged event: what ZIM pushes to
// the target's clients (friendApplicationListChanged) after
// SendFriendApplication recorded applications for it.
type FriendApplicationListChanged struct {
	UserID       string            `json:"userId"` // who received the applications
	Action       string            `json:"action"` // ApplicationsAdded
	Applications []ApplicationInfo `json:"applications"`
}

// FriendInfoPush is one friend's data in a friendInfoUpdated push.
type FriendInfoPush struct {
	UserID      string            `json:"userId"`
	FriendAlias string            `json:"friendAlias"`
	Attributes  []imemu.Attribute `json:"attributes"`
}

// FriendInfoUpdated is the payload of an events.KindZegoFriendInfoUpdated
// event: what ZIM pushes to FromUserId's clients (friendInfoUpdated,
// onFriendInfoUpdated) after its aliases or attributes of friends changed.
type FriendInfoUpdated struct {
	UserID      string           `json:"userId"` // whose friends' data changed
	FriendInfos []FriendInfoPush `json:"friendInfos"`
}

// UserInfoUpdated is the payload of an events.KindZegoUserInfoUpdated
// event: what ZIM pushes (userInfoUpdated, onUserInfoUpdated) after
// ModifyUserInfo changed a user's profile. imemu addresses it to the user
// whose profile changed.
type UserInfoUpdated struct {
	UserID     string `json:"userId"`
	UserName   string `json:"userName"`
	UserAvatar string `json:"userAvatar"`
	Extra      string `json:"extra"`
}
