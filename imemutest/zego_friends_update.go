package imemutest

// ZegoFriendAlias is one item of ZEGO's UpdateFriendsAlias: a friend and
// FromUserId's new alias for it (empty clears it).
type ZegoFriendAlias struct {
	UserID      string `json:"UserId"`
	FriendAlias string `json:"FriendAlias,omitempty"`
}

// ZegoUpdateFriendsAliasRequest is the body of ZEGO's UpdateFriendsAlias.
type ZegoUpdateFriendsAliasRequest struct {
	FromUserID string            `json:"FromUserId"`
	UserIDs    []ZegoFriendAlias `json:"UserIds"`
}

// ZegoUpdateFriendsAliasAnswer is UpdateFriendsAlias' answer.
type ZegoUpdateFriendsAliasAnswer struct {
	ZegoAnswer
	ErrorList []ZegoItemError `json:"ErrorList"`
}

// UpdateFriendsAlias calls ZEGO's UpdateFriendsAlias and returns its
// answer, whatever its Code.
func (a *ZegoApp) UpdateFriendsAlias(t TB, req ZegoUpdateFriendsAliasRequest) ZegoUpdateFriendsAliasAnswer {
	t.Helper()
	var out ZegoUpdateFriendsAliasAnswer
	a.Post(t, "UpdateFriendsAlias", req).Decode(t, &out)
	return out
}

// ZegoUpdateFriendAttributesRequest is the body of ZEGO's
// UpdateFriendAttributes: attributes of FromUserId's edge to one friend.
type ZegoUpdateFriendAttributesRequest struct {
	FromUserID string          `json:"FromUserId"`
	UserID     string          `json:"UserId"`
	Attributes []ZegoAttribute `json:"Attributes"`
	// Action is 0 (set), the only value ZEGO documents; it is always sent.
	Action int `json:"Action"`
}

// ZegoKeyError is one attribute UpdateFriendAttributes did not set.
type ZegoKeyError struct {
	Key     string `json:"Key"`
	SubCode int    `json:"SubCode"`
}

// ZegoUpdateFriendAttributesAnswer is UpdateFriendAttributes' answer.
type ZegoUpdateFriendAttributesAnswer struct {
	ZegoAnswer
	FailKey []ZegoKeyError `json:"FailKey"`
}

// UpdateFriendAttributes calls ZEGO's UpdateFriendAttributes and returns
// its answer, whatever its Code.
func (a *ZegoApp) UpdateFriendAttributes(t TB, req ZegoUpdateFriendAttributesRequest) ZegoUpdateFriendAttributesAnswer {
	t.Helper()
	var out ZegoUpdateFriendAttributesAnswer
	a.Post(t, "UpdateFriendAttributes", req).Decode(t, &out)
	return out
}
