package journal_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/journal"
)

var t0 = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func ids(es []journal.Entry) []int64 {
	out := []int64{}
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

func code(c int) *int { return &c }

func TestRingKeepsTheNewest(t *testing.T) {
	j := journal.New(3, 0)
	assert.Equal(t, 3, j.Size())
	for i := range 5 {
		e := j.Add(journal.Entry{API: "a", Time: t0.Add(time.Duration(i) * time.Second)})
		assert.Equal(t, int64(i+1), e.ID)
	}
	assert.Equal(t, []int64{3, 4, 5}, ids(j.List(journal.Filter{})))
	assert.Equal(t, []int64{3, 4}, ids(j.List(journal.Filter{Limit: 2})))
	assert.Equal(t, []int64{5}, ids(j.List(journal.Filter{After: 4})))

	j.Clear()
	assert.Empty(t, j.List(journal.Filter{}))
	assert.Equal(t, int64(6), j.Add(journal.Entry{}).ID, "IDs go on after Clear")
	assert.Equal(t, []int64{6}, ids(j.List(journal.Filter{})))

	assert.Equal(t, journal.DefaultSize, journal.New(0, 0).Size())
}

func TestFilter(t *testing.T) {
	j := journal.New(10, 0)
	j.Add(journal.Entry{Vendor: imemu.VendorZego, AppID: 1, API: "DeleteFriends", Code: code(0), Time: t0})
	j.Add(journal.Entry{Vendor: imemu.VendorZego, AppID: 2, API: "AddFriends", Code: code(660300005), Time: t0.Add(time.Second)})
	j.Add(journal.Entry{Vendor: imemu.VendorTIM, AppID: 1, API: "sns/friend_delete", Code: code(0), Time: t0.Add(2 * time.Second)})
	j.Add(journal.Entry{Vendor: imemu.VendorTIM, AppID: 1, API: "sns/friend_delete", Time: t0.Add(3 * time.Second)}) // dropped

	tests := []struct {
		name string
		f    journal.Filter
		want []int64
	}{
		{"all", journal.Filter{}, []int64{1, 2, 3, 4}},
		{"vendor", journal.Filter{Vendor: imemu.VendorTIM}, []int64{3, 4}},
		{"app", journal.Filter{AppID: 1}, []int64{1, 3, 4}},
		{"api", journal.Filter{API: "AddFriends"}, []int64{2}},
		{"code 0", journal.Filter{Code: code(0)}, []int64{1, 3}},
		{"code", journal.Filter{Code: code(660300005)}, []int64{2}},
		{"since inclusive", journal.Filter{Since: t0.Add(time.Second)}, []int64{2, 3, 4}},
		{"combined", journal.Filter{Vendor: imemu.VendorTIM, AppID: 1, Code: code(0)}, []int64{3}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, ids(j.List(tt.f)), tt.name)
	}
}

func TestWait(t *testing.T) {
	j := journal.New(10, 0)
	j.Add(journal.Entry{})
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	assert.Empty(t, j.Wait(ctx, journal.Filter{After: 1}), "nothing new before the deadline")

	got := make(chan []journal.Entry)
	go func() { got <- j.Wait(t.Context(), journal.Filter{After: 1, API: "b"}) }()
	j.Add(journal.Entry{API: "a"})
	j.Add(journal.Entry{API: "b"})
	select {
	case es := <-got:
		require.Len(t, es, 1)
		assert.Equal(t, int64(3), es[0].ID)
	case <-time.After(5 * time.Second):
		t.Fatal("Wait did not return after a matching Add")
	}
}

func TestConcurrentUse(t *testing.T) {
	j := journal.New(50, 0)
	done := make(chan struct{})
	for range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			for range 200 {
				j.Add(journal.Entry{})
				j.List(journal.Filter{Limit: 5})
			}
		}()
	}
	for range 4 {
		<-done
	}
	es := j.List(journal.Filter{})
	require.Len(t, es, 50)
	assert.Equal(t, int64(800), es[49].ID)
}
