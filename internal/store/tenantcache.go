package store

import (
	"maps"
	"slices"
	"sync"

	"github.com/imemu/imemu"
)

// tenantCache keeps tenants by key for Tenant, which every vendor request
// calls first: a map lookup instead of a query.
//
// Every write that can change a tenant goes through Store.writeTenants,
// which calls invalidate after its transaction has ended. A lookup that
// missed reads the database and caches what it read only if no
// invalidation happened meanwhile (gen), so a row read just before a
// change committed is never cached after it. The cache assumes, like the
// rest of the store, that this Store is the only writer of its database.
type tenantCache struct {
	mu  sync.RWMutex
	gen uint64
	m   map[imemu.AppKey]imemu.Tenant
}

// get returns the cached tenant with key, and the generation to pass to
// put when there is none.
func (c *tenantCache) get(key imemu.AppKey) (imemu.Tenant, uint64, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	t, ok := c.m[key]
	if ok {
		// Callers own what they get: clone the reference fields.
		t.Limits.APIQPS = maps.Clone(t.Limits.APIQPS)
		t.Settings.CustomFriendTags = slices.Clone(t.Settings.CustomFriendTags)
		t.Settings.CustomProfileTags = slices.Clone(t.Settings.CustomProfileTags)
	}
	return t, c.gen, ok
}

// put caches t, read from the database at generation gen, unless the
// cache was invalidated since.
func (c *tenantCache) put(gen uint64, t imemu.Tenant) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.m == nil {
		c.m = make(map[imemu.AppKey]imemu.Tenant)
	}
	t.Limits.APIQPS = maps.Clone(t.Limits.APIQPS)
	t.Settings.CustomFriendTags = slices.Clone(t.Settings.CustomFriendTags)
	t.Settings.CustomProfileTags = slices.Clone(t.Settings.CustomProfileTags)
	c.m[t.Key()] = t
}

// invalidate forgets every tenant.
func (c *tenantCache) invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.m)
}
