package zegoapi

import (
	"net/http"
	"unicode/utf8"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/events"
)

// AliasInfo is one item of UpdateFriendsAlias: a friend and FromUserId's
// new alias for it.
type AliasInfo struct {
	UserID      string `json:"UserId"`
	FriendAlias string `json:"FriendAlias,omitempty"` // ≤ MaxTextRunes characters; empty or missing clears the alias
}

// UnmarshalJSON decodes an item with imemu's strict rules (strictObject).
func (a *AliasInfo) UnmarshalJSON(b []byte) error {
	type plain AliasInfo
	return strictObject(b, (*plain)(a))
}

// UpdateFriendsAliasRequest is the body of POST ?Action=UpdateFriendsAlias.
type UpdateFriendsAliasRequest struct {
	FromUserID string      `json:"FromUserId"`
	UserIDs    []AliasInfo `json:"UserIds"`
}

// UnmarshalJSON decodes the body with imemu's strict rules (strictObject).
func (q *UpdateFriendsAliasRequest) UnmarshalJSON(b []byte) error {
	type plain UpdateFriendsAliasRequest
	return strictObject(b, (*plain)(q))
}

// UpdateFriendsAliasResponse is UpdateFriendsAlias' answer.
type UpdateFriendsAliasResponse struct {
	Envelope
	ErrorList []ItemError `json:"ErrorList"`
}

// UpdateFriendsAlias handles POST ?Action=UpdateFriendsAlias: FromUserId
// sets its alias for up to the app's batch cap of friends. The alias
// belongs to FromUserId's edge only; the friend's edge keeps its own.
//
// After the gateway and action checks it answers, first failure first:
// CodeParamError for a bad body, FromUserId or item UserId; checkBatch's
// codes for the size of UserIds; CodeFromNotFound for an unregistered
// FromUserId. Each item then gets its alias or an ErrorList entry:
// CodeDuplicateIDs (listed more than once; none is applied),
// CodeTextTooLong (over MaxTextRunes characters) or CodeNotFriend
// (FromUserId does not list it: FromUserId itself, an unregistered user or
// a non-friend). Code is 0 when at least one alias changed, else the first
// entry's SubCode.
func UpdateFriendsAlias(d *Deps) http.Handler {
	spec := actionSpec{name: "UpdateFriendsAlias", method: http.MethodPost, limitCode: CodeRateLimited}
	return action(d, spec, func(c *call) (reply, error) {
		var req UpdateFriendsAliasRequest
		if err := decodeBody(c.body, &req); err != nil {
			return nil, err
		}
		if err := checkUserID("FromUserId", req.FromUserID); err != nil {
			return nil, err
		}
		if err := checkBatch("UserIds", req.UserIDs, batchMax(c.tenant)); err != nil {
			return nil, err
		}
		ids := make([]string, len(req.UserIDs))
		alias := make(map[string]string, len(req.UserIDs))
		for i, item := range req.UserIDs {
			if err := checkUserID("UserIds.UserId", item.UserID); err != nil {
				return nil, err
			}
			ids[i] = item.UserID
			alias[item.UserID] = item.FriendAlias
		}
		todo, fails := triage(req.FromUserID, ids, CodeNotFriend)
		var ask []string
		for _, id := range todo {
			if utf8.RuneCountInString(alias[id]) > MaxTextRunes {
				fails[id] = CodeTextTooLong
				continue
			}
			ask = append(ask, id)
		}
		results, err := c.Store.UpdateFriends(c.r.Context(), c.tenant.ID, req.FromUserID, ask, func(f *imemu.Friend) bool {
			f.Remark = alias[f.ID]
			return true
		})
		if err != nil {
			return nil, owner(err, req.FromUserID)
		}
		var changed []imemu.Friend
		for _, res := range results {
			if !res.Found {
				fails[res.ID] = CodeNotFriend
				continue
			}
			changed = append(changed, res.Friend)
		}
		c.publishFriendInfo(req.FromUserID, changed)
		rep := &UpdateFriendsAliasResponse{ErrorList: itemErrors(ids, fails)}
		return rep, batchError(len(changed), firstSubCode(rep.ErrorList), "ErrorList")
	})
}

// publishFriendInfo records a friendInfoUpdated push to owner's clients
// for the edges a request changed, if any.
func (c *call) publishFriendInfo(owner string, changed []imemu.Friend) {
	if len(changed) == 0 {
		return
	}
	p := FriendInfoUpdated{UserID: owner, FriendInfos: make([]FriendInfoPush, len(changed))}
	for i, f := range changed {
		attrs := f.Attributes
		if attrs == nil {
			attrs = []imemu.Attribute{}
		}
		p.FriendInfos[i] = FriendInfoPush{UserID: f.ID, FriendAlias: f.Remark, Attributes: attrs}
	}
	c.publish(events.KindZegoFriendInfoUpdated, owner, p)
}

// AttributesSet is UpdateFriendAttributes' only documented Action value.
const AttributesSet = 0

// UpdateFriendAttributesRequest is the body of POST ?Action=UpdateFriendAttributes.
type UpdateFriendAttributesRequest struct {
	FromUserID string      `json:"FromUserId"`
	UserID     string      `json:"UserId"` // the one friend whose attributes change
	Attributes []Attribute `json:"Attributes"`
	Action     *int        `json:"Action"` // AttributesSet; nil when missing, which means AttributesSet
}

