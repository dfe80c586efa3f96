package timapi_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/store"
)

// timTenant returns the default TIM app.
func (e *env) timTenant() imemu.Tenant {
	t, err := e.st.Tenant(context.Background(), imemu.AppKey{Vendor: imemu.VendorTIM, AppID: appID})
	require.NoError(e.t, err)
	return t
}

// registerMany imports n users prefix0000… and returns their ids.
func registerMany(e *env, prefix string, n int) []string {
	ids := make([]string, n)
	users := make([]imemu.User, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%s%04d", prefix, i)
		users[i] = imemu.User{ID: ids[i]}
	}
	_, err := e.st.RegisterUsers(context.Background(), e.timTenant().ID, users)
	require.NoError(e.t, err)
	return ids
}

// fillBlocklist makes alice block 1000 users.
func fillBlocklist(e *env) {
	_, err := e.st.BlockUsers(context.Background(), e.timTenant().ID, "alice", registerMany(e, "b", 1000), store.BlockOptions{})
	require.NoError(e.t, err)
}

// fillPending gives erin, who needs to confirm, 100 waiting requests.
func fillPending(e *env) {
	setProfile("erin", "Tag_Profile_IM_AllowType", "AllowType_Type_NeedConfirm")(e)
	for _, id := range registerMany(e, "p", 100) {
		e.postOK("sns/friend_add", `{"From_Account":"`+id+`","AddFriendItem":[{"To_Account":"erin","AddSource":"AddSource_Type_Web"}]}`)
	}
}

// withSettings changes the default TIM app's relationship settings.
func withSettings(fn func(s *imemu.Settings)) envOption {
	return withTIMApp(func(t *imemu.Tenant) { fn(&t.Settings) })
}

// setProfile sets one profile tag of id through portrait_set.
func setProfile(id, tag, value string) func(e *env) {
	return func(e *env) {
		e.postOK("profile/portrait_set", `{"From_Account":"`+id+`","ProfileItem":[{"Tag":"`+tag+`","Value":"`+value+`"}]}`)
	}
}

// manyGroups returns a JSON array of n group names.
func manyGroups(n int) string {
	names := make([]string, n)
	for i := range names {
		names[i] = `"g` + strings.Repeat("x", i%5) + string(rune('A'+i%26)) + string(rune('a'+i/26)) + `"`
	}
	return "[" + strings.Join(names, ",") + "]"
}

