package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/events"
	"github.com/imemu/imemu/internal/journal"
	"github.com/imemu/imemu/internal/store"
)

// bigTIMApp is a TIM app whose user "owner" is two-way friends with 1000
// users of 30-byte ids, with callbacks to callback.
func bigTIMApp(callback string) (imemu.AppState, []string) {
	t0 := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	app := imemu.AppState{Tenant: imemu.Tenant{Vendor: imemu.VendorTIM, AppID: 1400000001, Secret: strings.Repeat("ab", 32),
		Admin: "administrator", CallbackURL: callback, CreatedAt: t0}}
	app.Users = append(app.Users, imemu.User{ID: "administrator", CreatedAt: t0}, imemu.User{ID: "owner", CreatedAt: t0})
	ids := make([]string, 1000)
	for i := range ids {
		ids[i] = fmt.Sprintf("user-%025d", i)
		app.Users = append(app.Users, imemu.User{ID: ids[i], CreatedAt: t0})
		app.Friends = append(app.Friends, imemu.Friend{Owner: "owner", ID: ids[i], AddedAt: t0}, imemu.Friend{Owner: ids[i], ID: "owner", AddedAt: t0})
	}
	return app, ids
}

// The journal and the event feed stay within their byte budgets under
// requests that would take them far past: 1000-target TIM deletes (big
// bodies, answers over the journal's 64 KiB cut, ~100 KB callbacks) and
// ZEGO requests with 900 KB queries.
func TestByteBudgetsHold(t *testing.T) {
	const journalBudget, eventsBudget = 1 << 20, 256 << 10
	cb := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		_, _ = io.WriteString(w, `{"ActionStatus":"OK","ErrorCode":0}`)
	}))
	t.Cleanup(cb.Close)
	app, ids := bigTIMApp(cb.URL)
	clk := clock.Fixed(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	st, err := store.Open(context.Background(), store.Memory, clk)
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	apps := []imemu.AppState{app}
	require.NoError(t, st.ReplaceApps(context.Background(), apps, nil))
	s := NewServer(slog.New(slog.DiscardHandler), Config{AuthOff: true, RateLimitOff: true, Fixtures: apps,
		JournalBytes: journalBudget, EventsBytes: eventsBudget}, st, clk).(*server)
	hs := httptest.NewServer(s)
	t.Cleanup(hs.Close)
	t.Cleanup(s.tim.Close)

	q := url.Values{"sdkappid": {"1400000001"}, "identifier": {"administrator"}, "usersig": {"x"}, "random": {"7"}, "contenttype": {"json"}}
	body := `{"From_Account":"owner","DeleteType":"Delete_Type_Both","To_Account":["` + strings.Join(ids, `","`) + `"]}`
	pad := strings.Repeat("p", 900<<10)
	var wrote int64
	for round := range 12 {
		resp, err := http.Post(hs.URL+"/v4/sns/friend_delete?"+q.Encode(), "application/json", strings.NewReader(body))
		require.NoError(t, err)
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		wrote += int64(len(body)) + n

		zq := "Action=QueryFriendList&AppId=1&SignatureNonce=n&Timestamp=1&SignatureVersion=2.0&Signature=x&pad=" + pad
		resp, err = http.Get(hs.URL + "/?" + zq)
		require.NoError(t, err, "round %d", round)
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		wrote += int64(len(zq))

		// Every callback delivered (its event recorded) before the reset.
		require.Eventually(t, func() bool {
			return len(s.events.List(events.Filter{Kind: events.KindTIMCallback, After: int64(round)})) > 0
		}, 10*time.Second, 5*time.Millisecond)
		resp, err = http.Post(hs.URL+"/_mock/reset", "", nil)
		require.NoError(t, err)
		resp.Body.Close()

		assert.LessOrEqual(t, s.journal.Bytes(), int64(journalBudget), "journal after round %d", round)
		assert.LessOrEqual(t, s.events.Bytes(), int64(eventsBudget), "events after round %d", round)
	}
	assert.Greater(t, wrote, int64(10*journalBudget), "the test sent far more than the budget")

	entries := s.journal.List(journal.Filter{})
	require.NotEmpty(t, entries)
	assert.Less(t, len(entries), 24, "older entries went to stay in budget")
	var cutQuery, cutResponse bool
	for _, e := range entries {
		assert.LessOrEqual(t, len(e.RawQuery), maxJournalURLBytes)
		for _, part := range e.Truncated {
			cutQuery = cutQuery || part == "query"
			cutResponse = cutResponse || part == "response"
		}
	}
	assert.True(t, cutQuery, "a 900 KB query is kept cut, and marked")
	assert.True(t, cutResponse, "a 1000-item answer is kept cut, and marked")
	evs := s.events.List(events.Filter{})
	require.NotEmpty(t, evs)
	assert.Equal(t, events.KindTIMCallback, evs[len(evs)-1].Kind, "the newest event is kept")
}
