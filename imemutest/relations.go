package imemutest

import "github.com/imemu/imemu/fixtures"

// The kinds of the ZEGO client notifications besides
// KindZegoFriendListChanged. Their payloads are documented in the control
// plane's OpenAPI document (GET /_mock/openapi.json).
const (
	KindZegoBlacklistChanged             = "zego.blacklistChanged"             // to FromUserId: {"userId","action":"added"|"removed","userIds"}
	KindZegoFriendApplicationListChanged = "zego.friendApplicationListChanged" // to the target: {"userId","action":"added","applications"}
	KindZegoFriendInfoUpdated            = "zego.friendInfoUpdated"            // to FromUserId: {"userId","friendInfos"}
	KindZegoUserInfoUpdated              = "zego.userInfoUpdated"              // to the user: {"userId","userName","userAvatar","extra"}
)

// Blocks returns the app's blocks (who blocked whom, and when) from its
// state, whichever vendor's API made them.
func (a App) Blocks(t TB) []fixtures.Block {
	t.Helper()
	return a.State(t).Blocks
}

// Blocked returns whom owner blocks, in the order it blocked them.
func (a App) Blocked(t TB, owner string) []string {
	t.Helper()
	out := []string{}
	for _, b := range a.Blocks(t) {
		if b.From == owner {
			out = append(out, b.To)
		}
	}
	return out
}

// Applications returns the app's friend applications from its state,
// each with its state now ("waiting", "accepted", "rejected" or
// "expired": a waiting one past its expiresAt reads as expired). Neither
// vendor has a server API that lists them.
func (a App) Applications(t TB) []fixtures.Application {
	t.Helper()
	return a.State(t).Applications
}

// PendingApplications returns the waiting applications sent to user.
func (a App) PendingApplications(t TB, user string) []fixtures.Application {
	t.Helper()
	var out []fixtures.Application
	for _, ap := range a.Applications(t) {
		if ap.To == user && ap.State == "waiting" {
			out = append(out, ap)
		}
	}
	return out
}
