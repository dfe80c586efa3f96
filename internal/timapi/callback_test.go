package timapi_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/internal/events"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/store"
	"github.com/imemu/imemu/internal/timapi"
)

// guard bounds waits that only a bug would make long; no test asserts on
// wall time.
const guard = 10 * time.Second

// received is one request a callback receiver saw.
type received struct {
	method, path, rawQuery, contentType string
	body                                []byte
}

// receiver is an httptest app backend that records callbacks and answers
// with reply (or runs handle when set).
func receiver(t *testing.T, reply string, handle func(w http.ResponseWriter, r *http.Request)) (*httptest.Server, chan received) {
	got := make(chan received, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got <- received{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Get("Content-Type"), body}
		if handle != nil {
			handle(w, r)
			return
		}
		io.WriteString(w, reply)
	}))
	t.Cleanup(srv.Close)
	return srv, got
}

const appOK = `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`

func wantQuery(clientIP string) string {
	return "SdkAppid=1400000000&CallbackCommand=Sns.CallbackFriendDelete&contenttype=json&ClientIP=" + clientIP + "&OptPlatform=RESTAPI"
}

// TestCallbackThroughRouter: a two-way friend_delete through the real
// server posts Sns.CallbackFriendDelete, one pair per removed direction,
// to the configured URL, after its own query string.
func TestCallbackThroughRouter(t *testing.T) {
	srv, got := receiver(t, appOK, nil)
	done := make(chan struct{})
	t.Cleanup(func() { close(done) }) // the server's shutdown signal stops any delivery left
	e := newEnv(t, withTIMApp(func(t *imemu.Tenant) { t.CallbackURL = srv.URL + "/im/callback?token=s3cret" }),
		withConfig(func(c *server.Config) { c.Done = done }))
	out := e.postOK("sns/friend_delete", `{"From_Account":"alice","To_Account":["bob","frank","zed"],"DeleteType":"Delete_Type_Both"}`)
	assert.Len(t, out["ResultItem"], 3)

	select {
	case r := <-got:
		assert.Equal(t, http.MethodPost, r.method)
		assert.Equal(t, "/im/callback", r.path)
		assert.Equal(t, "token=s3cret&"+wantQuery("192.0.2.1"), r.rawQuery)
		assert.Equal(t, "application/json", r.contentType)
		assert.JSONEq(t, `{"CallbackCommand":"Sns.CallbackFriendDelete","PairList":[
			{"From_Account":"alice","To_Account":"bob"},{"From_Account":"bob","To_Account":"alice"}]}`, string(r.body))
	case <-time.After(guard):
		t.Fatal("no callback arrived")
	}
}

// depsEnv serves TIM handlers straight from a Deps the test owns, so it can
// read the event feed and Close the Deps.
type depsEnv struct {
	*env
	d *timapi.Deps
}

func newDepsEnv(t *testing.T, callbackURL string, timeout time.Duration) *depsEnv {
	ctx := context.Background()
	clk := &testClock{}
	apps := fixtures.Default()
	for i := range apps {
		if apps[i].Tenant.Vendor == imemu.VendorTIM {
			apps[i].Tenant.CallbackURL = callbackURL
		}
	}
	st, err := store.Open(ctx, store.Memory, clk)
	require.NoError(t, err)
	require.NoError(t, st.ReplaceApps(ctx, apps, nil))
	d := &timapi.Deps{
		Logger:          slog.New(slog.NewTextHandler(io.Discard, nil)),
		Store:           st,
		Clock:           clk,
		Events:          events.NewFeed(0),
		CallbackTimeout: timeout,
	}
	t.Cleanup(func() {
		d.Close() // no delivery goroutine outlives the test
		st.Close()
	})
	mux := http.NewServeMux()
	mux.Handle("POST /v4/sns/friend_delete", timapi.FriendDelete(d))
	mux.Handle("POST /v4/sns/friend_check", timapi.FriendCheck(d))
	return &depsEnv{env: &env{t: t, h: mux, st: st, clk: clk}, d: d}
}

// waitEvents waits for n callback events.
func (de *depsEnv) waitEvents(n int) []events.Event {
	de.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), guard)
	defer cancel()
	var evs []events.Event
	for len(evs) < n && ctx.Err() == nil {
		var after int64
		if len(evs) > 0 {
			after = evs[len(evs)-1].ID
		}
		evs = append(evs, de.d.Events.Wait(ctx, events.Filter{Kind: events.KindTIMCallback, After: after})...)
	}
	require.Len(de.t, evs, n)
	return evs
}

