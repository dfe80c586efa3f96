package store

import (
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
)

func TestDeleteFriends(t *testing.T) {
	deleted := func(target string, removed ...string) imemu.DeleteResult {
		return imemu.DeleteResult{Target: target, Outcome: imemu.Deleted, Removed: edges(removed...)}
	}
	notFriend := func(target string) imemu.DeleteResult {
		return imemu.DeleteResult{Target: target, Outcome: imemu.NotFriend}
	}
	notRegistered := func(target string) imemu.DeleteResult {
		return imemu.DeleteResult{Target: target, Outcome: imemu.NotRegistered}
	}
	tests := []struct {
		name    string
		owner   string
		targets []string
		twoWay  bool
		want    []imemu.DeleteResult
		wantErr error
		gone    []string // edges of the seed graph that must be gone
	}{
		{
			name: "one-way removes only owner to target", owner: "alice", targets: []string{"bob"},
			want: []imemu.DeleteResult{deleted("bob", "alice>bob")},
			gone: []string{"alice>bob"},
		},
		{
			name: "two-way removes both edges", owner: "alice", targets: []string{"bob"}, twoWay: true,
			want: []imemu.DeleteResult{deleted("bob", "alice>bob", "bob>alice")},
			gone: []string{"alice>bob", "bob>alice"},
		},
		{
			name: "two-way with no reverse edge removes the one edge", owner: "erin", targets: []string{"alice"}, twoWay: true,
			want: []imemu.DeleteResult{deleted("alice", "erin>alice")},
			gone: []string{"erin>alice"},
		},
		{
			name: "one-way non-friend with reverse edge", owner: "alice", targets: []string{"erin"},
			want: []imemu.DeleteResult{notFriend("erin")},
		},
		{
			name: "two-way non-friend keeps the reverse edge", owner: "alice", targets: []string{"erin"}, twoWay: true,
			want: []imemu.DeleteResult{notFriend("erin")},
		},
		{
			name: "one-way partial batch", owner: "alice", targets: []string{"bob", "erin", "ghost", "carol", "bob", "frank", "alice"},
			want: []imemu.DeleteResult{
				deleted("bob", "alice>bob"), notFriend("erin"), notRegistered("ghost"),
				deleted("carol", "alice>carol"), notFriend("bob"), notFriend("frank"), notFriend("alice"),
			},
			gone: []string{"alice>bob", "alice>carol"},
		},
		{
			name: "two-way partial batch", owner: "alice", targets: []string{"bob", "erin", "ghost", "carol", "bob", "frank", "alice"}, twoWay: true,
			want: []imemu.DeleteResult{
				deleted("bob", "alice>bob", "bob>alice"), notFriend("erin"), notRegistered("ghost"),
				deleted("carol", "alice>carol", "carol>alice"), notFriend("bob"), notFriend("frank"), notFriend("alice"),
			},
			gone: []string{"alice>bob", "bob>alice", "alice>carol", "carol>alice"},
		},
		{
			name: "empty batch", owner: "alice", targets: []string{},
			want: []imemu.DeleteResult{},
		},
		{
			name: "one-way unregistered owner changes nothing", owner: "ghost", targets: []string{"alice", "bob"},
			wantErr: imemu.ErrUserNotFound,
		},
		{
			name: "two-way unregistered owner changes nothing", owner: "ghost", targets: []string{"alice", "bob"}, twoWay: true,
			wantErr: imemu.ErrUserNotFound,
		},
		{
			name: "empty batch of an unregistered owner", owner: "ghost", targets: []string{},
			wantErr: imemu.ErrUserNotFound,
		},
		{
			name: "unregistered owner, unregistered target", owner: "ghost", targets: []string{"nobody"},
			wantErr: imemu.ErrUserNotFound,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forEachBackend(t, func(t *testing.T, s *Store) {
				app := seed(t, s)
				got, err := s.DeleteFriends(t.Context(), app.ID, tt.owner, tt.targets, tt.twoWay)
				if tt.wantErr != nil {
					require.ErrorIs(t, err, tt.wantErr)
					assert.Nil(t, got, "no results on error")
				} else {
					require.NoError(t, err)
					assert.Equal(t, tt.want, got)
				}
				assert.Equal(t, edited(seedEdges, tt.gone, nil), graph(t, s, app.ID))
			})
		})
	}
}

