package server_test

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/signature"
	"github.com/imemu/imemu/internal/timapi"
	"github.com/imemu/imemu/internal/zegoapi"
)

// hostileCase is one hostile request. Its answer must be HTTP 200 in the
// vendor's envelope with a code from the vendor's codes table, none
// internal and no Go error text; the state must not change, except that a
// request accepted on purpose may add exactly the users in adds, stored
// verbatim.
type hostileCase struct {
	vendor imemu.Vendor
	name   string
	method string            // POST when empty
	target string            // path and query as sent
	header map[string]string // Content-Type is application/json unless set here ("" removes it)
	body   []byte
	want   []int    // the codes the answer may carry; nil: any documented one
	adds   []string // users the request registers or imports, nothing else changing
}

// TestHostileInput sends every hostile case through a server with strict
// authentication (valid credentials, so bodies reach the handlers) and the
// default body cap, and checks the answer and the state after each.
func TestHostileInput(t *testing.T) {
	t.Parallel()
	e := newRelEnv(t, server.Config{RateLimitOff: true})
	ctx := context.Background()
	// Move the state away from the fixtures, so that a request reaching
	// /_mock/reset would show.
	for _, key := range []imemu.AppKey{relZegoKey, relTIMKey} {
		tenant, err := e.st.Tenant(ctx, key)
		require.NoError(t, err)
		_, err = e.st.DeleteFriends(ctx, tenant.ID, "bob", []string{"carol"}, true)
		require.NoError(t, err)
	}

	cases := append(hostileZego(t), hostileTIM(t)...)
	counts := map[imemu.Vendor]int{}
	failures := 0
	before := e.export()
	for _, c := range cases {
		counts[c.vendor]++
		method := c.method
		if method == "" {
			method = http.MethodPost
		}
		req, err := http.NewRequest(method, e.url+c.target, bytes.NewReader(c.body))
		require.NoError(t, err, c.name)
		req.Header.Set("Content-Type", "application/json")
		for k, v := range c.header {
			req.Header.Set(k, v)
			if v == "" {
				req.Header.Del(k)
			}
		}
		problem := hostileAnswer(e, c, req)
		after := e.export()
		if problem == "" {
			problem = hostileChange(before, after, c)
		}
		if problem != "" {
			failures++
			t.Errorf("%s %s: %s", c.vendor, c.name, problem)
		}
		before = after
	}
	t.Logf("hostile input: %d ZEGO and %d TIM cases, %d non-vendor answers or state changes",
		counts[imemu.VendorZego], counts[imemu.VendorTIM], failures)
}

// hostileAnswer sends c's request and says what is wrong with the answer.
func hostileAnswer(e *relEnv, c hostileCase, req *http.Request) string {
	resp, err := e.c.Do(req)
	if err != nil {
		return err.Error()
	}
	defer resp.Body.Close()
	var raw bytes.Buffer
	if _, err := raw.ReadFrom(resp.Body); err != nil {
		return "reading the answer: " + err.Error()
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		return fmt.Sprintf("Content-Type %q", ct)
	}
	var code int
	switch c.vendor {
	case imemu.VendorZego:
		a, problem := checkZego(resp.StatusCode, raw.Bytes())
		if problem != "" {
			return problem
		}
		code = *a.Code
	case imemu.VendorTIM:
		a, problem := checkTIM(resp.StatusCode, raw.Bytes())
		if problem != "" {
			return problem
		}
		code = *a.ErrorCode
	}
	if c.want != nil && !slices.Contains(c.want, code) {
		return fmt.Sprintf("code %d, want one of %v: %.300s", code, c.want, raw.Bytes())
	}
	return ""
}

// hostileChange says how the state changed other than c allows.
func hostileChange(before, after []imemu.AppState, c hostileCase) string {
	key := relZegoKey
	if c.vendor == imemu.VendorTIM {
		key = relTIMKey
	}
	want := slices.Clone(before)
	for i, a := range want {
		if a.Tenant.Key() != key || len(c.adds) == 0 {
			continue
		}
		users := map[string]bool{}
		for _, u := range a.Users {
			users[u.ID] = true
		}
		for _, id := range c.adds {
			users[id] = true
		}
		// New users get the clock's time; compare ids and profiles only.
		want[i].Users = nil
		for _, id := range slices.Sorted(maps.Keys(users)) {
			want[i].Users = append(want[i].Users, imemu.User{ID: id})
		}
	}
	got := slices.Clone(after)
	for i := range got {
		if got[i].Tenant.Key() == key && len(c.adds) > 0 {
			got[i].Users = slices.Clone(got[i].Users)
			for j := range got[i].Users {
				got[i].Users[j] = imemu.User{ID: got[i].Users[j].ID}
			}
		}
	}
	if !reflect.DeepEqual(want, got) {
		return fmt.Sprintf("state changed: users %v → %v", userIDs(before), userIDs(after))
	}
	return ""
}

