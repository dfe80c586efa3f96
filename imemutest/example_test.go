package imemutest_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/imemutest"
)

// Example shows the whole flow of a test: start a server, create a ZEGO
// app with users and friends, call DeleteFriends as the backend under test
// would, then read what the server recorded (the journal) and what ZEGO
// would have pushed to the users' apps (a friendListChanged event).
func Example() {
	t := &exampleT{} // in a test: the test's *testing.T
	defer t.done()

	srv := imemutest.New(t, imemutest.Options{})
	app := srv.NewZegoApp(t, imemutest.AppSpec{
		Users:   imemutest.Users("a", "b", "c"),
		Friends: []fixtures.Friendship{{From: "a", To: "b"}, {From: "a", To: "c"}},
	})

	// What the backend under test does, given srv.URL, app.AppID and
	// app.Secret: a signed POST /?Action=DeleteFriends.
	resp := app.DeleteFriends(t, imemutest.ZegoDeleteFriendsRequest{FromUserID: "a", UserIDs: []string{"b"}, DeleteType: imemutest.ZegoOneWay})
	fmt.Println("Code:", resp.Code, "failed:", len(resp.ErrorList))

	for _, e := range app.Journal(t, imemutest.JournalFilter{API: "DeleteFriends"}) {
		fmt.Println("journal:", e.Method, e.API, string(e.Body), "→", *e.Code)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, e := range app.WaitEvents(t, ctx, imemutest.EventFilter{Kind: imemutest.KindZegoFriendListChanged}) {
		fmt.Println("event:", e.Kind, "to", e.Target, string(e.Payload))
	}
	fmt.Println("friend edges left:", app.Refresh(t).FriendCount)

	// Output:
	// Code: 0 failed: 0
	// journal: POST DeleteFriends {"FromUserId":"a","UserIds":["b"],"DeleteType":1} → 0
	// event: zego.friendListChanged to a {"userId":"a","action":"deleted","friendUserIds":["b"]}
	// friend edges left: 3
}

// exampleT stands in for a *testing.T outside a test: it runs cleanups
// when done and stops at the first failure.
type exampleT struct{ cleanups []func() }

func (*exampleT) Helper()                        {}
func (*exampleT) Errorf(format string, a ...any) { log.Printf(format, a...) }
func (*exampleT) Fatalf(format string, a ...any) { log.Fatalf(format, a...) }
func (e *exampleT) Cleanup(f func())             { e.cleanups = append(e.cleanups, f) }
func (e *exampleT) done() {
	for i := len(e.cleanups) - 1; i >= 0; i-- {
		e.cleanups[i]()
	}
}
