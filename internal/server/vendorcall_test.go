package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu"
)

func TestTopLevelInt(t *testing.T) {
	tests := []struct {
		data string
		key  string
		want int
		ok   bool
	}{
		{`{"Code":660300005,"Message":"x"}`, "Code", 660300005, true},
		{`{"ActionStatus":"FAIL","ErrorCode":30008,"ErrorInfo":"x"}`, "ErrorCode", 30008, true},
		{`{"ActionStatus":"OK","ErrorCode":0,"List":[{"ErrorCode":5}]}`, "ErrorCode", 0, true},
		{`{"Data":{"Code":5},"Code":7}`, "Code", 7, true},                        // only the top level counts
		{`{"Code":1,"List":[{"a":` + strings.Repeat("1,", 100), "Code", 1, true}, // a cut body
		{`{"List":[1,2`, "Code", 0, false},
		{`{"Code":"1"}`, "Code", 0, false},
		{`{"Code":1.5}`, "Code", 0, false},
		{`[1]`, "Code", 0, false},
		{``, "Code", 0, false},
		{`<html>`, "Code", 0, false},
	}
	for _, tt := range tests {
		got, ok := topLevelInt([]byte(tt.data), tt.key)
		assert.Equal(t, tt.ok, ok, tt.data)
		assert.Equal(t, tt.want, got, tt.data)
	}
}

// decoderTopLevelInt is what topLevelInt must answer: a json.Decoder
// walk of the object, token by token (imemu's first implementation).
func decoderTopLevelInt(data []byte, key string) (int, bool) {
	d := json.NewDecoder(bytes.NewReader(data))
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return 0, false
	}
	for d.More() {
		t, err := d.Token()
		if err != nil {
			return 0, false
		}
		if name, _ := t.(string); name == key {
			var n int
			err := d.Decode(&n)
			return n, err == nil
		}
		var skip json.RawMessage
		if d.Decode(&skip) != nil {
			return 0, false
		}
	}
	return 0, false
}

// topLevelIntSeeds are answers and near-answers, well formed or not.
var topLevelIntSeeds = []string{
	`{"Code":0,"Message":"success","RequestId":"1"}`,
	`{"ActionStatus":"OK","ErrorInfo":"","ResultItem":[{"To_Account":"a","Relation":"CheckResult_Type_BothWay","ResultCode":0,"ResultInfo":""}],"ErrorCode":0}`,
	` { "Code" : -5 , "x" : null } `,
	`{"Code":null}`, `{"Code":1e3}`, `{"Code":01}`, `{"Code":-0}`, `{"Code":99999999999999999999}`,
	`{"C\u006fde":4}`, `{"Code\"":4,"Code":5}`, `{"Code":4,"Code":5}`, `{"Cod":1,,"Code":2}`,
	`{"a":"x\"y","Code":3}`, `{"a":"\u00zz","Code":3}`, `{"a":[1,,2],"Code":3}`, `{"a":{"b":[{}]},"Code":3}`,
	`{"a":tru,"Code":3}`, `{"a":truex,"Code":3}`, `{"a":1"Code":2}`, `{"a":1,}`, `{}`, `{`, `{"Code"`, `{"Code":`,
	`{"Code":12`, `{"Code":12 `, `{"a":12`, `{"a":"`, `{"a":"x","Code":"7"}`, `{"a":]`, `{"a":}`, `{1:2}`,
	"{\"a\":\"\x01\",\"Code\":3}", "{\"\xff\":1,\"Code\":3}", `{"a":[[[[[[[[]]]]]]]],"Code":8}`, `{"a":[}],"Code":8}`,
	`{"Code":1.}`, `{"Code":1.5e}`, `{"Code":-}`, `{"Code":2e+1}`, `{"Code":nul}`, `{"Code":nullx}`, `{"Code":7"`,
	`{"a":1]`, `{"a":0x1,"Code":2}`, `{"a":-01,"Code":2}`, `{"a":1.0e-3,"Code":2}`, `{"a":falsey,"Code":2}`,
	`[]`, `null`, ``, ` `, `{"Code":1}trailing`, `{"Code":true}`, `{"Code":"1"}`, `{"Code":[1]}`,
}

func TestTopLevelIntMatchesDecoder(t *testing.T) {
	for _, data := range topLevelIntSeeds {
		for cut := 0; cut <= len(data); cut++ {
			for _, key := range []string{"Code", "ErrorCode", "a"} {
				wantN, wantOK := decoderTopLevelInt([]byte(data[:cut]), key)
				n, ok := topLevelInt([]byte(data[:cut]), key)
				if n != wantN || ok != wantOK {
					t.Errorf("topLevelInt(%q, %q) = %d, %v; the decoder says %d, %v", data[:cut], key, n, ok, wantN, wantOK)
				}
			}
		}
	}
}

func FuzzTopLevelInt(f *testing.F) {
	for _, s := range topLevelIntSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		wantN, wantOK := decoderTopLevelInt([]byte(data), "Code")
		if n, ok := topLevelInt([]byte(data), "Code"); n != wantN || ok != wantOK {
			t.Errorf("topLevelInt(%q) = %d, %v; the decoder says %d, %v", data, n, ok, wantN, wantOK)
		}
	})
}

