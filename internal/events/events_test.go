package events

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
)

func TestFeed(t *testing.T) {
	f := NewFeed(3)
	for i := range 4 {
		f.Publish(Event{Kind: KindZegoFriendListChanged, Vendor: imemu.VendorZego, AppID: uint64(1 + i%2)})
	}
	all := f.List(Filter{})
	require.Len(t, all, 3, "oldest event dropped at capacity")
	assert.Equal(t, int64(2), all[0].ID)
	assert.Len(t, f.List(Filter{AppID: 2}), 2)
	assert.Len(t, f.List(Filter{After: 3}), 1)
	assert.Len(t, f.List(Filter{Limit: 1}), 1)
	assert.Empty(t, f.List(Filter{Kind: KindTIMCallback}))
}

func TestWait(t *testing.T) {
	f := NewFeed(10)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	got := make(chan []Event)
	go func() { got <- f.Wait(ctx, Filter{Kind: KindTIMCallback}) }()
	f.Publish(Event{Kind: KindZegoFriendListChanged})
	f.Publish(Event{Kind: KindTIMCallback})
	evs := <-got
	require.Len(t, evs, 1)
	assert.Equal(t, int64(2), evs[0].ID)

	short, cancelShort := context.WithCancel(context.Background())
	cancelShort()
	assert.Empty(t, f.Wait(short, Filter{After: 2}), "ended context returns no events")
}

// TestFeedRingKeepsOrder publishes many times the capacity, clearing once
// midway: the feed always holds the newest events, oldest first.
func TestFeedRingKeepsOrder(t *testing.T) {
	f := NewFeed(4)
	for i := range 11 {
		f.Publish(Event{AppID: uint64(i)})
		if i == 5 {
			f.Clear()
			require.Empty(t, f.List(Filter{}))
		}
	}
	var ids []int64
	for _, e := range f.List(Filter{}) {
		ids = append(ids, e.ID)
	}
	assert.Equal(t, []int64{8, 9, 10, 11}, ids)
	assert.Equal(t, []Event{{ID: 10, AppID: 9}}, f.List(Filter{After: 9, Limit: 1}))
}

// BenchmarkPublishFull publishes into a full feed of the default size,
// the steady state of a busy server.
func BenchmarkPublishFull(b *testing.B) {
	f := NewFeed(0)
	for range 10000 {
		f.Publish(Event{Kind: KindZegoFriendListChanged})
	}
	b.ReportAllocs()
	for b.Loop() {
		f.Publish(Event{Kind: KindZegoFriendListChanged})
	}
}
