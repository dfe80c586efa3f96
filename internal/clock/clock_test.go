package clock

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestControlled(t *testing.T) {
	base := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	now := base
	c := NewControlled(Func(func() time.Time { return now }))

	assert.Equal(t, base, c.Now())
	c.Shift(time.Hour)
	assert.Equal(t, base.Add(time.Hour), c.Now())

	c.Freeze(base.Add(-time.Minute))
	now = now.Add(10 * time.Second)
	assert.Equal(t, base.Add(-time.Minute), c.Now(), "frozen clock must not move")
	c.Shift(time.Minute)
	assert.Equal(t, base, c.Now())

	c.Set(base.Add(24 * time.Hour))
	assert.Equal(t, base.Add(24*time.Hour), c.Now())
	now = now.Add(time.Second)
	assert.Equal(t, base.Add(24*time.Hour+time.Second), c.Now(), "a set clock keeps running")

	c.Reset()
	assert.Equal(t, now, c.Now())
}
