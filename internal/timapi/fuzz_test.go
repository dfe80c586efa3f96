package timapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/timapi"
)

var fuzzPaths = []string{
	"/v4/sns/friend_delete", "/v4/sns/friend_delete_all", "/v4/sns/friend_add", "/v4/sns/friend_import",
	"/v4/sns/friend_check", "/v4/sns/friend_get", "/v4/sns/friend_get_list",
	"/v4/im_open_login_svc/account_import", "/v4/im_open_login_svc/multiaccount_import",
	"/v4/im_open_login_svc/account_check", "/v4/im_open_login_svc/account_delete",
	"/v4/sns/friend_remove", "/v4/",
	"/v4/sns/friend_update", "/v4/sns/black_list_add", "/v4/sns/black_list_delete", "/v4/sns/black_list_get",
	"/v4/sns/black_list_check", "/v4/sns/group_add", "/v4/sns/group_delete", "/v4/sns/group_get",
	"/v4/profile/portrait_set", "/v4/profile/portrait_get",
}

// answer is what every TIM answer must decode to.
type answer struct {
	ActionStatus string
	ErrorCode    *int
	ErrorInfo    *string
	ResultItem   []fuzzItem
	InfoItem     []fuzzItem
	// The other per-item lists (black_list_check, portrait_get).
	BlackListCheckItem []fuzzItem
	UserProfileItem    []fuzzItem
}

// fuzzItem is a per-item result; group_get's ResultItem entries are
// groups (GroupName), not results.
type fuzzItem struct {
	ResultCode *int
	GroupName  *string
}

