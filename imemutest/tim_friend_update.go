package imemutest

// TIMFriendUpdateRequest is the body of TIM's sns/friend_update.
type TIMFriendUpdateRequest struct {
	FromAccount string          `json:"From_Account"`
	UpdateItem  []TIMUpdateItem `json:"UpdateItem"`
}

// TIMUpdateItem is one friend's changes: Tag_SNS_IM_Remark (a string),
// Tag_SNS_IM_Group (a list of group names) or a configured
// Tag_SNS_Custom_* (a string).
type TIMUpdateItem struct {
	ToAccount string        `json:"To_Account"`
	SnsItem   []TIMTagInput `json:"SnsItem"`
}

// TIMFriendUpdateAnswer is friend_update's answer.
type TIMFriendUpdateAnswer struct {
	TIMAnswer
	ResultItem  []TIMResultItem `json:"ResultItem"`
	FailAccount []string        `json:"Fail_Account,omitempty"`
}

// FriendUpdate calls TIM's sns/friend_update and returns its answer,
// whatever its ErrorCode.
func (a *TIMApp) FriendUpdate(t TB, req TIMFriendUpdateRequest) TIMFriendUpdateAnswer {
	t.Helper()
	var out TIMFriendUpdateAnswer
	a.Post(t, "sns/friend_update", req).Decode(t, &out)
	return out
}
