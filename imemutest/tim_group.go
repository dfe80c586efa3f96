package imemutest

// TIMGroupAddRequest is the body of TIM's sns/group_add.
type TIMGroupAddRequest struct {
	FromAccount string   `json:"From_Account"`
	GroupName   []string `json:"GroupName"`
	// ToAccount, when set, are friends to put into every new group.
	ToAccount []string `json:"To_Account,omitempty"`
}

// TIMGroupAddAnswer is group_add's answer.
type TIMGroupAddAnswer struct {
	TIMAnswer
	// CurrentSequence is the user's group sequence after the change.
	CurrentSequence int64 `json:"CurrentSequence"`
	// ResultItem has one item per To_Account (32216: not a friend).
	ResultItem  []TIMResultItem `json:"ResultItem,omitempty"`
	FailAccount []string        `json:"Fail_Account,omitempty"`
}

// GroupAdd calls TIM's sns/group_add and returns its answer, whatever its
// ErrorCode.
func (a *TIMApp) GroupAdd(t TB, req TIMGroupAddRequest) TIMGroupAddAnswer {
	t.Helper()
	var out TIMGroupAddAnswer
	a.Post(t, "sns/group_add", req).Decode(t, &out)
	return out
}

// TIMGroupDeleteRequest is the body of TIM's sns/group_delete.
type TIMGroupDeleteRequest struct {
	FromAccount string   `json:"From_Account"`
	GroupName   []string `json:"GroupName"`
}

// TIMGroupDeleteAnswer is group_delete's answer.
type TIMGroupDeleteAnswer struct {
	TIMAnswer
	CurrentSequence int64 `json:"CurrentSequence"`
}

// GroupDelete calls TIM's sns/group_delete and returns its answer, whatever
// its ErrorCode.
func (a *TIMApp) GroupDelete(t TB, req TIMGroupDeleteRequest) TIMGroupDeleteAnswer {
	t.Helper()
	var out TIMGroupDeleteAnswer
	a.Post(t, "sns/group_delete", req).Decode(t, &out)
	return out
}

// TIMGroupGetRequest is the body of TIM's sns/group_get.
type TIMGroupGetRequest struct {
	FromAccount string `json:"From_Account"`
	// NeedFriend is "Need_Friend_Type_Yes" to list members; "" sends none.
	NeedFriend string   `json:"NeedFriend,omitempty"`
	GroupName  []string `json:"GroupName,omitempty"`
}

// TIMGroupItem is one group of group_get's answer.
type TIMGroupItem struct {
	GroupName    string `json:"GroupName"`
	FriendNumber int    `json:"FriendNumber"`
	// ToAccount lists the members, with Need_Friend_Type_Yes only.
	ToAccount []string `json:"To_Account,omitempty"`
}

// TIMGroupGetAnswer is group_get's answer.
type TIMGroupGetAnswer struct {
	TIMAnswer
	ResultItem      []TIMGroupItem `json:"ResultItem"`
	CurrentSequence int64          `json:"CurrentSequence"`
}

// GroupGet calls TIM's sns/group_get and returns its answer, whatever its
// ErrorCode.
func (a *TIMApp) GroupGet(t TB, req TIMGroupGetRequest) TIMGroupGetAnswer {
	t.Helper()
	var out TIMGroupGetAnswer
	a.Post(t, "sns/group_get", req).Decode(t, &out)
	return out
}