func userIDs(apps []imemu.AppState) map[string][]string {
	out := map[string][]string{}
	for _, a := range apps {
		k := fmt.Sprintf("%s/%d", a.Tenant.Vendor, a.Tenant.AppID)
		for _, u := range a.Users {
			out[k] = append(out[k], u.ID)
		}
	}
	return out
}

// zegoTarget returns "/?" and a signed query for action: valid, so the
// request reaches the Action. edit, when set, changes the parameters
// first; extra is appended raw.
func zegoTarget(action string, edit func(url.Values), extra string) string {
	const nonce = "0123456789abcdef"
	const secret = "0123456789abcdef0123456789abcdef" // the fixtures' ZEGO secret
	q := relZegoQuery(action)
	q.Set("Signature", signature.ZegoSign(uint32(relZegoKey.AppID), nonce, secret, relNow.Unix()))
	if edit != nil {
		edit(q)
	}
	return "/?" + q.Encode() + extra
}

// timTarget returns the path of api with a valid admin query: edit, when
// set, changes the parameters first; extra is appended raw.
func timTarget(t *testing.T, api string, edit func(url.Values), extra string) string {
	const key = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e" // the fixtures' TIM key
	sig, err := signature.GenUserSig(relTIMKey.AppID, key, "administrator", 86400, relNow.Unix())
	require.NoError(t, err)
	q := relTIMQuery()
	q.Set("usersig", sig)
	if edit != nil {
		edit(q)
	}
	return "/v4/" + api + "?" + q.Encode() + extra
}

func set(k, v string) func(url.Values) { return func(q url.Values) { q.Set(k, v) } }

// Hostile bodies both vendors get.
var (
	deepArray  = strings.Repeat("[", 20000) + strings.Repeat("]", 20000) // past encoding/json's depth limit
	deepObject = strings.Repeat(`{"a":`, 20000) + "1" + strings.Repeat("}", 20000)
	nineK      = strings.Repeat("[", 9000) + strings.Repeat("]", 9000) // within it
	emoji9     = strings.Repeat("😀", 9)                                // 36 bytes
	utf16      = []byte("\xff\xfe{\x00\"\x00a\x00\"\x00:\x001\x00}\x00")
)

// hugeSize is the length of the huge ids and values: 1 MB (a body holding
// one stays under the 1 MiB cap; a URL holding half of one under net/http's
// 1 MB header cap), or 64 KiB with -short. Huge lists have a tenth as
// many items.
func hugeSize() int {
	if testing.Short() {
		return 64 << 10
	}
	return 1_000_000
}

// bodyOverCap is a JSON body one byte longer than the default cap.
func bodyOverCap(prefix string) []byte {
	pad := int(server.DefaultMaxBodyBytes) + 1 - len(prefix) - len(`"}`)
	return []byte(prefix + strings.Repeat("a", pad) + `"}`)
}

func gzipped(s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	_, _ = w.Write([]byte(s))
	_ = w.Close()
	return b.Bytes()
}

// zlibBomb is a UserSig whose JSON document inflates to 1 MiB, 16 times
// the verifier's cap.
func zlibBomb() string {
	var b bytes.Buffer
	w, _ := zlib.NewWriterLevel(&b, zlib.BestCompression)
	_, _ = w.Write(bytes.Repeat([]byte(" "), 1<<20))
	_ = w.Close()
	return strings.NewReplacer("+", "*", "/", "-", "=", "_").Replace(base64.StdEncoding.EncodeToString(b.Bytes()))
}