// UnmarshalJSON decodes the body with imemu's strict rules (strictObject).
func (q *UpdateFriendAttributesRequest) UnmarshalJSON(b []byte) error {
	type plain UpdateFriendAttributesRequest
	return strictObject(b, (*plain)(q))
}

// KeyError is one entry of UpdateFriendAttributes' FailKey: the attribute
// that was not set and why.
type KeyError struct {
	Key     string `json:"Key"`
	SubCode int    `json:"SubCode"`
}

// UpdateFriendAttributesResponse is UpdateFriendAttributes' answer.
type UpdateFriendAttributesResponse struct {
	Envelope
	FailKey []KeyError `json:"FailKey"`
}

// UpdateFriendAttributes handles POST ?Action=UpdateFriendAttributes:
// FromUserId sets attributes (Keys k0..k4) of its edge to one friend.
// Keys given get the new Value ("" included); keys not given stay.
//
// After the gateway and action checks it answers, first failure first:
// CodeParamError for a bad body, FromUserId, UserId, Action other than 0,
// or Attributes missing, empty or longer than MaxAttributes;
// CodeAttrTooLong (with no FailKey) when the request's Keys and Values
// come to more than MaxAttributeBytes; CodeFromNotFound for an
// unregistered FromUserId. Each key is then set or gets a FailKey entry:
// CodeAttrKey (not k0..k4), CodeAttrDupKey (given twice; neither is
// set), CodeAttrTooLong (setting it would take the friend's stored
// attributes over MaxAttributeBytes), or CodeNotFriend for every key when
// FromUserId does not list UserId. Code is 0 when at least one key was
// set, else the first entry's SubCode.
func UpdateFriendAttributes(d *Deps) http.Handler {
	spec := actionSpec{name: "UpdateFriendAttributes", method: http.MethodPost, limitCode: CodeRateLimited}
	return action(d, spec, func(c *call) (reply, error) {
		var req UpdateFriendAttributesRequest
		if err := decodeBody(c.body, &req); err != nil {
			return nil, err
		}
		if err := checkUserID("FromUserId", req.FromUserID); err != nil {
			return nil, err
		}
		if err := checkUserID("UserId", req.UserID); err != nil {
			return nil, err
		}
		if req.Action != nil && *req.Action != AttributesSet {
			return nil, errorf(CodeParamError, "Action must be %d (set attributes), got %d", AttributesSet, *req.Action)
		}
		switch n := len(req.Attributes); {
		case req.Attributes == nil:
			return nil, errorf(CodeParamError, "Attributes is missing")
		case n == 0 || n > MaxAttributes:
			return nil, errorf(CodeParamError, "Attributes has %d items; it must have 1 to %d", n, MaxAttributes)
		}
		size := 0
		count := map[string]int{}
		for _, a := range req.Attributes {
			size += len(a.Key) + len(a.Value)
			count[a.Key]++
		}
		if size > MaxAttributeBytes {
			return nil, errorf(CodeAttrTooLong, "the Keys and Values of this request come to %d bytes; at most %d", size, MaxAttributeBytes)
		}
		fails := map[string]int{}
		for _, a := range req.Attributes {
			switch {
			case !attributeKeys[a.Key]:
				fails[a.Key] = CodeAttrKey
			case count[a.Key] > 1:
				fails[a.Key] = CodeAttrDupKey
			}
		}
		set := 0
		results, err := c.Store.UpdateFriends(c.r.Context(), c.tenant.ID, req.FromUserID, []string{req.UserID}, func(f *imemu.Friend) bool {
			for _, a := range req.Attributes {
				if _, failed := fails[a.Key]; failed {
					continue
				}
				if !setAttribute(f, a) {
					fails[a.Key] = CodeAttrTooLong
					continue
				}
				set++
			}
			return set > 0
		})
		if err != nil {
			return nil, owner(err, req.FromUserID)
		}
		if res := results[0]; !res.Found {
			for _, a := range req.Attributes {
				if _, failed := fails[a.Key]; !failed {
					fails[a.Key] = CodeNotFriend
				}
			}
		} else if res.Changed {
			c.publishFriendInfo(req.FromUserID, []imemu.Friend{res.Friend})
		}
		rep := &UpdateFriendAttributesResponse{FailKey: []KeyError{}}
		for _, a := range req.Attributes {
			if code, ok := fails[a.Key]; ok {
				rep.FailKey = append(rep.FailKey, KeyError{Key: a.Key, SubCode: code})
				delete(fails, a.Key)
			}
		}
		first := 0
		if len(rep.FailKey) > 0 {
			first = rep.FailKey[0].SubCode
		}
		return rep, batchError(set, first, "FailKey")
	})
}

// setAttribute sets a on f (replacing a stored value of the same Key, else
// appending) unless that would take f's attributes over
// MaxAttributeBytes, and reports whether it did.
func setAttribute(f *imemu.Friend, a Attribute) bool {
	size, at := 0, -1
	for i, s := range f.Attributes {
		if s.Key == a.Key {
			at = i
			continue
		}
		size += len(s.Key) + len(s.Value)
	}
	if size+len(a.Key)+len(a.Value) > MaxAttributeBytes {
		return false
	}
	if at >= 0 {
		f.Attributes[at].Value = a.Value
	} else {
		f.Attributes = append(f.Attributes, imemu.Attribute{Key: a.Key, Value: a.Value})
	}
	return true
}
