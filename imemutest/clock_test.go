package imemutest_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/imemutest"
)

// TestClockDrivesFriendTimestamps: the control-plane clock is the store's
// clock too, so a friendship made after SetClock carries the set time.
func TestClockDrivesFriendTimestamps(t *testing.T) {
	srv := imemutest.New(t, imemutest.Options{})
	loaded := map[string]time.Time{} // fixture edge → its time at the load
	for _, app := range srv.State(t).Apps {
		for _, f := range app.Friends {
			require.NotNil(t, f.AddedAt)
			loaded[fmt.Sprint(app.AppID, f.From, f.To)] = *f.AddedAt
		}
	}
	at := time.Date(2030, 5, 6, 7, 8, 9, 0, time.UTC)
	srv.SetClock(t, at)
	// Freezing happens a moment after the set: the frozen instant is the truth.
	at = srv.FreezeClock(t).Now.Truncate(time.Millisecond)
	require.WithinDuration(t, time.Date(2030, 5, 6, 7, 8, 9, 0, time.UTC), at, time.Minute)

	tim := srv.TIMApp(t, 1400000000)
	resp := tim.FriendAdd(t, imemutest.TIMFriendAddRequest{
		FromAccount:   "frank",
		AddFriendItem: []imemutest.TIMAddFriendItem{{ToAccount: "erin", AddSource: "AddSource_Type_Test"}},
		AddType:       "Add_Type_Single",
	})
	require.Equal(t, 0, resp.ErrorCode, "%v", resp)

	state := srv.State(t)
	var found bool
	for _, app := range state.Apps {
		for _, f := range app.Friends {
			if app.AppID == 1400000000 && f.From == "frank" && f.To == "erin" {
				found = true
				require.NotNil(t, f.AddedAt)
				assert.True(t, at.Equal(*f.AddedAt), "added at %v, want the emulated %v", f.AddedAt, at)
			}
		}
	}
	assert.True(t, found, "frank → erin exported")

	// A reset restores the fixture edges exactly as loaded: their times are
	// those of the load, not of the (moved) clock at the reset.
	srv.Reset(t)
	for _, app := range srv.State(t).Apps {
		for _, f := range app.Friends {
			require.NotNil(t, f.AddedAt)
			want := loaded[fmt.Sprint(app.AppID, f.From, f.To)]
			assert.True(t, want.Equal(*f.AddedAt), "%s → %s added at %v, want %v as loaded", f.From, f.To, f.AddedAt, want)
		}
	}
}
