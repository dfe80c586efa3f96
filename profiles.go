package imemu

import "encoding/json"

// AllowType is how a user takes friend requests (TIM's
// Tag_Profile_IM_AllowType).
type AllowType string

// The AllowTypes. The empty AllowType on a user means its app's default.
const (
	AllowAny    AllowType = "allowAny"    // a request adds the friend at once
	NeedConfirm AllowType = "needConfirm" // a request waits for the user's answer
	DenyAny     AllowType = "denyAny"     // every request is refused
)

// Valid reports whether a is one of the three AllowTypes.
func (a AllowType) Valid() bool { return a == AllowAny || a == NeedConfirm || a == DenyAny }

// Sequences count the changes of a user's friend data, the way TIM's
// StandardSequence, CustomSequence and group CurrentSequence do: each only
// grows while the app's state lives; loading state (fixtures, reset,
// import, snapshot restore) starts them at 0.
type Sequences struct {
	Standard int64 `json:"standard,omitempty"` // any change of the user's edges
	Custom   int64 `json:"custom,omitempty"`   // a change of the edges' custom attributes
	Group    int64 `json:"group,omitempty"`    // a change of the user's friend groups or their members
	Block    int64 `json:"block,omitempty"`    // a block or unblock by the user
}

// IsZero reports whether no sequence has moved.
func (q Sequences) IsZero() bool { return q == Sequences{} }

// Profile is what a user has beyond id, name and avatar: its friend
// verification, the admin's ban on sending friend requests and other
// profile fields by tag (TIM Tag_Profile_*, values as JSON).
type Profile struct {
	User          string
	AllowType     AllowType                  // empty: the app's Settings.DefaultAllowType
	ForbidSendOut bool                       // TIM AdminForbid_Type_SendOut: may not send friend requests
	Fields        map[string]json.RawMessage // e.g. Tag_Profile_IM_Gender, Tag_Profile_Custom_Level
}

// IsZero reports whether p holds nothing beyond the user id.
func (p Profile) IsZero() bool {
	return p.AllowType == "" && !p.ForbidSendOut && len(p.Fields) == 0
}

// FriendGroup is one of a user's friend groups (TIM friend lists). Members
// are the friends whose edges name it.
type FriendGroup struct {
	Owner string
	Name  string
}

// Settings are an app's relationship-chain options, which TIM sets in its
// console.
type Settings struct {
	// KeepFriendsOnBlock keeps a friendship when one side blocks the
	// other (TIM's "Remain Friends" option); by default a block dissolves
	// it both ways.
	KeepFriendsOnBlock bool `json:"keepFriendsOnBlock,omitempty"`
	// DefaultAllowType is the AllowType of users that set none; empty
	// means AllowAny.
	DefaultAllowType AllowType `json:"defaultAllowType,omitempty"`
	// CustomFriendTags and CustomProfileTags are the custom fields the app
	// configured (TIM Tag_SNS_Custom_* and Tag_Profile_Custom_* names,
	// full tags); writes of other custom tags are refused.
	CustomFriendTags  []string `json:"customFriendTags,omitempty"`
	CustomProfileTags []string `json:"customProfileTags,omitempty"`
	// CallbackToken, when set, signs TIM callbacks (Sign and RequestTime
	// in the query). A secret: state exports without secrets omit it.
	CallbackToken string `json:"callbackToken,omitempty"`
}

// AllowTypeOf returns the AllowType that applies to a user who set a.
func (s Settings) AllowTypeOf(a AllowType) AllowType {
	switch {
	case a != "":
		return a
	case s.DefaultAllowType != "":
		return s.DefaultAllowType
	}
	return AllowAny
}

// IsZero reports whether s holds only defaults.
func (s Settings) IsZero() bool {
	return !s.KeepFriendsOnBlock && s.DefaultAllowType == "" && len(s.CustomFriendTags) == 0 &&
		len(s.CustomProfileTags) == 0 && s.CallbackToken == ""
}