// relationCodeCases are the codes of friend verification, friend_update,
// the group and the portrait APIs.
func relationCodeCases() []codeCase {
	customTags := withSettings(func(s *imemu.Settings) { s.CustomFriendTags = []string{"Tag_SNS_Custom_Level"} })
	const addFrankErin = `{"From_Account":"frank","AddFriendItem":[{"To_Account":"erin","AddSource":"AddSource_Type_Web"}]}`
	return []codeCase{
		// friend_add verification.
		{name: "30009_add_forbidden", code: 30009, item: true, path: "/v4/sns/friend_add", body: addFrankErin,
			setup: setProfile("frank", "Tag_Profile_IM_AdminForbidType", "AdminForbid_Type_SendOut")},
		{name: "30009_forced_add_not_forbidden", code: 0, path: "/v4/sns/friend_add",
			body:  `{"From_Account":"frank","AddFriendItem":[{"To_Account":"erin","AddSource":"AddSource_Type_Web"}],"ForceAddFlags":1}`,
			setup: setProfile("frank", "Tag_Profile_IM_AdminForbidType", "AdminForbid_Type_SendOut")},
		{name: "30011_add_group_limit", code: 30011, item: true, path: "/v4/sns/friend_add",
			body:  `{"From_Account":"frank","AddFriendItem":[{"To_Account":"erin","AddSource":"AddSource_Type_Web","GroupName":"one more"}]}`,
			setup: func(e *env) { e.postOK("sns/group_add", `{"From_Account":"frank","GroupName":`+manyGroups(32)+`}`) }},
		{name: "30516_add_deny_any", code: 30516, item: true, path: "/v4/sns/friend_add", body: addFrankErin,
			setup: setProfile("erin", "Tag_Profile_IM_AllowType", "AllowType_Type_DenyAny")},
		{name: "30516_default_deny_any", code: 30516, item: true, path: "/v4/sns/friend_add", body: addFrankErin,
			opts: []envOption{withSettings(func(s *imemu.Settings) { s.DefaultAllowType = imemu.DenyAny })}},
		{name: "30516_single_add_skips_verification", code: 0, path: "/v4/sns/friend_add",
			body:  `{"From_Account":"frank","AddFriendItem":[{"To_Account":"erin","AddSource":"AddSource_Type_Web"}],"AddType":"Add_Type_Single"}`,
			setup: setProfile("erin", "Tag_Profile_IM_AllowType", "AllowType_Type_DenyAny")},
		{name: "30539_add_need_confirm", code: 30539, item: true, path: "/v4/sns/friend_add", body: addFrankErin,
			setup: setProfile("erin", "Tag_Profile_IM_AllowType", "AllowType_Type_NeedConfirm")},

		{name: "30012_add_pending_limit", code: 30012, item: true, path: "/v4/sns/friend_add", body: addFrankErin, setup: fillPending},
		{name: "30515_add_target_blocked", code: 30515, item: true, path: "/v4/sns/friend_add", body: addFrankErin,
			setup: func(e *env) { e.postOK("sns/black_list_add", `{"From_Account":"frank","To_Account":["erin"]}`) }},
		{name: "30515_forced_add_still_refused", code: 30515, item: true, path: "/v4/sns/friend_add",
			body:  `{"From_Account":"frank","AddFriendItem":[{"To_Account":"erin","AddSource":"AddSource_Type_Web"}],"ForceAddFlags":1}`,
			setup: func(e *env) { e.postOK("sns/black_list_add", `{"From_Account":"frank","To_Account":["erin"]}`) }},
		{name: "30525_add_requester_blocked", code: 30525, item: true, path: "/v4/sns/friend_add", body: addFrankErin,
			setup: func(e *env) { e.postOK("sns/black_list_add", `{"From_Account":"erin","To_Account":["frank"]}`) }},

		// black_list_add, black_list_delete, black_list_get, black_list_check.
		{name: "30001_black_list_add_exists", code: 30001, item: true, path: "/v4/sns/black_list_add", body: `{"From_Account":"alice","To_Account":["erin"]}`,
			setup: func(e *env) { e.postOK("sns/black_list_add", `{"From_Account":"alice","To_Account":["erin"]}`) }},
		{name: "30001_black_list_add_self", code: 30001, item: true, path: "/v4/sns/black_list_add", body: `{"From_Account":"alice","To_Account":["alice"]}`},
		{name: "30001_black_list_add_to_missing", code: 30001, path: "/v4/sns/black_list_add", body: `{"From_Account":"alice"}`},
		{name: "30001_black_list_add_over_1000", code: 30001, path: "/v4/sns/black_list_add", body: `{"From_Account":"alice","To_Account":` + manyIDs(1001) + `}`},
		{name: "30003_black_list_add_from_unknown", code: 30003, path: "/v4/sns/black_list_add", body: `{"From_Account":"zed","To_Account":["bob"]}`},
		{name: "30003_black_list_add_to_unknown", code: 30003, item: true, path: "/v4/sns/black_list_add", body: `{"From_Account":"alice","To_Account":["zed"]}`},
		{name: "30013_black_list_full", code: 30013, item: true, path: "/v4/sns/black_list_add", body: `{"From_Account":"alice","To_Account":["bob"]}`, setup: fillBlocklist},
		{name: "30001_black_list_delete_not_blocked", code: 30001, item: true, path: "/v4/sns/black_list_delete", body: `{"From_Account":"alice","To_Account":["bob"]}`},
		{name: "30003_black_list_delete_from_unknown", code: 30003, path: "/v4/sns/black_list_delete", body: `{"From_Account":"zed","To_Account":["bob"]}`},
		{name: "30001_black_list_get_max_limited", code: 30001, path: "/v4/sns/black_list_get", body: `{"From_Account":"alice","StartIndex":0,"MaxLimited":0,"LastSequence":0}`},
		{name: "30001_black_list_get_start_missing", code: 30001, path: "/v4/sns/black_list_get", body: `{"From_Account":"alice","MaxLimited":30,"LastSequence":0}`},
		{name: "30001_black_list_get_last_sequence_missing", code: 30001, path: "/v4/sns/black_list_get", body: `{"From_Account":"alice","StartIndex":0,"MaxLimited":30}`},
		{name: "30003_black_list_get_from_unknown", code: 30003, path: "/v4/sns/black_list_get", body: `{"From_Account":"zed","StartIndex":0,"MaxLimited":30,"LastSequence":0}`},
		{name: "30001_black_list_check_type", code: 30001, path: "/v4/sns/black_list_check", body: `{"From_Account":"alice","To_Account":["bob"],"CheckType":"CheckResult_Type_Both"}`},
		{name: "30003_black_list_check_from_unknown", code: 30003, path: "/v4/sns/black_list_check", body: `{"From_Account":"zed","To_Account":["bob"],"CheckType":"BlackCheckResult_Type_Both"}`},

		// friend_update.
		{name: "30001_update_not_friend", code: 30001, item: true, path: "/v4/sns/friend_update",
			body: `{"From_Account":"alice","UpdateItem":[{"To_Account":"frank","SnsItem":[{"Tag":"Tag_SNS_IM_Remark","Value":"F"}]}]}`},
		{name: "30001_update_custom_not_configured", code: 30001, path: "/v4/sns/friend_update",
			body: `{"From_Account":"alice","UpdateItem":[{"To_Account":"bob","SnsItem":[{"Tag":"Tag_SNS_Custom_Type","Value":"x"}]}]}`},
		{name: "30001_update_add_source", code: 30001, path: "/v4/sns/friend_update",
			body: `{"From_Account":"alice","UpdateItem":[{"To_Account":"bob","SnsItem":[{"Tag":"Tag_SNS_IM_AddSource","Value":"AddSource_Type_X"}]}]}`},
		{name: "30001_update_remark_number", code: 30001, path: "/v4/sns/friend_update",
			body: `{"From_Account":"alice","UpdateItem":[{"To_Account":"bob","SnsItem":[{"Tag":"Tag_SNS_IM_Remark","Value":7}]}]}`},
		{name: "30001_update_custom_too_long", code: 30001, item: true, path: "/v4/sns/friend_update", opts: []envOption{customTags},
			body: `{"From_Account":"alice","UpdateItem":[{"To_Account":"bob","SnsItem":[{"Tag":"Tag_SNS_Custom_Level","Value":"` + strings.Repeat("v", 501) + `"}]}]}`},
		{name: "30001_update_group_name_too_long", code: 30001, item: true, path: "/v4/sns/friend_update",
			body: `{"From_Account":"alice","UpdateItem":[{"To_Account":"bob","SnsItem":[{"Tag":"Tag_SNS_IM_Group","Value":["` + strings.Repeat("g", 31) + `"]}]}]}`},
		{name: "30001_update_no_items", code: 30001, path: "/v4/sns/friend_update", body: `{"From_Account":"alice","UpdateItem":[]}`},
		{name: "30003_update_from_unknown", code: 30003, path: "/v4/sns/friend_update",
			body: `{"From_Account":"zed","UpdateItem":[{"To_Account":"bob","SnsItem":[{"Tag":"Tag_SNS_IM_Remark","Value":"B"}]}]}`},
		{name: "30011_update_group_limit", code: 30011, item: true, path: "/v4/sns/friend_update",
			body: `{"From_Account":"alice","UpdateItem":[{"To_Account":"bob","SnsItem":[{"Tag":"Tag_SNS_IM_Group","Value":` + manyGroups(33) + `}]}]}`},

		// group_add, group_delete, group_get.
		{name: "30001_group_add_no_names", code: 30001, path: "/v4/sns/group_add", body: `{"From_Account":"alice","GroupName":[]}`},
		{name: "30001_group_add_empty_name", code: 30001, path: "/v4/sns/group_add", body: `{"From_Account":"alice","GroupName":[""]}`},
		{name: "30001_group_delete_missing", code: 30001, path: "/v4/sns/group_delete", body: `{"From_Account":"alice","GroupName":["nope"]}`},
		{name: "30001_group_get_need_friend", code: 30001, path: "/v4/sns/group_get", body: `{"From_Account":"alice","NeedFriend":"yes"}`},
		{name: "30003_group_add_from_unknown", code: 30003, path: "/v4/sns/group_add", body: `{"From_Account":"zed","GroupName":["g"]}`},
		{name: "30003_group_get_from_unknown", code: 30003, path: "/v4/sns/group_get", body: `{"From_Account":"zed"}`},
		{name: "30011_group_add_limit", code: 30011, path: "/v4/sns/group_add", body: `{"From_Account":"alice","GroupName":` + manyGroups(33) + `}`},
		{name: "32216_group_add_not_friend", code: 32216, item: true, path: "/v4/sns/group_add",
			body: `{"From_Account":"alice","GroupName":["g"],"To_Account":["frank","bob"]}`},

		// portrait_set, portrait_get.
		{name: "40001_portrait_set_no_items", code: 40001, path: "/v4/profile/portrait_set", body: `{"From_Account":"alice","ProfileItem":[]}`},
		{name: "40001_portrait_set_from_missing", code: 40001, path: "/v4/profile/portrait_set",
			body: `{"ProfileItem":[{"Tag":"Tag_Profile_IM_Nick","Value":"A"}]}`},
		{name: "40001_portrait_get_no_tags", code: 40001, path: "/v4/profile/portrait_get", body: `{"To_Account":["alice"],"TagList":[]}`},
		{name: "40001_portrait_get_over_100", code: 40001, path: "/v4/profile/portrait_get", body: `{"To_Account":` + manyIDs(101) + `,"TagList":["Tag_Profile_IM_Nick"]}`},
		{name: "40002_portrait_get_no_targets", code: 40002, path: "/v4/profile/portrait_get", body: `{"TagList":["Tag_Profile_IM_Nick"]}`},
		{name: "40003_portrait_set_unknown", code: 40003, path: "/v4/profile/portrait_set",
			body: `{"From_Account":"zed","ProfileItem":[{"Tag":"Tag_Profile_IM_Nick","Value":"Z"}]}`},
		{name: "40009_portrait_set_unknown_tag", code: 40009, path: "/v4/profile/portrait_set",
			body: `{"From_Account":"alice","ProfileItem":[{"Tag":"Tag_Profile_IM_Mood","Value":"ok"}]}`},
		{name: "40009_portrait_set_custom_not_configured", code: 40009, path: "/v4/profile/portrait_set",
			body: `{"From_Account":"alice","ProfileItem":[{"Tag":"Tag_Profile_Custom_Hobby","Value":"chess"}]}`},
		{name: "40009_portrait_get_unknown_tag", code: 40009, path: "/v4/profile/portrait_get", body: `{"To_Account":["alice"],"TagList":["Tag_Profile_IM_Mood"]}`},
		{name: "40601_portrait_set_nick_too_long", code: 40601, path: "/v4/profile/portrait_set",
			body: `{"From_Account":"alice","ProfileItem":[{"Tag":"Tag_Profile_IM_Nick","Value":"` + strings.Repeat("n", 501) + `"}]}`},
		{name: "40605_portrait_set_allow_type", code: 40605, path: "/v4/profile/portrait_set",
			body: `{"From_Account":"alice","ProfileItem":[{"Tag":"Tag_Profile_IM_AllowType","Value":"AllowType_Type_Maybe"}]}`},
		{name: "40605_portrait_set_gender", code: 40605, path: "/v4/profile/portrait_set",
			body: `{"From_Account":"alice","ProfileItem":[{"Tag":"Tag_Profile_IM_Gender","Value":"male"}]}`},
		{name: "40610_portrait_set_nick_number", code: 40610, path: "/v4/profile/portrait_set",
			body: `{"From_Account":"alice","ProfileItem":[{"Tag":"Tag_Profile_IM_Nick","Value":42}]}`},
		{name: "40610_portrait_set_level_string", code: 40610, path: "/v4/profile/portrait_set",
			body: `{"From_Account":"alice","ProfileItem":[{"Tag":"Tag_Profile_IM_Level","Value":"3"}]}`},
	}
}
