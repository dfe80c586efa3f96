package zegoapi

import (
	"net/http"
	"time"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/events"
	"github.com/imemu/imemu/internal/store"
)

// ApplicationTTL is how long a friend application waits for an answer:
// ZEGO's client guide gives the target 7 days, on imemu's (controllable)
// clock from the moment it is sent.
const ApplicationTTL = 7 * 24 * time.Hour

// ApplicationInfoRequest is one friend application of SendFriendApplication.
type ApplicationInfoRequest struct {
	UserID      string      `json:"UserId"`
	Wording     string      `json:"Wording,omitempty"`
	FriendAlias string      `json:"FriendAlias,omitempty"`
	CreateTime  int64       `json:"CreateTime,omitempty"` // Unix ms, not in the future; 0 = now
	UpdateTime  int64       `json:"UpdateTime,omitempty"` // Unix ms, not in the future; 0 = now
	Attributes  []Attribute `json:"Attributes,omitempty"`
}

// UnmarshalJSON decodes an application with imemu's strict rules (strictObject).
func (a *ApplicationInfoRequest) UnmarshalJSON(b []byte) error {
	type plain ApplicationInfoRequest
	return strictObject(b, (*plain)(a))
}

// SendFriendApplicationRequest is the body of POST ?Action=SendFriendApplication.
type SendFriendApplicationRequest struct {
	FromUserID  string                   `json:"FromUserId"`
	FriendInfos []ApplicationInfoRequest `json:"FriendInfos"`
}

// UnmarshalJSON decodes the body with imemu's strict rules (strictObject).
func (q *SendFriendApplicationRequest) UnmarshalJSON(b []byte) error {
	type plain SendFriendApplicationRequest
	return strictObject(b, (*plain)(q))
}

// SendFriendApplicationResponse is SendFriendApplication's answer.
type SendFriendApplicationResponse struct {
	Envelope
	ErrorList []ItemError `json:"ErrorList"`
}

// SendFriendApplication handles POST ?Action=SendFriendApplication:
// FromUserId asks each target to become friends. The target gets a
// waiting application (Wording, FromUserId's alias and attributes for it,
// times) that expires after ApplicationTTL; sending again replaces it. No
// server Action answers one. When the target already lists FromUserId
// (FromUserId deleted it one-way), the application is accepted at once,
// as ZEGO documents: FromUserId's edge is added with the alias, wording
// and attributes, the friendship is two-way again and no application is
// kept.
//
// Request-level failures are AddFriends' (CreateTime and UpdateTime in
// place of FriendTime). Each target then gets an application, an
// auto-accept or an ErrorList entry: CodeAddSelf, CodeDuplicateIDs,
// CodeTextTooLong, CodeAttrParam, CodeAttrKey, CodeAttrDupKey,
// CodeAttrTooLong, CodeFriendTimeLate (CreateTime or UpdateTime in the
// future), CodeUserNotFound, CodeAlreadyFriend (FromUserId already lists
// the target, one-way or two-way) or CodeFriendLimit (an auto-accept with
// FromUserId at MaxFriends). Code is 0 when at least one target succeeded;
// CodeNoneRegistered when every target failed as unregistered; otherwise
// the first entry's SubCode.
func SendFriendApplication(d *Deps) http.Handler {
	spec := actionSpec{name: "SendFriendApplication", method: http.MethodPost, limitCode: CodeRateLimited}
	return action(d, spec, func(c *call) (reply, error) {
		var req SendFriendApplicationRequest
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
		byID := make(map[string]ApplicationInfoRequest, len(req.FriendInfos))
		for i, f := range req.FriendInfos {
			if err := checkUserID("FriendInfos.UserId", f.UserID); err != nil {
				return nil, err
			}
			if f.CreateTime < 0 || f.UpdateTime < 0 {
				return nil, errorf(CodeParamError, "FriendInfos.CreateTime and UpdateTime must be Unix milliseconds or 0")
			}
			ids[i] = f.UserID
			byID[f.UserID] = f
		}
		todo, fails := triage(req.FromUserID, ids, CodeAddSelf)
		now := c.now.UTC().Truncate(time.Millisecond)
		nowMs := now.UnixMilli()
		var apps []imemu.Application
		for _, id := range todo {
			f := byID[id]
			// checkFriendInfo checks the fields AddFriends shares; the
			// two times are checked as its FriendTime.
			code := checkFriendInfo(FriendInfo{Wording: f.Wording, FriendAlias: f.FriendAlias, Attributes: f.Attributes, FriendTime: max(f.CreateTime, f.UpdateTime)}, nowMs)
			if code != 0 {
				fails[id] = code
				continue
			}
			// Every time from the request's clock reading, so the push and
			// the stored application agree to the millisecond.
			apps = append(apps, imemu.Application{To: id, Wording: f.Wording, Remark: f.FriendAlias,
				Attributes: storedAttributes(f.Attributes), CreatedAt: msTime(f.CreateTime, now),
				UpdatedAt: msTime(f.UpdateTime, now), ExpiresAt: now.Add(ApplicationTTL)})
		}
		results, err := c.Store.SendApplications(c.r.Context(), c.tenant.ID, req.FromUserID, apps,
			store.ApplyOptions{AcceptIfListed: true, MaxFriends: MaxFriends})
		if err != nil {
			return nil, owner(err, req.FromUserID)
		}
		var created []imemu.Edge
		sent := 0
		for i, res := range results {
			switch res.Outcome {
			case imemu.Applied:
				sent++
				c.publishApplication(req.FromUserID, apps[i])
			case imemu.AutoAccepted:
				sent++
				created = append(created, res.Created...)
			case imemu.ApplyAlreadyFriend:
				fails[res.Target] = CodeAlreadyFriend
			case imemu.ApplyNotRegistered:
				fails[res.Target] = CodeUserNotFound
			default: // ApplyFriendLimit; ApplySelf cannot happen after triage
				fails[res.Target] = CodeFriendLimit
			}
		}
		c.publishChanges(FriendsAdded, created)
		rep := &SendFriendApplicationResponse{ErrorList: itemErrors(ids, fails)}
		return rep, addError(sent, rep.ErrorList)
	})
}

// publishApplication records a friendApplicationListChanged push to the
// target of an application from just sent.
func (c *call) publishApplication(from string, a imemu.Application) {
	c.publish(events.KindZegoFriendApplicationListChanged, a.To, FriendApplicationListChanged{
		UserID: a.To, Action: ApplicationsAdded,
		Applications: []ApplicationInfo{{FromUserID: from, ToUserID: a.To, Wording: a.Wording, State: string(imemu.ApplicationWaiting),
			CreateTime: a.CreatedAt.UnixMilli(), UpdateTime: a.UpdatedAt.UnixMilli(), ExpireTime: a.ExpiresAt.UnixMilli()}},
	})
}

// storedAttributes converts ZEGO attributes to the store's.
func storedAttributes(as []Attribute) []imemu.Attribute {
	out := make([]imemu.Attribute, len(as))
	for i, a := range as {
		out[i] = imemu.Attribute{Key: a.Key, Value: a.Value}
	}
	return out
}

// msTime is a request's Unix ms time, or now for 0.
func msTime(ms int64, now time.Time) time.Time {
	if ms == 0 {
		return now
	}
	return time.UnixMilli(ms).UTC()
}