func hostileZego(t *testing.T) []hostileCase {
	del := zegoTarget("DeleteFriends", nil, "")
	aliceBob := `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":0}` // would delete a friendship
	aliceZed := `{"FromUserId":"alice","UserIds":["zed"],"DeleteType":0}` // valid, deletes nothing
	param := []int{zegoapi.CodeParamError}
	appID := []int{zegoapi.CodeAppIDFormat}
	c := func(name, target, body string, want []int) hostileCase {
		return hostileCase{vendor: imemu.VendorZego, name: name, target: target, body: []byte(body), want: want}
	}
	get := func(hc hostileCase) hostileCase { hc.method = http.MethodGet; return hc }
	withHeader := func(hc hostileCase, k, v string) hostileCase { hc.header = map[string]string{k: v}; return hc }
	n := hugeSize()
	huge, half := strings.Repeat("a", n), strings.Repeat("a", n/2)
	bigList := `["` + strings.Repeat(`bob","`, n/10) + `bob"]`
	manyUsers := `{"UserInfo":[` + strings.Repeat(`{"UserId":"u"},`, 10_000) + `{"UserId":"u"}]}`
	deleteAll := func(extra string) string { return zegoTarget("DeleteAllFriends", nil, extra) }
	cases := []hostileCase{
		// Size.
		{vendor: imemu.VendorZego, name: "body over the cap", target: del,
			body: bodyOverCap(`{"FromUserId":"alice","UserIds":["bob"],"DeleteType":0,"pad":"`), want: []int{zegoapi.CodeBodyRead}},
		c(fmt.Sprintf("%d UserIds", n/10+1), del, `{"FromUserId":"alice","UserIds":`+bigList+`,"DeleteType":0}`, []int{zegoapi.CodeBatchLimit}),
		c("10,001 users to register", zegoTarget("UserRegister", nil, ""), manyUsers, []int{zegoapi.CodeTooManyUsers}),
		c("huge FromUserId", del, `{"FromUserId":"`+huge+`","UserIds":["bob"],"DeleteType":0}`, param),
		c("huge UserId to register", zegoTarget("UserRegister", nil, ""), `{"UserInfo":[{"UserId":"`+huge+`"}]}`, []int{zegoapi.CodeUserIDTooLong}),
		c("huge Wording", zegoTarget("AddFriends", nil, ""), `{"FromUserId":"alice","FriendInfos":[{"UserId":"frank","Wording":"`+huge+`"}]}`, []int{zegoapi.CodeTextTooLong}),
		get(c("huge FromUserId in the query", deleteAll("&DeleteType=0&FromUserId="+half), "", param)),
		c("huge Signature", zegoTarget("DeleteFriends", set("Signature", half), ""), aliceBob, []int{zegoapi.CodeSignatureError}),
		c("huge SignatureNonce", zegoTarget("DeleteFriends", set("SignatureNonce", half), ""), aliceBob, []int{zegoapi.CodeSignatureError}),
		// Nesting.
		c("UserIds nested 20,000 deep", del, `{"FromUserId":"alice","UserIds":`+deepArray+`,"DeleteType":0}`, param),
		c("unknown member nested 20,000 deep", del, `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":0,"x":`+deepObject+`}`, param),
		c("unknown member nested 9,000 deep", del, `{"FromUserId":"alice","UserIds":["zed"],"DeleteType":0,"x":`+nineK+`}`, []int{zegoapi.CodeNotFriend}),
		// NUL and encodings.
		c("escaped NUL in FromUserId", del, `{"FromUserId":"ali\u0000ce","UserIds":["bob"],"DeleteType":0}`, param),
		c("raw NUL in a string", del, "{\"FromUserId\":\"ali\x00ce\",\"UserIds\":[\"bob\"],\"DeleteType\":0}", param),
		c("raw NUL after the object", del, aliceBob+"\x00", param),
		get(c("NUL in a query value", deleteAll("&DeleteType=0&FromUserId=alice%00"), "", param)),
		c("NUL in Action", zegoTarget("DeleteFriends\x00", nil, ""), aliceBob, []int{zegoapi.CodeActionUnsupported}),
		c("non-UTF-8 UserName", zegoTarget("UserRegister", nil, ""), "{\"UserInfo\":[{\"UserId\":\"nonutf8\",\"UserName\":\"\xff\xfe\"}]}", param),
		c("non-UTF-8 FromUserId", del, "{\"FromUserId\":\"al\xffice\",\"UserIds\":[\"bob\"],\"DeleteType\":0}", param),
		c("non-UTF-8 Action", zegoTarget("\xff\xfe", nil, ""), aliceBob, []int{zegoapi.CodeActionUnsupported}),
		c("UTF-16 body", del, string(utf16), param),
		c("UTF-8 BOM before the body", del, "\xef\xbb\xbf"+aliceBob, param),
		c("emoji UserId to register", zegoTarget("UserRegister", nil, ""), `{"UserInfo":[{"UserId":"😀"}]}`, param),
		c("emoji FromUserId", del, `{"FromUserId":"😀","UserIds":["bob"],"DeleteType":0}`, param),
		// SQL: ZEGO's charset allows ; ( ) - but no quote or space.
		{vendor: imemu.VendorZego, name: "SQL fragment registered verbatim", target: zegoTarget("UserRegister", nil, ""),
			body: []byte(`{"UserInfo":[{"UserId":"x);DROP(TABLE)users;--"}]}`), want: []int{0}, adds: []string{"x);DROP(TABLE)users;--"}},
		c("SQL fragment with a quote", zegoTarget("UserRegister", nil, ""), `{"UserInfo":[{"UserId":"a');DROP TABLE users;--"}]}`, param),
		c("SQL fragment as FromUserId", del, `{"FromUserId":"alice;DELETE(FROM)friends;--","UserIds":["bob"],"DeleteType":0}`, []int{zegoapi.CodeFromNotFound}),
		c("LIKE wildcard %", del, `{"FromUserId":"%","UserIds":["bob"],"DeleteType":0}`, []int{zegoapi.CodeFromNotFound}),
		c("LIKE wildcard _", del, `{"FromUserId":"alic_","UserIds":["bob"],"DeleteType":0}`, []int{zegoapi.CodeFromNotFound}),
		// Methods and content types.
		get(c("GET for a POST Action", del, aliceBob, param)),
		{vendor: imemu.VendorZego, name: "PUT", method: http.MethodPut, target: del, body: []byte(aliceBob), want: param},
		{vendor: imemu.VendorZego, name: "DELETE", method: http.MethodDelete, target: del, body: []byte(aliceBob), want: param},
		{vendor: imemu.VendorZego, name: "PATCH", method: http.MethodPatch, target: del, body: []byte(aliceBob), want: param},
		{vendor: imemu.VendorZego, name: "OPTIONS", method: http.MethodOptions, target: del, body: []byte(aliceBob), want: param},
		c("POST for a GET Action", deleteAll("&FromUserId=alice&DeleteType=0"), "", param),
		withHeader(c("XML body", del, `<xml><FromUserId>alice</FromUserId></xml>`, param), "Content-Type", "application/xml"),
		withHeader(c("form body", del, `FromUserId=alice&UserIds=bob&DeleteType=0`, param), "Content-Type", "application/x-www-form-urlencoded"),
		withHeader(c("multipart body", del, "--b\r\nContent-Disposition: form-data; name=\"FromUserId\"\r\n\r\nalice\r\n--b--\r\n", param),
			"Content-Type", "multipart/form-data; boundary=b"),
		withHeader(c("gzip-encoded body", del, string(gzipped(aliceBob)), param), "Content-Encoding", "gzip"),
		withHeader(c("text/plain JSON", del, aliceZed, []int{zegoapi.CodeNotFriend}), "Content-Type", "text/plain"),
		withHeader(c("no Content-Type", del, aliceZed, []int{zegoapi.CodeNotFriend}), "Content-Type", ""),
		// Duplicate parameters: the first wins, as ZEGO's gateway reads them.
		c("Action twice, a read first", "/?Action=CheckFriendsRelation&"+strings.TrimPrefix(del, "/?"), aliceBob, nil),
		c("AppId twice, an unknown one first", "/?AppId=1&"+strings.TrimPrefix(del, "/?"), aliceBob, []int{zegoapi.CodeSecretNotFound}),
		get(c("FromUserId twice, an unregistered one first", deleteAll("&DeleteType=0&FromUserId=nobody&FromUserId=alice"), "", []int{zegoapi.CodeFromNotFound})),
		// Numbers out of range.
		c("AppId over uint32", zegoTarget("DeleteFriends", set("AppId", "4294967296"), ""), aliceBob, appID),
		c("AppId negative", zegoTarget("DeleteFriends", set("AppId", "-1"), ""), aliceBob, appID),
		c("AppId 1e400", zegoTarget("DeleteFriends", set("AppId", "1e400"), ""), aliceBob, appID),
		c("AppId with a fraction", zegoTarget("DeleteFriends", set("AppId", "1234567890.0"), ""), aliceBob, appID),
		c("AppId in hex", zegoTarget("DeleteFriends", set("AppId", "0x499602D2"), ""), aliceBob, appID),
		c("AppId with a sign", zegoTarget("DeleteFriends", set("AppId", "+1234567890"), ""), aliceBob, appID),
		c("Timestamp 1e400", zegoTarget("DeleteFriends", set("Timestamp", "1e400"), ""), aliceBob, []int{zegoapi.CodeTimestampFormat}),
		c("Timestamp over int64", zegoTarget("DeleteFriends", set("Timestamp", "9223372036854775808"), ""), aliceBob, []int{zegoapi.CodeTimestampFormat}),
		c("Timestamp int64 max", zegoTarget("DeleteFriends", set("Timestamp", "9223372036854775807"), ""), aliceBob, []int{zegoapi.CodeSignatureExpired}),
		c("Timestamp int64 min", zegoTarget("DeleteFriends", set("Timestamp", "-9223372036854775808"), ""), aliceBob, []int{zegoapi.CodeSignatureExpired}),
		c("DeleteType 1e400", del, `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":1e400}`, param),
		c("DeleteType over int64", del, `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":9223372036854775808}`, param),
		c("DeleteType -1", del, `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":-1}`, param),
		c("DeleteType 0.0", del, `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":0.0}`, param),
		c("DeleteType \"0\"", del, `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":"0"}`, param),
		c("FriendTime 1e400", zegoTarget("AddFriends", nil, ""), `{"FromUserId":"alice","FriendInfos":[{"UserId":"frank","FriendTime":1e400}]}`, param),
		c("FriendTime negative", zegoTarget("AddFriends", nil, ""), `{"FromUserId":"alice","FriendInfos":[{"UserId":"frank","FriendTime":-1}]}`, param),
		c("FriendTime int64 max", zegoTarget("AddFriends", nil, ""), `{"FromUserId":"alice","FriendInfos":[{"UserId":"frank","FriendTime":9223372036854775807}]}`, []int{zegoapi.CodeFriendTimeLate}),
		get(c("Limit 1e400", zegoTarget("QueryFriendList", nil, "&FromUserId=alice&Limit=1e400"), "", param)),
		get(c("Next negative", zegoTarget("QueryFriendList", nil, "&FromUserId=alice&Limit=10&Next=-1"), "", param)),
		get(c("Next over int64", zegoTarget("QueryFriendList", nil, "&FromUserId=alice&Limit=10&Next=9223372036854775808"), "", param)),
		get(c("Next int64 max", zegoTarget("QueryFriendList", nil, "&FromUserId=alice&Limit=10&Next=9223372036854775807"), "", []int{0})),
		// Bodies that are not one JSON object.
		c("empty body", del, ``, param),
		c("null body", del, `null`, param),
		c("array body", del, `[]`, param),
		c("string body", del, `"alice"`, param),
		c("number body", del, `1e400`, param),
		c("whitespace body", del, " \t\r\n", param),
		c("trailing data", del, aliceBob+` {}`, param),
		c("truncated body", del, `{"FromUserId":"alice","UserIds":["bob"`, param),
		c("member names in lower case (encoding/json matching)", del, `{"fromuserid":"alice","userids":["zed"],"deletetype":0}`, []int{zegoapi.CodeNotFriend}),
		c("escaped member name", del, `{"From\u0055serId":"alice","UserIds":["zed"],"DeleteType":0}`, []int{zegoapi.CodeNotFriend}),
		// Paths: ZEGO's gateway ignores them.
		c("path traversal to the control plane", "/x/../_mock/reset"+strings.TrimPrefix(del, "/"), aliceZed, []int{zegoapi.CodeNotFriend}),
		c("encoded path traversal", "/x/..%2f_mock%2freset"+strings.TrimPrefix(del, "/"), aliceZed, []int{zegoapi.CodeNotFriend}),
		c("double slash", "//"+strings.TrimPrefix(del, "/"), aliceZed, []int{zegoapi.CodeNotFriend}),
		c("TIM path in upper case", "/V4/sns/friend_delete"+strings.TrimPrefix(del, "/"), aliceZed, []int{zegoapi.CodeNotFriend}),
	}
	return cases
}