func TestStripSecrets(t *testing.T) {
	queries := []string{
		"",
		"Action=A&AppId=1&SignatureNonce=n&Timestamp=1&Signature=abc&SignatureVersion=2.0",
		"sdkappid=1&identifier=admin&usersig=eJx&random=1&contenttype=json",
		"Action=A&Signature=s1&signature=s2&SignatureNonce=n&usersig=u1&UserSig=u2&identifier=admin&bad=%zz",
		"Sig%6Eature=hidden&USERSIG=x&a=1", "Signature&a=1", "Signature=&Signature=2", "a=1;Signature=2&b=3",
		"&&Signature=1&&a=1&&", "a=1&", "&a=1", "a=%zz&Signature=1", "%zz=1&usersig=2", "a=1&b=2&a=3",
		"+Signature=1&Signature+=2&a+b=c+d", "signature=1",
		strings.Repeat("a=1&", maxQuerySegments) + "Signature=2&b=3",
		strings.Repeat("a=1&", 20000) + "Signature=2",
	}
	for _, raw := range queries {
		got := stripSecrets(raw)
		q, _ := url.ParseQuery(got)
		assert.Equal(t, journalQuery(raw), q, raw)
		for k := range q {
			assert.False(t, isSecretParam(k), "%s kept in %q", k, raw)
		}
	}
	plain := "Action=A&AppId=1"
	assert.Equal(t, plain, stripSecrets(plain), "nothing to strip: the same string")
}

func TestJournalBytes(t *testing.T) {
	small := []byte(`{"a":1}`)
	assert.Equal(t, small, journalBytes(small))
	big := []byte(`["` + strings.Repeat("x", 2*maxJournalBytes) + `"]`)
	kept := journalBytes(big)
	assert.Len(t, kept, maxJournalBytes+1)
	assert.Equal(t, journalJSON(big), journalJSON(kept), "renders as the whole body")
}

func TestJournalJSON(t *testing.T) {
	assert.Equal(t, `{"a":[1,2]}`, string(journalJSON([]byte("{ \"a\" : [1, 2] }\n"))), "JSON, compacted")
	assert.Equal(t, `"hello"`, string(journalJSON([]byte("hello"))))
	assert.Equal(t, `""`, string(journalJSON(nil)))
	big := `["` + strings.Repeat("x", maxJournalBytes) + `"]`
	got := string(journalJSON([]byte(big)))
	assert.Len(t, got, maxJournalBytes+len(`""`)+1, "cut to the cap, as a string with one escaped quote")
	assert.True(t, strings.HasPrefix(got, `"[\"xxx`))
}

func TestJournalQueryDropsCredentials(t *testing.T) {
	q := journalQuery("Action=A&Signature=s1&signature=s2&SignatureNonce=n&usersig=u1&UserSig=u2&identifier=admin&bad=%zz")
	assert.Equal(t, url.Values{"Action": {"A"}, "SignatureNonce": {"n"}, "identifier": {"admin"}}, q)
}

type failingBody struct{ err error }

func (b failingBody) Read([]byte) (int, error) { return 0, b.err }
func (failingBody) Close() error               { return nil }

func TestVendorCallReplaysBodyAndReadError(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, "/v4/sns/friend_delete?sdkappid=1400000000", strings.NewReader(`{"From_Account":"alice"}`))
	c := newVendorCall(imemu.VendorTIM, r)
	assert.Equal(t, uint64(1400000000), c.appID)
	assert.Equal(t, "sns/friend_delete", c.api)
	assert.Equal(t, "alice", c.user())
	body, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	assert.JSONEq(t, `{"From_Account":"alice"}`, string(body), "the handler reads the same body")

	// A body over the cap: the handler still sees *http.MaxBytesError.
	w := httptest.NewRecorder()
	r = httptest.NewRequest(http.MethodPost, "/?Action=DeleteFriends&AppId=x", strings.NewReader(strings.Repeat("a", 10)))
	r.Body = http.MaxBytesReader(w, r.Body, 4)
	c = newVendorCall(imemu.VendorZego, r)
	assert.Equal(t, uint64(0), c.appID, "unparsable AppId")
	assert.Equal(t, "aaaa", string(c.body))
	body, err = io.ReadAll(r.Body)
	assert.Equal(t, "aaaa", string(body))
	var tooBig *http.MaxBytesError
	assert.ErrorAs(t, err, &tooBig)

	boom := errors.New("connection reset")
	r = httptest.NewRequest(http.MethodPost, "/", nil)
	r.Body = failingBody{boom}
	newVendorCall(imemu.VendorZego, r)
	_, err = io.ReadAll(r.Body)
	assert.ErrorIs(t, err, boom)
	assert.Equal(t, "", (&vendorCall{vendor: imemu.VendorZego, body: []byte(`{"FromUserId":3}`)}).user())
}
