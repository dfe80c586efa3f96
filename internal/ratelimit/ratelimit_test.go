package ratelimit

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/imemu/imemu"
)

func TestAllow(t *testing.T) {
	l := New()
	k := Key{App: imemu.AppKey{Vendor: imemu.VendorZego, AppID: 1}, API: "DeleteFriends"}
	other := Key{App: imemu.AppKey{Vendor: imemu.VendorZego, AppID: 2}, API: "DeleteFriends"}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

	for i := range 20 {
		assert.True(t, l.Allow(k, 20, now), "call %d within the burst", i)
	}
	assert.False(t, l.Allow(k, 20, now), "21st call in the same instant")
	assert.True(t, l.Allow(other, 20, now), "another app has its own bucket")
	assert.True(t, l.Allow(k, 20, now.Add(50*time.Millisecond)), "one token back after 1/20 s")
	assert.False(t, l.Allow(k, 20, now.Add(50*time.Millisecond)))
	assert.True(t, l.Allow(k, 20, now.Add(2*time.Second)))

	l.Forget(k.App)
	for range 5 {
		assert.True(t, l.Allow(k, 5, now))
	}
	assert.False(t, l.Allow(k, 5, now), "a changed limit makes a new bucket of that size")

	var off *Limiter
	assert.True(t, off.Allow(k, 1, now), "nil limiter: --rate-limit off")
}
