package ring_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/imemu/imemu/internal/ring"
)

type item struct {
	ID   int64
	Name string
}

func add(l *ring.Log[item], name string) item {
	return l.Add(func(id int64) item { return item{ID: id, Name: name} })
}

func all(*item) bool { return true }

func ids(items []item) []int64 {
	out := []int64{}
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

func TestLogKeepsTheNewestInOrder(t *testing.T) {
	tests := []struct {
		size, adds int
		want       []int64
	}{
		{size: 3, adds: 0, want: []int64{}},
		{size: 3, adds: 2, want: []int64{1, 2}},
		{size: 3, adds: 3, want: []int64{1, 2, 3}},
		{size: 3, adds: 7, want: []int64{5, 6, 7}},
		{size: 0, adds: 2, want: []int64{2}}, // at least one
	}
	for _, tt := range tests {
		l := ring.New[item](tt.size)
		for range tt.adds {
			add(l, "x")
		}
		assert.Equal(t, tt.want, ids(l.List(all, 0)), "size %d, %d adds", tt.size, tt.adds)
	}
}

func TestLogListFiltersAndLimits(t *testing.T) {
	l := ring.New[item](10)
	for _, n := range []string{"a", "b", "a", "a", "b"} {
		add(l, n)
	}
	isA := func(it *item) bool { return it.Name == "a" }
	assert.Equal(t, []int64{1, 3, 4}, ids(l.List(isA, 0)))
	assert.Equal(t, []int64{1, 3}, ids(l.List(isA, 2)))
}

func TestLogClearKeepsIDsIncreasing(t *testing.T) {
	l := ring.New[item](2)
	add(l, "a")
	add(l, "b")
	add(l, "c")
	l.Clear()
	assert.Empty(t, l.List(all, 0))
	assert.Equal(t, int64(4), add(l, "d").ID)
	assert.Equal(t, []int64{4}, ids(l.List(all, 0)))
}

func TestLogWait(t *testing.T) {
	l := ring.New[item](10)
	add(l, "old")
	after1 := func(it *item) bool { return it.ID > 1 }

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	assert.Empty(t, l.Wait(ctx, after1, 0), "nothing new: empty when ctx ends")

	got := make(chan []item)
	go func() { got <- l.Wait(context.Background(), after1, 0) }()
	add(l, "new")
	assert.Equal(t, []int64{2}, ids(<-got))
}

func TestLogBudgetDropsTheOldestByBytes(t *testing.T) {
	weigh := func(it *item) int64 { return int64(len(it.Name)) }
	l := ring.NewBudget[item](100, 10, weigh)
	for _, n := range []string{"aaaa", "bbbb", "cc"} { // 4+4+2 = 10: all kept
		add(l, n)
	}
	assert.Equal(t, []int64{1, 2, 3}, ids(l.List(all, 0)))
	add(l, "ddd") // 13 > 10: the oldest goes
	assert.Equal(t, []int64{2, 3, 4}, ids(l.List(all, 0)))
	assert.EqualValues(t, 9, l.Bytes())
	add(l, "a very long name") // over budget alone: kept, alone
	assert.Equal(t, []int64{5}, ids(l.List(all, 0)))
	l.Clear()
	assert.Zero(t, l.Bytes())
}

func TestLogBudgetHoldsOverManyAdds(t *testing.T) {
	l := ring.NewBudget[item](1000, 500, func(it *item) int64 { return int64(len(it.Name)) })
	for i := range 10000 {
		add(l, string(make([]byte, i%50)))
		assert.LessOrEqual(t, l.Bytes(), int64(500))
	}
	got := l.List(all, 0)
	assert.Equal(t, int64(10000), got[len(got)-1].ID, "the newest is kept")
	for i := 1; i < len(got); i++ {
		assert.Equal(t, got[i-1].ID+1, got[i].ID, "contiguous, oldest first")
	}
}

// TestLogAddAllIsAddOneByOne checks that AddAll leaves the log as the same
// Adds one by one would, by count and by bytes, and wakes a waiter once.
func TestLogAddAllIsAddOneByOne(t *testing.T) {
	names := []string{"aaaa", "bb", "cccccc", "d", "eeee", "ff", "ggggggggggggggg", "h"}
	weigh := func(it *item) int64 { return int64(len(it.Name)) }
	for _, size := range []int{1, 3, 100} {
		one, batch := ring.NewBudget[item](size, 12, weigh), ring.NewBudget[item](size, 12, weigh)
		add(one, "first")
		add(batch, "first")
		for _, n := range names {
			add(one, n)
		}
		done := make(chan []item)
		go func() { done <- batch.Wait(context.Background(), func(it *item) bool { return it.ID > 1 }, 0) }()
		batch.AddAll(len(names), func(i int, id int64) item { return item{ID: id, Name: names[i]} })
		assert.Equal(t, one.List(all, 0), batch.List(all, 0), "size %d", size)
		assert.Equal(t, one.Bytes(), batch.Bytes(), "size %d", size)
		assert.Equal(t, one.LastID(), batch.LastID(), "size %d", size)
		assert.NotEmpty(t, <-done)
	}
}
