package imemutest

// TIM's CheckType values for friend_check.
const (
	// TIMCheckSingle looks at From_Account's list only.
	TIMCheckSingle = "CheckResult_Type_Single"
	// TIMCheckBoth looks at both lists.
	TIMCheckBoth = "CheckResult_Type_Both"
)

// TIMFriendCheckRequest is the body of TIM's sns/friend_check.
type TIMFriendCheckRequest struct {
	FromAccount string   `json:"From_Account"`
	ToAccount   []string `json:"To_Account"`
	// CheckType is TIMCheckSingle or TIMCheckBoth; required.
	CheckType string `json:"CheckType"`
}

// TIMCheckItem is one item of friend_check's answer.
type TIMCheckItem struct {
	ToAccount string `json:"To_Account"`
	// Relation is CheckResult_Type_BothWay, _AWithB, _BWithA or _NoRelation.
	Relation   string `json:"Relation"`
	ResultCode int    `json:"ResultCode"`
	ResultInfo string `json:"ResultInfo"`
}

// TIMFriendCheckAnswer is friend_check's answer.
type TIMFriendCheckAnswer struct {
	TIMAnswer
	InfoItem []TIMCheckItem `json:"InfoItem"`
}

// FriendCheck calls TIM's sns/friend_check and returns its answer,
// whatever its ErrorCode.
func (a *TIMApp) FriendCheck(t TB, req TIMFriendCheckRequest) TIMFriendCheckAnswer {
	t.Helper()
	var out TIMFriendCheckAnswer
	a.Post(t, "sns/friend_check", req).Decode(t, &out)
	return out
}

// TIMFriendGetRequest is the body of TIM's sns/friend_get.
type TIMFriendGetRequest struct {
	FromAccount string `json:"From_Account"`
	// StartIndex is 0 for the first page, then NextStartIndex; always sent.
	StartIndex       int   `json:"StartIndex"`
	StandardSequence int64 `json:"StandardSequence,omitempty"`
	CustomSequence   int64 `json:"CustomSequence,omitempty"`
}

// TIMUserDataItem is one friend in friend_get's answer.
type TIMUserDataItem struct {
	ToAccount string        `json:"To_Account"`
	ValueItem []TIMTagValue `json:"ValueItem"`
}

// TIMFriendGetAnswer is friend_get's answer: one page of friends.
type TIMFriendGetAnswer struct {
	TIMAnswer
	UserDataItem     []TIMUserDataItem `json:"UserDataItem"`
	StandardSequence int64             `json:"StandardSequence"`
	CustomSequence   int64             `json:"CustomSequence"`
	FriendNum        int               `json:"FriendNum"`
	// CompleteFlag is 1 on the last page.
	CompleteFlag   int `json:"CompleteFlag"`
	NextStartIndex int `json:"NextStartIndex"`
}

// FriendGet calls TIM's sns/friend_get and returns one page, whatever its
// ErrorCode.
func (a *TIMApp) FriendGet(t TB, req TIMFriendGetRequest) TIMFriendGetAnswer {
	t.Helper()
	var out TIMFriendGetAnswer
	a.Post(t, "sns/friend_get", req).Decode(t, &out)
	return out
}

// TIMFriendGetListRequest is the body of TIM's sns/friend_get_list.
type TIMFriendGetListRequest struct {
	FromAccount string   `json:"From_Account"`
	ToAccount   []string `json:"To_Account"`
	TagList     []string `json:"TagList"`
}

// TIMFriendProfile is one item of friend_get_list's answer.
type TIMFriendProfile struct {
	ToAccount      string        `json:"To_Account"`
	SnsProfileItem []TIMTagValue `json:"SnsProfileItem"`
	ResultCode     int           `json:"ResultCode"`
	ResultInfo     string        `json:"ResultInfo"`
}

// TIMFriendGetListAnswer is friend_get_list's answer.
type TIMFriendGetListAnswer struct {
	TIMAnswer
	InfoItem []TIMFriendProfile `json:"InfoItem"`
	// FailAccount lists the To_Accounts that failed; absent when none did.
	FailAccount []string `json:"Fail_Account"`
}

// FriendGetList calls TIM's sns/friend_get_list and returns its answer,
// whatever its ErrorCode.
func (a *TIMApp) FriendGetList(t TB, req TIMFriendGetListRequest) TIMFriendGetListAnswer {
	t.Helper()
	var out TIMFriendGetListAnswer
	a.Post(t, "sns/friend_get_list", req).Decode(t, &out)
	return out
}
