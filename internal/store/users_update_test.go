package store

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
)

func ptr(s string) *string { return &s }

func TestUpdateUsers(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		a := seed(t, s)
		found, err := s.UpdateUsers(ctx, a.ID, []UserUpdate{
			{ID: "alice", Avatar: ptr("https://a.png"), Extra: ptr(`{"x":1}`)},
			{ID: "zed", Name: ptr("Zed")},
			{ID: "bob", Name: ptr("")},
			{ID: "alice", Name: ptr("Alice 2")},
		})
		require.NoError(t, err)
		assert.Equal(t, []bool{true, false, true, true}, found)
		got, err := s.UsersByID(ctx, a.ID, []string{"alice", "bob", "zed"})
		require.NoError(t, err)
		assert.Equal(t, map[string]imemu.User{
			"alice": {ID: "alice", Name: "Alice 2", Avatar: "https://a.png", Extra: `{"x":1}`, CreatedAt: storedNow},
			"bob":   {ID: "bob", CreatedAt: storedNow},
		}, got, "nil fields stay, an empty string clears")
		u, err := s.User(ctx, a.ID, "alice")
		require.NoError(t, err)
		assert.Equal(t, `{"x":1}`, u.Extra)
	})
}

func TestUpdateFriends(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		a := seed(t, s)
		res, err := s.UpdateFriends(ctx, a.ID, "alice", []string{"bob", "erin", "carol"}, func(f *imemu.Friend) bool {
			if f.ID == "carol" {
				f.Remark = "not written"
				return false
			}
			f.Remark = "Bobby"
			f.Attributes = append(f.Attributes, imemu.Attribute{Key: "k1", Value: "v"})
			f.Owner, f.ID = "x", "y" // ignored
			return true
		})
		require.NoError(t, err)
		require.Len(t, res, 3)
		assert.Equal(t, FriendUpdate{ID: "bob", Found: true, Changed: true, Friend: imemu.Friend{
			Owner: "alice", ID: "bob", Remark: "Bobby", Groups: []string{}, Attributes: []imemu.Attribute{{Key: "k1", Value: "v"}}, AddedAt: storedNow,
		}}, res[0])
		assert.Equal(t, FriendUpdate{ID: "erin"}, res[1], "alice does not list erin")
		assert.Equal(t, FriendUpdate{ID: "carol", Found: true, Friend: plain("alice", "carol")}, res[2])

		fs, err := s.FriendsAmong(ctx, a.ID, "alice", []string{"bob", "carol"})
		require.NoError(t, err)
		assert.Equal(t, res[0].Friend, fs["bob"])
		assert.Equal(t, plain("alice", "carol"), fs["carol"])
		rev, err := s.FriendsAmong(ctx, a.ID, "bob", []string{"alice"})
		require.NoError(t, err)
		assert.Equal(t, plain("bob", "alice"), rev["alice"], "only one direction of the edge changes")

		_, err = s.UpdateFriends(ctx, a.ID, "zed", []string{"bob"}, func(*imemu.Friend) bool { return true })
		require.ErrorIs(t, err, imemu.ErrUserNotFound)
	})
}
