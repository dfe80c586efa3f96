package imemutest

// ZegoQueryUserInfosRequest is the body of ZEGO's QueryUserInfos.
type ZegoQueryUserInfosRequest struct {
	UserIDs []string `json:"UserIds"`
}

// ZegoUserProfile is one user QueryUserInfos found.
type ZegoUserProfile struct {
	UserID     string `json:"UserId"`
	UserName   string `json:"UserName"`
	UserAvatar string `json:"UserAvatar"`
	Extra      string `json:"Extra"`
}

// ZegoQueryUserInfosAnswer is QueryUserInfos' answer.
type ZegoQueryUserInfosAnswer struct {
	ZegoAnswer
	Result    []ZegoUserProfile `json:"Result"`
	ErrorList []ZegoItemError   `json:"ErrorList"`
}

// QueryUserInfos calls ZEGO's QueryUserInfos and returns its answer,
// whatever its Code.
func (a *ZegoApp) QueryUserInfos(t TB, req ZegoQueryUserInfosRequest) ZegoQueryUserInfosAnswer {
	t.Helper()
	var out ZegoQueryUserInfosAnswer
	a.Post(t, "QueryUserInfos", req).Decode(t, &out)
	return out
}

// ZegoUserInfoChange is one user of ZEGO's ModifyUserInfo: a nil field is
// left out of the request and stays as it is.
type ZegoUserInfoChange struct {
	UserID     string  `json:"UserId"`
	UserName   *string `json:"UserName,omitempty"`
	UserAvatar *string `json:"UserAvatar,omitempty"`
	Extra      *string `json:"Extra,omitempty"`
}

// ZegoModifyUserInfoRequest is the body of ZEGO's ModifyUserInfo.
type ZegoModifyUserInfoRequest struct {
	UserInfo []ZegoUserInfoChange `json:"UserInfo"`
}

// ZegoModifyUserInfoAnswer is ModifyUserInfo's answer; its items carry
// SubMessage.
type ZegoModifyUserInfoAnswer struct {
	ZegoAnswer
	ErrorList []ZegoItemError `json:"ErrorList"`
}

// ModifyUserInfo calls ZEGO's ModifyUserInfo and returns its answer,
// whatever its Code.
func (a *ZegoApp) ModifyUserInfo(t TB, req ZegoModifyUserInfoRequest) ZegoModifyUserInfoAnswer {
	t.Helper()
	var out ZegoModifyUserInfoAnswer
	a.Post(t, "ModifyUserInfo", req).Decode(t, &out)
	return out
}
