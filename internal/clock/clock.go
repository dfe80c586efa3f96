// Package clock is the only source of time in imemu. Signature windows,
// UserSig expiry, rate limits and friend timestamps all read a Clock, so
// tests and the control plane can freeze, set or shift time.
package clock

import (
	"sync"
	"time"
)

// Clock tells the current time.
type Clock interface {
	Now() time.Time
}

// Func adapts a function to Clock.
type Func func() time.Time

// Now calls f.
func (f Func) Now() time.Time { return f() }

// System is the machine's clock.
func System() Clock { return Func(time.Now) }

// Fixed returns a clock that always answers t.
func Fixed(t time.Time) Clock { return Func(func() time.Time { return t }) }

// Controlled is a clock that runs from a base clock and can be frozen at an
// instant or shifted by an offset. It is safe for concurrent use.
type Controlled struct {
	base   Clock
	mu     sync.RWMutex
	offset time.Duration
	frozen *time.Time
}

// NewControlled returns a Controlled clock that follows base until told
// otherwise.
func NewControlled(base Clock) *Controlled { return &Controlled{base: base} }

// Now returns the frozen instant, or the base time plus the offset.
func (c *Controlled) Now() time.Time {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.frozen != nil {
		return *c.frozen
	}
	return c.base.Now().Add(c.offset)
}

// Freeze stops the clock at t.
func (c *Controlled) Freeze(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.frozen = &t
}

// Set makes the clock read t now and keep running from there.
func (c *Controlled) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.frozen = nil
	c.offset = t.Sub(c.base.Now())
}

// Shift moves the clock by d: a frozen clock stays frozen at its instant plus d.
func (c *Controlled) Shift(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.frozen != nil {
		t := c.frozen.Add(d)
		c.frozen = &t
		return
	}
	c.offset += d
}

// Reset returns the clock to the base time.
func (c *Controlled) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.frozen = nil
	c.offset = 0
}

// State reports whether the clock is frozen and its offset from the base.
func (c *Controlled) State() (frozen bool, offset time.Duration) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.frozen != nil {
		return true, c.frozen.Sub(c.base.Now())
	}
	return false, c.offset
}

// Stopwatch starts measuring elapsed wall time, for latencies: those must
// stay real even while the emulated clock is frozen or shifted.
func Stopwatch() func() time.Duration {
	start := time.Now()
	return func() time.Duration { return time.Since(start) }
}
