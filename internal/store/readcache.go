package store

import (
	"slices"
	"sync"

	"github.com/imemu/imemu"
)

// DefaultReadCacheBytes is how much memory, roughly, the read cache may
// hold: thousands of friend-list pages and relations, a small part of the
// server's footprint.
const DefaultReadCacheBytes = 8 << 20

// allTenants is the invalidation scope of a write that may touch any
// tenant (every write through Store.write).
const allTenants int64 = -1

// readCache serves the hot reads (friend-list pages, relations, who is
// registered) from memory, per tenant, while SQLite stays the source of
// truth: a miss reads the database and keeps what it read.
//
// It never serves a stale answer. Every committing transaction commits
// while holding mu and drops what it may have changed (its tenant, or
// everything) before releasing it, so no reader sees the cache between a
// commit and its invalidation. A miss remembers the generation it saw
// before reading the database and keeps its result only if no
// invalidation happened meanwhile: a row read before a commit is never
// cached after it. Like the tenant cache, it assumes this Store is the
// only writer of its database.
type readCache struct {
	mu      sync.RWMutex
	max     int64 // byte budget; <= 0: off
	size    int64 // bytes held, estimated
	gen     uint64
	tenants map[int64]*tenantReads
}

// tenantReads is what the cache holds for one tenant.
type tenantReads struct {
	lists map[pageKey]cachedList // FriendList pages
	pages map[pageKey]cachedPage // Friends pages
	rels  map[[2]string]imemu.Relation
	users map[string]bool // registered or not
}

type pageKey struct {
	owner         string
	offset, limit int
}

type cachedList struct {
	list  []ListedFriend
	total int
	err   error
}

type cachedPage struct {
	page FriendPage
	err  error
}

func newReadCache(max int64) *readCache {
	return &readCache{max: max, tenants: map[int64]*tenantReads{}}
}

// setMax changes the byte budget, dropping everything; <= 0 turns the
// cache off.
func (c *readCache) setMax(max int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.max = max
	c.dropLocked(allTenants)
}

// dropLocked forgets what the cache holds of tenantID (every tenant for
// allTenants). c.mu must be held for writing.
func (c *readCache) dropLocked(tenantID int64) {
	c.gen++
	if tenantID == allTenants {
		clear(c.tenants)
		c.size = 0
		return
	}
	if t, ok := c.tenants[tenantID]; ok {
		c.size -= t.bytes()
		delete(c.tenants, tenantID)
	}
}

// drop is dropLocked for callers that do not hold c.mu.
func (c *readCache) drop(tenantID int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.dropLocked(tenantID)
}

// view runs fn on tenantID's entries (nil when there are none) under the
// read lock and returns the generation a miss must pass to update.
func (c *readCache) view(tenantID int64, fn func(t *tenantReads)) uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.max > 0 {
		fn(c.tenants[tenantID])
	}
	return c.gen
}

// update runs fn on tenantID's entries, created if needed, unless the
// cache was invalidated since generation gen or is off. fn returns the
// bytes it added; past the budget the cache starts again empty.
func (c *readCache) update(gen uint64, tenantID int64, fn func(t *tenantReads) int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen || c.max <= 0 {
		return
	}
	if c.size > c.max {
		clear(c.tenants)
		c.size = 0
	}
	t := c.tenants[tenantID]
	if t == nil {
		t = &tenantReads{lists: map[pageKey]cachedList{}, pages: map[pageKey]cachedPage{},
			rels: map[[2]string]imemu.Relation{}, users: map[string]bool{}}
		c.tenants[tenantID] = t
	}
	c.size += fn(t)
}

// Sizes are estimates: what the strings hold plus a fixed overhead per
// entry for headers and map slots.
const entryOverhead = 64

func listBytes(owner string, list []ListedFriend) int64 {
	n := int64(entryOverhead + len(owner))
	for _, f := range list {
		n += int64(entryOverhead + len(f.ID) + len(f.Name) + len(f.Avatar) + len(f.Remark) + len(f.AddWording))
		for _, a := range f.Attributes {
			n += int64(32 + len(a.Key) + len(a.Value))
		}
	}
	return n
}