func hostileTIM(t *testing.T) []hostileCase {
	del := timTarget(t, "sns/friend_delete", nil, "")
	aliceBob := `{"From_Account":"alice","To_Account":["bob"],"DeleteType":"Delete_Type_Both"}` // would delete a friendship
	aliceZed := `{"From_Account":"alice","To_Account":["zed"],"DeleteType":"Delete_Type_Both"}` // valid, deletes nothing
	importOne := timTarget(t, "im_open_login_svc/account_import", nil, "")
	friendImport := timTarget(t, "sns/friend_import", nil, "")
	friendGet := timTarget(t, "sns/friend_get", nil, "")
	badJSON := []int{timapi.CodeBadJSON}
	invalid := []int{timapi.CodeInvalidParam}
	accountParam := []int{timapi.CodeAccountParam}
	notFound := []int{timapi.CodeAccountNotFound}
	httpParse := []int{timapi.CodeHTTPParse}
	noApp := []int{timapi.CodeNoSDKAppID}
	unknownPath := []int{timapi.CodeUnknownPath}
	c := func(name, target, body string, want []int) hostileCase {
		return hostileCase{vendor: imemu.VendorTIM, name: name, target: target, body: []byte(body), want: want}
	}
	withHeader := func(hc hostileCase, k, v string) hostileCase { hc.header = map[string]string{k: v}; return hc }
	method := func(hc hostileCase, m string) hostileCase { hc.method = m; return hc }
	accepted := func(name, id string) hostileCase {
		return hostileCase{vendor: imemu.VendorTIM, name: name, target: importOne, body: []byte(`{"UserID":` + jsonString(id) + `}`),
			want: []int{0}, adds: []string{id}}
	}
	n := hugeSize()
	huge, half := strings.Repeat("a", n), strings.Repeat("a", n/2)
	bigList := `["` + strings.Repeat(`bob","`, n/10) + `bob"]`
	manyAccounts := `{"Accounts":["` + strings.Repeat(`u","`, 10_000) + `u"]}`
	addTime := func(v string) string {
		return `{"From_Account":"frank","AddFriendItem":[{"To_Account":"erin","AddSource":"AddSource_Type_X","AddTime":` + v + `}]}`
	}
	return []hostileCase{
		// Size.
		{vendor: imemu.VendorTIM, name: "body over the cap", target: del,
			body: bodyOverCap(`{"From_Account":"alice","To_Account":["bob"],"DeleteType":"Delete_Type_Both","pad":"`), want: []int{timapi.CodeBadRequest}},
		c(fmt.Sprintf("%d To_Account", n/10+1), del, `{"From_Account":"alice","To_Account":`+bigList+`}`, invalid),
		c("10,001 accounts to import", timTarget(t, "im_open_login_svc/multiaccount_import", nil, ""), manyAccounts, accountParam),
		c("huge UserID to import", importOne, `{"UserID":"`+huge+`"}`, accountParam),
		c("huge From_Account", del, `{"From_Account":"`+huge+`","To_Account":["bob"]}`, notFound),
		c("huge Nick", importOne, `{"UserID":"nick","Nick":"`+huge+`"}`, []int{timapi.CodeProfileTooLong}),
		c("huge identifier", timTarget(t, "sns/friend_delete", set("identifier", half), ""), aliceBob, nil),
		c("huge usersig", timTarget(t, "sns/friend_delete", set("usersig", half), ""), aliceBob, []int{timapi.CodeSigMalformed}),
		c("usersig inflating to 1 MiB", timTarget(t, "sns/friend_delete", set("usersig", zlibBomb()), ""), aliceBob, []int{timapi.CodeSigMalformed}),
		// Nesting.
		c("To_Account nested 20,000 deep", del, `{"From_Account":"alice","To_Account":`+deepArray+`}`, badJSON),
		c("unknown member nested 20,000 deep", del, `{"From_Account":"alice","To_Account":["bob"],"x":`+deepObject+`}`, badJSON),
		c("unknown member nested 9,000 deep", del, `{"From_Account":"alice","To_Account":["zed"],"x":`+nineK+`}`, []int{0}),
		// NUL and encodings.
		c("escaped NUL in From_Account", del, `{"From_Account":"ali\u0000ce","To_Account":["bob"]}`, notFound),
		c("escaped NUL in a UserID to import", importOne, `{"UserID":"a\u0000b"}`, accountParam),
		c("raw NUL in a string", del, "{\"From_Account\":\"ali\x00ce\",\"To_Account\":[\"bob\"]}", badJSON),
		c("NUL in sdkappid", timTarget(t, "sns/friend_delete", set("sdkappid", "1400000000\x00"), ""), aliceBob, noApp),
		c("NUL in identifier", timTarget(t, "sns/friend_delete", set("identifier", "administrator\x00"), ""), aliceBob, nil),
		c("non-UTF-8 UserID to import", importOne, "{\"UserID\":\"a\xffb\"}", badJSON),
		c("non-UTF-8 Nick", importOne, "{\"UserID\":\"nick\",\"Nick\":\"\xc3\x28\"}", badJSON),
		c("non-UTF-8 From_Account", del, "{\"From_Account\":\"al\xffice\",\"To_Account\":[\"bob\"]}", badJSON),
		c("UTF-16 body", del, string(utf16), badJSON),
		c("UTF-8 BOM before the body", del, "\xef\xbb\xbf"+aliceBob, badJSON),
		accepted("emoji UserID imported verbatim", "😀😀"),
		accepted("right-to-left override imported verbatim", "a\u202eb"),
		c("emoji UserID over 32 bytes", importOne, `{"UserID":"`+emoji9+`"}`, accountParam),
		c("emoji From_Account", del, `{"From_Account":"😀","To_Account":["bob"]}`, notFound),
		// SQL.
		accepted("SQL fragment imported verbatim", "a');DROP/**/TABLE/**/users;--"),
		c("SQL fragment with spaces", importOne, `{"UserID":"a'); DROP TABLE users;--"}`, accountParam),
		c("SQL fragment as From_Account", del, `{"From_Account":"alice'--","To_Account":["bob"]}`, notFound),
		c("SQL tautology to delete everything", timTarget(t, "sns/friend_delete_all", nil, ""), `{"From_Account":"' OR 1=1 --","DeleteType":"Delete_Type_Both"}`, notFound),
		c("LIKE wildcard %", del, `{"From_Account":"%","To_Account":["bob"]}`, notFound),
		c("LIKE wildcard _", del, `{"From_Account":"alic_","To_Account":["bob"]}`, notFound),
		// Methods and content types.
		method(c("GET", del, aliceBob, httpParse), http.MethodGet),
		method(c("PUT", del, aliceBob, httpParse), http.MethodPut),
		method(c("DELETE", del, aliceBob, httpParse), http.MethodDelete),
		method(c("PATCH", del, aliceBob, httpParse), http.MethodPatch),
		method(c("OPTIONS", del, aliceBob, httpParse), http.MethodOptions),
		withHeader(c("XML body", del, `<xml><From_Account>alice</From_Account></xml>`, badJSON), "Content-Type", "application/xml"),
		withHeader(c("form body", del, `From_Account=alice&To_Account=bob`, badJSON), "Content-Type", "application/x-www-form-urlencoded"),
		withHeader(c("multipart body", del, "--b\r\nContent-Disposition: form-data; name=\"From_Account\"\r\n\r\nalice\r\n--b--\r\n", badJSON),
			"Content-Type", "multipart/form-data; boundary=b"),
		withHeader(c("gzip-encoded body", del, string(gzipped(aliceBob)), badJSON), "Content-Encoding", "gzip"),
		withHeader(c("text/plain JSON", del, aliceZed, []int{0}), "Content-Type", "text/plain"),
		withHeader(c("no Content-Type", del, aliceZed, []int{0}), "Content-Type", ""),
		// Duplicate parameters.
		c("sdkappid twice", del+"&sdkappid=1", aliceBob, httpParse),
		c("identifier twice", del+"&identifier=alice", aliceBob, httpParse),
		c("usersig twice", del+"&usersig=x", aliceBob, httpParse),
		c("random twice", del+"&random=8", aliceBob, httpParse),
		c("contenttype twice", del+"&contenttype=json", aliceBob, httpParse),
		c("malformed escape in the query", del+"&x=%zz", aliceBob, httpParse),
		// Numbers out of range.
		c("sdkappid over int64", timTarget(t, "sns/friend_delete", set("sdkappid", "9223372036854775808"), ""), aliceBob, []int{timapi.CodeUnknownApp}),
		c("sdkappid uint64 max", timTarget(t, "sns/friend_delete", set("sdkappid", "18446744073709551615"), ""), aliceBob, []int{timapi.CodeUnknownApp}),
		c("sdkappid over uint64", timTarget(t, "sns/friend_delete", set("sdkappid", "18446744073709551616"), ""), aliceBob, noApp),
		c("sdkappid negative", timTarget(t, "sns/friend_delete", set("sdkappid", "-1"), ""), aliceBob, noApp),
		c("sdkappid 1e400", timTarget(t, "sns/friend_delete", set("sdkappid", "1e400"), ""), aliceBob, noApp),
		c("random negative", timTarget(t, "sns/friend_delete", set("random", "-1"), ""), aliceBob, httpParse),
		c("random over uint32", timTarget(t, "sns/friend_delete", set("random", "4294967296"), ""), aliceBob, httpParse),
		c("random 1e400", timTarget(t, "sns/friend_delete", set("random", "1e400"), ""), aliceBob, httpParse),
		c("StartIndex 1e400", friendGet, `{"From_Account":"alice","StartIndex":1e400}`, invalid),
		c("StartIndex negative", friendGet, `{"From_Account":"alice","StartIndex":-1}`, invalid),
		c("StartIndex int max", friendGet, `{"From_Account":"alice","StartIndex":9223372036854775807}`, []int{0}),
		c("ForceAddFlags 1e400", timTarget(t, "sns/friend_add", nil, ""),
			`{"From_Account":"frank","AddFriendItem":[{"To_Account":"erin","AddSource":"AddSource_Type_X"}],"ForceAddFlags":1e400}`, invalid),
		c("AddTime 1e400", friendImport, addTime("1e400"), invalid),
		c("AddTime negative", friendImport, addTime("-1"), invalid),
		c("AddTime int64 max", friendImport, addTime("9223372036854775807"), invalid),
		c("AddTime in year 10000", friendImport, addTime("253402300800"), invalid),
		c("DeleteType a number", del, `{"From_Account":"alice","To_Account":["bob"],"DeleteType":1}`, invalid),
		// Bodies that are not one JSON object.
		c("empty body", del, ``, badJSON),
		c("null body", del, `null`, badJSON),
		c("array body", del, `[]`, badJSON),
		c("string body", del, `"alice"`, badJSON),
		c("number body", del, `1e400`, badJSON),
		c("whitespace body", del, " \t\r\n", badJSON),
		c("trailing data", del, aliceBob+` {}`, badJSON),
		c("truncated body", del, `{"From_Account":"alice","To_Account":["bob"`, badJSON),
		c("member names in lower case", del, `{"from_account":"alice","to_account":["bob"]}`, invalid),
		c("account as a number", del, `{"From_Account":1e400,"To_Account":["bob"]}`, []int{timapi.CodeAccountType}),
		// Paths: only the documented ones are APIs, and nothing under /v4/ reaches the control plane.
		c("path traversal to the control plane", "/v4/../_mock/reset?"+strings.SplitN(del, "?", 2)[1], aliceBob, unknownPath),
		c("encoded path traversal", "/v4/sns/friend_delete%2F..%2F..%2F_mock%2Freset?"+strings.SplitN(del, "?", 2)[1], aliceBob, unknownPath),
		c("trailing slash", "/v4/sns/friend_delete/?"+strings.SplitN(del, "?", 2)[1], aliceBob, unknownPath),
		c("double slash", "/v4/sns//friend_delete?"+strings.SplitN(del, "?", 2)[1], aliceBob, unknownPath),
		c("path parameter", "/v4/sns/friend_delete;x=1?"+strings.SplitN(del, "?", 2)[1], aliceBob, unknownPath),
		c("service in upper case", "/v4/SNS/friend_delete?"+strings.SplitN(del, "?", 2)[1], aliceBob, unknownPath),
	}
}

