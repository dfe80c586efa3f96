package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/clock"
)

// TestCancelledMutationsChangeNothing runs every mutation with a context
// that is already cancelled: each must fail with context.Canceled, leave
// the state as it was and leave the store usable. The tests after it
// cancel while a transaction runs.
func TestCancelledMutationsChangeNothing(t *testing.T) {
	newApp := imemu.AppState{Tenant: imemu.Tenant{Vendor: imemu.VendorTIM, AppID: 42, Secret: "x"}}
	tests := []struct {
		name string
		do   func(ctx context.Context, s *Store, app imemu.Tenant) error
	}{
		{"AddFriends one-way", func(ctx context.Context, s *Store, app imemu.Tenant) error {
			_, err := s.AddFriends(ctx, app.ID, "frank", []imemu.Friend{{ID: "dave"}}, AddOptions{})
			return err
		}},
		{"AddFriends two-way", func(ctx context.Context, s *Store, app imemu.Tenant) error {
			_, err := s.AddFriends(ctx, app.ID, "frank", []imemu.Friend{{ID: "dave"}}, AddOptions{TwoWay: true})
			return err
		}},
		{"DeleteFriends one-way", func(ctx context.Context, s *Store, app imemu.Tenant) error {
			_, err := s.DeleteFriends(ctx, app.ID, "alice", []string{"bob"}, false)
			return err
		}},
		{"DeleteFriends two-way", func(ctx context.Context, s *Store, app imemu.Tenant) error {
			_, err := s.DeleteFriends(ctx, app.ID, "alice", []string{"bob"}, true)
			return err
		}},
		{"DeleteAllFriends one-way", func(ctx context.Context, s *Store, app imemu.Tenant) error {
			_, err := s.DeleteAllFriends(ctx, app.ID, "alice", false)
			return err
		}},
		{"DeleteAllFriends two-way", func(ctx context.Context, s *Store, app imemu.Tenant) error {
			_, err := s.DeleteAllFriends(ctx, app.ID, "alice", true)
			return err
		}},
		{"RegisterUsers", func(ctx context.Context, s *Store, app imemu.Tenant) error {
			_, err := s.RegisterUsers(ctx, app.ID, []imemu.User{{ID: "gina"}})
			return err
		}},
		{"DeleteUsers", func(ctx context.Context, s *Store, app imemu.Tenant) error {
			_, err := s.DeleteUsers(ctx, app.ID, []string{"alice"})
			return err
		}},
		{"BlockUsers", func(ctx context.Context, s *Store, app imemu.Tenant) error {
			_, err := s.BlockUsers(ctx, app.ID, "alice", []string{"bob"}, BlockOptions{DropFriendship: true})
			return err
		}},
		{"UnblockUsers", func(ctx context.Context, s *Store, app imemu.Tenant) error {
			_, err := s.UnblockUsers(ctx, app.ID, "alice", []string{"bob"})
			return err
		}},
		{"SendApplications", func(ctx context.Context, s *Store, app imemu.Tenant) error {
			_, err := s.SendApplications(ctx, app.ID, "alice", []imemu.Application{{To: "frank"}, {To: "erin"}}, ApplyOptions{AcceptIfListed: true})
			return err
		}},
		{"UpdateFriends", func(ctx context.Context, s *Store, app imemu.Tenant) error {
			_, err := s.UpdateFriends(ctx, app.ID, "alice", []string{"bob"}, func(f *imemu.Friend) bool { f.Remark = "x"; return true })
			return err
		}},
		{"UpdateUsers", func(ctx context.Context, s *Store, app imemu.Tenant) error {
			name := "x"
			_, err := s.UpdateUsers(ctx, app.ID, []UserUpdate{{ID: "alice", Name: &name}})
			return err
		}},
		{"CreateTenant", func(ctx context.Context, s *Store, app imemu.Tenant) error {
			_, err := s.CreateTenant(ctx, newApp.Tenant)
			return err
		}},
		{"UpdateTenant", func(ctx context.Context, s *Store, app imemu.Tenant) error {
			app.Secret = "changed"
			return s.UpdateTenant(ctx, app)
		}},
		{"DeleteTenant", func(ctx context.Context, s *Store, app imemu.Tenant) error {
			return s.DeleteTenant(ctx, app.Key())
		}},
		{"ReplaceApps all", func(ctx context.Context, s *Store, app imemu.Tenant) error {
			return s.ReplaceApps(ctx, []imemu.AppState{newApp}, nil)
		}},
		{"ReplaceApps one", func(ctx context.Context, s *Store, app imemu.Tenant) error {
			k := app.Key()
			return s.ReplaceApps(ctx, nil, &k)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forEachBackend(t, func(t *testing.T, s *Store) {
				app := seed(t, s)
				before, err := s.ExportApps(t.Context(), nil)
				require.NoError(t, err)

				ctx, cancel := context.WithCancel(t.Context())
				cancel()
				require.ErrorIs(t, tt.do(ctx, s, app), context.Canceled)

				after, err := s.ExportApps(t.Context(), nil)
				require.NoError(t, err)
				assert.Equal(t, before, after)
				// Still usable.
				_, err = s.AddFriends(t.Context(), app.ID, "frank", []imemu.Friend{{ID: "erin"}}, AddOptions{})
				require.NoError(t, err)
			})
		})
	}
}

