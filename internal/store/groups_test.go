package store

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
)

func TestGroups(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		app := seed(t, s)
		seq := func() imemu.Sequences {
			q, err := s.Sequences(ctx, app.ID, "alice")
			require.NoError(t, err)
			return q
		}
		before := seq()

		out, gseq, err := s.AddGroups(ctx, app.ID, "alice", []string{"work", "home", "work"}, []string{"bob", "erin", "zed"}, 32)
		require.NoError(t, err)
		assert.Equal(t, []MemberOutcome{MemberAdded, MemberNotFriend, MemberNotRegistered}, out)
		assert.Greater(t, gseq, before.Group)
		assert.Greater(t, seq().Standard, before.Standard, "bob's edge changed")

		groups, gseq2, err := s.Groups(ctx, app.ID, "alice")
		require.NoError(t, err)
		assert.Equal(t, gseq, gseq2)
		assert.Equal(t, []Group{{Name: "work", Members: []string{"bob"}}, {Name: "home", Members: []string{"bob"}}}, groups)

		_, _, err = s.AddGroups(ctx, app.ID, "alice", []string{"a", "b"}, nil, 3)
		require.ErrorIs(t, err, ErrGroupLimit)

		_, err = s.DeleteGroups(ctx, app.ID, "alice", []string{"work", "nope"})
		require.ErrorIs(t, err, ErrGroupNotFound)
		groups, _, err = s.Groups(ctx, app.ID, "alice")
		require.NoError(t, err)
		assert.Len(t, groups, 2, "a failed delete changes nothing")

		dseq, err := s.DeleteGroups(ctx, app.ID, "alice", []string{"work"})
		require.NoError(t, err)
		assert.Greater(t, dseq, gseq)
		groups, _, err = s.Groups(ctx, app.ID, "alice")
		require.NoError(t, err)
		assert.Equal(t, []Group{{Name: "home", Members: []string{"bob"}}}, groups)

		_, _, err = s.Groups(ctx, app.ID, "zed")
		require.ErrorIs(t, err, imemu.ErrUserNotFound)
	})
}

func TestChangeFriends(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		app := seed(t, s)
		remark, groups := "B", []string{"g1", "g2"}
		out, err := s.ChangeFriends(ctx, app.ID, "alice", []FriendChange{
			{ID: "bob", Remark: &remark, Groups: &groups, Attributes: []imemu.Attribute{{Key: "Tag_SNS_Custom_X", Value: "1"}}},
			{ID: "frank", Remark: &remark},
		}, 32)
		require.NoError(t, err)
		assert.Equal(t, []UpdateOutcome{Updated, UpdateNotFriend}, out)
		edges, err := s.FriendsAmong(ctx, app.ID, "alice", []string{"bob"})
		require.NoError(t, err)
		assert.Equal(t, "B", edges["bob"].Remark)
		assert.Equal(t, groups, edges["bob"].Groups)
		assert.Equal(t, []imemu.Attribute{{Key: "Tag_SNS_Custom_X", Value: "1"}}, edges["bob"].Attributes)
		q, err := s.Sequences(ctx, app.ID, "alice")
		require.NoError(t, err)
		assert.Positive(t, q.Custom)
		gs, _, err := s.Groups(ctx, app.ID, "alice")
		require.NoError(t, err)
		assert.Len(t, gs, 2, "named groups are created")

		many := []string{"a", "b", "c"}
		out, err = s.ChangeFriends(ctx, app.ID, "alice", []FriendChange{{ID: "carol", Groups: &many}}, 4)
		require.NoError(t, err)
		assert.Equal(t, []UpdateOutcome{UpdateGroupLimit}, out)

		_, err = s.ChangeFriends(ctx, app.ID, "zed", nil, 32)
		require.ErrorIs(t, err, imemu.ErrUserNotFound)
	})
}

func TestProfiles(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		app := seed(t, s)
		nick, allow, forbid := "Al", imemu.NeedConfirm, true
		require.NoError(t, s.SetProfile(ctx, app.ID, "alice", ProfileChange{Name: &nick, AllowType: &allow, ForbidSendOut: &forbid,
			Fields: map[string]json.RawMessage{"Tag_Profile_IM_Level": json.RawMessage(`3`)}}))
		require.ErrorIs(t, s.SetProfile(ctx, app.ID, "zed", ProfileChange{Name: &nick}), imemu.ErrUserNotFound)
		ps, err := s.Profiles(ctx, app.ID, []string{"alice", "zed"})
		require.NoError(t, err)
		require.Contains(t, ps, "alice")
		assert.NotContains(t, ps, "zed")
		assert.Equal(t, "Al", ps["alice"].User.Name)
		assert.Equal(t, imemu.NeedConfirm, ps["alice"].Profile.AllowType)
		assert.True(t, ps["alice"].Profile.ForbidSendOut)
		assert.JSONEq(t, `3`, string(ps["alice"].Profile.Fields["Tag_Profile_IM_Level"]))

		// An export carries the profile and groups, and a reload restores
		// them exactly.
		apps, err := s.ExportApps(ctx, &zegoKey)
		require.NoError(t, err)
		require.NoError(t, s.ReplaceApps(ctx, apps, &zegoKey))
		again, err := s.ExportApps(ctx, &zegoKey)
		require.NoError(t, err)
		assert.Equal(t, apps[0].Profiles, again[0].Profiles)
		assert.Equal(t, apps[0].Groups, again[0].Groups)
	})
}

// TestSequencesAfterBulkLoad: loading state starts sequences at 0 and
// leaves the triggers on for the writes that follow.
func TestSequencesAfterBulkLoad(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		seed(t, s)
		apps, err := s.ExportApps(ctx, &zegoKey)
		require.NoError(t, err)
		require.NoError(t, s.ReplaceApps(ctx, apps, nil))
		tn, err := s.Tenant(ctx, zegoKey)
		require.NoError(t, err)
		q, err := s.Sequences(ctx, tn.ID, "alice")
		require.NoError(t, err)
		assert.Equal(t, imemu.Sequences{}, q, "a load starts them at 0")
		_, err = s.AddFriends(ctx, tn.ID, "alice", []imemu.Friend{{ID: "frank"}}, AddOptions{})
		require.NoError(t, err)
		q, err = s.Sequences(ctx, tn.ID, "alice")
		require.NoError(t, err)
		assert.EqualValues(t, 1, q.Standard, "the triggers count again after the load")
	})
}
