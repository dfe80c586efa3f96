package timapi_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
)

// TestRelationAPIs runs scenarios of friend verification, friend_update,
// groups and profiles like TestAPIs, reading every effect back through
// TIM's own APIs, and compares each answer with
// testdata/api/<scenario>/<n>_<command>.json.
func TestRelationAPIs(t *testing.T) {
	custom := withSettings(func(s *imemu.Settings) {
		s.CustomFriendTags = []string{"Tag_SNS_Custom_Level"}
		s.CustomProfileTags = []string{"Tag_Profile_Custom_Hobby"}
	})
	scenarios := []struct {
		name  string
		opts  []envOption
		steps []step
	}{
		{"friend_update", []envOption{custom}, []step{
			{"sns/friend_update", `{"From_Account":"alice","UpdateItem":[` +
				`{"To_Account":"bob","SnsItem":[{"Tag":"Tag_SNS_IM_Remark","Value":"Bobby"},{"Tag":"Tag_SNS_IM_Group","Value":["Work","Climbing"]},{"Tag":"Tag_SNS_Custom_Level","Value":"gold"}]},` +
				`{"To_Account":"frank","SnsItem":[{"Tag":"Tag_SNS_IM_Remark","Value":"F"}]},` +
				`{"To_Account":"carol","SnsItem":[{"Tag":"Tag_SNS_IM_Group","Value":["Work"]}]}]}`},
			{"sns/friend_get_list", `{"From_Account":"alice","To_Account":["bob","carol"],"TagList":["Tag_SNS_IM_Remark","Tag_SNS_IM_Group","Tag_SNS_Custom_Level"]}`},
			{"sns/group_get", `{"From_Account":"alice","NeedFriend":"Need_Friend_Type_Yes"}`},
			{"sns/friend_get", `{"From_Account":"alice","StartIndex":0}`},
			// An empty group list and an empty custom value clear them.
			{"sns/friend_update", `{"From_Account":"alice","UpdateItem":[{"To_Account":"bob","SnsItem":[{"Tag":"Tag_SNS_IM_Group","Value":[]},{"Tag":"Tag_SNS_Custom_Level","Value":""}]}]}`},
			{"sns/friend_get_list", `{"From_Account":"alice","To_Account":["bob"],"TagList":["Tag_SNS_IM_Remark","Tag_SNS_IM_Group","Tag_SNS_Custom_Level"]}`},
			{"sns/group_get", `{"From_Account":"alice","NeedFriend":"Need_Friend_Type_Yes"}`},
		}},
		{"group_add_delete", nil, []step{
			{"sns/group_add", `{"From_Account":"alice","GroupName":["Family","Work","Family"],"To_Account":["bob","erin","zed"]}`},
			{"sns/group_add", `{"From_Account":"alice","GroupName":["Work"],"To_Account":["carol"]}`},
			{"sns/group_get", `{"From_Account":"alice","NeedFriend":"Need_Friend_Type_Yes"}`},
			{"sns/group_get", `{"From_Account":"alice","GroupName":["Work","Nope"]}`},
			{"sns/friend_get_list", `{"From_Account":"alice","To_Account":["bob","carol"],"TagList":["Tag_SNS_IM_Group"]}`},
			{"sns/group_delete", `{"From_Account":"alice","GroupName":["Work"]}`},
			{"sns/group_get", `{"From_Account":"alice","NeedFriend":"Need_Friend_Type_Yes"}`},
			{"sns/friend_get_list", `{"From_Account":"alice","To_Account":["bob","carol"],"TagList":["Tag_SNS_IM_Group"]}`},
		}},
		{"group_from_friend_add", nil, []step{
			{"sns/friend_add", `{"From_Account":"frank","AddFriendItem":[{"To_Account":"erin","AddSource":"AddSource_Type_Web","GroupName":"Gym"}]}`},
			{"sns/group_get", `{"From_Account":"frank","NeedFriend":"Need_Friend_Type_Yes"}`},
			{"sns/friend_delete", `{"From_Account":"frank","To_Account":["erin"]}`},
			{"sns/group_get", `{"From_Account":"frank","NeedFriend":"Need_Friend_Type_Yes"}`},
		}},
		{"portrait", []envOption{custom}, []step{
			{"profile/portrait_set", `{"From_Account":"alice","ProfileItem":[{"Tag":"Tag_Profile_IM_Nick","Value":"Alice"},` +
				`{"Tag":"Tag_Profile_IM_Image","Value":"https://example.com/a.png"},{"Tag":"Tag_Profile_IM_AllowType","Value":"AllowType_Type_DenyAny"},` +
				`{"Tag":"Tag_Profile_IM_Gender","Value":"Gender_Type_Female"},{"Tag":"Tag_Profile_IM_Level","Value":7},{"Tag":"Tag_Profile_Custom_Hobby","Value":"chess"}]}`},
			{"profile/portrait_get", `{"To_Account":["alice","bob","zed"],"TagList":["Tag_Profile_IM_Nick","Tag_Profile_IM_Image","Tag_Profile_IM_AllowType",` +
				`"Tag_Profile_IM_AdminForbidType","Tag_Profile_IM_Gender","Tag_Profile_IM_Level","Tag_Profile_Custom_Hobby"]}`},
			{"sns/friend_get_list", `{"From_Account":"bob","To_Account":["alice"],"TagList":["Tag_Profile_IM_Nick","Tag_Profile_IM_Image",` +
				`"Tag_Profile_IM_AllowType","Tag_Profile_IM_Gender","Tag_Profile_Custom_Hobby","Tag_Profile_IM_Role"]}`},
		}},
		{"verification", nil, []step{
			{"profile/portrait_set", `{"From_Account":"erin","ProfileItem":[{"Tag":"Tag_Profile_IM_AllowType","Value":"AllowType_Type_DenyAny"}]}`},
			{"profile/portrait_set", `{"From_Account":"dave","ProfileItem":[{"Tag":"Tag_Profile_IM_AllowType","Value":"AllowType_Type_NeedConfirm"}]}`},
			{"sns/friend_add", `{"From_Account":"frank","AddFriendItem":[{"To_Account":"erin","AddSource":"AddSource_Type_Web"},` +
				`{"To_Account":"dave","AddSource":"AddSource_Type_Web"},{"To_Account":"carol","AddSource":"AddSource_Type_Web"}]}`},
			{"sns/friend_check", `{"From_Account":"frank","To_Account":["erin","dave","carol"],"CheckType":"CheckResult_Type_Both"}`},
			// Forced adds skip verification.
			{"sns/friend_add", `{"From_Account":"frank","AddFriendItem":[{"To_Account":"erin","AddSource":"AddSource_Type_Web"},` +
				`{"To_Account":"dave","AddSource":"AddSource_Type_Web"}],"ForceAddFlags":1}`},
			{"sns/friend_check", `{"From_Account":"frank","To_Account":["erin","dave"],"CheckType":"CheckResult_Type_Both"}`},
		}},
		{"black_list_dissolves", nil, []step{
			{"sns/black_list_add", `{"From_Account":"alice","To_Account":["bob","erin","frank","zed","alice","bob"]}`},
			{"sns/friend_check", `{"From_Account":"alice","To_Account":["bob","erin","frank"],"CheckType":"CheckResult_Type_Both"}`},
			{"sns/black_list_check", `{"From_Account":"alice","To_Account":["bob","carol","zed"],"CheckType":"BlackCheckResult_Type_Single"}`},
			{"sns/black_list_add", `{"From_Account":"bob","To_Account":["alice"]}`},
			{"sns/black_list_check", `{"From_Account":"alice","To_Account":["bob","erin","carol"],"CheckType":"BlackCheckResult_Type_Both"}`},
			{"sns/black_list_check", `{"From_Account":"erin","To_Account":["alice"],"CheckType":"BlackCheckResult_Type_Both"}`},
			{"sns/black_list_get", `{"From_Account":"alice","StartIndex":0,"MaxLimited":2,"LastSequence":0}`},
			{"sns/black_list_get", `{"From_Account":"alice","StartIndex":2,"MaxLimited":2,"LastSequence":0}`},
			// Blocked pairs cannot become friends, even forced.
			{"sns/friend_add", `{"From_Account":"alice","AddFriendItem":[{"To_Account":"bob","AddSource":"AddSource_Type_Web"},` +
				`{"To_Account":"erin","AddSource":"AddSource_Type_Web"}],"ForceAddFlags":1}`},
			{"sns/friend_add", `{"From_Account":"erin","AddFriendItem":[{"To_Account":"alice","AddSource":"AddSource_Type_Web"}]}`},
			// Unblocking restores nothing.
			{"sns/black_list_delete", `{"From_Account":"alice","To_Account":["bob","carol","zed","bob"]}`},
			{"sns/black_list_check", `{"From_Account":"alice","To_Account":["bob"],"CheckType":"BlackCheckResult_Type_Both"}`},
			{"sns/friend_check", `{"From_Account":"alice","To_Account":["bob"],"CheckType":"CheckResult_Type_Both"}`},
			{"sns/black_list_get", `{"From_Account":"alice","StartIndex":0,"MaxLimited":30,"LastSequence":0}`},
		}},
		{"black_list_keeps_friends", []envOption{withSettings(func(s *imemu.Settings) { s.KeepFriendsOnBlock = true })}, []step{
			{"sns/black_list_add", `{"From_Account":"alice","To_Account":["bob"]}`},
			{"sns/friend_check", `{"From_Account":"alice","To_Account":["bob"],"CheckType":"CheckResult_Type_Both"}`},
			{"sns/black_list_check", `{"From_Account":"alice","To_Account":["bob"],"CheckType":"BlackCheckResult_Type_Both"}`},
		}},
		{"need_confirm", nil, []step{
			{"profile/portrait_set", `{"From_Account":"erin","ProfileItem":[{"Tag":"Tag_Profile_IM_AllowType","Value":"AllowType_Type_NeedConfirm"}]}`},
			{"sns/friend_add", `{"From_Account":"frank","AddFriendItem":[{"To_Account":"erin","AddSource":"AddSource_Type_Web","AddWording":"hi erin"}]}`},
			{"sns/friend_add", `{"From_Account":"frank","AddFriendItem":[{"To_Account":"erin","AddSource":"AddSource_Type_Web","AddWording":"again"}]}`},
			{"sns/friend_check", `{"From_Account":"frank","To_Account":["erin"],"CheckType":"CheckResult_Type_Both"}`},
			// One-way adds skip verification.
			{"sns/friend_add", `{"From_Account":"frank","AddType":"Add_Type_Single","AddFriendItem":[{"To_Account":"erin","AddSource":"AddSource_Type_Web"}]}`},
			{"sns/friend_check", `{"From_Account":"frank","To_Account":["erin"],"CheckType":"CheckResult_Type_Both"}`},
		}},
		{"default_allow_type", []envOption{withSettings(func(s *imemu.Settings) { s.DefaultAllowType = imemu.DenyAny })}, []step{
			{"profile/portrait_get", `{"To_Account":["erin"],"TagList":["Tag_Profile_IM_AllowType"]}`},
			{"sns/friend_add", `{"From_Account":"frank","AddFriendItem":[{"To_Account":"erin","AddSource":"AddSource_Type_Web"}]}`},
			{"profile/portrait_set", `{"From_Account":"erin","ProfileItem":[{"Tag":"Tag_Profile_IM_AllowType","Value":"AllowType_Type_AllowAny"}]}`},
			{"sns/friend_add", `{"From_Account":"frank","AddFriendItem":[{"To_Account":"erin","AddSource":"AddSource_Type_Web"}]}`},
		}},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			e := newEnv(t, sc.opts...)
			for i, s := range sc.steps {
				status, got := e.do(http.MethodPost, "/v4/"+s.path, e.query().Encode(), s.body)
				require.Equal(t, http.StatusOK, status)
				assert.Equal(t, "OK", decodeEnvelope(t, got).ActionStatus, "step %d: %s", i, got)
				_, command, _ := strings.Cut(s.path, "/")
				golden(t, fmt.Sprintf("api/%s/%d_%s", sc.name, i, command), got)
			}
		})
	}
}

