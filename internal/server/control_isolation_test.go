package server_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/server"
)

// TestParallelAppsAreIsolated runs 20 parallel subtests on one server, each
// with its own app (ZEGO and TIM in turn) whose users have the same ids as
// everyone else's. Each deletes friendships through the vendor API and
// checks it sees exactly its own changes, its own journal and its own
// events; afterwards every app and the fixtures are checked again.
func TestParallelAppsAreIsolated(t *testing.T) {
	m := newMock(t, server.Config{})
	fixturesBefore := m.state()
	const n = 20
	apps := make([]app, n)
	t.Run("group", func(t *testing.T) {
		for i := range n {
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				t.Parallel()
				pm := *m
				pm.t, pm.c = t, validatingClient(t, m.url)
				vendor := []string{"zego", "tim"}[i%2]
				a := pm.createApp(`{"vendor":"` + vendor + `","users":["u1","u2","u3","u4"],
					"friends":[{"from":"u1","to":"u2"},{"from":"u1","to":"u3"},{"from":"u1","to":"u4"}]}`)
				apps[i] = a
				// Each app deletes a different friend of u1, two-way.
				victim := []string{"u2", "u3", "u4"}[i%3]
				if vendor == "zego" {
					_, resp := pm.vendor(a, "DeleteFriends", `{"FromUserId":"u1","UserIds":["`+victim+`"],"DeleteType":0}`, testNow)
					require.Equal(t, 0.0, resp["Code"], resp)
				} else {
					_, resp := pm.vendor(a, "sns/friend_delete",
						`{"From_Account":"u1","To_Account":["`+victim+`"],"DeleteType":"Delete_Type_Both"}`, testNow)
					require.Equal(t, "OK", resp["ActionStatus"], resp)
				}
				assert.Equal(t, without([]string{"u2", "u3", "u4"}, victim), pm.friendsOf(a.key, "u1"))
				assert.Empty(t, pm.friendsOf(a.key, victim))

				q := fmt.Sprintf("vendor=%s&app=%d", vendor, a.key.AppID)
				var journal struct{ Entries []struct{ AppID uint64 } }
				decode(t, pm.ok(http.StatusOK, http.MethodGet, "/_mock/journal?"+q, nil), &journal)
				require.Len(t, journal.Entries, 1, "its own request only")
				if vendor == "zego" {
					var events struct{ Events []struct{ Target string } }
					decode(t, pm.ok(http.StatusOK, http.MethodGet, "/_mock/events?"+q, nil), &events)
					assert.Len(t, events.Events, 2, "u1's and the victim's lists changed")
				}
			})
		}
	})
	for i, a := range apps {
		victim := []string{"u2", "u3", "u4"}[i%3]
		assert.Equal(t, without([]string{"u2", "u3", "u4"}, victim), m.friendsOf(a.key, "u1"), "app %d after all ran", i)
	}
	// The fixtures apps are as they were.
	var all struct{ Apps []struct{ Vendor string } }
	decode(t, m.state(), &all)
	assert.Len(t, all.Apps, n+2)
	for _, a := range apps {
		m.ok(http.StatusNoContent, http.MethodDelete, fmt.Sprintf("/_mock/apps/%s/%d", a.key.Vendor, a.key.AppID), nil)
	}
	assert.Equal(t, fixturesBefore, m.state())
	assert.Equal(t, []string{"bob", "carol", "dave"}, m.friendsOf(imemu.AppKey{Vendor: imemu.VendorZego, AppID: zegoID}, "alice"))
}

func without(list []string, drop string) []string {
	out := []string{}
	for _, s := range list {
		if s != drop {
			out = append(out, s)
		}
	}
	return out
}
