package imemutest

import (
	"net/url"
	"strconv"
)

// ZEGO's DeleteType and CheckType values.
const (
	// ZegoTwoWay deletes or checks both directions.
	ZegoTwoWay = 0
	// ZegoOneWay deletes or checks FromUserId's list only.
	ZegoOneWay = 1
)

// ZegoDeleteFriendsRequest is the body of ZEGO's DeleteFriends.
type ZegoDeleteFriendsRequest struct {
	FromUserID string   `json:"FromUserId"`
	UserIDs    []string `json:"UserIds"`
	// DeleteType is ZegoTwoWay (0) or ZegoOneWay (1); it is always sent.
	DeleteType int `json:"DeleteType"`
}

// ZegoDeleteFriendsAnswer is DeleteFriends' answer.
type ZegoDeleteFriendsAnswer struct {
	ZegoAnswer
	ErrorList []ZegoItemError `json:"ErrorList"`
}

// DeleteFriends calls ZEGO's DeleteFriends and returns its answer, whatever
// its Code.
func (a *ZegoApp) DeleteFriends(t TB, req ZegoDeleteFriendsRequest) ZegoDeleteFriendsAnswer {
	t.Helper()
	var out ZegoDeleteFriendsAnswer
	a.Post(t, "DeleteFriends", req).Decode(t, &out)
	return out
}

// ZegoDeleteAllFriendsRequest holds the query parameters of ZEGO's
// DeleteAllFriends.
type ZegoDeleteAllFriendsRequest struct {
	FromUserID string
	// DeleteType is ZegoTwoWay (0) or ZegoOneWay (1).
	DeleteType int
}

// DeleteAllFriends calls ZEGO's DeleteAllFriends (a GET) and returns its
// answer, whatever its Code.
func (a *ZegoApp) DeleteAllFriends(t TB, req ZegoDeleteAllFriendsRequest) ZegoAnswer {
	t.Helper()
	q := url.Values{"FromUserId": {req.FromUserID}, "DeleteType": {strconv.Itoa(req.DeleteType)}}
	return a.Get(t, "DeleteAllFriends", q).ZegoAnswer
}

// ZegoAttribute is one friend attribute (Key k0–k4).
type ZegoAttribute struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// ZegoFriendInfo is one friend of a ZEGO AddFriends request.
type ZegoFriendInfo struct {
	UserID      string `json:"UserId"`
	Wording     string `json:"Wording,omitempty"`
	FriendAlias string `json:"FriendAlias,omitempty"`
	// FriendTime is the friendship's time in Unix ms; 0 means now.
	FriendTime int64           `json:"FriendTime,omitempty"`
	Attributes []ZegoAttribute `json:"Attributes,omitempty"`
}

// ZegoAddFriendsRequest is the body of ZEGO's AddFriends.
type ZegoAddFriendsRequest struct {
	FromUserID  string           `json:"FromUserId"`
	FriendInfos []ZegoFriendInfo `json:"FriendInfos"`
}

// ZegoAddFriendsAnswer is AddFriends' answer.
type ZegoAddFriendsAnswer struct {
	ZegoAnswer
	ErrorList []ZegoItemError `json:"ErrorList"`
}

// AddFriends calls ZEGO's AddFriends and returns its answer, whatever its
// Code.
func (a *ZegoApp) AddFriends(t TB, req ZegoAddFriendsRequest) ZegoAddFriendsAnswer {
	t.Helper()
	var out ZegoAddFriendsAnswer
	a.Post(t, "AddFriends", req).Decode(t, &out)
	return out
}

// ZegoQueryFriendListRequest holds the query parameters of ZEGO's
// QueryFriendList.
type ZegoQueryFriendListRequest struct {
	FromUserID string
	// Limit is the page size, 1–100; 0 sends none (the server's 100).
	Limit int
	// Next is 0 for the first page, then the previous answer's Next.
	Next int
}

// ZegoFriend is one friend in a QueryFriendList answer.
type ZegoFriend struct {
	UserID      string `json:"UserId"`
	UserName    string `json:"UserName"`
	Avatar      string `json:"Avatar"`
	Wording     string `json:"Wording"`
	FriendAlias string `json:"FriendAlias"`
	// CreateTime is when the friendship began, in Unix ms.
	CreateTime int64           `json:"CreateTime"`
	Attributes []ZegoAttribute `json:"Attributes"`
}

// ZegoQueryFriendListAnswer is QueryFriendList's answer.
type ZegoQueryFriendListAnswer struct {
	ZegoAnswer
	TotalCount int `json:"TotalCount"`
	// Next is the Next of the following page; 0 when this was the last.
	Next        int          `json:"Next"`
	FriendInfos []ZegoFriend `json:"FriendInfos"`
}

// QueryFriendList calls ZEGO's QueryFriendList (a GET) and returns one
// page, whatever its Code.
func (a *ZegoApp) QueryFriendList(t TB, req ZegoQueryFriendListRequest) ZegoQueryFriendListAnswer {
	t.Helper()
	q := url.Values{"FromUserId": {req.FromUserID}, "Next": {strconv.Itoa(req.Next)}}
	if req.Limit != 0 {
		q.Set("Limit", strconv.Itoa(req.Limit))
	}
	var out ZegoQueryFriendListAnswer
	a.Get(t, "QueryFriendList", q).Decode(t, &out)
	return out
}

// ZegoCheckFriendsRelationRequest is the body of ZEGO's
// CheckFriendsRelation.
type ZegoCheckFriendsRelationRequest struct {
	FromUserID string   `json:"FromUserId"`
	UserIDs    []string `json:"UserIds"`
	// CheckType is ZegoTwoWay (0) or ZegoOneWay (1); it is always sent.
	CheckType int `json:"CheckType"`
}

// ZegoRelation is one success of CheckFriendsRelation: Relation 1–2 for a
// one-way check, 3–6 for a two-way one (see docs/zego.md).
type ZegoRelation struct {
	UserID   string `json:"UserId"`
	Relation int    `json:"Relation"`
}

// ZegoRelationFail is one failure of CheckFriendsRelation.
type ZegoRelationFail struct {
	UserID  string `json:"UserId"`
	SubCode int    `json:"SubCode"`
	// Relation is set by a two-way check only: 2 when FromUserId lists
	// the target, else 1.
	Relation int `json:"Relation,omitempty"`
}

// ZegoCheckFriendsRelationAnswer is CheckFriendsRelation's answer.
type ZegoCheckFriendsRelationAnswer struct {
	ZegoAnswer
	Successes []ZegoRelation     `json:"Successes"`
	Fails     []ZegoRelationFail `json:"Fails"`
}

// CheckFriendsRelation calls ZEGO's CheckFriendsRelation and returns its
// answer, whatever its Code.
func (a *ZegoApp) CheckFriendsRelation(t TB, req ZegoCheckFriendsRelationRequest) ZegoCheckFriendsRelationAnswer {
	t.Helper()
	var out ZegoCheckFriendsRelationAnswer
	a.Post(t, "CheckFriendsRelation", req).Decode(t, &out)
	return out
}
