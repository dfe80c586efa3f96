package timapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/signature"
	"github.com/imemu/imemu/internal/store"
	"github.com/imemu/imemu/internal/timapi"
)

// codeCase is one request that must answer a given code, at the top level
// (ErrorCode) or, for per-item codes, in the first item.
type codeCase struct {
	name   string
	code   int  // expected ErrorCode, or the first item's ResultCode when item
	item   bool // code is a per-item ResultCode under ActionStatus OK
	opts   []envOption
	setup  func(e *env)
	method string                          // default POST
	path   string                          // default /v4/sns/friend_delete
	query  func(e *env) string             // default e.query().Encode()
	body   string                          // default a valid one-way delete of alice → bob
	check  func(t *testing.T, body []byte) // extra assertions
}

const okDelete = `{"From_Account":"alice","To_Account":["bob"]}`

// withQuery returns a query func that edits the valid admin query.
func withQuery(edit func(e *env, q url.Values)) func(e *env) string {
	return func(e *env) string {
		q := e.query()
		edit(e, q)
		return q.Encode()
	}
}

func sigFor(t testing.TB, app uint64, k, id string, expire, at int64) string {
	sig, err := signature.GenUserSig(app, k, id, expire, at)
	require.NoError(t, err)
	return sig
}

// manyIDs returns a JSON array of n distinct ids.
func manyIDs(n int) string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%q", fmt.Sprintf("u%04d", i))
	}
	return "[" + strings.Join(ids, ",") + "]"
}

// addWhale registers "whale" with maxFriends (3000) friends, for the
// friend-count limits.
func addWhale(e *env) {
	ctx := context.Background()
	tenant, err := e.st.Tenant(ctx, imemu.AppKey{Vendor: imemu.VendorTIM, AppID: appID})
	require.NoError(e.t, err)
	users := []imemu.User{{ID: "whale"}}
	var adds []imemu.Friend
	for i := range 3000 {
		id := fmt.Sprintf("w%04d", i)
		users = append(users, imemu.User{ID: id})
		adds = append(adds, imemu.Friend{ID: id, AddSource: "AddSource_Type_Test"})
	}
	_, err = e.st.RegisterUsers(ctx, tenant.ID, users)
	require.NoError(e.t, err)
	_, err = e.st.AddFriends(ctx, tenant.ID, "whale", adds, store.AddOptions{})
	require.NoError(e.t, err)
}

func hasInfo(sub string) func(t *testing.T, body []byte) {
	return func(t *testing.T, body []byte) { assert.Contains(t, string(body), sub) }
}