func TestAddFriends(t *testing.T) {
	ids := func(ids ...string) []imemu.Friend {
		out := make([]imemu.Friend, len(ids))
		for i, id := range ids {
			out[i] = imemu.Friend{ID: id, Remark: "r-" + id}
		}
		return out
	}
	added := func(target string, created ...string) imemu.AddResult {
		return imemu.AddResult{Target: target, Outcome: imemu.Added, Created: edges(created...)}
	}
	refused := func(target string, o imemu.AddOutcome) imemu.AddResult {
		return imemu.AddResult{Target: target, Outcome: o}
	}
	oneWay, twoWay := AddOptions{}, AddOptions{TwoWay: true}
	capped := func(o AddOptions, max int) AddOptions { o.MaxFriends = max; return o }
	tests := []struct {
		name    string
		owner   string
		adds    []imemu.Friend
		opts    AddOptions
		want    []imemu.AddResult
		wantErr error
		added   []string // edges the graph must have gained
	}{
		{
			name: "one-way new friend", owner: "frank", adds: ids("dave"), opts: oneWay,
			want: []imemu.AddResult{added("dave", "frank>dave")}, added: []string{"frank>dave"},
		},
		{
			name: "two-way new friend", owner: "frank", adds: ids("dave"), opts: twoWay,
			want: []imemu.AddResult{added("dave", "frank>dave", "dave>frank")}, added: []string{"frank>dave", "dave>frank"},
		},
		{
			name: "one-way already friend", owner: "alice", adds: ids("bob"), opts: oneWay,
			want: []imemu.AddResult{refused("bob", imemu.AlreadyFriend)},
		},
		{
			name: "two-way already friend", owner: "alice", adds: ids("bob"), opts: twoWay,
			want: []imemu.AddResult{refused("bob", imemu.AlreadyFriend)},
		},
		{
			name: "one-way when the target lists the owner", owner: "alice", adds: ids("erin"), opts: oneWay,
			want: []imemu.AddResult{added("erin", "alice>erin")}, added: []string{"alice>erin"},
		},
		{
			name: "two-way completes a one-way pair", owner: "erin", adds: ids("alice"), opts: twoWay,
			want: []imemu.AddResult{added("alice", "alice>erin")}, added: []string{"alice>erin"},
		},
		{
			name: "one-way unregistered target", owner: "alice", adds: ids("ghost"), opts: oneWay,
			want: []imemu.AddResult{refused("ghost", imemu.TargetNotRegistered)},
		},
		{
			name: "two-way unregistered target", owner: "alice", adds: ids("ghost"), opts: twoWay,
			want: []imemu.AddResult{refused("ghost", imemu.TargetNotRegistered)},
		},
		{
			name: "one-way unregistered owner writes nothing", owner: "ghost", adds: ids("alice", "frank"), opts: oneWay,
			wantErr: imemu.ErrUserNotFound,
		},
		{
			name: "two-way unregistered owner writes nothing", owner: "ghost", adds: ids("alice", "frank"), opts: twoWay,
			wantErr: imemu.ErrUserNotFound,
		},
		{
			name: "unregistered owner and target, capped", owner: "ghost", adds: ids("nobody"), opts: capped(twoWay, 1),
			wantErr: imemu.ErrUserNotFound,
		},
		{
			name: "empty batch of an unregistered owner", owner: "ghost", adds: ids(), opts: twoWay,
			wantErr: imemu.ErrUserNotFound,
		},
		{
			name: "empty batch", owner: "alice", adds: ids(), opts: twoWay,
			want: []imemu.AddResult{},
		},
		{
			name: "one-way batch", owner: "frank", adds: ids("dave", "ghost", "dave", "erin"), opts: oneWay,
			want: []imemu.AddResult{
				added("dave", "frank>dave"), refused("ghost", imemu.TargetNotRegistered),
				refused("dave", imemu.AlreadyFriend), added("erin", "frank>erin"),
			},
			added: []string{"frank>dave", "frank>erin"},
		},
		{
			name: "two-way batch", owner: "frank", adds: ids("dave", "ghost", "dave", "erin"), opts: twoWay,
			want: []imemu.AddResult{
				added("dave", "frank>dave", "dave>frank"), refused("ghost", imemu.TargetNotRegistered),
				refused("dave", imemu.AlreadyFriend), added("erin", "frank>erin", "erin>frank"),
			},
			added: []string{"frank>dave", "dave>frank", "frank>erin", "erin>frank"},
		},
		{
			name: "empty batch", owner: "frank", adds: []imemu.Friend{}, opts: twoWay,
			want: []imemu.AddResult{},
		},
		{
			name: "one-way owner at limit", owner: "alice", adds: ids("frank"), opts: capped(oneWay, 3),
			want: []imemu.AddResult{refused("frank", imemu.OwnerAtLimit)},
		},
		{
			name: "two-way owner at limit", owner: "alice", adds: ids("frank"), opts: capped(twoWay, 3),
			want: []imemu.AddResult{refused("frank", imemu.OwnerAtLimit)},
		},
		{
			name: "two-way target at limit", owner: "frank", adds: ids("alice"), opts: capped(twoWay, 3),
			want: []imemu.AddResult{refused("alice", imemu.TargetAtLimit)},
		},
		{
			name: "one-way ignores the target's count", owner: "frank", adds: ids("alice"), opts: capped(oneWay, 3),
			want: []imemu.AddResult{added("alice", "frank>alice")}, added: []string{"frank>alice"},
		},
		{
			name: "two-way pair completion blocked by target limit", owner: "erin", adds: ids("alice"), opts: capped(twoWay, 3),
			want: []imemu.AddResult{refused("alice", imemu.TargetAtLimit)},
		},
		{
			name: "one-way already friend at limit", owner: "alice", adds: ids("bob"), opts: capped(oneWay, 3),
			want: []imemu.AddResult{refused("bob", imemu.AlreadyFriend)},
		},
		{
			name: "two-way already friend at limit", owner: "alice", adds: ids("bob"), opts: capped(twoWay, 3),
			want: []imemu.AddResult{refused("bob", imemu.AlreadyFriend)},
		},
		{
			name: "one-way limit reached within a batch", owner: "frank", adds: ids("bob", "carol", "dave"), opts: capped(oneWay, 2),
			want: []imemu.AddResult{
				added("bob", "frank>bob"), added("carol", "frank>carol"), refused("dave", imemu.OwnerAtLimit),
			},
			added: []string{"frank>bob", "frank>carol"},
		},
		{
			name: "two-way limit reached within a batch", owner: "frank", adds: ids("erin", "dave", "bob"), opts: capped(twoWay, 2),
			want: []imemu.AddResult{
				added("erin", "frank>erin", "erin>frank"), added("dave", "frank>dave", "dave>frank"),
				refused("bob", imemu.OwnerAtLimit),
			},
			added: []string{"frank>erin", "erin>frank", "frank>dave", "dave>frank"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forEachBackend(t, func(t *testing.T, s *Store) {
				app := seed(t, s)
				got, err := s.AddFriends(t.Context(), app.ID, tt.owner, tt.adds, tt.opts)
				if tt.wantErr != nil {
					require.ErrorIs(t, err, tt.wantErr)
					assert.Nil(t, got, "no results on error")
				} else {
					require.NoError(t, err)
					assert.Equal(t, tt.want, got)
				}
				assert.Equal(t, edited(seedEdges, nil, tt.added), graph(t, s, app.ID))
				// An existing edge keeps its fields: no remark was overwritten.
				among, err := s.FriendsAmong(t.Context(), app.ID, "alice", []string{"bob"})
				require.NoError(t, err)
				assert.Equal(t, plain("alice", "bob"), among["bob"])
			})
		})
	}
}

