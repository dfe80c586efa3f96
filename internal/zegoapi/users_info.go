package zegoapi

import (
	"errors"
	"net/http"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/events"
	"github.com/imemu/imemu/internal/store"
)

// Limits of QueryUserInfos and ModifyUserInfo.
const (
	MaxUserInfoUsers = 100      // users per call, both Actions
	MaxQueryIDBytes  = 64       // QueryUserInfos documents 64 bytes per UserId (other Actions: 32)
	MaxExtraBytes    = 2 * 1024 // ModifyUserInfo Extra: ZEGO's default of 2 KB
)

// QueryUserInfosRequest is the body of POST ?Action=QueryUserInfos.
type QueryUserInfosRequest struct {
	UserIDs []string `json:"UserIds"`
}

// UnmarshalJSON decodes the body with imemu's strict rules (strictObject).
func (q *QueryUserInfosRequest) UnmarshalJSON(b []byte) error {
	type plain QueryUserInfosRequest
	return strictObject(b, (*plain)(q))
}

// UserInfoResult is one user QueryUserInfos found.
type UserInfoResult struct {
	UserID     string `json:"UserId"`
	UserName   string `json:"UserName"`
	UserAvatar string `json:"UserAvatar"`
	Extra      string `json:"Extra"`
}

// QueryUserInfosResponse is QueryUserInfos' answer.
type QueryUserInfosResponse struct {
	Envelope
	Result    []UserInfoResult `json:"Result"`
	ErrorList []ItemError      `json:"ErrorList"`
}

// QueryUserInfos handles POST ?Action=QueryUserInfos: the profiles of up
// to 100 users. CodeParamError for a bad body or an id that is empty or
// over MaxQueryIDBytes, checkBatch's codes for a missing or empty UserIds,
// CodeTooManyUsers for more than 100. A user listed twice is answered
// once. A user that is not registered gets an ErrorList entry with
// CodeParamError, which this Action's page defines as "the user ID does
// not exist" and its example shows. Code is 0 when at least one user was
// found, else the first entry's SubCode.
func QueryUserInfos(d *Deps) http.Handler {
	spec := actionSpec{name: "QueryUserInfos", method: http.MethodPost, limitCode: CodeRateLimited}
	return action(d, spec, func(c *call) (reply, error) {
		var req QueryUserInfosRequest
		if err := decodeBody(c.body, &req); err != nil {
			return nil, err
		}
		if n := len(req.UserIDs); n > MaxUserInfoUsers {
			return nil, errorf(CodeTooManyUsers, "UserIds has %d users; at most %d", n, MaxUserInfoUsers)
		}
		if err := checkBatch("UserIds", req.UserIDs, MaxUserInfoUsers); err != nil {
			return nil, err
		}
		for i, id := range req.UserIDs {
			if id == "" || len(id) > MaxQueryIDBytes {
				return nil, errorf(CodeParamError, "UserIds[%d] must be 1 to %d bytes, got %d", i, MaxQueryIDBytes, len(id))
			}
		}
		ids := unique(req.UserIDs)
		found, err := c.Store.UsersByID(c.r.Context(), c.tenant.ID, ids)
		if err != nil {
			return nil, err
		}
		rep := &QueryUserInfosResponse{Result: []UserInfoResult{}, ErrorList: []ItemError{}}
		for _, id := range ids {
			u, ok := found[id]
			if !ok {
				rep.ErrorList = append(rep.ErrorList, ItemError{UserID: id, SubCode: CodeParamError})
				continue
			}
			rep.Result = append(rep.Result, UserInfoResult{UserID: u.ID, UserName: u.Name, UserAvatar: u.Avatar, Extra: u.Extra})
		}
		return rep, batchError(len(rep.Result), firstSubCode(rep.ErrorList), "ErrorList")
	})
}

// ModifyUserInfoItem is one user of ModifyUserInfo: a field left out (or
// null) stays as it is.
type ModifyUserInfoItem struct {
	UserID     string  `json:"UserId"`
	UserName   *string `json:"UserName,omitempty"`
	UserAvatar *string `json:"UserAvatar,omitempty"`
	Extra      *string `json:"Extra,omitempty"`
}

// UnmarshalJSON decodes a user with imemu's strict rules (strictObject).
func (u *ModifyUserInfoItem) UnmarshalJSON(b []byte) error {
	type plain ModifyUserInfoItem
	return strictObject(b, (*plain)(u))
}

// ModifyUserInfoRequest is the body of POST ?Action=ModifyUserInfo.
type ModifyUserInfoRequest struct {
	UserInfo []ModifyUserInfoItem `json:"UserInfo"`
}

