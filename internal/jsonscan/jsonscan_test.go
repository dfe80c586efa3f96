package jsonscan

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestValueEnd(t *testing.T) {
	tests := []struct {
		data string
		end  int
		ok   bool
	}{
		{`"a\"b",`, 6, true}, {`{"a":[1,"]"]} x`, 13, true}, {`[[]]`, 4, true}, {`-1.5e+3,`, 7, true},
		{`01`, 1, true}, {`1.`, 2, false}, {`1e`, 2, false}, {`-`, 1, false}, {`null"`, 4, true}, {`nul`, 0, false},
		{`"abc`, 4, false}, {`{"a":1`, 6, false}, {``, 0, false}, {`x`, 0, false},
	}
	for _, tt := range tests {
		end, ok := ValueEnd([]byte(tt.data), 0)
		assert.Equal(t, tt.ok, ok, tt.data)
		if ok {
			assert.Equal(t, tt.end, end, tt.data)
		}
	}
}

func TestMembersAndItems(t *testing.T) {
	var got []string
	ok := Members([]byte(` { "a" : 1 , "b\"" : {"c":[2]} } `), func(name, value []byte) bool {
		got = append(got, string(name)+"="+string(value))
		return true
	})
	assert.True(t, ok)
	assert.Equal(t, []string{`"a"=1`, `"b\""={"c":[2]}`}, got)
	for _, bad := range []string{`{"a":1,}`, `{"a" 1}`, `{1:2}`, `[1]`, `{"a":1`, ``} {
		assert.False(t, Members([]byte(bad), func(_, _ []byte) bool { return true }), bad)
	}
	assert.True(t, Members([]byte(`{}`), nil))

	got = nil
	assert.True(t, Items([]byte(`[1, "x", {"a":[]}]`), func(v []byte) bool { got = append(got, string(v)); return true }))
	assert.Equal(t, []string{`1`, `"x"`, `{"a":[]}`}, got)
	assert.True(t, Items([]byte(`[ ]`), nil))
	assert.False(t, Items([]byte(`[1,]`), func([]byte) bool { return true }))
}

func TestExactFields(t *testing.T) {
	type item struct {
		ID string `json:"Id"`
	}
	type req struct {
		From  string `json:"From"`
		Items []item `json:"Items"`
		Inner *item  `json:"Inner"`
	}
	typ := reflect.TypeOf(req{})
	tests := []struct {
		data         string
		flat, nested bool
	}{
		{`{"From":"a","Items":[{"Id":"x"},1],"Inner":{"Id":"y"},"Other":{"from":1}}`, true, true},
		{`{"from":"a"}`, false, false},
		{`{"From":"a","From":"b"}`, false, false},
		{`{"Items":[{"id":"x"}]}`, true, false},
		{`{"Inner":{"Id":"x","Id":"y"}}`, true, false},
		{`{"Fr\u006fm":"a"}`, false, false},
		{`{"Frōm":"a"}`, false, false},
		{`{"Other":1,"Other":2}`, true, true},
		{`[]`, false, false},
		{`null`, false, false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.flat, ExactFields([]byte(tt.data), typ, false), "flat %s", tt.data)
		assert.Equal(t, tt.nested, ExactFields([]byte(tt.data), typ, true), "nested %s", tt.data)
	}
	type untagged struct{ From string }
	assert.False(t, ExactFields([]byte(`{}`), reflect.TypeOf(untagged{}), false), "untagged fields: not vouched for")
}
