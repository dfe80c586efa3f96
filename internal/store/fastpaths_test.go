package store

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
)

// TestTenantCacheFollowsChanges looks a tenant up (so it is cached) before
// and after every store method that changes tenants: each lookup must
// return what the database holds, never what the cache held before.
func TestTenantCacheFollowsChanges(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		app := seed(t, s)
		key := app.Key()
		lookup := func() (imemu.Tenant, error) { return s.Tenant(ctx, key) }
		mustLookup := func() imemu.Tenant {
			t.Helper()
			got, err := lookup()
			require.NoError(t, err)
			return got
		}
		assert.Equal(t, app, mustLookup())
		assert.Equal(t, app, mustLookup(), "a cache hit")

		// UpdateTenant.
		upd := app
		upd.Secret, upd.Limits = "rotated", imemu.Limits{APIQPS: map[string]int{"DeleteFriends": 3}}
		require.NoError(t, s.UpdateTenant(ctx, upd))
		assert.Equal(t, upd, mustLookup())

		// A caller changing the map it got must not change the cache.
		got := mustLookup()
		got.Limits.APIQPS["DeleteFriends"] = 99
		assert.Equal(t, 3, mustLookup().Limits.APIQPS["DeleteFriends"])

		// DeleteTenant, then CreateTenant under the same key: a new ID.
		require.NoError(t, s.DeleteTenant(ctx, key))
		_, err := lookup()
		require.ErrorIs(t, err, imemu.ErrAppNotFound)
		created, err := s.CreateTenant(ctx, imemu.Tenant{Vendor: key.Vendor, AppID: key.AppID, Secret: "again"})
		require.NoError(t, err)
		assert.Equal(t, created, mustLookup())

		// ReplaceApps, all and one.
		state := []imemu.AppState{{Tenant: imemu.Tenant{Vendor: key.Vendor, AppID: key.AppID, Secret: "replaced"}}}
		require.NoError(t, s.ReplaceApps(ctx, state, nil))
		assert.Equal(t, "replaced", mustLookup().Secret)
		state[0].Tenant.Secret = "replaced once more"
		require.NoError(t, s.ReplaceApps(ctx, state, &key))
		assert.Equal(t, "replaced once more", mustLookup().Secret)
		require.NoError(t, s.ReplaceApps(ctx, nil, &key))
		_, err = lookup()
		require.ErrorIs(t, err, imemu.ErrAppNotFound)

		// CreateApp.
		state[0].Tenant.Secret = "from CreateApp"
		_, err = s.CreateApp(ctx, state[0])
		require.NoError(t, err)
		assert.Equal(t, "from CreateApp", mustLookup().Secret)

		// RestoreSnapshot.
		_, err = s.SaveSnapshot(ctx, "snap", []imemu.AppKey{key}, []byte("x"))
		require.NoError(t, err)
		require.NoError(t, s.UpdateTenant(ctx, imemu.Tenant{Vendor: key.Vendor, AppID: key.AppID, Secret: "after the snapshot"}))
		assert.Equal(t, "after the snapshot", mustLookup().Secret)
		_, err = s.RestoreSnapshot(ctx, "snap", func([]byte) ([]imemu.AppState, error) {
			return []imemu.AppState{{Tenant: imemu.Tenant{Vendor: key.Vendor, AppID: key.AppID, Secret: "restored"}}}, nil
		})
		require.NoError(t, err)
		assert.Equal(t, "restored", mustLookup().Secret)
	})
}

// TestTenantCacheRacingUpdates looks tenants up while their secrets change:
// once UpdateTenant has returned, no lookup may see an older secret. Run
// with -race it also checks the cache's locking.
func TestTenantCacheRacingUpdates(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		app := seed(t, s)
		var (
			mu      sync.Mutex
			settled string // the secret of the last update that returned
		)
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for {
					select {
					case <-stop:
						return
					default:
					}
					mu.Lock()
					floor := settled
					mu.Unlock()
					got, err := s.Tenant(ctx, app.Key())
					if err != nil {
						t.Error(err)
						return
					}
					// Secrets are s00…s99: comparable as strings.
					if got.Secret < floor {
						t.Errorf("lookup saw %q after %q was written", got.Secret, floor)
						return
					}
				}
			})
		}
		for i := range 100 {
			upd := app
			upd.Secret = "s" + string(rune('0'+i/10)) + string(rune('0'+i%10))
			require.NoError(t, s.UpdateTenant(ctx, upd))
			mu.Lock()
			settled = upd.Secret
			mu.Unlock()
		}
		close(stop)
		wg.Wait()
		got, err := s.Tenant(context.Background(), app.Key())
		require.NoError(t, err)
		assert.Equal(t, "s99", got.Secret)
	})
}

