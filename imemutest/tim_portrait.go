package imemutest

// TIMPortraitSetRequest is the body of TIM's profile/portrait_set.
type TIMPortraitSetRequest struct {
	FromAccount string        `json:"From_Account"`
	ProfileItem []TIMTagInput `json:"ProfileItem"`
}

// TIMTagInput is one Tag/Value pair to write; Value is any JSON value
// (a string, or an integer for Tag_Profile_IM_Level and the like).
type TIMTagInput struct {
	Tag   string `json:"Tag"`
	Value any    `json:"Value"`
}

// PortraitSet calls TIM's profile/portrait_set and returns its answer,
// whatever its ErrorCode.
func (a *TIMApp) PortraitSet(t TB, req TIMPortraitSetRequest) TIMAnswer {
	t.Helper()
	return a.Post(t, "profile/portrait_set", req).TIMAnswer
}

// TIMPortraitGetRequest is the body of TIM's profile/portrait_get.
type TIMPortraitGetRequest struct {
	ToAccount []string `json:"To_Account"`
	TagList   []string `json:"TagList"`
}

// TIMUserProfileItem is one account of portrait_get's answer.
type TIMUserProfileItem struct {
	ToAccount   string        `json:"To_Account"`
	ProfileItem []TIMTagValue `json:"ProfileItem,omitempty"`
	ResultCode  int           `json:"ResultCode"`
	ResultInfo  string        `json:"ResultInfo"`
}

// TIMPortraitGetAnswer is portrait_get's answer.
type TIMPortraitGetAnswer struct {
	TIMAnswer
	UserProfileItem []TIMUserProfileItem `json:"UserProfileItem"`
	FailAccount     []string             `json:"Fail_Account,omitempty"`
}

// PortraitGet calls TIM's profile/portrait_get and returns its answer,
// whatever its ErrorCode.
func (a *TIMApp) PortraitGet(t TB, req TIMPortraitGetRequest) TIMPortraitGetAnswer {
	t.Helper()
	var out TIMPortraitGetAnswer
	a.Post(t, "profile/portrait_get", req).Decode(t, &out)
	return out
}