// UnmarshalJSON decodes the body with imemu's strict rules (strictObject).
func (q *ModifyUserInfoRequest) UnmarshalJSON(b []byte) error {
	type plain ModifyUserInfoRequest
	return strictObject(b, (*plain)(q))
}

// ModifyUserInfoResponse is ModifyUserInfo's answer; its entries carry a
// SubMessage, as UserRegister's do.
type ModifyUserInfoResponse struct {
	Envelope
	ErrorList []RegisterError `json:"ErrorList"`
}

// ModifyUserInfo handles POST ?Action=ModifyUserInfo: changes the profiles
// of up to 100 users, each field given (UserName, UserAvatar, Extra)
// replacing the stored one and each field left out staying.
// CodeParamError for a bad body or a missing or empty UserInfo,
// CodeTooManyUsers for more than 100. Each user is then updated or gets an
// ErrorList entry: CodeParamError (a UserId ZEGO does not allow, or Extra
// over MaxExtraBytes), CodeUserIDTooLong, CodeUserNameLong, CodeAvatarLong
// or CodeUserMissing (not registered). A user listed twice is updated in
// order. Code is 0 when at least one user was updated, else the first
// entry's SubCode.
func ModifyUserInfo(d *Deps) http.Handler {
	spec := actionSpec{name: "ModifyUserInfo", method: http.MethodPost, limitCode: CodeRateLimited}
	return action(d, spec, func(c *call) (reply, error) {
		var req ModifyUserInfoRequest
		if err := decodeBody(c.body, &req); err != nil {
			return nil, err
		}
		if n := len(req.UserInfo); n > MaxUserInfoUsers {
			return nil, errorf(CodeTooManyUsers, "UserInfo has %d users; at most %d", n, MaxUserInfoUsers)
		}
		if err := checkBatch("UserInfo", req.UserInfo, MaxUserInfoUsers); err != nil {
			return nil, err
		}
		failed := make([]*Error, len(req.UserInfo))
		var updates []store.UserUpdate
		var pos []int // index in req.UserInfo of each of updates
		for i, u := range req.UserInfo {
			if failed[i] = checkModifyUser(u); failed[i] == nil {
				updates = append(updates, store.UserUpdate{ID: u.UserID, Name: u.UserName, Avatar: u.UserAvatar, Extra: u.Extra})
				pos = append(pos, i)
			}
		}
		exists, err := c.Store.UpdateUsers(c.r.Context(), c.tenant.ID, updates)
		if err != nil {
			return nil, err
		}
		var changed []string
		for j, ok := range exists {
			if !ok {
				failed[pos[j]] = errorf(CodeUserMissing, "")
				continue
			}
			changed = append(changed, updates[j].ID)
		}
		c.publishUserInfo(unique(changed))
		rep := &ModifyUserInfoResponse{ErrorList: []RegisterError{}}
		first := 0
		for i, e := range failed {
			if e == nil {
				continue
			}
			if first == 0 {
				first = e.Code
			}
			rep.ErrorList = append(rep.ErrorList, RegisterError{UserID: req.UserInfo[i].UserID, SubCode: e.Code, SubMessage: e.Message})
		}
		return rep, batchError(len(changed), first, "ErrorList")
	})
}

// checkModifyUser returns the first problem with one user's fields, or nil.
func checkModifyUser(u ModifyUserInfoItem) *Error {
	switch err := imemu.VendorZego.CheckUserID(u.UserID); {
	case errors.Is(err, imemu.ErrUserIDTooLong):
		return errorf(CodeUserIDTooLong, "")
	case err != nil:
		return errorf(CodeParamError, "UserId is empty or has a character ZEGO does not allow")
	case u.UserName != nil && len(*u.UserName) > MaxUserNameBytes:
		return errorf(CodeUserNameLong, "")
	case u.UserAvatar != nil && len(*u.UserAvatar) > MaxAvatarBytes:
		return errorf(CodeAvatarLong, "")
	case u.Extra != nil && len(*u.Extra) > MaxExtraBytes:
		return errorf(CodeParamError, "Extra is longer than %d bytes", MaxExtraBytes)
	}
	return nil
}

// publishUserInfo records a userInfoUpdated push for each user whose
// profile changed, with the profile as it is now.
func (c *call) publishUserInfo(ids []string) {
	if c.Events == nil || len(ids) == 0 {
		return
	}
	users, err := c.Store.UsersByID(c.r.Context(), c.tenant.ID, ids)
	if err != nil {
		c.Logger.WarnContext(c.r.Context(), "zego userInfoUpdated: reading profiles", "err", err)
		return
	}
	for _, id := range ids {
		if u, ok := users[id]; ok {
			c.publish(events.KindZegoUserInfoUpdated, id, UserInfoUpdated{UserID: id, UserName: u.Name, UserAvatar: u.Avatar, Extra: u.Extra})
		}
	}
}
