package zegoapi

import (
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/store"
)

// Limits of AddFriends' per-friend fields.
const (
	MaxTextRunes      = 256  // Wording and FriendAlias, in characters
	MaxAttributes     = 5    // Attributes per friend
	MaxAttributeBytes = 1024 // all Keys and Values of one friend together
)

// attributeKeys are the only Keys ZEGO allows in Attributes.
var attributeKeys = map[string]bool{"k0": true, "k1": true, "k2": true, "k3": true, "k4": true}

// Attribute is a custom key/value on a friend (Key k0..k4).
type Attribute struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// UnmarshalJSON decodes an attribute with imemu's strict rules (strictObject).
func (a *Attribute) UnmarshalJSON(b []byte) error {
	type plain Attribute
	return strictObject(b, (*plain)(a))
}

// FriendInfo is one friend to add.
type FriendInfo struct {
	UserID      string      `json:"UserId"`
	Wording     string      `json:"Wording,omitempty"`
	FriendAlias string      `json:"FriendAlias,omitempty"`
	FriendTime  int64       `json:"FriendTime,omitempty"` // Unix ms, not in the future; 0 = now
	Attributes  []Attribute `json:"Attributes,omitempty"`
}

// UnmarshalJSON decodes a friend with imemu's strict rules (strictObject).
func (f *FriendInfo) UnmarshalJSON(b []byte) error {
	type plain FriendInfo
	return strictObject(b, (*plain)(f))
}

// AddFriendsRequest is the body of POST ?Action=AddFriends.
type AddFriendsRequest struct {
	FromUserID  string       `json:"FromUserId"`
	FriendInfos []FriendInfo `json:"FriendInfos"`
}

// UnmarshalJSON decodes the body with imemu's strict rules (strictObject).
func (q *AddFriendsRequest) UnmarshalJSON(b []byte) error {
	type plain AddFriendsRequest
	return strictObject(b, (*plain)(q))
}

// AddFriendsResponse is AddFriends' answer.
type AddFriendsResponse struct {
	Envelope
	ErrorList []ItemError `json:"ErrorList"`
}

// AddFriends handles POST ?Action=AddFriends: FromUserId and each target
// become friends both ways, with no consent asked.
//
// After the gateway and action checks it answers, first failure first:
// CodeParamError for a bad body or field (FromUserId, FriendInfos, each
// UserId, a negative FriendTime, an empty FriendInfos); CodeBatchLimit
// over cap items; CodeFromNotFound for an unregistered FromUserId. Then each
// target gets an outcome: added (at least one of the two edges was new),
// or an ErrorList entry: CodeAddSelf, CodeDuplicateIDs, CodeTextTooLong,
// CodeAttrParam (more than 5 Attributes), CodeAttrKey, CodeAttrDupKey,
// CodeAttrTooLong, CodeFriendTimeLate, CodeUserNotFound, CodeAlreadyFriend,
// CodeFriendLimit (either side has MaxFriends). Code is 0 when at least one
// was added; CodeNoneRegistered when every target failed as unregistered;
// otherwise the first entry's SubCode.
func AddFriends(d *Deps) http.Handler {
	spec := actionSpec{name: "AddFriends", method: http.MethodPost, limitCode: CodeRateLimited}
	return action(d, spec, func(c *call) (reply, error) {
		var req AddFriendsRequest
		if err := decodeBody(c.body, &req); err != nil {
			return nil, err
		}
		if err := checkUserID("FromUserId", req.FromUserID); err != nil {
			return nil, err
		}
		if err := checkBatch("FriendInfos", req.FriendInfos, batchMax(c.tenant)); err != nil {
			return nil, err
		}
		ids := make([]string, len(req.FriendInfos))
		for i, f := range req.FriendInfos {
			if err := checkUserID("FriendInfos.UserId", f.UserID); err != nil {
				return nil, err
			}
			if f.FriendTime < 0 {
				return nil, errorf(CodeParamError, "FriendInfos.FriendTime must be Unix milliseconds or 0, got %d", f.FriendTime)
			}
			ids[i] = f.UserID
		}
		todo, fails := triage(req.FromUserID, ids, CodeAddSelf)
		byID := make(map[string]FriendInfo, len(req.FriendInfos))
		for _, f := range req.FriendInfos {
			byID[f.UserID] = f
		}
		nowMs := c.now.UnixMilli()
		var adds []imemu.Friend
		for _, id := range todo {
			f := byID[id]
			if code := checkFriendInfo(f, nowMs); code != 0 {
				fails[id] = code
				continue
			}
			at := time.UnixMilli(nowMs).UTC()
			if f.FriendTime != 0 {
				at = time.UnixMilli(f.FriendTime).UTC()
			}
			attrs := make([]imemu.Attribute, len(f.Attributes))
			for i, a := range f.Attributes {
				attrs[i] = imemu.Attribute{Key: a.Key, Value: a.Value}
			}
			adds = append(adds, imemu.Friend{ID: id, Remark: f.FriendAlias, AddWording: f.Wording, Attributes: attrs, AddedAt: at})
		}
		results, err := c.Store.AddFriends(c.r.Context(), c.tenant.ID, req.FromUserID, adds,
			store.AddOptions{TwoWay: true, MaxFriends: MaxFriends})
		if err != nil {
			return nil, owner(err, req.FromUserID)
		}
		var created []imemu.Edge
		added := 0
		for _, res := range results {
			switch res.Outcome {
			case imemu.Added:
				added++
				created = append(created, res.Created...)
			case imemu.AlreadyFriend:
				fails[res.Target] = CodeAlreadyFriend
			case imemu.TargetNotRegistered:
				fails[res.Target] = CodeUserNotFound
			default: // OwnerAtLimit, TargetAtLimit
				fails[res.Target] = CodeFriendLimit
			}
		}
		c.publishChanges(FriendsAdded, created)
		rep := &AddFriendsResponse{ErrorList: itemErrors(ids, fails)}
		return rep, addError(added, rep.ErrorList)
	})
}

// checkFriendInfo returns the SubCode of the first problem with one
// friend's fields, or 0.
func checkFriendInfo(f FriendInfo, nowMs int64) int {
	if utf8.RuneCountInString(f.Wording) > MaxTextRunes || utf8.RuneCountInString(f.FriendAlias) > MaxTextRunes {
		return CodeTextTooLong
	}
	if len(f.Attributes) > MaxAttributes {
		return CodeAttrParam
	}
	seen := map[string]bool{}
	size := 0
	for _, a := range f.Attributes {
		if !attributeKeys[a.Key] {
			return CodeAttrKey
		}
		if seen[a.Key] {
			return CodeAttrDupKey
		}
		seen[a.Key] = true
		size += len(a.Key) + len(a.Value)
	}
	if size > MaxAttributeBytes {
		return CodeAttrTooLong
	}
	if f.FriendTime > nowMs {
		return CodeFriendTimeLate
	}
	return 0
}

// addError is batchError with AddFriends' own all-failed code: when every
// target failed because it is not registered, Code is CodeNoneRegistered.
func addError(added int, list []ItemError) error {
	if added > 0 || len(list) == 0 {
		return nil
	}
	for _, e := range list {
		if e.SubCode != CodeUserNotFound {
			return batchError(added, firstSubCode(list), "ErrorList")
		}
	}
	return errorf(CodeNoneRegistered, "every item failed; see ErrorList")
}
