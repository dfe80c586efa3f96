package zegoapi

import (
	"net/http"

	"github.com/imemu/imemu"
)

// The values of DeleteType and CheckType.
const (
	TwoWay = 0 // both directions
	OneWay = 1 // FromUserId's list only
)

// ItemError is one entry of an ErrorList: the target that failed and why.
type ItemError struct {
	UserID  string `json:"UserId"`
	SubCode int    `json:"SubCode"`
}

// DeleteFriendsRequest is the body of POST ?Action=DeleteFriends.
type DeleteFriendsRequest struct {
	FromUserID string   `json:"FromUserId"`
	UserIDs    []string `json:"UserIds"`
	DeleteType *int     `json:"DeleteType"` // TwoWay or OneWay; nil when missing
}

// UnmarshalJSON decodes the body with imemu's strict rules (strictObject).
func (q *DeleteFriendsRequest) UnmarshalJSON(b []byte) error {
	type plain DeleteFriendsRequest
	return strictObject(b, (*plain)(q))
}

// DeleteFriendsResponse is DeleteFriends' answer.
type DeleteFriendsResponse struct {
	Envelope
	ErrorList []ItemError `json:"ErrorList"`
}

// DeleteFriends handles POST ?Action=DeleteFriends: FromUserId deletes up
// to the app's batch cap of friends, one-way (only FromUserId's list
// changes) or two-way (both lists change).
//
// After the gateway and action checks it answers, first failure first:
// CodeParamError for a bad body or field (FromUserId, then DeleteType, then
// UserIds, an empty one included); CodeBatchLimit over cap ids; CodeFromNotFound
// for an unregistered FromUserId. Then each target gets an outcome:
// deleted, or an ErrorList entry with SubCode CodeDeleteSelf (FromUserId
// itself), CodeDuplicateIDs (listed more than once; none of its
// occurrences is deleted) or CodeNotFriend (FromUserId does not list it,
// registered or not). Code is 0 when at least one target was deleted;
// otherwise it is the first entry's SubCode (batchError).
func DeleteFriends(d *Deps) http.Handler {
	spec := actionSpec{name: "DeleteFriends", method: http.MethodPost, limitCode: CodeRateLimited}
	return action(d, spec, func(c *call) (reply, error) {
		var req DeleteFriendsRequest
		if err := decodeBody(c.body, &req); err != nil {
			return nil, err
		}
		if err := checkTargets(req.FromUserID, "DeleteType", req.DeleteType, req.UserIDs, batchMax(c.tenant)); err != nil {
			return nil, err
		}
		todo, fails := triage(req.FromUserID, req.UserIDs, CodeDeleteSelf)
		results, err := c.Store.DeleteFriends(c.r.Context(), c.tenant.ID, req.FromUserID, todo, *req.DeleteType == TwoWay)
		if err != nil {
			return nil, owner(err, req.FromUserID)
		}
		var removed []imemu.Edge
		deleted := 0
		for _, res := range results {
			if res.Outcome != imemu.Deleted {
				fails[res.Target] = CodeNotFriend
				continue
			}
			deleted++
			removed = append(removed, res.Removed...)
		}
		c.publishChanges(FriendsDeleted, removed)
		rep := &DeleteFriendsResponse{ErrorList: itemErrors(req.UserIDs, fails)}
		return rep, batchError(deleted, firstSubCode(rep.ErrorList), "ErrorList")
	})
}

// itemErrors lists the failed ids in request order, each once.
func itemErrors(ids []string, fails map[string]int) []ItemError {
	out := []ItemError{}
	for _, id := range ids {
		if code, ok := fails[id]; ok {
			out = append(out, ItemError{UserID: id, SubCode: code})
			delete(fails, id)
		}
	}
	return out
}

func firstSubCode(list []ItemError) int {
	if len(list) == 0 {
		return 0
	}
	return list[0].SubCode
}

// DeleteAllFriendsRequest holds DeleteAllFriends' parameters, which ZEGO
// documents in the query string; a JSON body with the same fields is
// tolerated, the query winning.
type DeleteAllFriendsRequest struct {
	FromUserID string `json:"FromUserId"`
	DeleteType *int   `json:"DeleteType"` // TwoWay or OneWay; nil when missing
}

// UnmarshalJSON decodes the body with imemu's strict rules (strictObject).
func (q *DeleteAllFriendsRequest) UnmarshalJSON(b []byte) error {
	type plain DeleteAllFriendsRequest
	return strictObject(b, (*plain)(q))
}

// DeleteAllFriends handles GET ?Action=DeleteAllFriends&FromUserId=…&DeleteType=…:
// FromUserId's friend list is emptied; two-way, FromUserId also leaves the
// list of everyone it listed. The answer has the envelope only: Code 0
// (also when there was nothing to delete), CodeParamError for a bad
// parameter, CodeFromNotFound for an unregistered FromUserId.
func DeleteAllFriends(d *Deps) http.Handler {
	spec := actionSpec{name: "DeleteAllFriends", method: http.MethodGet, limitCode: CodeRateLimited}
	return action(d, spec, func(c *call) (reply, error) {
		var req DeleteAllFriendsRequest
		if err := decodeOptionalBody(c.body, &req); err != nil {
			return nil, err
		}
		err := fromQuery(c.r.URL.Query(),
			queryParam{name: "FromUserId", str: &req.FromUserID},
			queryParam{name: "DeleteType", num: &req.DeleteType})
		if err != nil {
			return nil, err
		}
		if err := checkUserID("FromUserId", req.FromUserID); err != nil {
			return nil, err
		}
		if err := requireType("DeleteType", req.DeleteType); err != nil {
			return nil, err
		}
		removed, err := c.Store.DeleteAllFriends(c.r.Context(), c.tenant.ID, req.FromUserID, *req.DeleteType == TwoWay)
		if err != nil {
			return nil, owner(err, req.FromUserID)
		}
		c.publishChanges(FriendsDeleted, removed)
		return &Envelope{}, nil
	})
}
