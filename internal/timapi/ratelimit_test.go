package timapi_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/server"
)

// TestRateLimit exhausts per-app, per-API token buckets and refills them by
// moving the injected clock.
func TestRateLimit(t *testing.T) {
	const check = `{"CheckItem":[{"UserID":"alice"}]}`
	const friendCheck = `{"From_Account":"alice","To_Account":["bob"],"CheckType":"CheckResult_Type_Single"}`

	t.Run("account_check defaults to 100 per second", func(t *testing.T) {
		e := newEnv(t)
		for i := range 100 {
			assert.Equal(t, "OK", e.post("im_open_login_svc/account_check", check)["ActionStatus"], "call %d", i)
		}
		out := e.post("im_open_login_svc/account_check", check)
		assert.EqualValues(t, 60007, out["ErrorCode"])
		assert.Contains(t, out["ErrorInfo"], "allows 100 calls per second")
		// Other APIs have their own bucket.
		assert.Equal(t, "OK", e.post("sns/friend_check", friendCheck)["ActionStatus"])
		e.clk.Advance(10 * time.Millisecond) // one token back at 100/s
		assert.Equal(t, "OK", e.post("im_open_login_svc/account_check", check)["ActionStatus"])
		assert.EqualValues(t, 60007, e.post("im_open_login_svc/account_check", check)["ErrorCode"])
	})

	t.Run("sns APIs default to 200 per second", func(t *testing.T) {
		e := newEnv(t)
		for i := range 200 {
			assert.Equal(t, "OK", e.post("sns/friend_check", friendCheck)["ActionStatus"], "call %d", i)
		}
		assert.EqualValues(t, 60007, e.post("sns/friend_check", friendCheck)["ErrorCode"])
		e.clk.Advance(time.Second)
		assert.Equal(t, "OK", e.post("sns/friend_check", friendCheck)["ActionStatus"])
	})

	t.Run("per-app override by API name", func(t *testing.T) {
		e := newEnv(t, withTIMApp(func(t *imemu.Tenant) {
			t.Limits.QPS = 3
			t.Limits.APIQPS = map[string]int{"sns/friend_check": 1}
		}))
		assert.Equal(t, "OK", e.post("sns/friend_check", friendCheck)["ActionStatus"])
		assert.EqualValues(t, 60007, e.post("sns/friend_check", friendCheck)["ErrorCode"])
		for range 3 {
			assert.Equal(t, "OK", e.post("im_open_login_svc/account_check", check)["ActionStatus"])
		}
		assert.EqualValues(t, 60007, e.post("im_open_login_svc/account_check", check)["ErrorCode"])
		e.clk.Advance(time.Second)
		assert.Equal(t, "OK", e.post("sns/friend_check", friendCheck)["ActionStatus"])
	})

	t.Run("a rejected call changes nothing", func(t *testing.T) {
		e := newEnv(t, withTIMApp(func(t *imemu.Tenant) { t.Limits.APIQPS = map[string]int{"sns/friend_delete": 1} }))
		e.postOK("sns/friend_delete", `{"From_Account":"alice","To_Account":["bob"]}`)
		out := e.post("sns/friend_delete", `{"From_Account":"alice","To_Account":["carol"]}`)
		assert.EqualValues(t, 60007, out["ErrorCode"])
		assert.Equal(t, "CheckResult_Type_BothWay", e.relation("alice", "carol", "Both"))
	})

	t.Run("--rate-limit off", func(t *testing.T) {
		e := newEnv(t, withConfig(func(c *server.Config) { c.RateLimitOff = true }),
			withTIMApp(func(t *imemu.Tenant) { t.Limits.QPS = 1 }))
		for range 5 {
			assert.Equal(t, "OK", e.post("sns/friend_check", friendCheck)["ActionStatus"])
		}
	})
}
