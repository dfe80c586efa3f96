// Package journal keeps the most recent vendor requests imemu served, so a
// test can assert on what its code sent and what it was answered. It is a
// bounded ring: when full, the oldest entries go.
//
// Entries hold no secrets: the server strips ZEGO's Signature and TIM's
// usersig from the query before recording, and bodies carry none.
//
// Entries keep the request and answer as they came, bounded: recording is
// on every vendor request's path, so rendering them (compacting JSON,
// parsing the query) is left to whoever reads the journal.
package journal

import (
	"context"
	"sync"
	"time"

	"github.com/imemu/imemu"
)

// DefaultSize is the number of entries kept when none is configured.
const DefaultSize = 1000

// Entry is one vendor request and its answer.
type Entry struct {
	ID         int64
	Time       time.Time // on the emulated clock, when the request arrived
	Vendor     imemu.Vendor
	AppID      uint64 // 0 when the request named none or an unparsable one
	API        string // ZEGO Action, or TIM "<service>/<command>"
	RequestID  string
	Method     string
	Path       string
	RawQuery   string        // the query string without signatures
	Body       []byte        // the request body as read, cut after the server's journal cap
	Response   []byte        // the answer's body as written, cut the same way; nil when there was none
	Code       *int          // vendor code of the answer; nil when there was none (dropped)
	HTTPStatus int           // 0 when the connection was dropped
	Latency    time.Duration // wall time spent serving, faults' delays included
	Fault      bool          // an injected fault decided the answer
}

// Filter selects entries; zero fields match everything.
type Filter struct {
	Vendor imemu.Vendor
	AppID  uint64
	API    string
	Code   *int
	Since  time.Time // only entries at or after this time
	After  int64     // only entries with a larger ID
	Limit  int       // at most this many, oldest first; 0 = all
}

func (f Filter) match(e *Entry) bool {
	return e.ID > f.After &&
		(f.Vendor == "" || e.Vendor == f.Vendor) &&
		(f.AppID == 0 || e.AppID == f.AppID) &&
		(f.API == "" || e.API == f.API) &&
		(f.Code == nil || (e.Code != nil && *e.Code == *f.Code)) &&
		(f.Since.IsZero() || !e.Time.Before(f.Since))
}

// Journal is a bounded, ordered log of entries. It is safe for concurrent
// use.
type Journal struct {
	mu      sync.Mutex
	ring    []Entry // ring[start] is the oldest of len entries
	start   int
	len     int
	nextID  int64
	changed chan struct{} // closed and replaced on every Add
}

// New returns a Journal keeping at most size entries (DefaultSize when
// size is not positive).
func New(size int) *Journal {
	if size <= 0 {
		size = DefaultSize
	}
	return &Journal{ring: make([]Entry, size), nextID: 1, changed: make(chan struct{})}
}

// Size returns the most entries the journal keeps.
func (j *Journal) Size() int { return len(j.ring) }

// Add records e, assigning its ID, drops the oldest entry if the journal
// is full, and wakes waiters. It returns e as recorded.
func (j *Journal) Add(e Entry) Entry {
	j.mu.Lock()
	defer j.mu.Unlock()
	e.ID = j.nextID
	j.nextID++
	if j.len == len(j.ring) {
		j.ring[j.start] = e
		j.start = (j.start + 1) % len(j.ring)
	} else {
		j.ring[(j.start+j.len)%len(j.ring)] = e
		j.len++
	}
	close(j.changed)
	j.changed = make(chan struct{})
	return e
}

// List returns the entries that match filter, oldest first.
func (j *Journal) List(filter Filter) []Entry {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.list(filter)
}

func (j *Journal) list(filter Filter) []Entry {
	out := []Entry{}
	for i := range j.len {
		e := &j.ring[(j.start+i)%len(j.ring)]
		if filter.match(e) {
			out = append(out, *e)
			if filter.Limit > 0 && len(out) == filter.Limit {
				break
			}
		}
	}
	return out
}

// Wait returns the entries matching filter as soon as there is at least
// one, or an empty list when ctx ends first.
func (j *Journal) Wait(ctx context.Context, filter Filter) []Entry {
	for {
		j.mu.Lock()
		out := j.list(filter)
		changed := j.changed
		j.mu.Unlock()
		if len(out) > 0 {
			return out
		}
		select {
		case <-ctx.Done():
			return out
		case <-changed:
		}
	}
}

// Clear drops every entry; IDs keep increasing, so a reader that goes on
// from the last ID it saw misses nothing recorded later.
func (j *Journal) Clear() {
	j.mu.Lock()
	defer j.mu.Unlock()
	clear(j.ring)
	j.start, j.len = 0, 0
}
