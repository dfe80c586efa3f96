package zegoapi

import (
	"net/http"
	"slices"

	"github.com/imemu/imemu"
)

// MaxPageLimit is QueryFriendList's largest page, and its page size when
// Limit is missing, 0 or out of range.
const MaxPageLimit = 100

// QueryFriendListRequest holds QueryFriendList's parameters, which ZEGO
// documents in the query string; a JSON body with the same fields is
// tolerated, the query winning.
type QueryFriendListRequest struct {
	FromUserID string `json:"FromUserId"`
	Limit      *int   `json:"Limit"` // page size; nil, 0 or out of 1..100 means 100
	Next       *int   `json:"Next"`  // 0 (or nil) for the first page, then the Next of the previous answer
}

// UnmarshalJSON decodes the body with imemu's strict rules (strictObject).
func (q *QueryFriendListRequest) UnmarshalJSON(b []byte) error {
	type plain QueryFriendListRequest
	return strictObject(b, (*plain)(q))
}

// FriendListItem is one friend in a QueryFriendList page.
type FriendListItem struct {
	UserID      string      `json:"UserId"`
	UserName    string      `json:"UserName"`
	Avatar      string      `json:"Avatar"`
	Wording     string      `json:"Wording"`
	FriendAlias string      `json:"FriendAlias"`
	CreateTime  int64       `json:"CreateTime"` // Unix ms the friendship began
	Attributes  []Attribute `json:"Attributes"`
}

// QueryFriendListResponse is QueryFriendList's answer.
type QueryFriendListResponse struct {
	Envelope
	TotalCount  int              `json:"TotalCount"`
	Next        int              `json:"Next"` // pass back for the next page; 0 when this was the last
	FriendInfos []FriendListItem `json:"FriendInfos"`
}

// QueryFriendList handles GET ?Action=QueryFriendList&FromUserId=…&Limit=…&Next=…:
// one page of the friends FromUserId lists, oldest friendship first (ties
// by UserId). Next is opaque to clients; imemu's is the offset of the next
// page. CodeParamError for a bad parameter (a negative Next included),
// CodeFromNotFound for an unregistered FromUserId.
func QueryFriendList(d *Deps) http.Handler {
	spec := actionSpec{name: "QueryFriendList", method: http.MethodGet, limitCode: CodeRateLimited}
	return action(d, spec, func(c *call) (reply, error) {
		var req QueryFriendListRequest
		offset, limit, err := decodePage(c, &req, &req.FromUserID, &req.Limit, &req.Next)
		if err != nil {
			return nil, err
		}
		ctx := c.r.Context()
		list, total, err := c.Store.FriendList(ctx, c.tenant.ID, req.FromUserID, offset, limit)
		if err != nil {
			return nil, owner(err, req.FromUserID)
		}
		rep := &QueryFriendListResponse{TotalCount: total, Next: nextOf(offset, len(list), total), FriendInfos: make([]FriendListItem, 0, len(list))}
		for _, f := range list {
			item := FriendListItem{UserID: f.ID, UserName: f.Name, Avatar: f.Avatar, Wording: f.AddWording,
				FriendAlias: f.Remark, CreateTime: f.AddedAt.UnixMilli(), Attributes: make([]Attribute, len(f.Attributes))}
			for i, a := range f.Attributes {
				item.Attributes[i] = Attribute{Key: a.Key, Value: a.Value}
			}
			rep.FriendInfos = append(rep.FriendInfos, item)
		}
		return rep, nil
	})
}

// Relation values of CheckFriendsRelation. One-way checks (CheckType 1)
// look at FromUserId's list only; two-way checks (CheckType 0) at both.
const (
	RelationOneWayNo  = 1 // one-way: FromUserId does not list the target
	RelationOneWayYes = 2 // one-way: FromUserId lists the target
	RelationNone      = 3 // two-way: neither lists the other
	RelationFromHas   = 4 // two-way: only FromUserId lists the target
	RelationTargetHas = 5 // two-way: only the target lists FromUserId
	RelationMutual    = 6 // two-way: both list each other
)

// CheckFriendsRelationRequest is the body of POST ?Action=CheckFriendsRelation.
type CheckFriendsRelationRequest struct {
	FromUserID string   `json:"FromUserId"`
	UserIDs    []string `json:"UserIds"`
	CheckType  *int     `json:"CheckType"` // TwoWay or OneWay; nil when missing
}

