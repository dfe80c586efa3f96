package timapi

import (
	"errors"
	"fmt"
	"strings"
)

// Limits of the friend fields every write checks (friend_add,
// friend_import, friend_update). Source: the relationship chain page's
// "Standard friend fields" and "Relationship Chain Fields" (1047/33521):
// a remark is at most 96 bytes, a group name 1 to 30 bytes, a request
// wording at most 256 bytes, AddSource is AddSource_Type_ and a keyword of
// letters of at most 8 bytes, and a string value at most 500 bytes.
const (
	MaxRemarkBytes      = 96
	MaxGroupNameBytes   = 30
	MaxAddWordingBytes  = 256
	MaxAddSourceKeyword = 8
	MaxFriendValueBytes = 500
)

// FieldError says which friend field a value cannot be stored in, and why.
// Handlers turn it into CodeInvalidParam: per item (a ResultItem) for the
// batch writes, whose failing item does not stop the others.
type FieldError struct {
	Tag    string // the friend field's tag, e.g. Tag_SNS_IM_Remark
	Reason string // what is wrong with the value, in words
}

// Error describes the problem for ErrorInfo and logs.
func (e *FieldError) Error() string { return e.Tag + " " + e.Reason }

// CheckFriendField returns a *FieldError unless value can be stored in the
// friend field tag:
//   - Tag_SNS_IM_Remark: at most 96 bytes;
//   - Tag_SNS_IM_Group: one group name, 1 to 30 bytes;
//   - Tag_SNS_IM_AddSource: AddSource_Type_ followed by 1 to 8 ASCII letters;
//   - Tag_SNS_IM_AddWording: at most 256 bytes;
//   - Tag_SNS_Custom_*: at most 500 bytes.
//
// Values exactly at a limit pass. Any other tag is not checked here (nil):
// whether a tag may be written at all is the calling API's rule.
func CheckFriendField(tag, value string) error {
	switch {
	case tag == tagRemark:
		return maxBytes(tag, value, MaxRemarkBytes)
	case tag == tagGroup:
		if value == "" {
			return &FieldError{Tag: tag, Reason: "group name must not be empty"}
		}
		return maxBytes(tag, value, MaxGroupNameBytes)
	case tag == tagAddSource:
		return checkAddSource(value)
	case tag == tagAddWording:
		return maxBytes(tag, value, MaxAddWordingBytes)
	case strings.HasPrefix(tag, snsCustomPrefix):
		return maxBytes(tag, value, MaxFriendValueBytes)
	}
	return nil
}

// CheckFriendGroups applies CheckFriendField to each group name.
func CheckFriendGroups(groups []string) error {
	for _, g := range groups {
		if err := CheckFriendField(tagGroup, g); err != nil {
			return err
		}
	}
	return nil
}

func maxBytes(tag, value string, max int) error {
	if len(value) > max {
		return &FieldError{Tag: tag, Reason: fmt.Sprintf("is %d bytes, at most %d are allowed", len(value), max)}
	}
	return nil
}

// checkAddSource: the keyword after the prefix "must be a combination of
// letters with no more than 8 bytes".
func checkAddSource(value string) error {
	keyword, ok := strings.CutPrefix(value, addSourcePrefix)
	if !ok || keyword == "" || len(keyword) > MaxAddSourceKeyword || strings.IndexFunc(keyword, notLetter) >= 0 {
		return &FieldError{Tag: tagAddSource, Reason: fmt.Sprintf("must be %s followed by 1 to %d letters, got %q", addSourcePrefix, MaxAddSourceKeyword, value)}
	}
	return nil
}

func notLetter(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') }

// fieldWords name a friend field in the ResultInfo of its failure.
var fieldWords = map[string]string{tagRemark: "Remark", tagGroup: "Group", tagAddSource: "Source", tagAddWording: "AddWording"}

// fieldItem is the per-item result of a value CheckFriendField refused, for
// the API named as in TIM's ResultInfo strings ("FriendAdd",
// "FriendImport", "FriendUpdate"): CodeInvalidParam with
// Err_SNS_<api>_<field>_Illegal. Only Err_SNS_FriendAdd_Source_Illegal is
// Tencent's (a real friend_add answer, quoted in
// JiangJuHong/FlutterTencentImPlugin#124); the others follow its pattern.
func fieldItem(api string, err error) item {
	word := "Custom"
	var fe *FieldError
	if errors.As(err, &fe) && fieldWords[fe.Tag] != "" {
		word = fieldWords[fe.Tag]
	}
	return item{Code: CodeInvalidParam, Info: "Err_SNS_" + api + "_" + word + "_Illegal"}
}
