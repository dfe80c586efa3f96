package store

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
)

// TestReadCacheBudget checks that the cache stays near its byte budget
// and that answers read past it are still right.
func TestReadCacheBudget(t *testing.T) {
	s := mustOpen(t, "")
	app := loadGraph(t, s, zegoKey, 200)
	const budget = 4 << 10
	s.SetReadCacheBytes(budget)
	for i := range 200 {
		list, total, err := s.FriendList(t.Context(), app.ID, benchUser(i), 0, 10)
		require.NoError(t, err)
		require.Len(t, list, 10)
		require.Equal(t, benchDegree, total)
		s.reads.mu.RLock()
		size := s.reads.size
		s.reads.mu.RUnlock()
		// One page of ten friends is well under 2 KiB.
		assert.LessOrEqual(t, size, int64(budget+2<<10))
	}
}

// TestReadCacheWrites checks that a committed write of one tenant drops
// what the cache holds of it and leaves other tenants' entries.
func TestReadCacheWrites(t *testing.T) {
	s := mustOpen(t, "")
	z := loadGraph(t, s, zegoKey, 60)
	tm := loadGraph(t, s, timKey, 60)
	ctx := t.Context()
	owner, target := benchUser(0), benchUser(30)
	rel := func(id int64) imemu.Relation {
		r, err := s.Relations(ctx, id, owner, []string{target})
		require.NoError(t, err)
		return r[0]
	}
	assert.False(t, rel(z.ID).OwnerHas)
	assert.False(t, rel(tm.ID).OwnerHas)
	_, err := s.AddFriends(ctx, z.ID, owner, []imemu.Friend{{ID: target}}, AddOptions{TwoWay: true})
	require.NoError(t, err)
	s.reads.mu.RLock()
	_, zKept := s.reads.tenants[z.ID]
	_, tKept := s.reads.tenants[tm.ID]
	s.reads.mu.RUnlock()
	assert.False(t, zKept, "the written tenant's entries must go")
	assert.True(t, tKept, "another tenant's entries stay")
	assert.Equal(t, imemu.Relation{Target: target, Registered: true, OwnerHas: true, TargetHas: true}, rel(z.ID))
	assert.False(t, rel(tm.ID).OwnerHas)
	// The mirror of a cached relation answers the other side.
	r, err := s.Relations(ctx, z.ID, target, []string{owner})
	require.NoError(t, err)
	assert.Equal(t, imemu.Relation{Target: owner, Registered: true, OwnerHas: true, TargetHas: true}, r[0])
}

// TestDeleteAllSequences checks that a set-based two-way delete-all moves
// every user's friend-data sequences exactly as deleting the same edges
// with DeleteFriends does, edges with attributes and groups included (a
// guard for any later set-based bookkeeping of the sequences).
func TestDeleteAllSequences(t *testing.T) {
	ctx := t.Context()
	build := func() (*Store, int64) {
		s := mustOpen(t, "")
		app := loadGraph(t, s, zegoKey, 60)
		hub := benchUser(0)
		adds := []imemu.Friend{
			{ID: benchUser(30), Attributes: []imemu.Attribute{{Key: "k", Value: "v"}}},
			{ID: benchUser(31), Groups: []string{"g"}},
			{ID: benchUser(32)},
		}
		_, err := s.AddFriends(ctx, app.ID, hub, adds, AddOptions{TwoWay: true})
		require.NoError(t, err)
		// One-way edges into the hub that the hub does not list back.
		_, err = s.AddFriends(ctx, app.ID, benchUser(40), []imemu.Friend{{ID: hub}}, AddOptions{})
		require.NoError(t, err)
		return s, app.ID
	}
	seqs := func(s *Store, id int64) map[string]imemu.Sequences {
		out := map[string]imemu.Sequences{}
		for i := range 60 {
			q, err := s.Sequences(ctx, id, benchUser(i))
			require.NoError(t, err)
			out[benchUser(i)] = q
		}
		return out
	}
	a, aID := build()
	b, bID := build()
	hub := benchUser(0)
	_, err := a.DeleteAllFriends(ctx, aID, hub, true)
	require.NoError(t, err)
	page, err := b.Friends(ctx, bID, hub, 0, 1000)
	require.NoError(t, err)
	var ids []string
	for _, f := range page.Friends {
		ids = append(ids, f.ID)
	}
	_, err = b.DeleteFriends(ctx, bID, hub, ids, true)
	require.NoError(t, err)
	assert.Equal(t, seqs(b, bID), seqs(a, aID))
}
