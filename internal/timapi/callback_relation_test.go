package timapi_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/server"
)

// callbackEnv is a server whose TIM app posts its callbacks to a receiver.
func callbackEnv(t *testing.T, opts ...envOption) (*env, chan received) {
	srv, got := receiver(t, appOK, nil)
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	opts = append([]envOption{withTIMApp(func(t *imemu.Tenant) { t.CallbackURL = srv.URL + "/cb" }),
		withConfig(func(c *server.Config) { c.Done = done })}, opts...)
	return newEnv(t, opts...), got
}

// next returns the next callback the receiver got.
func next(t *testing.T, got chan received) received {
	t.Helper()
	select {
	case r := <-got:
		return r
	case <-time.After(guard):
		t.Fatal("no callback arrived")
	}
	return received{}
}

// until collects callbacks up to and including the first of command.
func until(t *testing.T, got chan received, command string) []received {
	t.Helper()
	var out []received
	for {
		r := next(t, got)
		out = append(out, r)
		if strings.Contains(r.rawQuery, "CallbackCommand="+command+"&") {
			return out
		}
	}
}

// sentinel makes a callback that must come after any a previous request
// started: a friend_delete of erin → alice, which fires
// Sns.CallbackFriendDelete.
func sentinel(e *env) {
	e.postOK("sns/friend_delete", `{"From_Account":"erin","To_Account":["alice"]}`)
}

func callbackQuery(command string) string {
	return "SdkAppid=1400000000&CallbackCommand=" + command + "&contenttype=json&ClientIP=192.0.2.1&OptPlatform=RESTAPI"
}

// TestCallbackFriendAdd: friend_add posts Sns.CallbackFriendAdd, one pair
// per created edge; forced adds say ForceFlag 1; friend_import and adds
// that create nothing post nothing.
func TestCallbackFriendAdd(t *testing.T) {
	e, got := callbackEnv(t)
	e.postOK("sns/friend_add", `{"From_Account":"frank","AddFriendItem":[{"To_Account":"erin","AddSource":"AddSource_Type_Web"},{"To_Account":"zed","AddSource":"AddSource_Type_Web"}]}`)
	r := next(t, got)
	assert.Equal(t, "/cb", r.path)
	assert.Equal(t, callbackQuery("Sns.CallbackFriendAdd"), r.rawQuery)
	assert.JSONEq(t, `{"CallbackCommand":"Sns.CallbackFriendAdd","PairList":[
		{"From_Account":"frank","To_Account":"erin","Initiator_Account":"frank"},
		{"From_Account":"erin","To_Account":"frank","Initiator_Account":"frank"}],
		"ClientCmd":"friend_add","Admin_Account":"administrator","ForceFlag":0}`, string(r.body))

	e.postOK("sns/friend_add", `{"From_Account":"frank","AddType":"Add_Type_Single","ForceAddFlags":1,"AddFriendItem":[{"To_Account":"dave","AddSource":"AddSource_Type_Web"}]}`)
	r = next(t, got)
	assert.JSONEq(t, `{"CallbackCommand":"Sns.CallbackFriendAdd","PairList":[
		{"From_Account":"frank","To_Account":"dave","Initiator_Account":"frank"}],
		"ClientCmd":"friend_add","Admin_Account":"administrator","ForceFlag":1}`, string(r.body))

	e.postOK("sns/friend_import", `{"From_Account":"frank","AddFriendItem":[{"To_Account":"carol","AddSource":"AddSource_Type_Web"}]}`)
	e.postOK("sns/friend_add", `{"From_Account":"frank","AddFriendItem":[{"To_Account":"erin","AddSource":"AddSource_Type_Web"}]}`)
	sentinel(e)
	rs := until(t, got, "Sns.CallbackFriendDelete")
	require.Len(t, rs, 1, "friend_import and an add of an existing friend post nothing: %q", rs)
}

