package store

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/clock"
)

const week = 7 * 24 * time.Hour

func applyOutcomes(rs []imemu.ApplyResult) []imemu.ApplyOutcome {
	out := make([]imemu.ApplyOutcome, len(rs))
	for i, r := range rs {
		out[i] = r.Outcome
	}
	return out
}

func applications(tb testing.TB, s *Store, tenantID int64, f ApplicationFilter) []imemu.Application {
	tb.Helper()
	list, total, err := s.Applications(tb.Context(), tenantID, f)
	require.NoError(tb, err)
	if f.Offset == 0 && f.Limit == 0 {
		require.Len(tb, list, total)
	}
	return list
}

func TestSendApplications(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		a := seed(t, s)
		// erin lists alice, alice does not list erin; frank has no friends.
		res, err := s.SendApplications(ctx, a.ID, "alice", []imemu.Application{
			{To: "frank", Wording: "hi frank", Remark: "Frankie", Attributes: []imemu.Attribute{{Key: "k0", Value: "v"}}},
			{To: "erin", Remark: "Erin!", Wording: "hi erin"},
			{To: "bob"},
			{To: "alice"},
			{To: "zed"},
		}, ApplyOptions{AcceptIfListed: true, TTL: week})
		require.NoError(t, err)
		assert.Equal(t, []imemu.ApplyOutcome{imemu.Applied, imemu.AutoAccepted, imemu.ApplyAlreadyFriend, imemu.ApplySelf, imemu.ApplyNotRegistered},
			applyOutcomes(res))
		assert.Equal(t, edges("alice>erin"), res[1].Created)
		assert.Equal(t, edited(seedEdges, nil, []string{"alice>erin"}), graph(t, s, a.ID), "only the auto-accept adds an edge")

		got := applications(t, s, a.ID, ApplicationFilter{})
		assert.Equal(t, []imemu.Application{{
			From: "alice", To: "frank", Wording: "hi frank", Remark: "Frankie", Groups: []string{},
			Attributes: []imemu.Attribute{{Key: "k0", Value: "v"}}, State: imemu.ApplicationWaiting,
			CreatedAt: storedNow, UpdatedAt: storedNow, ExpiresAt: storedNow.Add(week),
		}}, got, "an auto-accept keeps no application")

		fs, err := s.FriendsAmong(ctx, a.ID, "alice", []string{"erin"})
		require.NoError(t, err)
		assert.Equal(t, "Erin!", fs["erin"].Remark, "the auto-accepted edge holds the application's fields")
		assert.Equal(t, "hi erin", fs["erin"].AddWording)

		_, err = s.SendApplications(ctx, a.ID, "zed", []imemu.Application{{To: "bob"}}, ApplyOptions{})
		require.ErrorIs(t, err, imemu.ErrUserNotFound)
	})
}

// TestSendApplicationsWithoutAutoAccept: a vendor that does not accept at
// once gets an application even when the target lists the sender.
func TestSendApplicationsWithoutAutoAccept(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		a := seed(t, s)
		res, err := s.SendApplications(t.Context(), a.ID, "alice", []imemu.Application{{To: "erin", AddSource: "AddSource_Type_Web", Groups: []string{"g"}}}, ApplyOptions{})
		require.NoError(t, err)
		assert.Equal(t, []imemu.ApplyOutcome{imemu.Applied}, applyOutcomes(res))
		assert.Equal(t, seedEdges, graph(t, s, a.ID))
		got := applications(t, s, a.ID, ApplicationFilter{To: "erin"})
		require.Len(t, got, 1)
		assert.Equal(t, []string{"g"}, got[0].Groups)
		assert.True(t, got[0].ExpiresAt.IsZero(), "no TTL: never expires")
	})
}

func TestSendApplicationsFriendLimit(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		a := seed(t, s)
		// alice has 3 friends; erin lists her.
		res, err := s.SendApplications(t.Context(), a.ID, "alice", []imemu.Application{{To: "erin"}, {To: "frank"}},
			ApplyOptions{AcceptIfListed: true, MaxFriends: 3})
		require.NoError(t, err)
		assert.Equal(t, []imemu.ApplyOutcome{imemu.ApplyFriendLimit, imemu.Applied}, applyOutcomes(res),
			"the limit only stops an auto-accept")
		assert.Equal(t, seedEdges, graph(t, s, a.ID))
	})
}

