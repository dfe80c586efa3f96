package store

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/clock"
)

// forEachBackendClock is forEachBackend with a clock the test moves.
func forEachBackendClock(t *testing.T, fn func(t *testing.T, s *Store, clk *clock.Controlled)) {
	t.Helper()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			clk := clock.NewControlled(clock.Fixed(clockTime))
			fn(t, mustOpenClock(t, b.path(t), clk), clk)
		})
	}
}

// blockList returns owner's whole blocklist as ids, through Blocklist.
func blockList(tb testing.TB, s *Store, tenantID int64, owner string) []string {
	tb.Helper()
	list, total, err := s.Blocklist(tb.Context(), tenantID, owner, 0, 1000)
	require.NoError(tb, err)
	ids := []string{}
	for _, b := range list {
		ids = append(ids, b.ID)
	}
	require.Len(tb, ids, total)
	return ids
}

func blockOutcomes(rs []imemu.BlockResult) []imemu.BlockOutcome {
	out := make([]imemu.BlockOutcome, len(rs))
	for i, r := range rs {
		out[i] = r.Outcome
	}
	return out
}

func TestBlockUsers(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		a := seed(t, s)
		res, err := s.BlockUsers(ctx, a.ID, "alice", []string{"bob", "frank", "alice", "zed", "bob"}, BlockOptions{})
		require.NoError(t, err)
		assert.Equal(t, []imemu.BlockOutcome{imemu.Blocked, imemu.Blocked, imemu.BlockSelf, imemu.BlockNotRegistered, imemu.AlreadyBlocked},
			blockOutcomes(res))
		for _, r := range res {
			assert.Empty(t, r.Removed, "without DropFriendship no edge goes")
		}
		assert.Equal(t, seedEdges, graph(t, s, a.ID), "blocking keeps friendships")
		assert.Equal(t, []string{"bob", "frank"}, blockList(t, s, a.ID, "alice"))
		assert.Equal(t, []string{}, blockList(t, s, a.ID, "bob"), "blocks are directed")

		again, err := s.BlockUsers(ctx, a.ID, "alice", []string{"bob"}, BlockOptions{})
		require.NoError(t, err)
		assert.Equal(t, []imemu.BlockOutcome{imemu.AlreadyBlocked}, blockOutcomes(again))

		_, err = s.BlockUsers(ctx, a.ID, "zed", []string{"bob"}, BlockOptions{})
		require.ErrorIs(t, err, imemu.ErrUserNotFound)
	})
}

func TestBlockUsersCap(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		a := seed(t, s)
		res, err := s.BlockUsers(t.Context(), a.ID, "alice", []string{"bob", "carol", "bob", "dave", "zed"}, BlockOptions{Max: 2})
		require.NoError(t, err)
		assert.Equal(t, []imemu.BlockOutcome{imemu.Blocked, imemu.Blocked, imemu.AlreadyBlocked, imemu.BlocklistFull, imemu.BlockNotRegistered},
			blockOutcomes(res), "the cap counts blocks made earlier in the batch; known blocks and unknown users are reported as such")
		n, err := s.BlockCount(t.Context(), a.ID, "alice")
		require.NoError(t, err)
		assert.Equal(t, 2, n)
	})
}

// TestBlockUsersDropFriendship: the option removes both edges in the
// block's transaction and reports them.
func TestBlockUsersDropFriendship(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		a := seed(t, s)
		res, err := s.BlockUsers(t.Context(), a.ID, "alice", []string{"bob", "erin", "frank"}, BlockOptions{DropFriendship: true})
		require.NoError(t, err)
		assert.Equal(t, edges("alice>bob", "bob>alice"), res[0].Removed)
		assert.Equal(t, edges("erin>alice"), res[1].Removed, "a one-way edge the other way goes too")
		assert.Empty(t, res[2].Removed)
		assert.Equal(t, edited(seedEdges, []string{"alice>bob", "bob>alice", "erin>alice"}, nil), graph(t, s, a.ID))
	})
}

