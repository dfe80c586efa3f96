package timapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"reflect"
	"testing"
	"unicode/utf8"
)

// requestTypes makes a zero value of every request type.
var requestTypes = []func() any{
	func() any { return new(accountImportRequest) }, func() any { return new(multiAccountImportRequest) },
	func() any { return new(accountCheckRequest) }, func() any { return new(accountDeleteRequest) },
	func() any { return new(friendAddRequest) }, func() any { return new(friendImportRequest) },
	func() any { return new(friendDeleteRequest) }, func() any { return new(friendDeleteAllRequest) },
	func() any { return new(friendCheckRequest) }, func() any { return new(friendGetRequest) },
	func() any { return new(friendGetListRequest) },
}

// decodeSeeds are bodies on both sides of every rule decodeExact applies.
var decodeSeeds = []string{
	`{"From_Account":"alice","To_Account":["bob","zed"],"DeleteType":"Delete_Type_Both"}`,
	`{"From_Account":"alice","To_Account":["bob"],"CheckType":"CheckResult_Type_Both"}`,
	`{"From_Account":"frank","AddFriendItem":[{"To_Account":"erin","Remark":"r","GroupName":"g","AddSource":"AddSource_Type_X","AddWording":"w"}],"AddType":"Add_Type_Both","ForceAddFlags":1}`,
	`{"From_Account":"frank","AddFriendItem":[{"To_Account":"bob","GroupName":["a"],"AddTime":5,"CustomItem":[{"Tag":"Tag_SNS_Custom_A","Value":"1"}]}]}`,
	`{"UserID":"zoe","Identifier":"x","Nick":"n","FaceUrl":"u"}`, `{"Accounts":["a b","c"],"AccountList":[{"UserID":"d","Nick":"n"}]}`,
	`{"CheckItem":[{"UserID":"alice"}]}`, `{"DeleteItem":[{"UserID":"bob"},null,{}]}`,
	`{"From_Account":"alice","StartIndex":1,"StandardSequence":0,"CustomSequence":0}`,
	`{"From_Account":"alice","To_Account":["bob"],"TagList":["Tag_SNS_IM_AddTime"]}`,
	`{"from_account":"alice","To_Account":["bob"]}`, `{"From_Account":"a","From_Account":"b"}`, `{"From_Account":"a","From_Account":null}`,
	`{"From_Account":7}`, `{"To_Account":[1]}`, `{"To_Account":"bob"}`, `{"DeleteType":5,"From_Account":true}`,
	`{"AddFriendItem":[{"to_account":"x"}]}`, `{"AddFriendItem":[{"To_Account":"x","To_Account":"y"}]}`, `{"AddFriendItem":{"To_Account":"x"}}`,
	`{"AddFriendItem":[1,{"To_Account":"x"}]}`, `{"AddFriendItem":[{"CustomItem":[{"tag":"a","Tag":"b"}]}]}`,
	`{"From_Account":"\u0061lice"}`, `{"Fr\u006fm_Account":"alice"}`, `{"From_Accounſ":"x"}`, `{"ForceAddFlags":1.5}`, `{"ForceAddFlags":"1"}`,
	`{"StartIndex":99999999999999999999}`, `{"Unknown":{"a":[1,2]},"From_Account":"a"}`, `{"From_Account":"a"} x`, `{}`, `null`, `[]`, `"s"`, ``, ` `, `{`,
	`{"From_Account":"a",}`, `{"From_Account" "a"}`, `{"AddFriendItem":null,"To_Account":null}`, `{"TagList":[null,"a"]}`,
}

// TestDecodeMatchesExact: whichever path decodeBody takes, it gives what
// decodeExact, the member-by-member decoding, gives: the same value and
// the same error.
func TestDecodeMatchesExact(t *testing.T) {
	for _, body := range decodeSeeds {
		checkDecode(t, []byte(body))
	}
}

func FuzzDecodeMatchesExact(f *testing.F) {
	for _, s := range decodeSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(checkDecode)
}

func checkDecode(t *testing.T, body []byte) {
	if !utf8.Valid(body) {
		return // refused before either path, as before
	}
	for _, mk := range requestTypes {
		got, want := mk(), mk()
		gotErr := decodeBody(httptest.NewRequest("POST", "/", bytes.NewReader(body)), got, CodeInvalidParam)
		wantErr := decodeExact(body, want, CodeInvalidParam)
		if gotErr != nil || wantErr != nil {
			if !reflect.DeepEqual(gotErr, wantErr) {
				t.Errorf("%T %q: error %v, decodeExact says %v", got, body, gotErr, wantErr)
			}
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%T %q: %+v, decodeExact says %+v", got, body, got, want)
		}
	}
}

// BenchmarkDecode compares decodeJSON, which takes one encoding/json pass
// for a usual body, with decodeExact alone, on a friend_check body of five
// accounts.
func BenchmarkDecode(b *testing.B) {
	body := []byte(`{"From_Account":"u000001","To_Account":["u000002","u000003","u000004","u000005","u000006"],"CheckType":"CheckResult_Type_Both"}`)
	b.Run("decodeJSON", func(b *testing.B) {
		for b.Loop() {
			var req friendCheckRequest
			if err := decodeJSON(body, &req, CodeInvalidParam); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decodeExact", func(b *testing.B) {
		for b.Loop() {
			var req friendCheckRequest
			if err := decodeExact(body, &req, CodeInvalidParam); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestAccountDecodesAsString: an account member reads as the JSON string
// it is, escapes or not, and only a string (or null) is one.
func TestAccountDecodesAsString(t *testing.T) {
	for _, member := range []string{`"alice"`, `""`, `"a\"b"`, `"\u00e9t\u00e9"`, `"été"`, `"a\\b"`, `"<&>"`, `null`, `7`, `true`, `["a"]`, `{"a":1}`} {
		var got struct{ A account }
		err := json.Unmarshal([]byte(`{"A":`+member+`}`), &got)
		var want struct{ A *string }
		if json.Unmarshal([]byte(`{"A":`+member+`}`), &want) != nil {
			var te *Error
			if !errors.As(err, &te) || te.Code != CodeAccountType {
				t.Errorf("%s: %v, want CodeAccountType", member, err)
			}
			continue
		}
		if err != nil || want.A != nil && string(got.A) != *want.A || want.A == nil && got.A != "" {
			t.Errorf("%s: %q, %v", member, got.A, err)
		}
	}
}
