// Package faults decides which vendor requests get an injected failure: a
// vendor code answered without touching state, a delay, or a dropped
// connection. Rules match by vendor, app, API and user, and fire for the
// next N matches, for a span of emulated time, or with a probability drawn
// from a seeded source, so a given seed fires on the same matches every
// run.
//
// The package decides; the server acts (sleeps, hijacks, renders the code
// with the vendor's own writer).
package faults

import (
	"math/rand/v2"
	"strconv"
	"sync"
	"time"

	"github.com/imemu/imemu"
)

// Rule says which requests a fault matches and what it does to them.
// Callers validate rules (the control plane checks codes against the
// vendor's table); Set stores them as given.
type Rule struct {
	Vendor imemu.Vendor
	AppID  uint64 // 0: any app of the vendor
	API    string // "": any API (ZEGO Action, TIM "<service>/<command>")
	User   string // "": any request; else only requests whose FromUserId / From_Account is User

	Code    int           // vendor code to answer with; 0: proceed normally after Latency
	Latency time.Duration // delay before answering, dropping or proceeding
	Drop    bool          // close the connection without an answer

	Times       int           // fire on the next Times matches only; 0: no limit
	Duration    time.Duration // fire only this long after creation, on the emulated clock; 0: no limit
	Probability float64       // chance that a match fires, in (0, 1]; 0 means 1
	Seed        uint64        // seed of the probability draws
}

// Fault is a rule with its state.
type Fault struct {
	Rule
	ID        string
	CreatedAt time.Time
	ExpiresAt time.Time // zero when the rule has no Duration
	Matched   int       // times it fired
}

// Remaining returns how many more times the fault may fire, and false when
// it has no Times limit.
func (f Fault) Remaining() (int, bool) {
	if f.Times == 0 {
		return 0, false
	}
	return max(f.Times-f.Matched, 0), true
}

// Request is what a rule matches against.
type Request struct {
	Vendor imemu.Vendor
	AppID  uint64
	API    string
	// User returns the body's FromUserId (ZEGO) or From_Account (TIM), ""
	// when it has none. Match calls it at most once, and only when a rule
	// filters by user, so bodies are parsed only when needed. Nil: no user.
	User func() string
}

// lazyUser calls user once, on first use.
type lazyUser struct {
	user func() string
	done bool
	id   string
}

func (u *lazyUser) get() string {
	if !u.done && u.user != nil {
		u.id = u.user()
	}
	u.done = true
	return u.id
}

type fault struct {
	Fault
	rng *rand.Rand // nil when every match fires
}

func (f *fault) matches(req Request, user *lazyUser) bool {
	return f.Vendor == req.Vendor &&
		(f.AppID == 0 || f.AppID == req.AppID) &&
		(f.API == "" || f.API == req.API) &&
		(f.User == "" || f.User == user.get())
}

func (f *fault) active(now time.Time) bool {
	if f.Times > 0 && f.Matched >= f.Times {
		return false
	}
	return f.ExpiresAt.IsZero() || now.Before(f.ExpiresAt)
}

// Set holds the fault rules of one server, in the order they were added.
// It is safe for concurrent use.
type Set struct {
	mu     sync.Mutex
	faults []*fault
	lastID int
}

// NewSet returns an empty Set.
func NewSet() *Set { return &Set{} }

// Add stores r, created at now, and returns it with its ID ("f1", "f2", …;
// never reused within the Set).
func (s *Set) Add(r Rule, now time.Time) Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastID++
	f := &fault{Fault: Fault{Rule: r, ID: "f" + strconv.Itoa(s.lastID), CreatedAt: now}}
	if r.Duration > 0 {
		f.ExpiresAt = now.Add(r.Duration)
	}
	if r.Probability > 0 && r.Probability < 1 {
		f.rng = rand.New(rand.NewPCG(r.Seed, r.Seed))
	}
	s.faults = append(s.faults, f)
	return f.Fault
}

// Match finds the first rule, in the order they were added, that matches
// req, is active at now and fires (its probability draw succeeds), counts
// the firing and returns the fault as it is after it. A rule whose draw
// fails lets later rules try. Exhausted and expired rules stay listed but
// never fire.
func (s *Set) Match(req Request, now time.Time) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	user := &lazyUser{user: req.User}
	for _, f := range s.faults {
		if !f.active(now) || !f.matches(req, user) {
			continue
		}
		if f.rng != nil && f.rng.Float64() >= f.Probability {
			continue
		}
		f.Matched++
		return f.Fault, true
	}
	return Fault{}, false
}

// List returns every fault, in the order they were added.
func (s *Set) List() []Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Fault, len(s.faults))
	for i, f := range s.faults {
		out[i] = f.Fault
	}
	return out
}

// Delete removes the fault with id and reports whether there was one.
func (s *Set) Delete(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if f.ID == id {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
			return true
		}
	}
	return false
}

// Clear removes every fault. IDs are not reused afterwards.
func (s *Set) Clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}