// TestHostileControlPlane sends the control plane app ids past what SQLite
// holds, bodies that are not UTF-8, nested past the decoder's limit or
// over the cap, and URLs it must not call: each answer is a 4xx control
// error in JSON without Go error text, and the state does not change.
func TestHostileControlPlane(t *testing.T) {
	t.Parallel()
	e := newRelEnv(t, server.Config{RateLimitOff: true})
	tim := func(extra string) string {
		return `{"apps":[{"vendor":"tim","appId":1400000000,"secret":"k","admin":"administrator","users":["a","b"]` + extra + `}]}`
	}
	cases := []struct {
		name, method, path, body string
	}{
		{"app id over int64", http.MethodGet, "/_mock/apps/tim/9223372036854775808", ""},
		{"app id uint64 max", http.MethodGet, "/_mock/apps/tim/18446744073709551615", ""},
		{"app id over uint64", http.MethodGet, "/_mock/apps/tim/18446744073709551616", ""},
		{"delete app id over int64", http.MethodDelete, "/_mock/apps/tim/9223372036854775808", ""},
		{"state of app id over int64", http.MethodGet, "/_mock/state?vendor=tim&app=9223372036854775808", ""},
		{"state of app 1e400", http.MethodGet, "/_mock/state?vendor=tim&app=1e400", ""},
		{"reset app id over int64", http.MethodPost, "/_mock/reset?vendor=tim&app=9223372036854775808", ""},
		{"create app id over int64", http.MethodPost, "/_mock/apps", `{"vendor":"tim","appId":9223372036854775808,"secret":"k","admin":"a"}`},
		{"fault for app id over int64", http.MethodPost, "/_mock/faults", `{"vendor":"tim","app":9223372036854775808,"code":30006}`},
		{"import app id over int64", http.MethodPut, "/_mock/state", `{"apps":[{"vendor":"tim","appId":9223372036854775808,"secret":"k","admin":"a"}]}`},
		{"import a non-UTF-8 id", http.MethodPut, "/_mock/state", strings.Replace(tim(""), `"a"`, "\"a\xff\"", 1)},
		{"import nested 20,000 deep", http.MethodPut, "/_mock/state", `{"apps":` + deepArray + `}`},
		{"import over the cap", http.MethodPut, "/_mock/state", string(bodyOverCap(`{"apps":[],"pad":"`))},
		{"import a time JSON cannot write", http.MethodPut, "/_mock/state",
			tim(`,"friends":[{"from":"a","to":"b","addedAt":"0000-01-01T00:00:00+01:00"}]`)},
		{"import a javascript: callback", http.MethodPut, "/_mock/state", strings.Replace(tim(""), `"admin"`, `"callbackUrl":"javascript:alert(1)","admin"`, 1)},
		{"create an app with a file: callback", http.MethodPost, "/_mock/apps",
			`{"vendor":"tim","appId":1400000001,"secret":"k","admin":"a","callbackUrl":"file:///etc/passwd"}`},
	}
	before := e.export()
	for _, c := range cases {
		status, raw, err := e.send(c.method, e.url+c.path, "application/json", []byte(c.body))
		require.NoError(t, err, c.name)
		var body struct {
			Error *string `json:"error"`
		}
		switch {
		case status < 400 || status > 499:
			t.Errorf("%s: HTTP %d: %.300s", c.name, status, raw)
		case json.Unmarshal(raw, &body) != nil || body.Error == nil:
			t.Errorf("%s: not a control error: %.300s", c.name, raw)
		case hasGoError(*body.Error):
			t.Errorf("%s: Go error text: %.300s", c.name, raw)
		}
		if after := e.export(); !reflect.DeepEqual(before, after) {
			t.Errorf("%s: the state changed", c.name)
			before = after
		}
	}
	t.Logf("hostile control-plane input: %d cases", len(cases))
}
