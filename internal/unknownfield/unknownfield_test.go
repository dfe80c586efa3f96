package unknownfield

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
)

type user struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

type base struct {
	Vendor string `json:"vendor"`
}

type app struct {
	base
	AppID   uint64                     `json:"appId"`
	Users   []user                     `json:"users"`
	Limits  *struct{ QPS int }         `json:"limits"`
	Profile map[string]json.RawMessage `json:"profile"`
	Extra   map[string]user            `json:"extra"`
	Raw     json.RawMessage            `json:"raw"`
	Skipped string                     `json:"-"`
}

type file struct {
	Apps []app `json:"apps"`
}

func TestLocate(t *testing.T) {
	for _, tc := range []struct {
		name, doc, want string
	}{
		{"top level", `{"apps":[],"tenants":1}`, ""},
		{"in an app", `{"apps":[{"vendor":"zego","color":1}]}`, "apps[0]"},
		{"in a user", `{"apps":[{"users":[{"id":"a"},{"id":"b","nmae":"B"}]}]}`, "apps[0].users[1]"},
		{"second app", `{"apps":[{"appId":1},{"appId":2,"users":[{"nmae":1}]}]}`, "apps[1].users[0]"},
		{"through a pointer", `{"apps":[{"limits":{"QPS":1,"burst":2}}]}`, "apps[0].limits"},
		{"in a map of structs", `{"apps":[{"extra":{"k":{"id":"x","bad":1}}}]}`, "apps[0].extra.k"},
		{"case-insensitive match is known", `{"apps":[{"VENDOR":"zego","APPID":1,"oops":1}]}`, "apps[0]"},
		{"a json:\"-\" field is unknown", `{"apps":[{"Skipped":"x"}]}`, "apps[0]"},
		{"after raw and map values", `{"apps":[{"raw":{"nmae":1},"profile":{"nmae":[1]},"users":[{"nmae":2}]}]}`, "apps[0].users[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dec := json.NewDecoder(bytes.NewReader([]byte(tc.doc)))
			dec.DisallowUnknownFields()
			err := dec.Decode(&file{})
			name, ok := Name(err)
			if !assert.True(t, ok, "%v", err) {
				return
			}
			path, ok := Locate([]byte(tc.doc), &file{}, name)
			assert.True(t, ok)
			assert.Equal(t, tc.want, path)
		})
	}
}

func TestLocateNothing(t *testing.T) {
	_, ok := Locate([]byte(`{"apps":[{"vendor":"zego"}]}`), &file{}, "nmae")
	assert.False(t, ok, "no such member")
	_, ok = Locate([]byte(`{"apps":[{`), &file{}, "nmae")
	assert.False(t, ok, "malformed")
	_, ok = Name(nil)
	assert.False(t, ok)
}
