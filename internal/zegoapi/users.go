package zegoapi

import (
	"errors"
	"net/http"

	"github.com/imemu/imemu"
)

// Limits of UserRegister.
const (
	MaxRegisterUsers = 100 // UserInfo items per call
	MaxUserNameBytes = 256
	MaxAvatarBytes   = 500
)

// UserInfo is one user to register.
type UserInfo struct {
	UserID     string `json:"UserId"`
	UserName   string `json:"UserName,omitempty"`
	UserAvatar string `json:"UserAvatar,omitempty"`
}

// UnmarshalJSON decodes a user with imemu's strict rules (strictObject).
func (u *UserInfo) UnmarshalJSON(b []byte) error {
	type plain UserInfo
	return strictObject(b, (*plain)(u))
}

// UserRegisterRequest is the body of POST ?Action=UserRegister.
type UserRegisterRequest struct {
	UserInfo []UserInfo `json:"UserInfo"`
}

// UnmarshalJSON decodes the body with imemu's strict rules (strictObject).
func (q *UserRegisterRequest) UnmarshalJSON(b []byte) error {
	type plain UserRegisterRequest
	return strictObject(b, (*plain)(q))
}

// RegisterError is one entry of UserRegister's ErrorList; unlike other
// Actions' entries it carries a SubMessage.
type RegisterError struct {
	UserID     string `json:"UserId"`
	SubCode    int    `json:"SubCode"`
	SubMessage string `json:"SubMessage"`
}

// UserRegisterResponse is UserRegister's answer.
type UserRegisterResponse struct {
	Envelope
	ErrorList []RegisterError `json:"ErrorList"`
}

// UserRegister handles POST ?Action=UserRegister: registers up to 100
// users. Over the QPS limit it answers CodeRegisterRate, UserRegister's own
// code. CodeParamError for a bad body or an empty UserInfo, CodeTooManyUsers
// for more than 100. Each user then is registered or gets an ErrorList
// entry: CodeParamError (empty UserId or a character ZEGO does not allow),
// CodeUserIDTooLong, CodeUserNameLong, CodeAvatarLong, CodeUserExists (also
// for the second of two equal UserIds). Code is 0 when at least one user
// was registered, else the first entry's SubCode.
func UserRegister(d *Deps) http.Handler {
	spec := actionSpec{name: "UserRegister", method: http.MethodPost, limitCode: CodeRegisterRate}
	return action(d, spec, func(c *call) (reply, error) {
		var req UserRegisterRequest
		if err := decodeBody(c.body, &req); err != nil {
			return nil, err
		}
		switch n := len(req.UserInfo); {
		case req.UserInfo == nil:
			return nil, errorf(CodeParamError, "UserInfo is missing")
		case n == 0:
			return nil, errorf(CodeParamError, "UserInfo is empty")
		case n > MaxRegisterUsers:
			return nil, errorf(CodeTooManyUsers, "UserInfo has %d users; at most %d", n, MaxRegisterUsers)
		}
		subCodes := make([]int, len(req.UserInfo)) // per user, 0 = registered
		var users []imemu.User
		var pos []int // index in req.UserInfo of each of users
		for i, u := range req.UserInfo {
			if subCodes[i] = checkUserInfo(u); subCodes[i] == 0 {
				users = append(users, imemu.User{ID: u.UserID, Name: u.UserName, Avatar: u.UserAvatar})
				pos = append(pos, i)
			}
		}
		outcomes, err := c.Store.RegisterUsers(c.r.Context(), c.tenant.ID, users)
		if err != nil {
			return nil, err
		}
		registered := 0
		for j, o := range outcomes {
			if o == imemu.Registered {
				registered++
			} else {
				subCodes[pos[j]] = CodeUserExists
			}
		}
		rep := &UserRegisterResponse{ErrorList: []RegisterError{}}
		first := 0
		for i, code := range subCodes {
			if code == 0 {
				continue
			}
			if first == 0 {
				first = code
			}
			rep.ErrorList = append(rep.ErrorList, RegisterError{UserID: req.UserInfo[i].UserID, SubCode: code, SubMessage: Message(code)})
		}
		return rep, batchError(registered, first, "ErrorList")
	})
}

// checkUserInfo returns the SubCode of the first problem with one user's
// fields, or 0.
func checkUserInfo(u UserInfo) int {
	switch err := imemu.VendorZego.CheckUserID(u.UserID); {
	case errors.Is(err, imemu.ErrUserIDTooLong):
		return CodeUserIDTooLong
	case err != nil:
		return CodeParamError
	case len(u.UserName) > MaxUserNameBytes:
		return CodeUserNameLong
	case len(u.UserAvatar) > MaxAvatarBytes:
		return CodeAvatarLong
	}
	return 0
}
