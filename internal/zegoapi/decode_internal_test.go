package zegoapi

import (
	"encoding/json"
	"reflect"
	"testing"
)

// Each type strictObject decodes, as its UnmarshalJSON passes it.
type (
	plainDeleteFriends   DeleteFriendsRequest
	plainDeleteAll       DeleteAllFriendsRequest
	plainAddFriends      AddFriendsRequest
	plainFriendInfo      FriendInfo
	plainAttribute       Attribute
	plainQueryFriendList QueryFriendListRequest
	plainCheckRelations  CheckFriendsRelationRequest
	plainUserRegister    UserRegisterRequest
	plainUserInfo        UserInfo
)

var strictTypes = []func() any{
	func() any { return new(plainDeleteFriends) }, func() any { return new(plainDeleteAll) },
	func() any { return new(plainAddFriends) }, func() any { return new(plainFriendInfo) },
	func() any { return new(plainAttribute) }, func() any { return new(plainQueryFriendList) },
	func() any { return new(plainCheckRelations) }, func() any { return new(plainUserRegister) },
	func() any { return new(plainUserInfo) },
}

var strictSeeds = []string{
	`{"FromUserId":"alice","UserIds":["bob","carol"],"DeleteType":0}`, `{"FromUserId":"alice","DeleteType":1}`,
	`{"FromUserId":"a","FriendInfos":[{"UserId":"b","Wording":"w","FriendAlias":"x","FriendTime":5,"Attributes":[{"Key":"k0","Value":"v"}]}]}`,
	`{"UserId":"b","Attributes":[{"key":"k0","Key":"k1"}]}`, `{"Key":"k0","Value":"v","Value":"w"}`,
	`{"FromUserId":"a","Limit":10,"Next":0}`, `{"FromUserId":"a","UserIds":["b"],"CheckType":0}`,
	`{"UserInfo":[{"UserId":"u","UserName":"n","UserAvatar":"a"}]}`, `{"UserId":"u","UserName":null}`,
	`{"fromuserid":"a"}`, `{"FromUserId":"a","FromUserId":"b"}`, `{"FromUserId":"a","FromUserId":null}`, `{"FromUserId":7}`,
	`{"UserIds":"b"}`, `{"DeleteType":"0"}`, `{"DeleteType":1.5}`, `{"DeleteType":1e0}`, `{"Limit":null,"Next":-1}`,
	`{"FriendInfos":[1]}`, `{"FriendInfos":{"UserId":"b"}}`, `{"FriendInfos":[{"UserId":"b","FriendTime":"1"}]}`,
	`{"fromuserid":"a","FromUserId":"b"}`, `{"FromUserId":"b","FROMUSERID":"a"}`, `{"Key":"k1","key":"k2"}`, `{"key":"k1","Value":"v","VALUE":null}`,
	`{"\u004bey":"k0"}`, `{"\u212aey":"k0"}`, `{"ſalue":"v","Key":"k3"}`, `{"friendinfos":[{"userid":"b","attributes":[{"key":"k0","value":"v"}]}]}`,
	`{"Fr\u006fmUserId":"a"}`, `{"FromUserİd":"a"}`, `{"Unknown":{"a":[1]},"FromUserId":"a"}`, `{}`, `null`, `[]`, `"s"`, `1`,
}

// TestStrictObjectMatchesMembers: whichever path strictObject takes, it
// gives what strictMembers gives, value and error. Nested types are
// checked on their own, so by induction whole bodies are too.
func TestStrictObjectMatchesMembers(t *testing.T) {
	for _, body := range strictSeeds {
		checkStrict(t, []byte(body))
	}
}

func FuzzStrictObjectMatchesMembers(f *testing.F) {
	for _, s := range strictSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(checkStrict)
}

func checkStrict(t *testing.T, body []byte) {
	if !json.Valid(body) {
		return // decodeBody's json.Unmarshal refuses it before strictObject runs
	}
	for _, mk := range strictTypes {
		got, want := mk(), mk()
		gotErr, wantErr := strictObject(body, got), strictMembers(body, want)
		if gotErr != nil || wantErr != nil {
			if !reflect.DeepEqual(gotErr, wantErr) {
				t.Errorf("%T %q: error %v, strictMembers says %v", got, body, gotErr, wantErr)
			}
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%T %q: %+v, strictMembers says %+v", got, body, got, want)
		}
	}
}

// BenchmarkStrictObject compares strictObject, which takes one
// encoding/json pass for a usual body, with strictMembers alone, on a
// DeleteFriends body.
func BenchmarkStrictObject(b *testing.B) {
	body := []byte(`{"FromUserId":"u000001","UserIds":["u000002"],"DeleteType":0}`)
	for name, decode := range map[string]func([]byte, any) error{"strictObject": strictObject, "strictMembers": strictMembers} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				var req plainDeleteFriends
				if err := decode(body, &req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestMemberNamesMatchLikeEncodingJSON: a member name picks the field
// encoding/json would pick (exact, else case-insensitive with Unicode
// simple folding), so imemu reads what a Go server would.
func TestMemberNamesMatchLikeEncodingJSON(t *testing.T) {
	type goAttribute struct {
		Key   string `json:"Key"`
		Value string `json:"Value"`
	}
	for _, name := range []string{"Key", "key", "KEY", "kEy", "\u004bey", "\u212aey", "Keys", "Ke", "K ey", "Kéy", "Value", "vALUE", "ſalue", "\u017falue"} {
		body := []byte(`{"` + name + `":"x"}`)
		var want goAttribute
		if err := json.Unmarshal(body, &want); err != nil {
			t.Fatal(err)
		}
		var got plainAttribute
		if err := strictMembers(body, &got); err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		if got.Key != want.Key || got.Value != want.Value {
			t.Errorf("%s: imemu %+v, encoding/json %+v", body, got, want)
		}
	}
}
