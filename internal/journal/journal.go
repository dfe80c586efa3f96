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
	"time"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/ring"
)

// DefaultSize is the number of entries kept when none is configured.
const DefaultSize = 1000

// DefaultBytes is the journal's byte budget when none is configured: the
// entries' bodies, answers, paths and queries together. Entries cut their
// parts (the server keeps 64 KiB of a body or answer, 8 KiB of a path or
// query), so a full journal holds at least a few hundred of the largest.
const DefaultBytes = 32 << 20

// entryOverhead is what an entry costs besides its variable parts: the
// struct, the slice and string headers, the ring's bookkeeping.
const entryOverhead = 256

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
	Truncated  []string      // the parts cut to fit ("path", "query", "body", "response"); nil when none was
}

// weight is the bytes e holds, capacities included: what the journal's
// budget counts.
func weight(e *Entry) int64 {
	return entryOverhead + int64(cap(e.Body)+cap(e.Response)+len(e.API)+len(e.RequestID)+len(e.Method)+len(e.Path)+len(e.RawQuery))
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

// Journal is a bounded, ordered log of entries: by count and by bytes. It
// is safe for concurrent use.
type Journal struct {
	log *ring.Log[Entry]
}

// New returns a Journal keeping at most size entries (DefaultSize when
// size is not positive) holding at most maxBytes (DefaultBytes when not
// positive); the oldest go first. The newest entry is always kept.
func New(size int, maxBytes int64) *Journal {
	if size <= 0 {
		size = DefaultSize
	}
	if maxBytes <= 0 {
		maxBytes = DefaultBytes
	}
	return &Journal{log: ring.NewBudget(size, maxBytes, weight)}
}

// Size returns the most entries the journal keeps.
func (j *Journal) Size() int { return j.log.Size() }

// Budget returns the most bytes the journal keeps.
func (j *Journal) Budget() int64 { return j.log.Budget() }

// Bytes returns the bytes the entries kept now hold.
func (j *Journal) Bytes() int64 { return j.log.Bytes() }

// Add records e, assigning its ID, drops the oldest entry if the journal
// is full, and wakes waiters. It returns e as recorded.
func (j *Journal) Add(e Entry) Entry {
	return j.log.Add(func(id int64) Entry {
		e.ID = id
		return e
	})
}

// List returns the entries that match filter, oldest first.
func (j *Journal) List(filter Filter) []Entry {
	return j.log.List(filter.match, filter.Limit)
}

// Wait returns the entries matching filter as soon as there is at least
// one, or an empty list when ctx ends first.
func (j *Journal) Wait(ctx context.Context, filter Filter) []Entry {
	return j.log.Wait(ctx, filter.match, filter.Limit)
}

// Clear drops every entry; IDs keep increasing, so a reader that goes on
// from the last ID it saw misses nothing recorded later.
func (j *Journal) Clear() { j.log.Clear() }

// LastID returns the ID of the newest entry ever recorded (0 before the
// first): entries recorded later have larger IDs.
func (j *Journal) LastID() int64 { return j.log.LastID() }
