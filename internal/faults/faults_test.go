package faults_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/faults"
)

var t0 = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

var deleteReq = faults.Request{Vendor: imemu.VendorZego, AppID: 1, API: "DeleteFriends", User: func() string { return "alice" }}

func TestMatchFilters(t *testing.T) {
	tests := []struct {
		name string
		rule faults.Rule
		want bool
	}{
		{"vendor only", faults.Rule{Vendor: imemu.VendorZego}, true},
		{"other vendor", faults.Rule{Vendor: imemu.VendorTIM}, false},
		{"app", faults.Rule{Vendor: imemu.VendorZego, AppID: 1}, true},
		{"other app", faults.Rule{Vendor: imemu.VendorZego, AppID: 2}, false},
		{"api", faults.Rule{Vendor: imemu.VendorZego, API: "DeleteFriends"}, true},
		{"other api", faults.Rule{Vendor: imemu.VendorZego, API: "AddFriends"}, false},
		{"user", faults.Rule{Vendor: imemu.VendorZego, User: "alice"}, true},
		{"other user", faults.Rule{Vendor: imemu.VendorZego, User: "bob"}, false},
		{"all", faults.Rule{Vendor: imemu.VendorZego, AppID: 1, API: "DeleteFriends", User: "alice"}, true},
	}
	for _, tt := range tests {
		s := faults.NewSet()
		s.Add(tt.rule, t0)
		_, ok := s.Match(deleteReq, t0)
		assert.Equal(t, tt.want, ok, tt.name)
	}
}

func TestUserIsReadOnlyWhenARuleNeedsIt(t *testing.T) {
	calls := 0
	req := deleteReq
	req.User = func() string { calls++; return "alice" }
	s := faults.NewSet()
	s.Add(faults.Rule{Vendor: imemu.VendorZego, Code: 1}, t0)
	_, ok := s.Match(req, t0)
	require.True(t, ok)
	assert.Equal(t, 0, calls, "no rule filters by user")

	s = faults.NewSet()
	s.Add(faults.Rule{Vendor: imemu.VendorZego, User: "bob"}, t0)
	s.Add(faults.Rule{Vendor: imemu.VendorZego, User: "carol"}, t0)
	s.Add(faults.Rule{Vendor: imemu.VendorZego, User: "alice"}, t0)
	_, ok = s.Match(req, t0)
	require.True(t, ok)
	assert.Equal(t, 1, calls, "read once for three rules")

	req.User = nil
	_, ok = s.Match(req, t0)
	assert.False(t, ok, "no user matches no user rule")
}

func TestTimes(t *testing.T) {
	s := faults.NewSet()
	f := s.Add(faults.Rule{Vendor: imemu.VendorZego, Code: 660300005, Times: 2}, t0)
	assert.Equal(t, "f1", f.ID)
	rem, ok := f.Remaining()
	assert.True(t, ok)
	assert.Equal(t, 2, rem)

	for i := range 2 {
		got, ok := s.Match(deleteReq, t0)
		require.True(t, ok, i)
		assert.Equal(t, 660300005, got.Code)
		assert.Equal(t, i+1, got.Matched)
	}
	_, ok = s.Match(deleteReq, t0)
	assert.False(t, ok, "exhausted")
	list := s.List()
	require.Len(t, list, 1, "exhausted rules stay listed")
	rem, _ = list[0].Remaining()
	assert.Equal(t, 0, rem)
	assert.Equal(t, 2, list[0].Matched)

	_, unlimited := s.Add(faults.Rule{Vendor: imemu.VendorTIM}, t0).Remaining()
	assert.False(t, unlimited)
}

func TestDurationOnTheGivenClock(t *testing.T) {
	s := faults.NewSet()
	f := s.Add(faults.Rule{Vendor: imemu.VendorZego, Drop: true, Duration: time.Minute}, t0)
	assert.Equal(t, t0.Add(time.Minute), f.ExpiresAt)
	_, ok := s.Match(deleteReq, t0.Add(59*time.Second))
	assert.True(t, ok)
	_, ok = s.Match(deleteReq, t0.Add(time.Minute))
	assert.False(t, ok, "expired at ExpiresAt")
}

func TestFirstFiringRuleWins(t *testing.T) {
	s := faults.NewSet()
	s.Add(faults.Rule{Vendor: imemu.VendorZego, API: "AddFriends", Code: 1}, t0)
	s.Add(faults.Rule{Vendor: imemu.VendorZego, Code: 2, Times: 1}, t0)
	s.Add(faults.Rule{Vendor: imemu.VendorZego, Code: 3}, t0)
	for _, want := range []int{2, 3, 3} {
		f, ok := s.Match(deleteReq, t0)
		require.True(t, ok)
		assert.Equal(t, want, f.Code)
	}
}

// fired returns which of n matching requests a probability rule fires on.
func fired(seed uint64, p float64, n int) []bool {
	s := faults.NewSet()
	s.Add(faults.Rule{Vendor: imemu.VendorZego, Code: 1, Probability: p, Seed: seed}, t0)
	out := make([]bool, n)
	for i := range out {
		_, out[i] = s.Match(deleteReq, t0)
	}
	return out
}

func TestProbabilityIsDeterministicPerSeed(t *testing.T) {
	a, b := fired(42, 0.3, 200), fired(42, 0.3, 200)
	assert.Equal(t, a, b, "same seed, same sequence")
	assert.NotEqual(t, a, fired(43, 0.3, 200), "another seed, another sequence")
	n := 0
	for _, f := range a {
		if f {
			n++
		}
	}
	assert.InDelta(t, 60, n, 25, "about p of the matches fire")
	for _, f := range fired(1, 1, 20) {
		assert.True(t, f, "p = 1 always fires")
	}
}

func TestProbabilityMissLetsLaterRulesTry(t *testing.T) {
	s := faults.NewSet()
	s.Add(faults.Rule{Vendor: imemu.VendorZego, Code: 1, Probability: 1e-9, Seed: 7}, t0)
	s.Add(faults.Rule{Vendor: imemu.VendorZego, Code: 2}, t0)
	f, ok := s.Match(deleteReq, t0)
	require.True(t, ok)
	assert.Equal(t, 2, f.Code)
	assert.Equal(t, 0, s.List()[0].Matched, "a missed draw is not a firing")
}

func TestDeleteAndClear(t *testing.T) {
	s := faults.NewSet()
	s.Add(faults.Rule{Vendor: imemu.VendorZego}, t0)
	s.Add(faults.Rule{Vendor: imemu.VendorTIM}, t0)
	assert.True(t, s.Delete("f1"))
	assert.False(t, s.Delete("f1"))
	require.Len(t, s.List(), 1)
	assert.Equal(t, "f2", s.List()[0].ID)
	s.Clear()
	assert.Empty(t, s.List())
	assert.Equal(t, "f3", s.Add(faults.Rule{Vendor: imemu.VendorZego}, t0).ID, "IDs are not reused")
}

func TestConcurrentMatchCountsEveryFiring(t *testing.T) {
	s := faults.NewSet()
	s.Add(faults.Rule{Vendor: imemu.VendorZego, Code: 1, Times: 50}, t0)
	var (
		wg sync.WaitGroup
		mu sync.Mutex
		n  int
	)
	for range 8 {
		wg.Go(func() {
			for range 20 {
				if _, ok := s.Match(deleteReq, t0); ok {
					mu.Lock()
					n++
					mu.Unlock()
				}
				s.List()
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 50, n, "exactly Times firings across goroutines")
	assert.Equal(t, 50, s.List()[0].Matched)
}
