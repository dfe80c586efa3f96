package store

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
)

func TestFriendsPaging(t *testing.T) {
	at := func(ms int) time.Time { return storedNow.Add(time.Duration(ms) * time.Millisecond) }
	// frank's list, in the order it must come back: by added time, then id.
	adds := []imemu.Friend{
		{ID: "erin", AddedAt: at(2)}, {ID: "alice", AddedAt: at(3)}, {ID: "dave", AddedAt: at(1)},
		{ID: "carol", AddedAt: at(2)}, {ID: "bob", AddedAt: at(2)},
	}
	order := []string{"dave", "bob", "carol", "erin", "alice"}
	tests := []struct {
		name          string
		offset, limit int
		want          []string
	}{
		{"first page", 0, 2, order[0:2]},
		{"middle page ties by id", 2, 2, order[2:4]},
		{"last partial page", 4, 2, order[4:]},
		{"whole list", 0, 100, order},
		{"offset at the end", 5, 2, nil},
		{"offset past the end", 100, 10, nil},
		{"zero limit", 0, 0, nil},
	}
	for _, twoWay := range []bool{false, true} {
		t.Run(fmt.Sprintf("twoWay=%v", twoWay), func(t *testing.T) {
			forEachBackend(t, func(t *testing.T, s *Store) {
				ctx := t.Context()
				app := seed(t, s)
				_, err := s.AddFriends(ctx, app.ID, "frank", adds, AddOptions{TwoWay: twoWay})
				require.NoError(t, err)
				for _, tt := range tests {
					page, err := s.Friends(ctx, app.ID, "frank", tt.offset, tt.limit)
					require.NoError(t, err, tt.name)
					var got []string
					for _, f := range page.Friends {
						assert.Equal(t, "frank", f.Owner)
						got = append(got, f.ID)
					}
					assert.Equal(t, tt.want, got, tt.name)
					assert.Equal(t, len(order), page.Total, tt.name)
				}
				// Two-way, the targets list frank too.
				page, err := s.Friends(ctx, app.ID, "dave", 0, 10)
				require.NoError(t, err)
				want := FriendPage{Friends: []imemu.Friend{plain("dave", "alice")}, Total: 1}
				if twoWay {
					f := plain("dave", "frank")
					f.AddedAt = at(1)
					want = FriendPage{Friends: []imemu.Friend{want.Friends[0], f}, Total: 2}
				}
				assert.Equal(t, want, page)
			})
		})
	}
	forEachBackend(t, func(t *testing.T, s *Store) {
		app := seed(t, s)
		page, err := s.Friends(t.Context(), app.ID, "frank", 0, 10)
		require.NoError(t, err)
		assert.Equal(t, FriendPage{}, page, "empty list")
		_, err = s.Friends(t.Context(), app.ID, "ghost", 0, 10)
		require.ErrorIs(t, err, imemu.ErrUserNotFound)
	})
}

func TestRelations(t *testing.T) {
	tests := []struct {
		name   string
		owner  string
		target string
		want   imemu.Relation
	}{
		{"both ways", "alice", "bob", imemu.Relation{Target: "bob", Registered: true, OwnerHas: true, TargetHas: true}},
		{"owner lists target only", "erin", "alice", imemu.Relation{Target: "alice", Registered: true, OwnerHas: true}},
		{"target lists owner only", "alice", "erin", imemu.Relation{Target: "erin", Registered: true, TargetHas: true}},
		{"neither", "alice", "frank", imemu.Relation{Target: "frank", Registered: true}},
		{"unregistered target", "alice", "ghost", imemu.Relation{Target: "ghost"}},
		{"self", "alice", "alice", imemu.Relation{Target: "alice", Registered: true}},
	}
	forEachBackend(t, func(t *testing.T, s *Store) {
		app := seed(t, s)
		for _, tt := range tests {
			got, err := s.Relations(t.Context(), app.ID, tt.owner, []string{tt.target})
			require.NoError(t, err, tt.name)
			assert.Equal(t, []imemu.Relation{tt.want}, got, tt.name)
		}
		// A batch answers in order, duplicates included.
		got, err := s.Relations(t.Context(), app.ID, "alice", []string{"ghost", "bob", "erin", "bob"})
		require.NoError(t, err)
		assert.Equal(t, []imemu.Relation{tests[4].want, tests[0].want, tests[2].want, tests[0].want}, got)

		_, err = s.Relations(t.Context(), app.ID, "ghost", []string{"alice"})
		require.ErrorIs(t, err, imemu.ErrUserNotFound)
	})
}

func TestFriendsAmongUnregisteredOwner(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		app := seed(t, s)
		_, err := s.FriendsAmong(t.Context(), app.ID, "ghost", []string{"alice"})
		require.ErrorIs(t, err, imemu.ErrUserNotFound)
		got, err := s.FriendsAmong(t.Context(), app.ID, "frank", nil)
		require.NoError(t, err)
		assert.Empty(t, got)
	})
}
