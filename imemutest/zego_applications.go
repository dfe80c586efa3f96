package imemutest

// ZegoApplicationInfo is one application of ZEGO's SendFriendApplication.
type ZegoApplicationInfo struct {
	UserID      string `json:"UserId"`
	Wording     string `json:"Wording,omitempty"`
	FriendAlias string `json:"FriendAlias,omitempty"`
	// CreateTime and UpdateTime are Unix ms, not in the future; 0 means now.
	CreateTime int64           `json:"CreateTime,omitempty"`
	UpdateTime int64           `json:"UpdateTime,omitempty"`
	Attributes []ZegoAttribute `json:"Attributes,omitempty"`
}

// ZegoSendFriendApplicationRequest is the body of ZEGO's
// SendFriendApplication.
type ZegoSendFriendApplicationRequest struct {
	FromUserID  string                `json:"FromUserId"`
	FriendInfos []ZegoApplicationInfo `json:"FriendInfos"`
}

// ZegoSendFriendApplicationAnswer is SendFriendApplication's answer.
type ZegoSendFriendApplicationAnswer struct {
	ZegoAnswer
	ErrorList []ZegoItemError `json:"ErrorList"`
}

// SendFriendApplication calls ZEGO's SendFriendApplication and returns its
// answer, whatever its Code. A target that already lists FromUserId is
// made a friend at once; any other gets a waiting application (see
// App.Applications), which no server Action answers.
func (a *ZegoApp) SendFriendApplication(t TB, req ZegoSendFriendApplicationRequest) ZegoSendFriendApplicationAnswer {
	t.Helper()
	var out ZegoSendFriendApplicationAnswer
	a.Post(t, "SendFriendApplication", req).Decode(t, &out)
	return out
}