func pageBytes(owner string, fs []imemu.Friend) int64 {
	n := int64(entryOverhead + len(owner))
	for _, f := range fs {
		n += int64(entryOverhead + len(f.Owner) + len(f.ID) + len(f.Remark) + len(f.AddSource) + len(f.AddWording))
		for _, g := range f.Groups {
			n += int64(16 + len(g))
		}
		for _, a := range f.Attributes {
			n += int64(32 + len(a.Key) + len(a.Value))
		}
	}
	return n
}

func (t *tenantReads) bytes() int64 {
	var n int64
	for k, v := range t.lists {
		n += listBytes(k.owner, v.list)
	}
	for k, v := range t.pages {
		n += pageBytes(k.owner, v.page.Friends)
	}
	for k := range t.rels {
		n += int64(entryOverhead + len(k[0]) + len(k[1]))
	}
	for k := range t.users {
		n += int64(entryOverhead + len(k))
	}
	return n
}

// cachedFriendList returns the cached FriendList answer, and the
// generation to pass to keepFriendList when there is none.
func (c *readCache) cachedFriendList(tenantID int64, key pageKey) (cachedList, uint64, bool) {
	var (
		v  cachedList
		ok bool
	)
	gen := c.view(tenantID, func(t *tenantReads) {
		if t != nil {
			v, ok = t.lists[key]
		}
	})
	// Callers own the slice they get (not the attribute lists in it).
	v.list = slices.Clone(v.list)
	return v, gen, ok
}

func (c *readCache) keepFriendList(gen uint64, tenantID int64, key pageKey, v cachedList) {
	v.list = slices.Clone(v.list)
	c.update(gen, tenantID, func(t *tenantReads) int64 {
		if _, ok := t.lists[key]; ok {
			return 0
		}
		t.lists[key] = v
		return listBytes(key.owner, v.list)
	})
}

// cachedFriends is cachedFriendList for Friends pages.
func (c *readCache) cachedFriends(tenantID int64, key pageKey) (cachedPage, uint64, bool) {
	var (
		v  cachedPage
		ok bool
	)
	gen := c.view(tenantID, func(t *tenantReads) {
		if t != nil {
			v, ok = t.pages[key]
		}
	})
	v.page.Friends = slices.Clone(v.page.Friends)
	return v, gen, ok
}

func (c *readCache) keepFriends(gen uint64, tenantID int64, key pageKey, v cachedPage) {
	v.page.Friends = slices.Clone(v.page.Friends)
	c.update(gen, tenantID, func(t *tenantReads) int64 {
		if _, ok := t.pages[key]; ok {
			return 0
		}
		t.pages[key] = v
		return pageBytes(key.owner, v.page.Friends)
	})
}

// cachedRelations fills out (one Relation per target) from the cache. ok
// is false unless owner's registration and every target's relation were
// cached; registered is then whether owner is registered.
func (c *readCache) cachedRelations(tenantID int64, owner string, targets []string, out []imemu.Relation) (registered bool, gen uint64, ok bool) {
	gen = c.view(tenantID, func(t *tenantReads) {
		if t == nil {
			return
		}
		if registered, ok = t.users[owner]; !ok || !registered {
			return
		}
		for i, target := range targets {
			if out[i], ok = t.rels[[2]string{owner, target}]; !ok {
				return
			}
		}
	})
	return registered, gen, ok
}

// keepRelations caches what Relations read: whether owner is registered
// and, when it is, each relation with its mirror from the target's side.
func (c *readCache) keepRelations(gen uint64, tenantID int64, owner string, registered bool, rels []imemu.Relation) {
	c.update(gen, tenantID, func(t *tenantReads) int64 {
		var n int64
		keepUser := func(id string, ok bool) {
			if _, had := t.users[id]; !had {
				t.users[id] = ok
				n += int64(entryOverhead + len(id))
			}
		}
		keepRel := func(a, b string, r imemu.Relation) {
			k := [2]string{a, b}
			if _, had := t.rels[k]; !had {
				t.rels[k] = r
				n += int64(entryOverhead + len(a) + len(b))
			}
		}
		keepUser(owner, registered)
		if !registered {
			return n
		}
		for _, r := range rels {
			keepUser(r.Target, r.Registered)
			keepRel(owner, r.Target, r)
			if r.Registered {
				keepRel(r.Target, owner, imemu.Relation{Target: owner, Registered: true, OwnerHas: r.TargetHas, TargetHas: r.OwnerHas})
			}
		}
		return n
	})
}