// TestApplicationResendReplaces: a second application of a pair replaces
// the first, whatever state it was in.
func TestApplicationResendReplaces(t *testing.T) {
	forEachBackendClock(t, func(t *testing.T, s *Store, clk *clock.Controlled) {
		ctx := t.Context()
		a := seed(t, s)
		send := func(wording string) {
			_, err := s.SendApplications(ctx, a.ID, "frank", []imemu.Application{{To: "bob", Wording: wording}}, ApplyOptions{TTL: week})
			require.NoError(t, err)
		}
		send("first")
		require.NoError(t, s.RejectApplication(ctx, a.ID, "frank", "bob"))
		clk.Shift(time.Hour)
		send("second")
		got := applications(t, s, a.ID, ApplicationFilter{From: "frank"})
		require.Len(t, got, 1)
		assert.Equal(t, "second", got[0].Wording)
		assert.Equal(t, imemu.ApplicationWaiting, got[0].State)
		assert.Equal(t, storedNow.Add(time.Hour), got[0].CreatedAt)
		assert.Equal(t, storedNow.Add(time.Hour+week), got[0].ExpiresAt)
	})
}

// TestApplicationExpiry: on the store's clock a waiting application turns
// expired at ExpiresAt, and can no longer be answered.
func TestApplicationExpiry(t *testing.T) {
	forEachBackendClock(t, func(t *testing.T, s *Store, clk *clock.Controlled) {
		ctx := t.Context()
		a := seed(t, s)
		_, err := s.SendApplications(ctx, a.ID, "frank", []imemu.Application{{To: "bob"}, {To: "carol"}}, ApplyOptions{TTL: week})
		require.NoError(t, err)
		n, err := s.CountPendingApplications(ctx, a.ID, "bob")
		require.NoError(t, err)
		assert.Equal(t, 1, n)

		clk.Shift(week - time.Millisecond)
		assert.Len(t, applications(t, s, a.ID, ApplicationFilter{State: imemu.ApplicationWaiting}), 2)
		clk.Shift(time.Millisecond)
		assert.Empty(t, applications(t, s, a.ID, ApplicationFilter{State: imemu.ApplicationWaiting}))
		expired := applications(t, s, a.ID, ApplicationFilter{State: imemu.ApplicationExpired})
		require.Len(t, expired, 2)
		assert.Equal(t, imemu.ApplicationExpired, expired[0].StateAt(clk.Now()))
		n, err = s.CountPendingApplications(ctx, a.ID, "bob")
		require.NoError(t, err)
		assert.Zero(t, n)
		_, err = s.AcceptApplication(ctx, a.ID, "frank", "bob", imemu.Friend{})
		require.ErrorIs(t, err, imemu.ErrApplicationNotFound)
		require.ErrorIs(t, s.RejectApplication(ctx, a.ID, "frank", "carol"), imemu.ErrApplicationNotFound)

		exported := export(t, s, &zegoKey)[0].Applications
		assert.Equal(t, imemu.ApplicationExpired, exported[0].State, "an export says what the API would answer now")
	})
}

func TestAcceptApplication(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		a := seed(t, s)
		_, err := s.SendApplications(ctx, a.ID, "frank", []imemu.Application{{To: "bob", Remark: "B", Groups: []string{"g"}, AddSource: "src", Wording: "w"}}, ApplyOptions{})
		require.NoError(t, err)
		created, err := s.AcceptApplication(ctx, a.ID, "frank", "bob", imemu.Friend{Remark: "F", AddSource: "src2"})
		require.NoError(t, err)
		assert.Equal(t, edges("frank>bob", "bob>frank"), created)
		fs, err := s.FriendsAmong(ctx, a.ID, "frank", []string{"bob"})
		require.NoError(t, err)
		assert.Equal(t, imemu.Friend{Owner: "frank", ID: "bob", Remark: "B", Groups: []string{"g"}, AddSource: "src", AddWording: "w",
			Attributes: []imemu.Attribute{}, AddedAt: storedNow}, fs["bob"])
		fs, err = s.FriendsAmong(ctx, a.ID, "bob", []string{"frank"})
		require.NoError(t, err)
		assert.Equal(t, "F", fs["frank"].Remark)
		got := applications(t, s, a.ID, ApplicationFilter{})
		require.Len(t, got, 1)
		assert.Equal(t, imemu.ApplicationAccepted, got[0].State)

		_, err = s.AcceptApplication(ctx, a.ID, "frank", "bob", imemu.Friend{})
		require.ErrorIs(t, err, imemu.ErrApplicationNotFound, "answered once")
		_, err = s.AcceptApplication(ctx, a.ID, "bob", "frank", imemu.Friend{})
		require.ErrorIs(t, err, imemu.ErrApplicationNotFound, "applications are directed")
	})
}

