package signature

import "sync"

// DefaultCacheSize is how many UserSigs a [Cache] keeps when its Size is 0.
// A test suite rarely uses more than a handful of tickets: one per admin
// identifier and app.
const DefaultCacheSize = 1024

// maxCachedLen is the longest UserSig a Cache keeps. Real tickets are a few
// hundred characters; longer ones are checked in full every time, so a
// cache full of them cannot cost more than DefaultCacheSize × 2 KiB.
const maxCachedLen = 2048

// Cache remembers UserSigs that verified, keyed by the UserSig string, so a
// client sending the same ticket on every request pays for the base64,
// zlib, JSON and HMAC work once. [Cache.Check] is a drop-in replacement for
// [CheckUserSig] with identical results: what a hit skips (decoding, and
// the HMAC under the same key) depends only on the string and the key,
// while the app id, the identifier and the expiry are checked against the
// caller's arguments, now included, on every use. A ticket that fails is
// never cached.
//
// The zero value is ready to use; a Cache must not be copied after first
// use. It is safe for concurrent use. When full it drops an arbitrary
// entry to make room.
type Cache struct {
	// Size caps the entries kept; 0 means DefaultCacheSize. Set it before
	// first use.
	Size int

	mu      sync.RWMutex
	entries map[string]cachedSig
}

// cachedSig is a ticket that parsed and whose HMAC matched under key.
type cachedSig struct {
	sig UserSig
	key string
}

// Check does what [CheckUserSig] does, from the cache when s verified
// under key before. The byte slices of the returned UserSig are shared with
// the cache and must not be modified.
func (c *Cache) Check(s, key string, sdkAppID uint64, identifier string, now int64) (UserSig, error) {
	c.mu.RLock()
	e, ok := c.entries[s]
	c.mu.RUnlock()
	if ok && e.key == key {
		return e.sig, checkClaims(e.sig, sdkAppID, identifier, now)
	}
	sig, err := CheckUserSig(s, key, sdkAppID, identifier, now)
	if err != nil || len(s) > maxCachedLen {
		return sig, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = make(map[string]cachedSig)
	}
	if _, ok := c.entries[s]; !ok && len(c.entries) >= c.size() {
		for old := range c.entries { // map order is unspecified: an arbitrary victim
			delete(c.entries, old)
			break
		}
	}
	c.entries[s] = cachedSig{sig: sig, key: key}
	return sig, nil
}

// Len returns how many UserSigs the cache holds.
func (c *Cache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries)
}

func (c *Cache) size() int {
	if c.Size > 0 {
		return c.Size
	}
	return DefaultCacheSize
}