func codeCases() []codeCase {
	authOff := withConfig(func(c *server.Config) { c.AuthOff = true })
	return []codeCase{
		{name: "0_ok", code: 0},

		// 30001: bad parameters of sns APIs.
		{name: "30001_from_missing", code: 30001, body: `{"To_Account":["bob"]}`},
		{name: "30001_from_lowercase_member", code: 30001, body: `{"from_account":"alice","To_Account":["bob"]}`},
		{name: "30001_to_missing", code: 30001, body: `{"From_Account":"alice"}`},
		{name: "30001_to_empty", code: 30001, body: `{"From_Account":"alice","To_Account":[]}`},
		{name: "30001_to_over_1000", code: 30001, body: `{"From_Account":"alice","To_Account":` + manyIDs(1001) + `}`},
		{name: "30001_to_over_tenant_batch_max", code: 30001, body: `{"From_Account":"alice","To_Account":["bob","carol","dave"]}`,
			opts: []envOption{withTIMApp(func(t *imemu.Tenant) { t.Limits.BatchMax = 2 })}},
		{name: "30001_to_is_string", code: 30001, body: `{"From_Account":"alice","To_Account":"bob"}`},
		{name: "30001_delete_type", code: 30001, body: `{"From_Account":"alice","To_Account":["bob"],"DeleteType":"Delete_Type_All"}`},
		{name: "30001_delete_type_number", code: 30001, body: `{"From_Account":"alice","To_Account":["bob"],"DeleteType":1}`},
		{name: "30001_delete_all_type", code: 30001, path: "/v4/sns/friend_delete_all", body: `{"From_Account":"alice","DeleteType":"both"}`},
		{name: "30001_check_type", code: 30001, path: "/v4/sns/friend_check", body: `{"From_Account":"alice","To_Account":["bob"]}`},
		{name: "30001_add_source", code: 30001, item: true, path: "/v4/sns/friend_add",
			body: `{"From_Account":"frank","AddFriendItem":[{"To_Account":"erin","AddSource":"Web"}]}`},
		{name: "30001_add_type", code: 30001, path: "/v4/sns/friend_add",
			body: `{"From_Account":"frank","AddFriendItem":[{"To_Account":"erin","AddSource":"AddSource_Type_Web"}],"AddType":"Add_Type_None"}`},
		{name: "30001_force_add_flags", code: 30001, path: "/v4/sns/friend_add",
			body: `{"From_Account":"frank","AddFriendItem":[{"To_Account":"erin","AddSource":"AddSource_Type_Web"}],"ForceAddFlags":2}`},
		{name: "30001_import_custom_tag", code: 30001, path: "/v4/sns/friend_import",
			body: `{"From_Account":"frank","AddFriendItem":[{"To_Account":"erin","AddSource":"AddSource_Type_Web","CustomItem":[{"Tag":"Level","Value":"1"}]}]}`},
		{name: "30001_start_index_missing", code: 30001, path: "/v4/sns/friend_get", body: `{"From_Account":"alice"}`},
		{name: "30001_start_index_string", code: 30001, path: "/v4/sns/friend_get", body: `{"From_Account":"alice","StartIndex":"0"}`},
		{name: "30001_get_list_over_1000", code: 30001, path: "/v4/sns/friend_get_list",
			body: `{"From_Account":"alice","To_Account":` + manyIDs(1001) + `,"TagList":["Tag_SNS_IM_Remark"]}`},
		{name: "0_get_list_101", code: 0, path: "/v4/sns/friend_get_list",
			body: `{"From_Account":"alice","To_Account":` + manyIDs(101) + `,"TagList":["Tag_SNS_IM_Remark"]}`,
			check: func(t *testing.T, body []byte) {
				var got struct{ InfoItem []any }
				require.NoError(t, json.Unmarshal(body, &got))
				assert.Len(t, got.InfoItem, 101, "100 is a recommendation, not a cap")
			}},
		{name: "30001_get_list_tag", code: 30001, path: "/v4/sns/friend_get_list", body: `{"From_Account":"alice","To_Account":["bob"],"TagList":["Nick"]}`},
		{name: "30001_add_exists", code: 30001, item: true, path: "/v4/sns/friend_add",
			body: `{"From_Account":"alice","AddFriendItem":[{"To_Account":"bob","AddSource":"AddSource_Type_Web"}]}`},

		// 30003: unknown From_Account; per item, unknown To_Account.
		{name: "30003_from_unknown", code: 30003, body: `{"From_Account":"zed","To_Account":["bob"]}`},
		{name: "30003_to_unknown", code: 30003, item: true, body: `{"From_Account":"alice","To_Account":["zed"]}`},

		// 30006: the store failed.
		{name: "30006_internal", code: 30006, setup: func(e *env) { require.NoError(e.t, e.st.Close()) }},

		// 30010, 30014: friend lists full.
		{name: "30010_my_friend_limit", code: 30010, item: true, setup: addWhale, path: "/v4/sns/friend_add",
			body: `{"From_Account":"whale","AddFriendItem":[{"To_Account":"alice","AddSource":"AddSource_Type_Web"}]}`},
		{name: "30014_peer_friend_limit", code: 30014, item: true, setup: addWhale, path: "/v4/sns/friend_add",
			body: `{"From_Account":"alice","AddFriendItem":[{"To_Account":"whale","AddSource":"AddSource_Type_Web"}]}`},

		// 31704: not a friend.
		{name: "31704_not_friend", code: 31704, item: true, body: `{"From_Account":"alice","To_Account":["frank"]}`},

		// 40601: profile too long.
		{name: "40601_nick_too_long", code: 40601, path: "/v4/im_open_login_svc/account_import",
			body: `{"UserID":"zoe","Nick":"` + strings.Repeat("n", 501) + `"}`},

		// 60002: HTTP-level problems.
		{name: "60002_get_method", code: 60002, method: http.MethodGet, body: ""},
		{name: "60002_put_method", code: 60002, method: http.MethodPut},
		{name: "60002_duplicate_sdkappid", code: 60002, query: func(e *env) string { return e.query().Encode() + "&sdkappid=1400000000" }},
		{name: "60002_query_malformed", code: 60002, query: func(e *env) string { return e.query().Encode() + "&x=%zz" }},
		{name: "60002_random_missing", code: 60002, query: withQuery(func(_ *env, q url.Values) { q.Del("random") })},
		{name: "60002_random_over_uint32", code: 60002, query: withQuery(func(_ *env, q url.Values) { q.Set("random", "4294967296") })},
		{name: "60002_random_not_number", code: 60002, query: withQuery(func(_ *env, q url.Values) { q.Set("random", "abc") })},
		{name: "60002_contenttype_missing", code: 60002, query: withQuery(func(_ *env, q url.Values) { q.Del("contenttype") })},
		{name: "60002_contenttype_xml", code: 60002, query: withQuery(func(_ *env, q url.Values) { q.Set("contenttype", "xml") })},

		// 60003: the body is no JSON object.
		{name: "60003_body_not_json", code: 60003, body: `{"From_Account":"alice",`},
		{name: "60003_body_empty", code: 60003, body: " "},
		{name: "60003_body_array", code: 60003, body: `[]`},
		{name: "60003_body_null", code: 60003, body: `null`},

		// 60004: no identifier.
		{name: "60004_identifier_missing", code: 60004, query: withQuery(func(_ *env, q url.Values) { q.Del("identifier") })},

		// 60007: over the app's QPS for the API.
		{name: "60007_rate_limited", code: 60007,
			opts:  []envOption{withTIMApp(func(t *imemu.Tenant) { t.Limits.APIQPS = map[string]int{"sns/friend_delete": 1} })},
			setup: func(e *env) { e.postOK("sns/friend_delete", `{"From_Account":"frank","To_Account":["erin"]}`) }},

		// 60008: body over the server's cap.
		{name: "60008_body_over_cap", code: 60008, body: `{"From_Account":"alice","To_Account":` + manyIDs(20) + `}`,
			opts: []envOption{withConfig(func(c *server.Config) { c.MaxBodyBytes = 64 })}},

		// 60009: no such API.
		{name: "60009_unknown_command", code: 60009, path: "/v4/sns/friend_remove"},
		{name: "60009_unknown_service", code: 60009, path: "/v4/nosuch_svc/friend_delete"},
		{name: "60009_trailing_slash", code: 60009, path: "/v4/sns/friend_delete/"},
		{name: "60009_case", code: 60009, path: "/v4/SNS/friend_delete"},

		// 60010: identifier is not the admin.
		{name: "60010_not_admin", code: 60010, query: withQuery(func(e *env, q url.Values) {
			q.Set("identifier", "alice")
			q.Set("usersig", e.userSig("alice"))
		})},

		// 60012: no usable sdkappid.
		{name: "60012_sdkappid_missing", code: 60012, query: withQuery(func(_ *env, q url.Values) { q.Del("sdkappid") })},
		{name: "60012_sdkappid_not_number", code: 60012, query: withQuery(func(_ *env, q url.Values) { q.Set("sdkappid", "abc") })},
		{name: "60012_sdkappid_zero", code: 60012, query: withQuery(func(_ *env, q url.Values) { q.Set("sdkappid", "0") })},
		{name: "60012_sdkappid_wrong_case", code: 60012, query: func(e *env) string {
			return strings.Replace(e.query().Encode(), "sdkappid=", "SdkAppId=", 1)
		}},

		// 60015: accounts that are not strings.
		{name: "60015_to_account_number", code: 60015, body: `{"From_Account":"alice","To_Account":[1001]}`},
		{name: "60015_from_account_number", code: 60015, body: `{"From_Account":42,"To_Account":["bob"]}`},
		{name: "60015_user_id_object", code: 60015, path: "/v4/im_open_login_svc/account_check", body: `{"CheckItem":[{"UserID":{"id":"alice"}}]}`},

		// 70001–70020: UserSig.
		{name: "70001_usersig_expired", code: 70001, query: withQuery(func(e *env, q url.Values) {
			q.Set("usersig", sigFor(e.t, appID, key, admin, 86400, e.clk.Now().Unix()-86401))
		}), check: hasInfo("--auth off")},
		{name: "70001_boundary_still_valid", code: 0, query: withQuery(func(e *env, q url.Values) {
			q.Set("usersig", sigFor(e.t, appID, key, admin, 86400, e.clk.Now().Unix()-86400))
		})},
		{name: "70002_usersig_missing", code: 70002, query: withQuery(func(_ *env, q url.Values) { q.Del("usersig") })},
		{name: "70003_usersig_garbage", code: 70003, query: withQuery(func(_ *env, q url.Values) { q.Set("usersig", "not-a-usersig") })},
		{name: "70009_usersig_wrong_key", code: 70009, query: withQuery(func(e *env, q url.Values) {
			q.Set("usersig", sigFor(e.t, appID, strings.Repeat("0", 64), admin, 86400, e.clk.Now().Unix()))
		})},
		{name: "70013_usersig_other_identifier", code: 70013, query: withQuery(func(e *env, q url.Values) { q.Set("usersig", e.userSig("alice")) })},
		{name: "70014_usersig_other_app", code: 70014, query: withQuery(func(e *env, q url.Values) {
			q.Set("usersig", sigFor(e.t, 1400000001, key, admin, 86400, e.clk.Now().Unix()))
		})},
		{name: "70020_unknown_app", code: 70020, query: withQuery(func(e *env, q url.Values) {
			q.Set("sdkappid", "1400000001")
			q.Set("usersig", sigFor(e.t, 1400000001, key, admin, 86400, e.clk.Now().Unix()))
		})},

		// 70107: deleting an account never imported.
		{name: "70107_delete_not_imported", code: 70107, item: true, path: "/v4/im_open_login_svc/account_delete", body: `{"DeleteItem":[{"UserID":"zed"}]}`},

		// 70402: bad parameters of account APIs.
		{name: "70402_import_missing_userid", code: 70402, path: "/v4/im_open_login_svc/account_import", body: `{"Nick":"zoe"}`},
		{name: "70402_import_bad_userid", code: 70402, path: "/v4/im_open_login_svc/account_import", body: `{"UserID":"has space"}`},
		{name: "70402_import_userid_too_long", code: 70402, path: "/v4/im_open_login_svc/account_import", body: `{"UserID":"` + strings.Repeat("x", 33) + `"}`},
		{name: "70402_check_empty", code: 70402, path: "/v4/im_open_login_svc/account_check", body: `{"CheckItem":[]}`},
		{name: "70402_multi_import_over_100", code: 70402, path: "/v4/im_open_login_svc/multiaccount_import", body: `{"Accounts":` + manyIDs(101) + `}`},
		{name: "70402_delete_item_not_array", code: 70402, path: "/v4/im_open_login_svc/account_delete", body: `{"DeleteItem":{"UserID":"bob"}}`},

		// --auth off skips UserSig checks only.
		{name: "authoff_no_usersig", code: 0, opts: []envOption{authOff}, query: withQuery(func(_ *env, q url.Values) { q.Del("usersig") })},
		{name: "authoff_garbage_usersig", code: 0, opts: []envOption{authOff}, query: withQuery(func(_ *env, q url.Values) { q.Set("usersig", "x") })},
		{name: "authoff_unknown_app", code: 70020, opts: []envOption{authOff}, query: withQuery(func(_ *env, q url.Values) { q.Set("sdkappid", "1400000001") }),
			check: hasInfo("--auth off")},
		{name: "authoff_not_admin", code: 60010, opts: []envOption{authOff}, query: withQuery(func(_ *env, q url.Values) { q.Set("identifier", "alice") }),
			check: hasInfo("--auth off")},
	}
}