func TestApplicationFilterPages(t *testing.T) {
	forEachBackendClock(t, func(t *testing.T, s *Store, clk *clock.Controlled) {
		ctx := t.Context()
		a := seed(t, s)
		for _, from := range []string{"frank", "erin", "dave"} {
			_, err := s.SendApplications(ctx, a.ID, from, []imemu.Application{{To: "bob"}}, ApplyOptions{})
			require.NoError(t, err)
			clk.Shift(time.Second)
		}
		list, total, err := s.Applications(ctx, a.ID, ApplicationFilter{To: "bob", Offset: 1, Limit: 1})
		require.NoError(t, err)
		assert.Equal(t, 3, total)
		require.Len(t, list, 1)
		assert.Equal(t, "erin", list[0].From, "oldest first")
		assert.Empty(t, applications(t, s, a.ID, ApplicationFilter{To: "frank"}))
	})
}

// TestDeletingUsersLeavesNoBlocksOrApplications: every path that removes
// a user (account delete, app delete, state replace) takes its blocks and
// applications with it, both directions.
func TestDeletingUsersLeavesNoBlocksOrApplications(t *testing.T) {
	count := func(tb testing.TB, s *Store) (blocks, apps int) {
		require.NoError(tb, s.db.QueryRowContext(tb.Context(), `SELECT (SELECT COUNT(*) FROM blocks), (SELECT COUNT(*) FROM applications)`).
			Scan(&blocks, &apps))
		return blocks, apps
	}
	setUp := func(t *testing.T, s *Store) imemu.Tenant {
		a := seed(t, s)
		_, err := s.BlockUsers(t.Context(), a.ID, "alice", []string{"bob", "frank"}, BlockOptions{})
		require.NoError(t, err)
		_, err = s.BlockUsers(t.Context(), a.ID, "frank", []string{"alice"}, BlockOptions{})
		require.NoError(t, err)
		_, err = s.SendApplications(t.Context(), a.ID, "frank", []imemu.Application{{To: "alice"}, {To: "bob"}}, ApplyOptions{})
		require.NoError(t, err)
		_, err = s.SendApplications(t.Context(), a.ID, "carol", []imemu.Application{{To: "frank"}}, ApplyOptions{})
		require.NoError(t, err)
		return a
	}
	t.Run("DeleteUsers", func(t *testing.T) {
		forEachBackend(t, func(t *testing.T, s *Store) {
			a := setUp(t, s)
			_, err := s.DeleteUsers(t.Context(), a.ID, []string{"frank"})
			require.NoError(t, err)
			b, n := count(t, s)
			assert.Equal(t, 1, b, "alice → bob stays")
			assert.Zero(t, n)
			assert.Equal(t, []string{"bob"}, blockList(t, s, a.ID, "alice"))
		})
	})
	t.Run("DeleteTenant", func(t *testing.T) {
		forEachBackend(t, func(t *testing.T, s *Store) {
			setUp(t, s)
			require.NoError(t, s.DeleteTenant(t.Context(), zegoKey))
			b, n := count(t, s)
			assert.Zero(t, b)
			assert.Zero(t, n)
		})
	})
	t.Run("ReplaceApps", func(t *testing.T) {
		forEachBackend(t, func(t *testing.T, s *Store) {
			setUp(t, s)
			require.NoError(t, s.ReplaceApps(t.Context(), nil, &zegoKey))
			b, n := count(t, s)
			assert.Zero(t, b)
			assert.Zero(t, n)
			setUp(t, s)
			require.NoError(t, s.ReplaceApps(t.Context(), nil, nil))
			b, n = count(t, s)
			assert.Zero(t, b)
			assert.Zero(t, n)
		})
	})
}