// TestCallbackEvents: every delivery is recorded with what was sent, where,
// and how it went; requests that delete nothing send nothing.
func TestCallbackEvents(t *testing.T) {
	const twoWay = `{"From_Account":"alice","To_Account":["bob"],"DeleteType":"Delete_Type_Both"}`
	tests := []struct {
		name    string
		reply   string
		status  int
		body    string
		outcome string // "" means no callback at all
	}{
		{name: "delivered", reply: appOK, body: twoWay, outcome: "delivered: HTTP 200"},
		{name: "one-way sends one pair", reply: appOK, body: `{"From_Account":"alice","To_Account":["bob"]}`, outcome: "delivered: HTTP 200"},
		{name: "app answers a failure", reply: `{"ActionStatus":"FAIL","ErrorCode":1,"ErrorInfo":"no"}`, body: twoWay,
			outcome: "delivered: HTTP 200, app answered ErrorCode 1"},
		{name: "app answers 500", status: http.StatusInternalServerError, body: twoWay, outcome: "failed: HTTP 500"},
		{name: "redirects are not followed", status: http.StatusFound, body: twoWay, outcome: "failed: HTTP 302"},
		{name: "nothing deleted", reply: appOK, body: `{"From_Account":"alice","To_Account":["frank","zed"]}`},
		{name: "rejected request", reply: appOK, body: `{"From_Account":"alice","To_Account":[]}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				t.Error("callback followed a redirect")
			}))
			defer elsewhere.Close()
			srv, got := receiver(t, tc.reply, func(w http.ResponseWriter, r *http.Request) {
				if tc.status == http.StatusFound {
					http.Redirect(w, r, elsewhere.URL, http.StatusFound)
					return
				}
				if tc.status != 0 {
					w.WriteHeader(tc.status)
				}
				io.WriteString(w, tc.reply)
			})
			de := newDepsEnv(t, srv.URL+"/cb", 0)
			de.post("sns/friend_delete", tc.body)
			if tc.outcome == "" {
				de.d.Close() // waits for any delivery that might have started
				assert.Empty(t, de.d.Events.List(events.Filter{Kind: events.KindTIMCallback}))
				assert.Empty(t, got)
				return
			}
			ev := de.waitEvents(1)[0]
			r := <-got
			assert.Equal(t, tc.outcome, ev.Outcome)
			assert.Equal(t, srv.URL+"/cb?"+wantQuery("192.0.2.1"), ev.Target)
			assert.Equal(t, imemu.VendorTIM, ev.Vendor)
			assert.EqualValues(t, 1400000000, ev.AppID)
			assert.Equal(t, epoch, ev.Time)
			assert.JSONEq(t, string(r.body), string(ev.Payload), "the event records what was sent")
			var body struct{ PairList []map[string]string }
			require.NoError(t, json.Unmarshal(ev.Payload, &body))
			if strings.Contains(tc.body, "Both") {
				assert.Len(t, body.PairList, 2)
			} else {
				assert.Equal(t, []map[string]string{{"From_Account": "alice", "To_Account": "bob"}}, body.PairList)
			}
		})
	}
}

// TestCallbackSlowReceiver: a receiver that holds the callback does not
// hold the API answer. The order of what happened proves it: the answer
// arrives while the receiver is still holding the callback.
func TestCallbackSlowReceiver(t *testing.T) {
	var (
		mu    sync.Mutex
		order []string
		note  = func(s string) { mu.Lock(); order = append(order, s); mu.Unlock() }
	)
	release := make(chan struct{})
	srv, got := receiver(t, "", func(w http.ResponseWriter, r *http.Request) {
		note("callback received")
		<-release
		note("callback answered")
		io.WriteString(w, appOK)
	})
	de := newDepsEnv(t, srv.URL, guard)
	plain := newEnv(t)
	_, fast := plain.do(http.MethodPost, "/v4/sns/friend_delete", plain.query().Encode(), okDelete)

	answered := make(chan []byte)
	go func() {
		_, body := de.do(http.MethodPost, "/v4/sns/friend_delete", de.query().Encode(), okDelete)
		note("API answered")
		answered <- body
	}()
	var body []byte
	select {
	case body = <-answered:
	case <-time.After(guard):
		close(release)
		t.Fatal("the API answer waited for the callback receiver")
	}
	<-got // the callback did go out
	close(release)
	ev := de.waitEvents(1)[0]
	assert.Equal(t, "delivered: HTTP 200", ev.Outcome)
	assert.Equal(t, string(fast), string(body), "same answer as without a callback URL")
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, "callback answered", order[len(order)-1], "order: %v", order)
	assert.Less(t, indexOf(order, "API answered"), indexOf(order, "callback answered"), "order: %v", order)
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// TestCallbackDeadReceiver: an unreachable callback URL changes nothing
// about the answer; the failure is recorded.
func TestCallbackDeadReceiver(t *testing.T) {
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	de := newDepsEnv(t, dead.URL+"/cb", 0)
	_, body := de.do(http.MethodPost, "/v4/sns/friend_delete", de.query().Encode(), okDelete)
	plain := newEnv(t)
	_, want := plain.do(http.MethodPost, "/v4/sns/friend_delete", plain.query().Encode(), okDelete)
	assert.Equal(t, string(want), string(body))
	ev := de.waitEvents(1)[0]
	assert.Equal(t, "failed: connection refused", ev.Outcome, "plain words, not Go's dial error")
}

// TestCallbackURLCredentials: a callback URL's user and password reach the
// app's server (as Basic auth) but never the event.
func TestCallbackURLCredentials(t *testing.T) {
	var auth string
	srv, _ := receiver(t, "", func(w http.ResponseWriter, r *http.Request) {
		auth = r.Header.Get("Authorization")
		_, _ = w.Write([]byte(`{"ActionStatus":"OK","ErrorCode":0}`))
	})
	de := newDepsEnv(t, strings.Replace(srv.URL, "http://", "http://hook:t0ps3cret@", 1)+"/cb", 0)
	de.postOK("sns/friend_delete", okDelete)
	ev := de.waitEvents(1)[0]
	assert.Equal(t, "delivered: HTTP 200", ev.Outcome)
	assert.NotEmpty(t, auth, "the credentials were used")
	assert.NotContains(t, ev.Target, "t0ps3cret")
	assert.NotContains(t, ev.Target, "hook")
	assert.Contains(t, ev.Target, "xxxxx:xxxxx@")
}

// TestCallbackTimeout: a receiver that never answers is given up on after
// the timeout, without a retry.
func TestCallbackTimeout(t *testing.T) {
	srv, got := receiver(t, "", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	de := newDepsEnv(t, srv.URL, 50*time.Millisecond)
	de.postOK("sns/friend_delete", okDelete)
	ev := de.waitEvents(1)[0]
	assert.Equal(t, "failed: timed out after 50ms", ev.Outcome)
	de.d.Close()
	assert.Len(t, got, 1, "one attempt, no retry")
}

// TestCallbackClose: Close cancels a delivery in flight and waits for it;
// later deletions still answer and record their callback as dropped.
func TestCallbackClose(t *testing.T) {
	srv, got := receiver(t, "", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	de := newDepsEnv(t, srv.URL, guard)
	de.postOK("sns/friend_delete", okDelete)
	<-got
	de.d.Close()
	evs := de.d.Events.List(events.Filter{Kind: events.KindTIMCallback})
	require.Len(t, evs, 1)
	assert.Equal(t, "failed: server shutting down", evs[0].Outcome)

	de.postOK("sns/friend_delete", `{"From_Account":"alice","To_Account":["carol"]}`)
	evs = de.d.Events.List(events.Filter{Kind: events.KindTIMCallback})
	require.Len(t, evs, 2)
	assert.Equal(t, "dropped: server shutting down", evs[1].Outcome)
	assert.Empty(t, got)
	de.d.Close() // idempotent
}

// TestCallbackDone: closing Deps.Done (the server's shutdown signal) stops
// deliveries as Close does, without Close's wait.
func TestCallbackDone(t *testing.T) {
	srv, got := receiver(t, "", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	de := newDepsEnv(t, srv.URL, guard)
	done := make(chan struct{})
	de.d.Done = done
	de.postOK("sns/friend_delete", okDelete)
	<-got
	close(done)
	assert.Equal(t, "failed: server shutting down", de.waitEvents(1)[0].Outcome)
	de.postOK("sns/friend_delete", `{"From_Account":"alice","To_Account":["carol"]}`)
	assert.Equal(t, "dropped: server shutting down", de.waitEvents(2)[1].Outcome)
}