// TestCodes sends one request per documented code (and per choice imemu
// made where TIM is silent) through the real router and compares the
// whole answer with testdata/codes/<name>.json.
func TestCodes(t *testing.T) {
	covered := map[int]bool{}
	for _, tc := range append(codeCases(), relationCodeCases()...) {
		covered[tc.code] = true
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tc.opts...)
			if tc.setup != nil {
				tc.setup(e)
			}
			method, path, body := tc.method, tc.path, tc.body
			if method == "" {
				method = http.MethodPost
			}
			if path == "" {
				path = "/v4/sns/friend_delete"
			}
			if body == "" && method != http.MethodGet {
				body = okDelete
			}
			query := e.query().Encode()
			if tc.query != nil {
				query = tc.query(e)
			}
			status, got := e.do(method, path, query, body)
			require.Equal(t, http.StatusOK, status)
			env := decodeEnvelope(t, got)
			if tc.item {
				require.Equal(t, "OK", env.ActionStatus, "%s", got)
				var items struct{ ResultItem []struct{ ResultCode int } }
				require.NoError(t, json.Unmarshal(got, &items))
				require.NotEmpty(t, items.ResultItem, "%s", got)
				assert.Equal(t, tc.code, items.ResultItem[0].ResultCode, "%s", got)
			} else {
				assert.Equal(t, tc.code, env.ErrorCode, "%s", got)
				if tc.code == 0 {
					assert.Equal(t, "OK", env.ActionStatus)
				} else {
					assert.Equal(t, "FAIL", env.ActionStatus)
				}
			}
			if tc.check != nil {
				tc.check(t, got)
			}
			golden(t, "codes/"+tc.name, got)
		})
	}
	for _, c := range timapi.Codes() {
		assert.True(t, covered[c], "code %d has no test case", c)
	}
}

// TestFriendGetListServes1000: friend_get_list answers 1000 accounts, the
// cap of the other sns lists.
func TestFriendGetListServes1000(t *testing.T) {
	e := newEnv(t)
	out := e.postOK("sns/friend_get_list", `{"From_Account":"alice","To_Account":`+manyIDs(1000)+`,"TagList":["Tag_SNS_IM_Remark"]}`)
	assert.Len(t, out["InfoItem"], 1000)
}