// UnmarshalJSON decodes the body with imemu's strict rules (strictObject).
func (q *CheckFriendsRelationRequest) UnmarshalJSON(b []byte) error {
	type plain CheckFriendsRelationRequest
	return strictObject(b, (*plain)(q))
}

// RelationResult is the relation of FromUserId and one target.
type RelationResult struct {
	UserID   string `json:"UserId"`
	Relation int    `json:"Relation"`
}

// RelationFail is a target whose relation could not be checked.
type RelationFail struct {
	UserID  string `json:"UserId"`
	SubCode int    `json:"SubCode"`
	// Relation is set only by a two-way check (CheckType 0), as the
	// Action's page says: RelationOneWayYes when FromUserId lists the
	// target, else RelationOneWayNo, the side that could be checked.
	Relation int `json:"Relation,omitempty"`
}

// CheckFriendsRelationResponse is CheckFriendsRelation's answer.
type CheckFriendsRelationResponse struct {
	Envelope
	Successes []RelationResult `json:"Successes"`
	Fails     []RelationFail   `json:"Fails"`
}

// CheckFriendsRelation handles POST ?Action=CheckFriendsRelation: how
// FromUserId relates to each target (Relation 1–6), without changing
// anything. Request-level failures are as for DeleteFriends (CheckType in
// place of DeleteType). A target fails with SubCode CodeDeleteSelf
// (FromUserId itself), CodeDuplicateIDs or CodeUserNotFound; Code is 0
// when at least one target was checked, else the first failure's SubCode.
func CheckFriendsRelation(d *Deps) http.Handler {
	spec := actionSpec{name: "CheckFriendsRelation", method: http.MethodPost, limitCode: CodeRateLimited}
	return action(d, spec, func(c *call) (reply, error) {
		var req CheckFriendsRelationRequest
		if err := decodeBody(c.body, &req); err != nil {
			return nil, err
		}
		if err := checkTargets(req.FromUserID, "CheckType", req.CheckType, req.UserIDs, batchMax(c.tenant)); err != nil {
			return nil, err
		}
		todo, fails := triage(req.FromUserID, req.UserIDs, CodeDeleteSelf)
		// Duplicates are looked up too, once each: a two-way check's
		// Fails item carries FromUserId's side of the relation.
		ask := todo
		for _, id := range req.UserIDs {
			if fails[id] == CodeDuplicateIDs && !slices.Contains(ask, id) {
				ask = append(ask, id)
			}
		}
		rels, err := c.Store.Relations(c.r.Context(), c.tenant.ID, req.FromUserID, ask)
		if err != nil {
			return nil, owner(err, req.FromUserID)
		}
		relation := map[string]int{}
		ownerHas := map[string]bool{}
		for _, rel := range rels {
			ownerHas[rel.Target] = rel.OwnerHas
			if _, failed := fails[rel.Target]; failed {
				continue
			}
			if !rel.Registered {
				fails[rel.Target] = CodeUserNotFound
				continue
			}
			relation[rel.Target] = relationOf(rel, *req.CheckType)
		}
		rep := &CheckFriendsRelationResponse{Successes: []RelationResult{}, Fails: []RelationFail{}}
		for _, id := range req.UserIDs {
			if r, ok := relation[id]; ok {
				rep.Successes = append(rep.Successes, RelationResult{UserID: id, Relation: r})
			}
		}
		for _, e := range itemErrors(req.UserIDs, fails) {
			f := RelationFail{UserID: e.UserID, SubCode: e.SubCode}
			if *req.CheckType == TwoWay {
				f.Relation = relationOf(imemu.Relation{OwnerHas: ownerHas[e.UserID]}, OneWay)
			}
			rep.Fails = append(rep.Fails, f)
		}
		first := 0
		if len(rep.Fails) > 0 {
			first = rep.Fails[0].SubCode
		}
		return rep, batchError(len(rep.Successes), first, "Fails")
	})
}

// relationOf encodes a relation as ZEGO's Relation value for checkType.
func relationOf(rel imemu.Relation, checkType int) int {
	if checkType == OneWay {
		if rel.OwnerHas {
			return RelationOneWayYes
		}
		return RelationOneWayNo
	}
	switch {
	case rel.OwnerHas && rel.TargetHas:
		return RelationMutual
	case rel.OwnerHas:
		return RelationFromHas
	case rel.TargetHas:
		return RelationTargetHas
	}
	return RelationNone
}
