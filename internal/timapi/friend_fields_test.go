package timapi_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/internal/timapi"
)

// addBody is a friend_add of erin by frank (not friends in the fixtures)
// with item as the fields of its one AddFriendItem besides To_Account.
func addBody(item string) string {
	return `{"From_Account":"frank","AddFriendItem":[{"To_Account":"erin",` + item + `}]}`
}

// importBody is addBody for friend_import.
func importBody(item string) string { return addBody(item) }

// TestFriendFieldLimits: each friend field over its documented limit fails
// its item with 30001, and a value exactly at the limit is stored. Limits
// count bytes ("中" is 3).
func TestFriendFieldLimits(t *testing.T) {
	src := `"AddSource":"AddSource_Type_Web"`
	for _, tc := range []struct {
		name, path, body string
		code             int // the ResultItem's ResultCode
	}{
		{"add_remark_96_bytes", "sns/friend_add", addBody(src + `,"Remark":"` + strings.Repeat("é", 48) + `"`), 0},
		{"add_remark_97_bytes", "sns/friend_add", addBody(src + `,"Remark":"` + strings.Repeat("r", 97) + `"`), 30001},
		{"add_remark_99_bytes_cjk", "sns/friend_add", addBody(src + `,"Remark":"` + strings.Repeat("中", 33) + `"`), 30001},
		{"add_source_8_letters", "sns/friend_add", addBody(`"AddSource":"AddSource_Type_Keyboard"`), 0},
		{"add_source_9_letters", "sns/friend_add", addBody(`"AddSource":"AddSource_Type_Bluetooth"`), 30001},
		{"add_source_digit", "sns/friend_add", addBody(`"AddSource":"AddSource_Type_Web2"`), 30001},
		{"add_source_no_keyword", "sns/friend_add", addBody(`"AddSource":"AddSource_Type_"`), 30001},
		{"add_source_no_prefix", "sns/friend_add", addBody(`"AddSource":"Web"`), 30001},
		{"add_source_missing", "sns/friend_add", addBody(`"Remark":"r"`), 30001},
		{"add_group_30_bytes", "sns/friend_add", addBody(src + `,"GroupName":"` + strings.Repeat("g", 30) + `"`), 0},
		{"add_group_31_bytes", "sns/friend_add", addBody(src + `,"GroupName":"` + strings.Repeat("g", 31) + `"`), 30001},
		{"add_wording_256_bytes", "sns/friend_add", addBody(src + `,"AddWording":"` + strings.Repeat("w", 256) + `"`), 0},
		{"add_wording_257_bytes", "sns/friend_add", addBody(src + `,"AddWording":"` + strings.Repeat("w", 257) + `"`), 30001},
		{"import_group_empty", "sns/friend_import", importBody(src + `,"GroupName":["ok",""]`), 30001},
		{"import_group_31_bytes", "sns/friend_import", importBody(src + `,"GroupName":["` + strings.Repeat("g", 31) + `"]`), 30001},
		{"import_remark_97_bytes", "sns/friend_import", importBody(src + `,"Remark":"` + strings.Repeat("r", 97) + `"`), 30001},
		{"import_source_9_letters", "sns/friend_import", importBody(`"AddSource":"AddSource_Type_Bluetooth"`), 30001},
		{"import_custom_500_bytes", "sns/friend_import", importBody(src + `,"CustomItem":[{"Tag":"Tag_SNS_Custom_Note","Value":"` + strings.Repeat("v", 500) + `"}]`), 0},
		{"import_custom_501_bytes", "sns/friend_import", importBody(src + `,"CustomItem":[{"Tag":"Tag_SNS_Custom_Note","Value":"` + strings.Repeat("v", 501) + `"}]`), 30001},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			_, body := e.do("POST", "/v4/"+tc.path, e.query().Encode(), tc.body)
			golden(t, "friend_fields/"+tc.name, body)
			var got struct {
				ActionStatus string
				ResultItem   []struct{ ResultCode int }
			}
			require.NoError(t, json.Unmarshal(body, &got))
			require.Equal(t, "OK", got.ActionStatus, "%s", body)
			require.Len(t, got.ResultItem, 1)
			assert.Equal(t, tc.code, got.ResultItem[0].ResultCode)
			if tc.code == 0 {
				assert.Contains(t, e.friendIDs("frank"), "erin", "stored")
			} else {
				assert.Empty(t, e.friendIDs("frank"), "a refused item changes nothing")
			}
		})
	}
}

// TestFriendFieldPerItem: a refused field fails its own item only; the
// others of the batch are added in the same request.
func TestFriendFieldPerItem(t *testing.T) {
	e := newEnv(t)
	_, body := e.do("POST", "/v4/sns/friend_add", e.query().Encode(), `{"From_Account":"frank","AddFriendItem":[`+
		`{"To_Account":"erin","AddSource":"AddSource_Type_Web","Remark":"`+strings.Repeat("r", 97)+`"},`+
		`{"To_Account":"dave","AddSource":"AddSource_Type_Web","Remark":"ok"}]}`)
	golden(t, "friend_fields/add_mixed_batch", body)
	assert.Equal(t, []string{"dave"}, e.friendIDs("frank"))
}

// TestCheckFriendField is the validator friend_add, friend_import and
// friend_update share, at and past each limit.
func TestCheckFriendField(t *testing.T) {
	for _, tc := range []struct {
		tag, value string
		ok         bool
	}{
		{"Tag_SNS_IM_Remark", "", true},
		{"Tag_SNS_IM_Remark", strings.Repeat("r", timapi.MaxRemarkBytes), true},
		{"Tag_SNS_IM_Remark", strings.Repeat("r", timapi.MaxRemarkBytes+1), false},
		{"Tag_SNS_IM_Group", "", false},
		{"Tag_SNS_IM_Group", strings.Repeat("g", timapi.MaxGroupNameBytes), true},
		{"Tag_SNS_IM_Group", strings.Repeat("g", timapi.MaxGroupNameBytes+1), false},
		{"Tag_SNS_IM_AddSource", "AddSource_Type_a", true},
		{"Tag_SNS_IM_AddSource", "AddSource_Type_abcdefgh", true},
		{"Tag_SNS_IM_AddSource", "AddSource_Type_abcdefghi", false},
		{"Tag_SNS_IM_AddSource", "AddSource_Type_ab_c", false},
		{"Tag_SNS_IM_AddSource", "AddSource_Type_é", false},
		{"Tag_SNS_IM_AddSource", "addsource_type_Web", false},
		{"Tag_SNS_IM_AddWording", strings.Repeat("w", timapi.MaxAddWordingBytes), true},
		{"Tag_SNS_IM_AddWording", strings.Repeat("w", timapi.MaxAddWordingBytes+1), false},
		{"Tag_SNS_Custom_Level", strings.Repeat("v", timapi.MaxFriendValueBytes), true},
		{"Tag_SNS_Custom_Level", strings.Repeat("v", timapi.MaxFriendValueBytes+1), false},
		{"Tag_SNS_IM_AddTime", strings.Repeat("x", 1000), true},
	} {
		err := timapi.CheckFriendField(tc.tag, tc.value)
		if tc.ok {
			assert.NoError(t, err, "%s %.20q", tc.tag, tc.value)
			continue
		}
		var fe *timapi.FieldError
		if assert.ErrorAs(t, err, &fe, "%s %.20q", tc.tag, tc.value) {
			assert.Equal(t, tc.tag, fe.Tag)
		}
	}
	assert.NoError(t, timapi.CheckFriendGroups([]string{"a", "b"}))
	assert.Error(t, timapi.CheckFriendGroups([]string{"a", ""}))
}
