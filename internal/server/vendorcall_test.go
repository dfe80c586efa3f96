package server

import (
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
