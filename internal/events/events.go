// Package events records what the emulated vendors would have notified:
// ZEGO pushes to client SDKs (friendListChanged, blacklistChanged, …) and
// TIM callback deliveries to the app's backend. Tests read them instead of sleeping.
package events

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/ring"
)

// Kinds of event.
const (
	KindZegoFriendListChanged            = "zego.friendListChanged"            // a user's friend list changed (SDK push)
	KindZegoBlacklistChanged             = "zego.blacklistChanged"             // a user's blocklist changed (SDK push)
	KindZegoFriendApplicationListChanged = "zego.friendApplicationListChanged" // a user received friend applications (SDK push)
	KindZegoFriendInfoUpdated            = "zego.friendInfoUpdated"            // a user's aliases or attributes of friends changed (SDK push)
	KindZegoUserInfoUpdated              = "zego.userInfoUpdated"              // a user's profile changed (SDK push)
	KindTIMCallback                      = "tim.callback"                      // a callback was delivered (or failed) to the app backend
)

// Kinds returns every kind of event, in the order the constants list them.
func Kinds() []string {
	return []string{KindZegoFriendListChanged, KindZegoBlacklistChanged, KindZegoFriendApplicationListChanged,
		KindZegoFriendInfoUpdated, KindZegoUserInfoUpdated, KindTIMCallback}
}

// Event is one recorded notification.
type Event struct {
	ID      int64           `json:"id"`
	Time    time.Time       `json:"time"`
	Kind    string          `json:"kind"`
	Vendor  imemu.Vendor    `json:"vendor"`
	AppID   uint64          `json:"appId"`
	Payload json.RawMessage `json:"payload"`           // what the vendor would send
	Target  string          `json:"target,omitempty"`  // user notified, or callback URL
	Outcome string          `json:"outcome,omitempty"` // delivery result, for callbacks
	// Truncated says Payload was over MaxPayloadBytes and holds only
	// {"truncated":true,"bytes":N}, N being the size it had.
	Truncated bool `json:"truncated,omitempty"`
}

// DefaultBytes is the feed's byte budget when none is configured: the
// events' payloads, targets and outcomes together.
const DefaultBytes = 32 << 20

// MaxPayloadBytes is the largest payload an event keeps: a TIM callback
// for a two-way delete of 3000 friends (6000 pairs) fits; beyond it the
// payload is replaced by a marker.
const MaxPayloadBytes = 1 << 20

// eventOverhead is what an event costs besides its variable parts.
const eventOverhead = 192

func weight(e *Event) int64 {
	return eventOverhead + int64(cap(e.Payload)+len(e.Kind)+len(e.Target)+len(e.Outcome))
}

// Filter selects events; zero fields match everything.
type Filter struct {
	Kind   string
	Vendor imemu.Vendor
	AppID  uint64
	After  int64 // only events with a larger ID
	Limit  int   // at most this many, oldest first; 0 = all
}

func (f Filter) match(e *Event) bool {
	return e.ID > f.After && (f.Kind == "" || e.Kind == f.Kind) &&
		(f.Vendor == "" || e.Vendor == f.Vendor) && (f.AppID == 0 || e.AppID == f.AppID)
}

// Feed is a bounded, ordered log of events: when full, the oldest go. It
// is safe for concurrent use.
type Feed struct {
	log *ring.Log[Event]
}

// NewFeed returns a Feed keeping at most capacity events (10,000 when
// capacity is not positive) within DefaultBytes.
func NewFeed(capacity int) *Feed { return NewFeedBudget(capacity, 0) }

// NewFeedBudget returns a Feed keeping at most capacity events (10,000
// when capacity is not positive) that hold at most maxBytes (DefaultBytes
// when not positive); the oldest go first, the newest always stays.
func NewFeedBudget(capacity int, maxBytes int64) *Feed {
	if capacity <= 0 {
		capacity = 10000
	}
	if maxBytes <= 0 {
		maxBytes = DefaultBytes
	}
	return &Feed{log: ring.NewBudget(capacity, maxBytes, weight)}
}

// Budget returns the most bytes the feed keeps.
func (f *Feed) Budget() int64 { return f.log.Budget() }

// Bytes returns the bytes the events kept now hold.
func (f *Feed) Bytes() int64 { return f.log.Bytes() }

// Publish appends e, assigning its ID, and wakes waiters. Payload values
// that are not json.RawMessage are marshalled.
func (f *Feed) Publish(e Event) Event {
	if len(e.Payload) > MaxPayloadBytes {
		e.Payload = json.RawMessage(fmt.Sprintf(`{"truncated":true,"bytes":%d}`, len(e.Payload)))
		e.Truncated = true
	}
	return f.log.Add(func(id int64) Event {
		e.ID = id
		return e
	})
}

// PublishAll publishes es in order, as Publish would one by one, under
// one lock and with one wake-up; es's IDs are set.
func (f *Feed) PublishAll(es []Event) {
	f.log.AddAll(len(es), func(i int, id int64) Event {
		e := &es[i]
		if len(e.Payload) > MaxPayloadBytes {
			e.Payload = json.RawMessage(fmt.Sprintf(`{"truncated":true,"bytes":%d}`, len(e.Payload)))
			e.Truncated = true
		}
		e.ID = id
		return *e
	})
}

// List returns the events that match filter, oldest first.
func (f *Feed) List(filter Filter) []Event {
	return f.log.List(filter.match, filter.Limit)
}

// Wait returns the events matching filter as soon as there is at least
// one, or an empty list when ctx ends first.
func (f *Feed) Wait(ctx context.Context, filter Filter) []Event {
	return f.log.Wait(ctx, filter.match, filter.Limit)
}

// Clear drops every event; IDs keep increasing.
func (f *Feed) Clear() { f.log.Clear() }

// LastID returns the ID of the newest event ever published (0 before the
// first): events published later have larger IDs.
func (f *Feed) LastID() int64 { return f.log.LastID() }

// MustJSON marshals v for an Event payload; v must be JSON-marshallable
// (plain structs and maps), which is a programming error otherwise.
func MustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic("events: payload not marshallable: " + err.Error())
	}
	return b
}
