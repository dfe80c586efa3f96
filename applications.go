package imemu

import (
	"errors"
	"time"
)

// ApplicationState is where a friend application stands.
type ApplicationState string

// The states of a friend application. Only a waiting application can be
// accepted or rejected; a waiting one past its ExpiresAt is expired.
const (
	ApplicationWaiting  ApplicationState = "waiting"  // sent, not answered yet
	ApplicationAccepted ApplicationState = "accepted" // the target accepted: the two are friends
	ApplicationRejected ApplicationState = "rejected" // the target refused
	ApplicationExpired  ApplicationState = "expired"  // nobody answered before ExpiresAt
)

// Valid reports whether s is one of the application states.
func (s ApplicationState) Valid() bool {
	switch s {
	case ApplicationWaiting, ApplicationAccepted, ApplicationRejected, ApplicationExpired:
		return true
	}
	return false
}

// Application is a friend application (request) from From to To: From
// asks To to become friends. A tenant keeps at most one per ordered pair;
// sending again replaces it. The fields serve both vendors: what From
// wants its edge to To to hold once accepted (Remark, Groups, AddSource,
// Attributes) and what To is shown (Wording).
type Application struct {
	From       string
	To         string
	Wording    string      // ZEGO Wording, TIM AddWording: the message to To
	Remark     string      // ZEGO FriendAlias, TIM Remark: From's name for To
	AddSource  string      // TIM AddSource
	Groups     []string    // TIM friend groups From files To under
	Attributes []Attribute // ZEGO Attributes k0..k4 of From's edge to To
	State      ApplicationState
	CreatedAt  time.Time
	UpdatedAt  time.Time
	ExpiresAt  time.Time // zero: never expires
}

// StateAt returns the application's state at t: a waiting application
// whose ExpiresAt is not after t is expired.
func (a Application) StateAt(t time.Time) ApplicationState {
	if a.State == ApplicationWaiting && !a.ExpiresAt.IsZero() && !a.ExpiresAt.After(t) {
		return ApplicationExpired
	}
	return a.State
}

// ApplyOutcome is what sending one friend application did.
type ApplyOutcome int

// The outcomes of sending one friend application.
const (
	Applied            ApplyOutcome = iota // a waiting application is recorded (replacing any earlier one of the pair)
	AutoAccepted                           // the target already listed the sender: the sender's edge was added at once, no application kept
	ApplyAlreadyFriend                     // the sender already lists the target; nothing changed
	ApplySelf                              // the target is the sender; nothing changed
	ApplyNotRegistered                     // the target is not a user of the tenant; nothing changed
	ApplyFriendLimit                       // an auto-accept would take the sender over its friend limit; nothing changed
)

// String names the outcome for logs and tests.
func (o ApplyOutcome) String() string {
	switch o {
	case Applied:
		return "applied"
	case AutoAccepted:
		return "auto-accepted"
	case ApplyAlreadyFriend:
		return "already a friend"
	case ApplySelf:
		return "self"
	case ApplyNotRegistered:
		return "not registered"
	case ApplyFriendLimit:
		return "friend limit"
	}
	return "unknown"
}

// ApplyResult is the outcome for one target of a batch of applications.
// Created lists the friend edges an auto-accept added.
type ApplyResult struct {
	Target  string
	Outcome ApplyOutcome
	Created []Edge
}

// ErrApplicationNotFound is returned when a pair has no waiting
// application to answer (none, or it was answered or expired).
var ErrApplicationNotFound = errors.New("no waiting friend application")