// TestSequencesGrow: friend_get's StandardSequence and CustomSequence and
// group_get's CurrentSequence grow with every change of the user's friend
// data, and only with a change.
func TestSequencesGrow(t *testing.T) {
	e := newEnv(t, withSettings(func(s *imemu.Settings) { s.CustomFriendTags = []string{"Tag_SNS_Custom_Level"} }))
	seqs := func() (std, custom, group float64) {
		out := e.postOK("sns/friend_get", `{"From_Account":"alice","StartIndex":0}`)
		g := e.postOK("sns/group_get", `{"From_Account":"alice"}`)
		return out["StandardSequence"].(float64), out["CustomSequence"].(float64), g["CurrentSequence"].(float64)
	}
	s0, c0, g0 := seqs()
	e.postOK("sns/friend_update", `{"From_Account":"alice","UpdateItem":[{"To_Account":"bob","SnsItem":[{"Tag":"Tag_SNS_IM_Remark","Value":"B"}]}]}`)
	s1, c1, g1 := seqs()
	assert.Greater(t, s1, s0)
	assert.Equal(t, c0, c1)
	assert.Equal(t, g0, g1)
	e.postOK("sns/friend_update", `{"From_Account":"alice","UpdateItem":[{"To_Account":"bob","SnsItem":[{"Tag":"Tag_SNS_Custom_Level","Value":"1"}]}]}`)
	_, c2, _ := seqs()
	assert.Greater(t, c2, c1)
	e.postOK("sns/group_add", `{"From_Account":"alice","GroupName":["G"]}`)
	_, _, g2 := seqs()
	assert.Greater(t, g2, g1)
	e.postOK("sns/friend_add", `{"From_Account":"alice","AddFriendItem":[{"To_Account":"frank","AddSource":"AddSource_Type_Web"}]}`)
	s3, _, _ := seqs()
	assert.Greater(t, s3, s1)
	e.postOK("sns/friend_delete", `{"From_Account":"alice","To_Account":["frank"]}`)
	s4, _, _ := seqs()
	assert.Greater(t, s4, s3)
	// Reads change nothing.
	s5, c5, g5 := seqs()
	assert.Equal(t, []float64{s4, c2, g2}, []float64{s5, c5, g5})
}