// TestCancelMidTransaction cancels a ReplaceApps after it has dropped the
// old state and loaded the first app: the clock, read inside the
// transaction for each app, pulls the trigger.
func TestCancelMidTransaction(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			var mu sync.Mutex
			calls, cancelAt := 0, -1
			clk := clock.Func(func() time.Time {
				mu.Lock()
				defer mu.Unlock()
				calls++
				if calls == cancelAt {
					cancel()
				}
				return clockTime
			})
			s := mustOpenClock(t, b.path(t), clk)
			seed(t, s)
			seedApp(t, s, timKey)
			before, err := s.ExportApps(t.Context(), nil)
			require.NoError(t, err)

			apps := []imemu.AppState{
				{Tenant: imemu.Tenant{Vendor: imemu.VendorZego, AppID: 7},
					Users: []imemu.User{{ID: "x"}, {ID: "y"}}, Friends: []imemu.Friend{{Owner: "x", ID: "y"}}},
				{Tenant: imemu.Tenant{Vendor: imemu.VendorZego, AppID: 8},
					Users: []imemu.User{{ID: "x"}}},
			}
			mu.Lock()
			cancelAt = calls + 2 // the second app's creation time
			mu.Unlock()
			require.ErrorIs(t, s.ReplaceApps(ctx, apps, nil), context.Canceled)

			after, err := s.ExportApps(t.Context(), nil)
			require.NoError(t, err)
			assert.Equal(t, before, after)
		})
	}
}

// TestCancelDuringLargeAdd cancels a 5,000-target add while it runs. Where
// the cancel lands is up to the scheduler; either the whole batch is in or
// none of it is.
func TestCancelDuringLargeAdd(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		app := seed(t, s)
		const n = 5000
		us := make([]imemu.User, n)
		adds := make([]imemu.Friend, n)
		for i := range us {
			us[i].ID = fmt.Sprintf("u%05d", i)
			adds[i].ID = us[i].ID
		}
		_, err := s.RegisterUsers(t.Context(), app.ID, us)
		require.NoError(t, err)

		ctx, cancel := context.WithCancel(t.Context())
		timer := time.AfterFunc(20*time.Millisecond, cancel)
		defer timer.Stop()
		_, err = s.AddFriends(ctx, app.ID, "frank", adds, AddOptions{TwoWay: true})
		page, perr := s.Friends(t.Context(), app.ID, "frank", 0, 1)
		require.NoError(t, perr)
		if err != nil {
			t.Log("cancelled mid-batch")
			require.ErrorIs(t, err, context.Canceled)
			assert.Equal(t, seedEdges, graph(t, s, app.ID))
		} else {
			t.Log("batch finished before the cancel")
			assert.Equal(t, n, page.Total)
			assert.Len(t, graph(t, s, app.ID), len(seedEdges)+2*n)
		}
	})
}