func TestAddFriendsFieldsRoundTrip(t *testing.T) {
	// A time in another zone, finer than a millisecond, given by the caller.
	explicit := time.Date(2025, 12, 31, 23, 59, 59, 999_999_999, time.FixedZone("UTC-5", -5*60*60))
	explicitStored := time.Date(2026, 1, 1, 4, 59, 59, 999_000_000, time.UTC)
	for _, twoWay := range []bool{false, true} {
		t.Run(fmt.Sprintf("twoWay=%v", twoWay), func(t *testing.T) {
			forEachBackend(t, func(t *testing.T, s *Store) {
				ctx := t.Context()
				app := seed(t, s)
				adds := []imemu.Friend{
					{
						ID: "dave", Remark: "Dave from work", Groups: []string{"work", "同事"}, AddSource: "AddSource_Type_Web",
						AddWording: "hi, it's 🙂 frank", Attributes: []imemu.Attribute{{Key: "k0", Value: "v0"}, {Key: "k4", Value: ""}},
					},
					{ID: "erin", Remark: "E", AddSource: "AddSource_Type_Android", AddedAt: explicit},
				}
				res, err := s.AddFriends(ctx, app.ID, "frank", adds, AddOptions{TwoWay: twoWay})
				require.NoError(t, err)
				require.Len(t, res, 2)

				wantDave := imemu.Friend{
					Owner: "frank", ID: "dave", Remark: "Dave from work", Groups: []string{"work", "同事"},
					AddSource: "AddSource_Type_Web", AddWording: "hi, it's 🙂 frank",
					Attributes: []imemu.Attribute{{Key: "k0", Value: "v0"}, {Key: "k4", Value: ""}}, AddedAt: storedNow,
				}
				wantErin := imemu.Friend{
					Owner: "frank", ID: "erin", Remark: "E", Groups: []string{}, AddSource: "AddSource_Type_Android",
					Attributes: []imemu.Attribute{}, AddedAt: explicitStored,
				}
				page, err := s.Friends(ctx, app.ID, "frank", 0, 10)
				require.NoError(t, err)
				assert.Equal(t, FriendPage{Friends: []imemu.Friend{wantErin, wantDave}, Total: 2}, page,
					"ordered by added time")
				assert.Equal(t, time.UTC, page.Friends[0].AddedAt.Location())

				among, err := s.FriendsAmong(ctx, app.ID, "frank", []string{"dave", "ghost", "alice", "erin", "dave"})
				require.NoError(t, err)
				assert.Equal(t, map[string]imemu.Friend{"dave": wantDave, "erin": wantErin}, among)

				// The reverse edge of a two-way add carries the add source and time only.
				reverseDave := plain("dave", "frank")
				reverseDave.AddSource = "AddSource_Type_Web"
				reverseErin := plain("erin", "frank")
				reverseErin.AddSource, reverseErin.AddedAt = "AddSource_Type_Android", explicitStored
				wantFriends := []imemu.Friend{plain("alice", "bob"), plain("alice", "carol"), plain("alice", "dave")}
				wantFriends = append(wantFriends, plain("bob", "alice"), plain("bob", "carol"))
				wantFriends = append(wantFriends, plain("carol", "alice"), plain("carol", "bob"))
				wantFriends = append(wantFriends, plain("dave", "alice"))
				if twoWay {
					// erin's list: the reverse edge's 2026-01-01 sorts before storedNow.
					wantFriends = append(wantFriends, reverseDave, reverseErin)
				}
				wantFriends = append(wantFriends, plain("erin", "alice"))
				wantFriends = append(wantFriends, wantErin, wantDave)

				apps, err := s.ExportApps(ctx, &zegoKey)
				require.NoError(t, err)
				require.Len(t, apps, 1)
				assert.Equal(t, wantFriends, apps[0].Friends)

				among, err = s.FriendsAmong(ctx, app.ID, "dave", []string{"frank"})
				require.NoError(t, err)
				if twoWay {
					assert.Equal(t, map[string]imemu.Friend{"frank": reverseDave}, among)
				} else {
					assert.Empty(t, among)
				}
			})
		})
	}
}