// FuzzTIMRequest sends arbitrary query strings and bodies to every TIM
// route. Invariants: HTTP 200, a TIM envelope whose ErrorCode and every
// per-item ResultCode are in the codes table, ActionStatus OK exactly when
// ErrorCode is 0, and a rejected request leaves the state as it was.
// With valid set, the fuzzed query follows a valid admin query, so bodies
// reach the handlers.
func FuzzTIMRequest(f *testing.F) {
	seeds := []struct {
		path        uint8
		post, valid bool
		query, body string
	}{
		{0, true, true, "", `{"From_Account":"alice","To_Account":["bob","zed"],"DeleteType":"Delete_Type_Both"}`},
		{0, true, true, "", `{"From_Account":"alice","To_Account":[1]}`},
		{0, true, true, "", `{"From_Account":"alice","To_Account":"bob"}`},
		{0, true, true, "sdkappid=1", `{}`},
		{1, true, true, "", `{"From_Account":"alice","DeleteType":"Delete_Type_Both"}`},
		{2, true, true, "", `{"From_Account":"frank","AddFriendItem":[{"To_Account":"erin","AddSource":"AddSource_Type_X"}]}`},
		{3, true, true, "", `{"From_Account":"frank","AddFriendItem":[{"To_Account":"bob","AddSource":"AddSource_Type_X","CustomItem":[{"Tag":"Tag_SNS_Custom_A","Value":"1"}]}]}`},
		{4, true, true, "", `{"From_Account":"alice","To_Account":["bob"],"CheckType":"CheckResult_Type_Both"}`},
		{5, true, true, "", `{"From_Account":"alice","StartIndex":1}`},
		{6, true, true, "", `{"From_Account":"alice","To_Account":["bob"],"TagList":["Tag_SNS_IM_AddTime"]}`},
		{7, true, true, "", `{"UserID":"zoe"}`},
		{8, true, true, "", `{"Accounts":["a b","c"],"AccountList":[{"UserID":7}]}`},
		{9, true, true, "", `{"CheckItem":[{"UserID":"alice"}]}`},
		{10, true, true, "", `{"DeleteItem":[{"UserID":"bob"}]}`},
		{13, true, true, "", `{"From_Account":"alice","UpdateItem":[{"To_Account":"bob","SnsItem":[{"Tag":"Tag_SNS_IM_Group","Value":["g"]}]}]}`},
		{14, true, true, "", `{"From_Account":"alice","To_Account":["bob","zed"]}`},
		{15, true, true, "", `{"From_Account":"alice","To_Account":["bob"]}`},
		{16, true, true, "", `{"From_Account":"alice","StartIndex":0,"MaxLimited":5,"LastSequence":0}`},
		{17, true, true, "", `{"From_Account":"alice","To_Account":["bob"],"CheckType":"BlackCheckResult_Type_Both"}`},
		{18, true, true, "", `{"From_Account":"alice","GroupName":["g"],"To_Account":["bob","frank"]}`},
		{19, true, true, "", `{"From_Account":"alice","GroupName":["g"]}`},
		{20, true, true, "", `{"From_Account":"alice","NeedFriend":"Need_Friend_Type_Yes"}`},
		{21, true, true, "", `{"From_Account":"alice","ProfileItem":[{"Tag":"Tag_Profile_IM_Level","Value":3}]}`},
		{22, true, true, "", `{"To_Account":["alice"],"TagList":["Tag_Profile_IM_AllowType"]}`},
		{11, true, true, "", `{}`},
		{0, false, true, "", ``},
		{0, true, false, "sdkappid=1400000000&identifier=administrator&usersig=eJy&random=1&contenttype=json", `{}`},
		{0, true, false, "", `not json`},
	}
	for _, s := range seeds {
		f.Add(s.path, s.post, s.valid, s.query, []byte(s.body))
	}
	e := newEnv(f, withConfig(func(c *server.Config) { c.RateLimitOff = true }))
	validQuery := e.query().Encode() // the clock is fixed: one UserSig serves every run
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, path uint8, post, valid bool, query string, body []byte) {
		method := http.MethodGet
		if post {
			method = http.MethodPost
		}
		if valid {
			query = validQuery + "&" + query
		}
		before, err := e.st.ExportApps(ctx, nil)
		require.NoError(t, err)
		req := newRequest(method, fuzzPaths[int(path)%len(fuzzPaths)], query, body)
		if req == nil {
			return // not an HTTP request a client could send
		}
		status, got := e.serve(req)
		require.Equal(t, http.StatusOK, status)
		var a answer
		require.NoError(t, json.Unmarshal(got, &a), "%s", got)
		require.NotNil(t, a.ErrorCode, "%s", got)
		require.NotNil(t, a.ErrorInfo, "%s", got)
		require.True(t, timapi.Documented(*a.ErrorCode), "undocumented ErrorCode: %s", got)
		require.Equal(t, *a.ErrorCode == 0, a.ActionStatus == "OK", "%s", got)
		require.Contains(t, []string{"OK", "FAIL"}, a.ActionStatus)
		for _, it := range slices.Concat(a.ResultItem, a.InfoItem, a.BlackListCheckItem, a.UserProfileItem) {
			if it.GroupName != nil {
				continue
			}
			require.NotNil(t, it.ResultCode, "%s", got)
			require.True(t, timapi.Documented(*it.ResultCode), "undocumented ResultCode: %s", got)
		}
		if a.ActionStatus == "FAIL" {
			after, err := e.st.ExportApps(ctx, nil)
			require.NoError(t, err)
			require.Equal(t, before, after, "a rejected request changed the state: %s", got)
		}
		resetIfGrown(t, e, before)
	})
}

// resetIfGrown reloads the fixtures once a run has imported many users,
// so long fuzzing sessions keep state small.
func resetIfGrown(t *testing.T, e *env, apps []imemu.AppState) {
	for _, a := range apps {
		if a.Tenant.Vendor == imemu.VendorTIM && len(a.Users) > 500 {
			require.NoError(t, e.st.ReplaceApps(context.Background(), e.cfg.Fixtures, nil))
		}
	}
}

func newRequest(method, path, rawQuery string, body []byte) *http.Request {
	if strings.ContainsAny(rawQuery, "# \t\r\n") {
		return nil
	}
	req, err := http.NewRequest(method, "http://imemu.test"+path+"?"+rawQuery, strings.NewReader(string(body)))
	if err != nil {
		return nil
	}
	req.RemoteAddr = "192.0.2.1:1234"
	return req
}

// serve runs req through the server.
func (e *env) serve(req *http.Request) (int, []byte) {
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, req)
	return w.Code, w.Body.Bytes()
}