func TestUnblockUsers(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		a := seed(t, s)
		_, err := s.BlockUsers(ctx, a.ID, "alice", []string{"bob", "frank"}, BlockOptions{})
		require.NoError(t, err)
		_, err = s.DeleteFriends(ctx, a.ID, "alice", []string{"bob"}, true)
		require.NoError(t, err)
		assert.Equal(t, []string{"bob", "frank"}, blockList(t, s, a.ID, "alice"), "deleting a friendship keeps the block")

		res, err := s.UnblockUsers(ctx, a.ID, "alice", []string{"bob", "carol", "alice", "zed", "bob"})
		require.NoError(t, err)
		assert.Equal(t, []imemu.BlockOutcome{imemu.Unblocked, imemu.NotBlocked, imemu.BlockSelf, imemu.BlockNotRegistered, imemu.NotBlocked},
			blockOutcomes(res))
		assert.Equal(t, []string{"frank"}, blockList(t, s, a.ID, "alice"))
		assert.Equal(t, edited(seedEdges, []string{"alice>bob", "bob>alice"}, nil), graph(t, s, a.ID), "unblocking restores nothing")

		_, err = s.UnblockUsers(ctx, a.ID, "zed", []string{"bob"})
		require.ErrorIs(t, err, imemu.ErrUserNotFound)
	})
}

func TestBlockStates(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		a := seed(t, s)
		_, err := s.BlockUsers(ctx, a.ID, "alice", []string{"bob", "carol"}, BlockOptions{})
		require.NoError(t, err)
		_, err = s.BlockUsers(ctx, a.ID, "carol", []string{"alice"}, BlockOptions{})
		require.NoError(t, err)
		_, err = s.BlockUsers(ctx, a.ID, "dave", []string{"alice"}, BlockOptions{})
		require.NoError(t, err)
		got, err := s.BlockStates(ctx, a.ID, "alice", []string{"bob", "carol", "dave", "frank", "zed"})
		require.NoError(t, err)
		assert.Equal(t, []imemu.BlockState{
			{Target: "bob", Registered: true, OwnerBlocks: true},
			{Target: "carol", Registered: true, OwnerBlocks: true, TargetBlocks: true},
			{Target: "dave", Registered: true, TargetBlocks: true},
			{Target: "frank", Registered: true},
			{Target: "zed"},
		}, got)
		_, err = s.BlockStates(ctx, a.ID, "zed", []string{"bob"})
		require.ErrorIs(t, err, imemu.ErrUserNotFound)
	})
}

// TestBlocklistPages: blocked users come in the order they were blocked,
// with their profiles and block times, page by page.
func TestBlocklistPages(t *testing.T) {
	forEachBackendClock(t, func(t *testing.T, s *Store, clk *clock.Controlled) {
		ctx := t.Context()
		a := seed(t, s)
		for _, id := range []string{"frank", "bob", "erin"} {
			_, err := s.BlockUsers(ctx, a.ID, "alice", []string{id}, BlockOptions{})
			require.NoError(t, err)
			clk.Shift(time.Second)
		}
		list, total, err := s.Blocklist(ctx, a.ID, "alice", 1, 1)
		require.NoError(t, err)
		assert.Equal(t, 3, total)
		assert.Equal(t, []ListedBlock{{ID: "bob", Name: "Bob", AddedAt: storedNow.Add(time.Second)}}, list)
		list, total, err = s.Blocklist(ctx, a.ID, "alice", 3, 10)
		require.NoError(t, err)
		assert.Equal(t, 3, total)
		assert.Empty(t, list)
		list, total, err = s.Blocklist(ctx, a.ID, "bob", 0, 10)
		require.NoError(t, err)
		assert.Zero(t, total)
		assert.Empty(t, list)
		_, _, err = s.Blocklist(ctx, a.ID, "zed", 0, 10)
		require.ErrorIs(t, err, imemu.ErrUserNotFound)
	})
}