func TestDeleteAllFriends(t *testing.T) {
	tests := []struct {
		name    string
		owner   string
		twoWay  bool
		want    []imemu.Edge
		wantErr error
	}{
		{
			name: "one-way empties only the owner's list", owner: "alice",
			want: edges("alice>bob", "alice>carol", "alice>dave"),
		},
		{
			name: "two-way also removes the owner from its friends' lists", owner: "alice", twoWay: true,
			want: edges("alice>bob", "alice>carol", "alice>dave", "bob>alice", "carol>alice", "dave>alice"),
		},
		{
			name: "one-way owner whose friend lists it back", owner: "bob",
			want: edges("bob>alice", "bob>carol"),
		},
		{
			name: "two-way owner with a one-way edge", owner: "erin", twoWay: true,
			want: edges("erin>alice"),
		},
		{name: "one-way empty list", owner: "frank", want: []imemu.Edge{}},
		{name: "two-way empty list", owner: "frank", twoWay: true, want: []imemu.Edge{}},
		{name: "one-way unregistered owner", owner: "ghost", wantErr: imemu.ErrUserNotFound},
		{name: "two-way unregistered owner", owner: "ghost", twoWay: true, wantErr: imemu.ErrUserNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forEachBackend(t, func(t *testing.T, s *Store) {
				app := seed(t, s)
				got, err := s.DeleteAllFriends(t.Context(), app.ID, tt.owner, tt.twoWay)
				var gone []string
				if tt.wantErr != nil {
					require.ErrorIs(t, err, tt.wantErr)
					assert.Nil(t, got, "no results on error")
				} else {
					require.NoError(t, err)
					assert.Equal(t, tt.want, got)
					for _, e := range got {
						gone = append(gone, e.Owner+">"+e.Friend)
					}
				}
				// erin→alice survives alice's two-way delete-all: alice never listed erin.
				assert.Equal(t, edited(seedEdges, gone, nil), graph(t, s, app.ID))
			})
		})
	}
}

