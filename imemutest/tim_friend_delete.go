package imemutest

// TIM's DeleteType values for friend_delete and friend_delete_all.
const (
	// TIMDeleteSingle removes To_Account from From_Account's list only (the default).
	TIMDeleteSingle = "Delete_Type_Single"
	// TIMDeleteBoth removes both directions.
	TIMDeleteBoth = "Delete_Type_Both"
)

// TIMFriendDeleteRequest is the body of TIM's sns/friend_delete.
type TIMFriendDeleteRequest struct {
	FromAccount string   `json:"From_Account"`
	ToAccount   []string `json:"To_Account"`
	// DeleteType is TIMDeleteSingle or TIMDeleteBoth; "" sends none (single).
	DeleteType string `json:"DeleteType,omitempty"`
}

// TIMFriendDeleteAnswer is friend_delete's answer.
type TIMFriendDeleteAnswer struct {
	TIMAnswer
	// ResultItem has one item per To_Account, in request order.
	ResultItem []TIMResultItem `json:"ResultItem"`
}

// FriendDelete calls TIM's sns/friend_delete and returns its answer,
// whatever its ErrorCode.
func (a *TIMApp) FriendDelete(t TB, req TIMFriendDeleteRequest) TIMFriendDeleteAnswer {
	t.Helper()
	var out TIMFriendDeleteAnswer
	a.Post(t, "sns/friend_delete", req).Decode(t, &out)
	return out
}

// TIMFriendDeleteAllRequest is the body of TIM's sns/friend_delete_all.
type TIMFriendDeleteAllRequest struct {
	FromAccount string `json:"From_Account"`
	// DeleteType is TIMDeleteSingle or TIMDeleteBoth; "" sends none (single).
	DeleteType string `json:"DeleteType,omitempty"`
}

// FriendDeleteAll calls TIM's sns/friend_delete_all and returns its
// answer, whatever its ErrorCode.
func (a *TIMApp) FriendDeleteAll(t TB, req TIMFriendDeleteAllRequest) TIMAnswer {
	t.Helper()
	return a.Post(t, "sns/friend_delete_all", req).TIMAnswer
}
