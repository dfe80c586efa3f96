package zegoapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/imemu/imemu/internal/server"
)

// publicQuery is a well-formed public-parameter query for the default app;
// the fuzz server runs with --auth off, so its signature is not checked.
const publicQuery = "AppId=1234567890&SignatureNonce=0123456789abcdef&Timestamp=1767323045&SignatureVersion=2.0&Signature=x&Action="

var fuzzMethods = []string{http.MethodPost, http.MethodGet, http.MethodPut}

var numericID = regexp.MustCompile(`^[0-9]+$`)

// FuzzZegoRequest sends arbitrary queries and bodies. Whatever comes in,
// the answer is HTTP 200 with a JSON envelope whose Code is in the codes
// table, and a request answered with a non-zero Code changes no state.
func FuzzZegoRequest(f *testing.F) {
	for _, seed := range []struct {
		method uint8
		query  string
		body   string
	}{
		{0, publicQuery + "DeleteFriends", deleteBob},
		{0, publicQuery + "DeleteFriends", `{"FromUserId":"alice","UserIds":["bob","erin","alice","bob"],"DeleteType":0}`},
		{0, publicQuery + "DeleteFriends", `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":"1"}`},
		{0, publicQuery + "DeleteFriends", `{"FromUserId":"alice","UserIds":["bob"],"DeleteType":1.5}`},
		{0, publicQuery + "DeleteFriends", `[`},
		{0, publicQuery + "AddFriends", `{"FromUserId":"frank","FriendInfos":[{"UserId":"erin","Attributes":[{"Key":"k0","Value":"v"}],"FriendTime":1}]}`},
		{0, publicQuery + "UserRegister", `{"UserInfo":[{"UserId":"gina","UserName":"G"},{"UserId":"alice"}]}`},
		{0, publicQuery + "CheckFriendsRelation", `{"FromUserId":"alice","UserIds":["bob","zed"],"CheckType":0}`},
		{1, publicQuery + "QueryFriendList&FromUserId=alice&Limit=2&Next=1", ""},
		{1, publicQuery + "DeleteAllFriends&FromUserId=bob&DeleteType=1", ""},
		{1, publicQuery + "DeleteAllFriends", `{"FromUserId":"bob","DeleteType":0}`},
		{0, publicQuery + "AddUsersToBlacklist", `{"FromUserId":"alice","UserIds":["bob","alice","zed","bob"]}`},
		{0, publicQuery + "RemoveUsersFromBlacklist", `{"FromUserId":"alice","UserIds":["bob"]}`},
		{0, publicQuery + "CheckUsersIsInBlacklist", `{"FromUserId":"alice","UserIds":["bob","zed"]}`},
		{1, publicQuery + "QueryBlacklist&FromUserId=alice&Limit=2&Next=1", ""},
		{0, publicQuery + "UpdateFriendsAlias", `{"FromUserId":"alice","UserIds":[{"UserId":"bob","FriendAlias":"B"},{"UserId":"erin"}]}`},
		{0, publicQuery + "UpdateFriendAttributes", `{"FromUserId":"alice","UserId":"bob","Attributes":[{"Key":"k0","Value":"v"},{"Key":"k0","Value":"w"}],"Action":0}`},
		{0, publicQuery + "SendFriendApplication", `{"FromUserId":"alice","FriendInfos":[{"UserId":"erin"},{"UserId":"frank","Wording":"hi","CreateTime":1}]}`},
		{0, publicQuery + "QueryUserInfos", `{"UserIds":["alice","zed"]}`},
		{0, publicQuery + "ModifyUserInfo", `{"UserInfo":[{"UserId":"alice","Extra":"x"},{"UserId":"zed"}]}`},
		{2, publicQuery + "DeleteFriends", deleteBob},
		{0, "Action=DeleteFriends&AppId=%zz", deleteBob},
		{0, "", ""},
	} {
		f.Add(seed.method, seed.query, []byte(seed.body))
	}
	e := newEnv(f, server.Config{AuthOff: true, RateLimitOff: true})
	ctx := context.Background()
	codes := knownCodes()
	f.Fuzz(func(t *testing.T, method uint8, query string, body []byte) {
		before, err := e.store.ExportApps(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		r := httptest.NewRequest(fuzzMethods[int(method)%len(fuzzMethods)], "/", strings.NewReader(string(body)))
		r.URL.RawQuery = query
		w := httptest.NewRecorder()
		e.h.ServeHTTP(w, r)

		if w.Code != http.StatusOK {
			t.Fatalf("HTTP %d: %s", w.Code, w.Body)
		}
		var env struct {
			Code      *int
			Message   *string
			RequestId *string //nolint:revive // ZEGO's field name
		}
		if err := json.Unmarshal(w.Body.Bytes(), &env); err != nil {
			t.Fatalf("answer is not JSON: %v: %s", err, w.Body)
		}
		if env.Code == nil || env.Message == nil || env.RequestId == nil {
			t.Fatalf("envelope incomplete: %s", w.Body)
		}
		if !slices.Contains(codes, *env.Code) {
			t.Fatalf("code %d not in the codes table: %s", *env.Code, w.Body)
		}
		if !numericID.MatchString(*env.RequestId) {
			t.Fatalf("RequestId %q is not numeric", *env.RequestId)
		}
		if *env.Code == 0 {
			return
		}
		after, err := e.store.ExportApps(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(before, after) {
			t.Fatalf("code %d, but the state changed: %s", *env.Code, w.Body)
		}
	})
}