// fanIn registers users u00000 … u(n-1) and makes each a two-way friend
// of hub, with two set-based statements in one transaction: fast even
// under -race.
func fanIn(tb testing.TB, s *Store, tenantID int64, hub string, n int) {
	tb.Helper()
	const seq = `WITH RECURSIVE seq (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ?2 - 1) `
	at := toMillis(storedNow)
	err := s.write(tb.Context(), func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(tb.Context(), seq+`INSERT INTO users (tenant_id, user_id, created_at)
			SELECT ?1, printf('u%05d', i), ?3 FROM seq`, tenantID, n, at); err != nil {
			return err
		}
		_, err := tx.ExecContext(tb.Context(), seq+`INSERT INTO friends (tenant_id, owner, friend, added_at)
			SELECT ?1, ?4, printf('u%05d', i), ?3 FROM seq
			UNION ALL SELECT ?1, printf('u%05d', i), ?4, ?3 FROM seq`, tenantID, n, at, hub)
		return err
	})
	require.NoError(tb, err)
}

// TestDeleteAllFriendsLarge empties a list of 10,000 friends in one call.
func TestDeleteAllFriendsLarge(t *testing.T) {
	const n = 10_000
	for _, twoWay := range []bool{false, true} {
		t.Run(fmt.Sprintf("twoWay=%v", twoWay), func(t *testing.T) {
			forEachBackend(t, func(t *testing.T, s *Store) {
				ctx := t.Context()
				app := seed(t, s)
				fanIn(t, s, app.ID, "frank", n)
				page, err := s.Friends(ctx, app.ID, "frank", 0, 1)
				require.NoError(t, err)
				require.Equal(t, n, page.Total)

				removed, err := s.DeleteAllFriends(ctx, app.ID, "frank", twoWay)
				require.NoError(t, err)
				want := make([]imemu.Edge, 0, 2*n)
				for i := range n {
					want = append(want, imemu.Edge{Owner: "frank", Friend: fmt.Sprintf("u%05d", i)})
				}
				if twoWay {
					for i := range n {
						want = append(want, imemu.Edge{Owner: fmt.Sprintf("u%05d", i), Friend: "frank"})
					}
				}
				assert.Equal(t, want, removed)

				page, err = s.Friends(ctx, app.ID, "frank", 0, 10)
				require.NoError(t, err)
				assert.Zero(t, page.Total)
				rel, err := s.Relations(ctx, app.ID, "frank", []string{"u00000", "u09999"})
				require.NoError(t, err)
				for _, r := range rel {
					assert.Equal(t, imemu.Relation{Target: r.Target, Registered: true, TargetHas: !twoWay}, r)
				}
				wantGraph := len(seedEdges)
				if !twoWay {
					wantGraph += n
				}
				assert.Len(t, graph(t, s, app.ID), wantGraph)
			})
		})
	}
}
