// Package imemutest runs imemu, the ZEGO ZIM and Tencent IM ("TIM") friend
// API emulator, inside a Go test: one line gives a running server with a
// real in-memory store, its own clock, journal, events and faults, and
// nothing shared with any other server in the process.
//
//	func TestUnfriend(t *testing.T) {
//		t.Parallel()
//		srv := imemutest.New(t, imemutest.Options{})
//		app := srv.NewZegoApp(t, imemutest.AppSpec{
//			Users:   imemutest.Users("alice", "bob"),
//			Friends: []fixtures.Friendship{{From: "alice", To: "bob"}},
//		})
//		backend := mybackend.New(srv.URL, app.AppID, app.Secret) // the code under test
//		...
//		got := app.Journal(t, imemutest.JournalFilter{API: "DeleteFriends"})
//	}
//
// Every control call (apps, reset, state, snapshots, journal, events,
// faults, clock) is a typed method of Server, and the ones that concern one
// app are also methods of App, already filtered to that app. Calls take the
// test's TB and fail it on any error, so a test reads as a list of steps.
//
// Servers are cheap (milliseconds to start): give each test its own, or
// share one among parallel subtests and give each subtest its own app with
// NewZegoApp or NewTIMApp; apps never see each other's data. A whole-server
// Reset deletes every app made by NewZegoApp and NewTIMApp, so parallel
// tests reset their own app with App.Reset instead.
//
// Answers are typed: each vendor API has a method with a request and an
// answer type (ZegoApp.DeleteFriends takes a ZegoDeleteFriendsRequest and
// returns a ZegoDeleteFriendsAnswer; TIMApp.FriendDelete a
// TIMFriendDeleteRequest and a TIMFriendDeleteAnswer), whatever the code
// the vendor answers. ZegoApp.Post, ZegoApp.Get and TIMApp.Post send any
// body (a malformed one too) and return the envelope with the raw answer.
//
// imemu's store is SQLite through github.com/mattn/go-sqlite3, which is C:
// tests that use this package need cgo (CGO_ENABLED=1, the default) and a C
// compiler. Built without cgo, New fails the test saying so.
package imemutest