// TestCancelDuringRead cancels large reads while they run, at varying
// moments: whatever each read returns, the store must keep its data (an
// in-memory database must not lose its connection).
func TestCancelDuringRead(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		app := seed(t, s)
		fanIn(t, s, app.ID, "frank", 2000)
		want := len(seedEdges) + 2*2000
		const reads = 12
		cancelled := 0
		for i := range reads {
			ctx, cancel := context.WithCancel(t.Context())
			timer := time.AfterFunc(time.Duration(i)*3*time.Millisecond, cancel)
			apps, err := s.ExportApps(ctx, &zegoKey)
			timer.Stop()
			cancel()
			if err != nil {
				cancelled++
				require.ErrorIs(t, err, context.Canceled)
				assert.Nil(t, apps)
			} else {
				assert.Len(t, apps[0].Friends, want)
			}
			require.Len(t, graph(t, s, app.ID), want, "after read %d", i)
		}
		t.Logf("%d of %d reads cancelled", cancelled, reads)
	})
}

// TestConcurrentWriters runs eight goroutines adding and deleting friends
// among overlapping users while others register and drop users: no call
// may fail (no SQLITE_BUSY), and the final graph must be consistent.
func TestConcurrentWriters(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := t.Context()
		app := seed(t, s)
		stable := slices.Clone(seedUsers)
		transient := []string{"t0", "t1", "t2", "t3"}
		pool := append(slices.Clone(stable), transient...)
		pool = append(pool, "ghost")
		const (
			workers    = 8
			ops        = 60
			maxFriends = 4
		)
		var wg sync.WaitGroup
		errs := make(chan error, workers*ops)
		for w := range workers {
			wg.Go(func() {
				r := rand.New(rand.NewPCG(uint64(w), 7))
				pick := func(from []string, n int) []string {
					out := make([]string, n)
					for i := range out {
						out[i] = from[r.IntN(len(from))]
					}
					return out
				}
				for i := range ops {
					owner := stable[r.IntN(len(stable))]
					twoWay := r.IntN(2) == 0
					var err error
					switch i % 7 {
					case 0, 1:
						var adds []imemu.Friend
						for _, id := range pick(pool, 3) {
							adds = append(adds, imemu.Friend{ID: id, Remark: "w" + strconv.Itoa(w)})
						}
						_, err = s.AddFriends(ctx, app.ID, owner, adds, AddOptions{TwoWay: twoWay, MaxFriends: maxFriends})
					case 2:
						_, err = s.DeleteFriends(ctx, app.ID, owner, pick(pool, 3), twoWay)
					case 3:
						_, err = s.DeleteAllFriends(ctx, app.ID, owner, twoWay)
					case 4:
						_, err = s.RegisterUsers(ctx, app.ID, []imemu.User{{ID: transient[r.IntN(len(transient))]}})
					case 5:
						_, err = s.DeleteUsers(ctx, app.ID, pick(transient, 1))
					case 6:
						if _, err = s.Friends(ctx, app.ID, owner, 0, 3); err == nil {
							_, err = s.Relations(ctx, app.ID, owner, pick(pool, 3))
						}
					}
					if err != nil {
						errs <- fmt.Errorf("worker %d op %d: %w", w, i, err)
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}

		rows, err := s.db.QueryContext(ctx, `PRAGMA foreign_key_check`)
		require.NoError(t, err)
		violations := 0
		for rows.Next() {
			violations++
		}
		require.NoError(t, rows.Close())
		assert.Zero(t, violations, "foreign key violations")

		var orphans int
		require.NoError(t, s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM friends f WHERE
			NOT EXISTS (SELECT 1 FROM users u WHERE u.tenant_id = f.tenant_id AND u.user_id = f.owner) OR
			NOT EXISTS (SELECT 1 FROM users u WHERE u.tenant_id = f.tenant_id AND u.user_id = f.friend)`).Scan(&orphans))
		assert.Zero(t, orphans, "edges touching an unregistered user")

		users, err := s.Users(ctx, app.ID)
		require.NoError(t, err)
		total := 0
		for _, u := range users {
			page, err := s.Friends(ctx, app.ID, u.ID, 0, 100)
			require.NoError(t, err)
			assert.Len(t, page.Friends, page.Total)
			// Seeded lists start under the cap and adds never push one over it.
			assert.LessOrEqual(t, page.Total, maxFriends, u.ID)
			total += page.Total
		}
		assert.Len(t, graph(t, s, app.ID), total)
	})
}