// TestFriendList: a friend-list page is the same page as Friends, with
// each friend's profile.
func TestFriendList(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		app := seed(t, s)
		_, err := s.AddFriends(ctx, app.ID, "alice", []imemu.Friend{{ID: "dave", Remark: "d", AddWording: "hi",
			Attributes: []imemu.Attribute{{Key: "k", Value: "v"}}}}, AddOptions{})
		require.NoError(t, err)
		for _, tc := range []struct {
			owner         string
			offset, limit int
		}{{"alice", 0, 10}, {"alice", 1, 1}, {"alice", 3, 10}, {"alice", 0, 2}, {"frank", 0, 10}} {
			want, err := s.Friends(ctx, app.ID, tc.owner, tc.offset, tc.limit)
			require.NoError(t, err)
			got, total, err := s.FriendList(ctx, app.ID, tc.owner, tc.offset, tc.limit)
			require.NoError(t, err)
			assert.Equal(t, want.Total, total, "%+v", tc)
			require.Len(t, got, len(want.Friends), "%+v", tc)
			for i, f := range want.Friends {
				u, err := s.User(ctx, app.ID, f.ID)
				require.NoError(t, err)
				assert.Equal(t, ListedFriend{ID: f.ID, Name: u.Name, Avatar: u.Avatar, Remark: f.Remark,
					AddWording: f.AddWording, Attributes: f.Attributes, AddedAt: f.AddedAt}, got[i], "%+v", tc)
			}
		}
		_, _, err = s.FriendList(ctx, app.ID, "ghost", 0, 10)
		require.ErrorIs(t, err, imemu.ErrUserNotFound)
	})
}

// TestFileReadersSeeCommittedWrites: a file store reads through its own
// connections; what a write committed is what the next read sees.
func TestFileReadersSeeCommittedWrites(t *testing.T) {
	s := mustOpen(t, backends[1].path(t))
	require.NotNil(t, s.rdb, "a file store has readers")
	ctx := t.Context()
	app := seed(t, s)
	for i := range 20 {
		_, err := s.DeleteFriends(ctx, app.ID, "alice", []string{"bob"}, true)
		require.NoError(t, err)
		rel, err := s.Relations(ctx, app.ID, "alice", []string{"bob"})
		require.NoError(t, err)
		require.False(t, rel[0].OwnerHas || rel[0].TargetHas, "round %d", i)
		_, err = s.AddFriends(ctx, app.ID, "alice", []imemu.Friend{{ID: "bob"}}, AddOptions{TwoWay: true})
		require.NoError(t, err)
		page, err := s.Friends(ctx, app.ID, "alice", 0, 10)
		require.NoError(t, err)
		require.Equal(t, 3, page.Total, "round %d", i)
	}
	// The readers cannot write.
	_, err := s.rdb.ExecContext(ctx, `DELETE FROM friends`)
	require.Error(t, err)
}

// TestRelationsBatch: the one-query batch answers in request order,
// duplicates and unregistered ids included, and ids JSON cannot carry
// (invalid UTF-8) take the query-per-target path with the same answers.
func TestRelationsBatch(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		app := seed(t, s)
		bad := "bad\xff"
		_, err := s.RegisterUsers(ctx, app.ID, []imemu.User{{ID: bad}})
		require.NoError(t, err)
		_, err = s.AddFriends(ctx, app.ID, "alice", []imemu.Friend{{ID: bad}}, AddOptions{})
		require.NoError(t, err)

		rel := func(registered, ownerHas, targetHas bool, target string) imemu.Relation {
			return imemu.Relation{Target: target, Registered: registered, OwnerHas: ownerHas, TargetHas: targetHas}
		}
		got, err := s.Relations(ctx, app.ID, "alice", []string{"erin", "bob", "ghost", "frank", "bob", "alice"})
		require.NoError(t, err)
		assert.Equal(t, []imemu.Relation{
			rel(true, false, true, "erin"), rel(true, true, true, "bob"), rel(false, false, false, "ghost"),
			rel(true, false, false, "frank"), rel(true, true, true, "bob"), rel(true, false, false, "alice"),
		}, got)

		got, err = s.Relations(ctx, app.ID, "alice", []string{"bob", bad, "ghost"})
		require.NoError(t, err)
		assert.Equal(t, []imemu.Relation{rel(true, true, true, "bob"), rel(true, true, false, bad), rel(false, false, false, "ghost")}, got)

		got, err = s.Relations(ctx, app.ID, "alice", nil)
		require.NoError(t, err)
		assert.Empty(t, got)
	})
}

// TestHotReadsSeeOneState: a friend page and its count, and a relation
// check's owner lookup and relations, come from one state while a writer
// keeps changing the list (in memory they hold the one connection instead
// of a transaction). alice always has n or n+1 friends; a full page of
// n+1 must come with a total of n+1.
func TestHotReadsSeeOneState(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		app := seed(t, s)
		base, err := s.Friends(ctx, app.ID, "alice", 0, 100)
		require.NoError(t, err)
		n := base.Total
		stop := make(chan struct{})
		done := make(chan error, 1)
		go func() {
			for {
				select {
				case <-stop:
					done <- nil
					return
				default:
				}
				if _, err := s.AddFriends(ctx, app.ID, "alice", []imemu.Friend{{ID: "frank"}}, AddOptions{}); err != nil {
					done <- err
					return
				}
				if _, err := s.DeleteFriends(ctx, app.ID, "alice", []string{"frank"}, false); err != nil {
					done <- err
					return
				}
			}
		}()
		for range 300 {
			list, total, err := s.FriendList(ctx, app.ID, "alice", 0, n+1)
			require.NoError(t, err)
			require.Contains(t, []int{n, n + 1}, total)
			if len(list) == n+1 {
				require.Equal(t, n+1, total, "a full page counted in another state")
			} else {
				require.Equal(t, n, total)
			}
			rels, err := s.Relations(ctx, app.ID, "alice", []string{"frank"})
			require.NoError(t, err)
			require.True(t, rels[0].Registered)
		}
		close(stop)
		require.NoError(t, <-done)
	})
}