// TestNeedConfirmStoresRequest: a two-way add to a NeedConfirm user keeps
// a waiting application, which state exports (and the dashboard) show;
// adding again replaces it.
func TestNeedConfirmStoresRequest(t *testing.T) {
	e := newEnv(t)
	e.postOK("profile/portrait_set", `{"From_Account":"erin","ProfileItem":[{"Tag":"Tag_Profile_IM_AllowType","Value":"AllowType_Type_NeedConfirm"}]}`)
	for _, w := range []string{"hi", "again"} {
		e.postOK("sns/friend_add", `{"From_Account":"frank","AddFriendItem":[{"To_Account":"erin","AddSource":"AddSource_Type_Web","Remark":"E","AddWording":"`+w+`"}]}`)
	}
	key := imemu.AppKey{Vendor: imemu.VendorTIM, AppID: appID}
	apps, err := e.st.ExportApps(context.Background(), &key)
	require.NoError(t, err)
	require.Len(t, apps[0].Applications, 1)
	a := apps[0].Applications[0]
	assert.Equal(t, []string{"frank", "erin", "again", "E", "AddSource_Type_Web"}, []string{a.From, a.To, a.Wording, a.Remark, a.AddSource})
	assert.Equal(t, imemu.ApplicationWaiting, a.State)
	assert.Equal(t, "CheckResult_Type_NoRelation", e.relation("frank", "erin", "Both"))
}