// TestCallbackBlackList: black_list_add posts Sns.CallbackBlackListAdd for
// the new blocks, and the friendship it dissolves no
// Sns.CallbackFriendDelete; black_list_delete posts
// Sns.CallbackBlackListDelete for the lifted ones.
func TestCallbackBlackList(t *testing.T) {
	e, got := callbackEnv(t)
	e.postOK("sns/black_list_add", `{"From_Account":"alice","To_Account":["bob","zed","carol"]}`)
	r := next(t, got)
	assert.Equal(t, callbackQuery("Sns.CallbackBlackListAdd"), r.rawQuery)
	assert.JSONEq(t, `{"CallbackCommand":"Sns.CallbackBlackListAdd","PairList":[
		{"From_Account":"alice","To_Account":"bob"},{"From_Account":"alice","To_Account":"carol"}]}`, string(r.body))
	assert.Equal(t, "CheckResult_Type_NoRelation", e.relation("alice", "bob", "Both"))

	sentinel(e)
	rs := until(t, got, "Sns.CallbackFriendDelete")
	require.Len(t, rs, 1, "the dissolved friendships post no Sns.CallbackFriendDelete: %q", rs)
	assert.JSONEq(t, `{"CallbackCommand":"Sns.CallbackFriendDelete","PairList":[{"From_Account":"erin","To_Account":"alice"}]}`, string(rs[0].body))

	e.postOK("sns/black_list_delete", `{"From_Account":"alice","To_Account":["bob","dave"]}`)
	r = next(t, got)
	assert.Equal(t, callbackQuery("Sns.CallbackBlackListDelete"), r.rawQuery)
	assert.JSONEq(t, `{"CallbackCommand":"Sns.CallbackBlackListDelete","PairList":[{"From_Account":"alice","To_Account":"bob"}]}`, string(r.body))
}

// TestCallbackSigned: an app with a callback token signs every callback
// with Sign = sha256(token + RequestTime) after the standard query.
func TestCallbackSigned(t *testing.T) {
	e, got := callbackEnv(t, withSettings(func(s *imemu.Settings) { s.CallbackToken = "xxxyyy" }))
	e.postOK("sns/black_list_add", `{"From_Account":"alice","To_Account":["bob"]}`)
	r := next(t, got)
	now := fmt.Sprint(epoch.Unix())
	sum := sha256.Sum256([]byte("xxxyyy" + now))
	assert.Equal(t, callbackQuery("Sns.CallbackBlackListAdd")+"&Sign="+hex.EncodeToString(sum[:])+"&RequestTime="+now, r.rawQuery)
	// The formula on the doc's own inputs (its printed sample does not
	// reproduce; see the fidelity notes).
	sum = sha256.Sum256([]byte("xxxyyy1669872112"))
	assert.Equal(t, "e78a85473bed2cdc8d6fa8c4d5a4ba4735fd64156e15a99516b9890293e135de", hex.EncodeToString(sum[:]))
}

// TestAlertRequestOverLimit: the call that takes an API past 80% of its
// QPS limit within a second posts Alert.RequestOverLimit, once that
// second; the next second can alert again.
func TestAlertRequestOverLimit(t *testing.T) {
	e, got := callbackEnv(t, withTIMApp(func(t *imemu.Tenant) { t.Limits.APIQPS = map[string]int{"sns/friend_check": 10} }))
	check := `{"From_Account":"alice","To_Account":["bob"],"CheckType":"CheckResult_Type_Single"}`
	for range 8 {
		e.postOK("sns/friend_check", check)
	}
	e.postOK("sns/friend_check", check) // the 9th call: 90% > 80%
	r := next(t, got)
	assert.Equal(t, callbackQuery("Alert.RequestOverLimit"), r.rawQuery)
	assert.JSONEq(t, `{"CallbackCommand":"Alert.RequestOverLimit","ServiceName":"sns","Command":"friend_check","Request":9,"Limit":10}`, string(r.body))
	e.postOK("sns/friend_check", check)
	assert.EqualValues(t, 60007, e.post("sns/friend_check", check)["ErrorCode"], "the 11th call is over the limit")
	sentinel(e)
	rs := until(t, got, "Sns.CallbackFriendDelete")
	require.Len(t, rs, 1, "one alert per second: %q", rs)

	e.clk.Advance(time.Second)
	for range 9 {
		e.postOK("sns/friend_check", check)
	}
	r = next(t, got)
	assert.Contains(t, string(r.body), `"Request":9`)
}
