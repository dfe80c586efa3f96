package imemutest

// ZegoUserInfo is one user of a ZEGO UserRegister request.
type ZegoUserInfo struct {
	UserID     string `json:"UserId"`
	UserName   string `json:"UserName,omitempty"`
	UserAvatar string `json:"UserAvatar,omitempty"`
}

// ZegoUserRegisterRequest is the body of ZEGO's UserRegister.
type ZegoUserRegisterRequest struct {
	UserInfo []ZegoUserInfo `json:"UserInfo"`
}

// ZegoUserRegisterAnswer is UserRegister's answer.
type ZegoUserRegisterAnswer struct {
	ZegoAnswer
	ErrorList []ZegoItemError `json:"ErrorList"`
}

// UserRegister calls ZEGO's UserRegister and returns its answer, whatever
// its Code.
func (a *ZegoApp) UserRegister(t TB, req ZegoUserRegisterRequest) ZegoUserRegisterAnswer {
	t.Helper()
	var out ZegoUserRegisterAnswer
	a.Post(t, "UserRegister", req).Decode(t, &out)
	return out
}
