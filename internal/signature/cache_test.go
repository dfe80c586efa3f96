package signature

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCacheMatchesCheckUserSig runs every case twice through one Cache,
// after a first use that verified, and once through CheckUserSig: a hit
// must answer exactly what a full check answers, now included.
func TestCacheMatchesCheckUserSig(t *testing.T) {
	deadline := vecTime + vecExpire
	cases := []struct {
		name       string
		key        string
		appID      uint64
		identifier string
		now        int64
		want       error
	}{
		{"valid", vecKey, vecAppID, vecIdentifier, vecTime, nil},
		{"valid at the last second", vecKey, vecAppID, vecIdentifier, deadline, nil},
		{"expired one second later", vecKey, vecAppID, vecIdentifier, deadline + 1, ErrExpired},
		{"other app", vecKey, vecAppID + 1, vecIdentifier, vecTime, ErrAppIDMismatch},
		{"other identifier", vecKey, vecAppID, "alice", vecTime, ErrIdentifierMismatch},
		{"other key", "another-key", vecAppID, vecIdentifier, vecTime, ErrSigMismatch},
		{"valid again", vecKey, vecAppID, vecIdentifier, vecTime + 1, nil},
	}
	var c Cache
	_, err := c.Check(vecOfficial, vecKey, vecAppID, vecIdentifier, vecTime)
	require.NoError(t, err)
	require.Equal(t, 1, c.Len())
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantSig, wantErr := CheckUserSig(vecOfficial, tc.key, tc.appID, tc.identifier, tc.now)
			require.ErrorIs(t, wantErr, tc.want)
			for range 2 {
				sig, err := c.Check(vecOfficial, tc.key, tc.appID, tc.identifier, tc.now)
				if tc.want == nil {
					require.NoError(t, err)
				} else {
					require.EqualError(t, err, wantErr.Error())
					require.ErrorIs(t, err, tc.want)
				}
				assert.Equal(t, wantSig, sig)
			}
		})
	}
}

// TestCacheRechecksExpiryOnEveryUse: the expiry is judged by the now each
// call passes, so a ticket that was valid when cached expires on time, and
// one checked at a later now that a rewound clock brings back is valid
// again.
func TestCacheRechecksExpiryOnEveryUse(t *testing.T) {
	var c Cache
	deadline := vecTime + vecExpire
	_, err := c.Check(vecOfficial, vecKey, vecAppID, vecIdentifier, vecTime)
	require.NoError(t, err)
	_, err = c.Check(vecOfficial, vecKey, vecAppID, vecIdentifier, deadline+1)
	require.ErrorIs(t, err, ErrExpired)
	_, err = c.Check(vecOfficial, vecKey, vecAppID, vecIdentifier, deadline)
	require.NoError(t, err)
}

// TestCacheKeyChange: a secret rotated by the control plane must not keep
// accepting tickets signed with the old one, and a ticket signed with the
// new one verifies and replaces the entry.
func TestCacheKeyChange(t *testing.T) {
	var c Cache
	_, err := c.Check(vecOfficial, vecKey, vecAppID, vecIdentifier, vecTime)
	require.NoError(t, err)
	_, err = c.Check(vecOfficial, "rotated", vecAppID, vecIdentifier, vecTime)
	require.ErrorIs(t, err, ErrSigMismatch)

	rotated, err := GenUserSig(vecAppID, "rotated", vecIdentifier, vecExpire, vecTime)
	require.NoError(t, err)
	_, err = c.Check(rotated, "rotated", vecAppID, vecIdentifier, vecTime)
	require.NoError(t, err)
	_, err = c.Check(rotated, vecKey, vecAppID, vecIdentifier, vecTime)
	require.ErrorIs(t, err, ErrSigMismatch)
	_, err = c.Check(vecOfficial, vecKey, vecAppID, vecIdentifier, vecTime)
	require.NoError(t, err)
	assert.Equal(t, 2, c.Len())
}

func TestCacheKeepsNoFailures(t *testing.T) {
	var c Cache
	_, err := c.Check("not a usersig", vecKey, vecAppID, vecIdentifier, vecTime)
	require.ErrorIs(t, err, ErrMalformed)
	_, err = c.Check(vecOfficial, "wrong", vecAppID, vecIdentifier, vecTime)
	require.ErrorIs(t, err, ErrSigMismatch)
	_, err = c.Check(vecOfficial, vecKey, vecAppID, vecIdentifier, vecTime+vecExpire+1)
	require.ErrorIs(t, err, ErrExpired)
	assert.Zero(t, c.Len())
}

func TestCacheIsBounded(t *testing.T) {
	c := Cache{Size: 3}
	for i := range 10 {
		sig, err := GenUserSig(vecAppID, vecKey, fmt.Sprintf("user%d", i), vecExpire, vecTime)
		require.NoError(t, err)
		_, err = c.Check(sig, vecKey, vecAppID, fmt.Sprintf("user%d", i), vecTime)
		require.NoError(t, err)
		assert.LessOrEqual(t, c.Len(), 3)
	}
	assert.Equal(t, 3, c.Len())

	// A ticket too long to be worth keeping still verifies.
	long, err := GenUserSig(vecAppID, vecKey, strings.Repeat("x", maxCachedLen), vecExpire, vecTime)
	require.NoError(t, err)
	c = Cache{}
	_, err = c.Check(long, vecKey, vecAppID, strings.Repeat("x", maxCachedLen), vecTime)
	require.NoError(t, err)
	assert.Zero(t, c.Len())
}

// TestCacheConcurrentUse is for the race detector: many goroutines
// checking, missing and evicting at once.
func TestCacheConcurrentUse(t *testing.T) {
	c := Cache{Size: 4}
	sigs := make([]string, 8)
	for i := range sigs {
		var err error
		sigs[i], err = GenUserSig(vecAppID, vecKey, fmt.Sprintf("user%d", i), vecExpire, vecTime)
		require.NoError(t, err)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				n := (g + i) % len(sigs)
				if _, err := c.Check(sigs[n], vecKey, vecAppID, fmt.Sprintf("user%d", n), vecTime); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	assert.LessOrEqual(t, c.Len(), 4)
}

// BenchmarkCacheCheck is the cached counterpart of BenchmarkCheckUserSig
// (the cold path): the same ticket verified again, from one goroutine and
// from all of them at once.
func BenchmarkCacheCheck(b *testing.B) {
	var c Cache
	if _, err := c.Check(vecOfficial, vecKey, vecAppID, vecIdentifier, vecTime); err != nil {
		b.Fatal(err)
	}
	b.Run("hit", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Check(vecOfficial, vecKey, vecAppID, vecIdentifier, vecTime); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("hit_parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := c.Check(vecOfficial, vecKey, vecAppID, vecIdentifier, vecTime); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}
