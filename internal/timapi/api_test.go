package timapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// step is one API call of a scenario.
type step struct {
	path string // e.g. "sns/friend_delete"
	body string
}

// TestAPIs runs short scenarios per API on a fresh default server and
// compares every answer with testdata/api/<scenario>/<n>_<command>.json.
// Later steps read back through the API what earlier ones changed.
func TestAPIs(t *testing.T) {
	scenarios := []struct {
		name  string
		steps []step
	}{
		{"account_import_userid", []step{
			{"im_open_login_svc/account_import", `{"UserID":"zoe","Nick":"Zoe","FaceUrl":"https://example.com/zoe.png"}`},
			{"im_open_login_svc/account_check", `{"CheckItem":[{"UserID":"zoe"}]}`},
		}},
		{"account_import_identifier", []step{
			{"im_open_login_svc/account_import", `{"Identifier":"yan","Nick":"Yan"}`},
			{"im_open_login_svc/account_check", `{"CheckItem":[{"UserID":"yan"}]}`},
		}},
		{"account_import_existing", []step{
			{"im_open_login_svc/account_import", `{"UserID":"alice"}`},
			{"sns/friend_get", `{"From_Account":"alice","StartIndex":0}`},
		}},
		{"multiaccount_import_accounts", []step{
			{"im_open_login_svc/multiaccount_import", `{"Accounts":["u1","u2","has space","alice"]}`},
			{"im_open_login_svc/account_check", `{"CheckItem":[{"UserID":"u1"},{"UserID":"u2"},{"UserID":"has space"}]}`},
		}},
		{"multiaccount_import_accountlist", []step{
			{"im_open_login_svc/multiaccount_import", `{"AccountList":[{"UserID":"u1","Nick":"U1","FaceUrl":"https://example.com/u1.png"},{"UserID":"@TGS#x"}]}`},
			{"sns/friend_add", `{"From_Account":"frank","AddFriendItem":[{"To_Account":"u1","AddSource":"AddSource_Type_Web"}]}`},
			{"sns/friend_get_list", `{"From_Account":"frank","To_Account":["u1"],"TagList":["Tag_Profile_IM_Nick","Tag_Profile_IM_Image","Tag_Profile_IM_Gender"]}`},
		}},
		{"multiaccount_import_both_forms", []step{
			{"im_open_login_svc/multiaccount_import", `{"Accounts":["u1"],"AccountList":[{"UserID":"u2"}]}`},
			{"im_open_login_svc/account_check", `{"CheckItem":[{"UserID":"u1"},{"UserID":"u2"}]}`},
		}},
		{"account_check", []step{
			{"im_open_login_svc/account_check", `{"CheckItem":[{"UserID":"alice"},{"UserID":"zed"},{"UserID":"frank"}]}`},
		}},
		{"account_delete", []step{
			{"im_open_login_svc/account_delete", `{"DeleteItem":[{"UserID":"bob"},{"UserID":"zed"}]}`},
			{"im_open_login_svc/account_check", `{"CheckItem":[{"UserID":"bob"}]}`},
			{"sns/friend_get", `{"From_Account":"alice","StartIndex":0}`},
			{"sns/friend_check", `{"From_Account":"carol","To_Account":["bob"],"CheckType":"CheckResult_Type_Both"}`},
		}},
		{"friend_add_default_both", []step{
			{"sns/friend_add", `{"From_Account":"frank","AddFriendItem":[{"To_Account":"erin","AddSource":"AddSource_Type_Android","Remark":"E","GroupName":"Work","AddWording":"hi"}]}`},
			{"sns/friend_check", `{"From_Account":"frank","To_Account":["erin"],"CheckType":"CheckResult_Type_Both"}`},
			{"sns/friend_get", `{"From_Account":"frank","StartIndex":0}`},
			{"sns/friend_get", `{"From_Account":"erin","StartIndex":0}`},
		}},
		{"friend_add_single", []step{
			{"sns/friend_add", `{"From_Account":"frank","AddFriendItem":[{"To_Account":"erin","AddSource":"AddSource_Type_Web"}],"AddType":"Add_Type_Single"}`},
			{"sns/friend_check", `{"From_Account":"frank","To_Account":["erin"],"CheckType":"CheckResult_Type_Both"}`},
		}},
		{"friend_add_force", []step{
			{"sns/friend_add", `{"From_Account":"frank","AddFriendItem":[{"To_Account":"dave","AddSource":"AddSource_Type_Web"}],"AddType":"Add_Type_Both","ForceAddFlags":1}`},
			{"sns/friend_check", `{"From_Account":"dave","To_Account":["frank"],"CheckType":"CheckResult_Type_Both"}`},
		}},
		{"friend_add_mixed", []step{
			{"sns/friend_add", `{"From_Account":"alice","AddFriendItem":[` +
				`{"To_Account":"frank","AddSource":"AddSource_Type_Web"},` +
				`{"To_Account":"bob","AddSource":"AddSource_Type_Web"},` +
				`{"To_Account":"zed","AddSource":"AddSource_Type_Web"},` +
				`{"To_Account":"alice","AddSource":"AddSource_Type_Web"},` +
				`{"To_Account":"frank","AddSource":"AddSource_Type_Web"},` +
				`{"To_Account":"erin","AddSource":"AddSource_Type_Web"}]}`},
			{"sns/friend_check", `{"From_Account":"alice","To_Account":["frank","erin"],"CheckType":"CheckResult_Type_Both"}`},
		}},
		{"friend_import", []step{
			{"sns/friend_import", `{"From_Account":"frank","AddFriendItem":[{"To_Account":"alice","Remark":"Al","RemarkTime":1420000001,` +
				`"GroupName":["Friends","Climbing"],"AddSource":"AddSource_Type_Import","AddWording":"old friend","AddTime":1420000000,` +
				`"CustomItem":[{"Tag":"Tag_SNS_Custom_Level","Value":"gold"}]},` +
				`{"To_Account":"bob","AddSource":"AddSource_Type_Import"},{"To_Account":"zed","AddSource":"AddSource_Type_Import"},` +
				`{"To_Account":"frank","AddSource":"AddSource_Type_Import"}]}`},
			{"sns/friend_get", `{"From_Account":"frank","StartIndex":0}`},
			{"sns/friend_check", `{"From_Account":"frank","To_Account":["alice","bob"],"CheckType":"CheckResult_Type_Both"}`},
			{"sns/friend_get_list", `{"From_Account":"frank","To_Account":["alice"],"TagList":["Tag_SNS_Custom_Level","Tag_SNS_IM_Remark","Tag_SNS_IM_Group","Tag_SNS_IM_AddTime","Tag_SNS_IM_RemarkTime","Tag_SNS_Custom_None"]}`},
			{"sns/friend_import", `{"From_Account":"frank","AddFriendItem":[{"To_Account":"alice","AddSource":"AddSource_Type_Import"}]}`},
		}},
		{"friend_check_single", []step{
			{"sns/friend_check", `{"From_Account":"alice","To_Account":["bob","erin","frank","zed"],"CheckType":"CheckResult_Type_Single"}`},
			{"sns/friend_check", `{"From_Account":"erin","To_Account":["alice"],"CheckType":"CheckResult_Type_Single"}`},
		}},
		{"friend_check_both", []step{
			{"sns/friend_check", `{"From_Account":"alice","To_Account":["bob","erin","frank","zed","alice"],"CheckType":"CheckResult_Type_Both"}`},
			{"sns/friend_check", `{"From_Account":"erin","To_Account":["alice"],"CheckType":"CheckResult_Type_Both"}`},
		}},
		{"friend_get", []step{
			{"sns/friend_get", `{"From_Account":"alice","StartIndex":0,"StandardSequence":0,"CustomSequence":0}`},
			{"sns/friend_get", `{"From_Account":"alice","StartIndex":2}`},
			{"sns/friend_get", `{"From_Account":"alice","StartIndex":10}`},
			{"sns/friend_get", `{"From_Account":"frank","StartIndex":0}`},
		}},
		{"friend_get_list", []step{
			{"sns/friend_get_list", `{"From_Account":"alice","To_Account":["bob","erin","zed"],"TagList":["Tag_SNS_IM_AddTime","Tag_Profile_IM_Nick","Tag_SNS_IM_Remark"]}`},
		}},
		{"friend_delete_single", []step{
			{"sns/friend_delete", `{"From_Account":"alice","To_Account":["bob"],"DeleteType":"Delete_Type_Single"}`},
			{"sns/friend_check", `{"From_Account":"alice","To_Account":["bob"],"CheckType":"CheckResult_Type_Both"}`},
		}},
		{"friend_delete_default_single", []step{
			{"sns/friend_delete", `{"From_Account":"alice","To_Account":["bob"]}`},
			{"sns/friend_check", `{"From_Account":"bob","To_Account":["alice"],"CheckType":"CheckResult_Type_Both"}`},
		}},
		{"friend_delete_both", []step{
			{"sns/friend_delete", `{"From_Account":"alice","To_Account":["bob","carol"],"DeleteType":"Delete_Type_Both"}`},
			{"sns/friend_check", `{"From_Account":"alice","To_Account":["bob","carol","dave"],"CheckType":"CheckResult_Type_Both"}`},
		}},
		{"friend_delete_partial", []step{
			{"sns/friend_delete", `{"From_Account":"alice","To_Account":["bob","frank","zed","erin","dave","bob"],"DeleteType":"Delete_Type_Both"}`},
			{"sns/friend_check", `{"From_Account":"alice","To_Account":["bob","carol","dave","erin","frank"],"CheckType":"CheckResult_Type_Both"}`},
		}},
		{"friend_delete_all_single", []step{
			{"sns/friend_delete_all", `{"From_Account":"alice"}`},
			{"sns/friend_get", `{"From_Account":"alice","StartIndex":0}`},
			{"sns/friend_check", `{"From_Account":"alice","To_Account":["bob","carol","dave","erin"],"CheckType":"CheckResult_Type_Both"}`},
		}},
		{"friend_delete_all_both", []step{
			{"sns/friend_delete_all", `{"From_Account":"alice","DeleteType":"Delete_Type_Both"}`},
			{"sns/friend_check", `{"From_Account":"alice","To_Account":["bob","carol","dave","erin"],"CheckType":"CheckResult_Type_Both"}`},
			{"sns/friend_get", `{"From_Account":"bob","StartIndex":0}`},
		}},
		{"friend_delete_all_no_friends", []step{
			{"sns/friend_delete_all", `{"From_Account":"frank","DeleteType":"Delete_Type_Both"}`},
		}},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			e := newEnv(t)
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

// TestFriendGetPaging pages through 250 friends: 100, 100, then 50 with
// CompleteFlag 1.
func TestFriendGetPaging(t *testing.T) {
	e := newEnv(t)
	var items []string
	for batch := range 3 {
		var ids []string
		for i := range 100 {
			if n := batch*100 + i; n < 250 {
				ids = append(ids, fmt.Sprintf("%q", fmt.Sprintf("p%03d", n)))
			}
		}
		e.postOK("im_open_login_svc/multiaccount_import", `{"Accounts":[`+strings.Join(ids, ",")+`]}`)
		for _, id := range ids {
			items = append(items, `{"To_Account":`+id+`,"AddSource":"AddSource_Type_Test"}`)
		}
	}
	out := e.postOK("sns/friend_import", `{"From_Account":"frank","AddFriendItem":[`+strings.Join(items, ",")+`]}`)
	assert.NotContains(t, out, "Fail_Account")

	type page struct{ start, n, next, complete int }
	for _, want := range []page{{0, 100, 100, 0}, {100, 100, 200, 0}, {200, 50, 0, 1}, {250, 0, 0, 1}} {
		out := e.postOK("sns/friend_get", fmt.Sprintf(`{"From_Account":"frank","StartIndex":%d}`, want.start))
		got := out["UserDataItem"].([]any)
		require.Len(t, got, want.n, "StartIndex %d", want.start)
		if want.n > 0 {
			assert.Equal(t, fmt.Sprintf("p%03d", want.start), got[0].(map[string]any)["To_Account"])
		}
		assert.EqualValues(t, 250, out["FriendNum"])
		assert.EqualValues(t, want.next, out["NextStartIndex"], "StartIndex %d", want.start)
		assert.EqualValues(t, want.complete, out["CompleteFlag"], "StartIndex %d", want.start)
	}
}
