package timapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"slices"
	"strings"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/store"
)

// maxPortraitTargets is portrait_get's cap on To_Account (the page
// recommends 100; imemu enforces it).
const maxPortraitTargets = 100

var (
	apiPortraitSet = api{name: "profile/portrait_set", qps: 200, paramCode: CodeProfileParam}
	apiPortraitGet = api{name: "profile/portrait_get", qps: 200, paramCode: CodeProfileParam}
)

// Profile tags beyond Nick and Image, and their values (profile page
// 1047/33520).
const (
	tagAllowType        = "Tag_Profile_IM_AllowType"
	tagAdminForbidType  = "Tag_Profile_IM_AdminForbidType"
	profileCustomPrefix = "Tag_Profile_Custom_"

	allowAnyValue    = "AllowType_Type_AllowAny"
	needConfirmValue = "AllowType_Type_NeedConfirm"
	denyAnyValue     = "AllowType_Type_DenyAny"
	forbidNone       = "AdminForbid_Type_None"
	forbidSendOut    = "AdminForbid_Type_SendOut"
)

// allowTypes maps TIM's AllowType values to the domain's.
var allowTypes = map[string]imemu.AllowType{
	allowAnyValue: imemu.AllowAny, needConfirmValue: imemu.NeedConfirm, denyAnyValue: imemu.DenyAny,
}

// allowTypeValue is TIM's name of a.
func allowTypeValue(a imemu.AllowType) string {
	for v, t := range allowTypes {
		if t == a {
			return v
		}
	}
	return allowAnyValue
}

// fieldKind is the value type of a standard profile tag.
type fieldKind int

const (
	kindString fieldKind = iota // a string of at most 500 bytes
	kindUint32                  // an integer 0..2^32-1
)

// standardFields are the Tag_Profile_IM_* tags imemu keeps besides Nick,
// Image, AllowType and AdminForbidType, with their types and, for
// enumerations, their values.
var standardFields = map[string]struct {
	kind   fieldKind
	values []string
}{
	"Tag_Profile_IM_Gender":        {kindString, []string{"Gender_Type_Unknown", "Gender_Type_Female", "Gender_Type_Male"}},
	"Tag_Profile_IM_BirthDay":      {kind: kindUint32},
	"Tag_Profile_IM_Location":      {kind: kindString},
	"Tag_Profile_IM_SelfSignature": {kind: kindString},
	"Tag_Profile_IM_Language":      {kind: kindUint32},
	"Tag_Profile_IM_MsgSettings":   {kind: kindUint32},
	"Tag_Profile_IM_Level":         {kind: kindUint32},
	"Tag_Profile_IM_Role":          {kind: kindUint32},
}

type portraitSetRequest struct {
	FromAccount account    `json:"From_Account"`
	ProfileItem []tagInput `json:"ProfileItem"`
}

type tagInput struct {
	Tag   string          `json:"Tag"`
	Value json.RawMessage `json:"Value"`
}

// PortraitSet serves v4/profile/portrait_set: set profile fields of
// From_Account in one transaction. Tag_Profile_IM_Nick and _Image are the
// account's nickname and avatar; Tag_Profile_IM_AllowType decides friend
// requests to the account; AdminForbid_Type_SendOut stops it sending
// them; the other standard tags and the app's configured
// Tag_Profile_Custom_* fields are kept as given. A tag imemu does not know
// or the app did not configure fails with 40009, a value of the wrong JSON
// type 40610, an unknown enumeration value 40605, one over 500 bytes 40601.
func PortraitSet(d *Deps) http.Handler {
	return handle(d, apiPortraitSet, func(ctx context.Context, c *call, req *portraitSetRequest) (any, error) {
		from, err := required("From_Account", req.FromAccount, CodeProfileParam)
		if err != nil {
			return nil, err
		}
		if len(req.ProfileItem) == 0 {
			return nil, errorf(CodeProfileParam, "ProfileItem must hold at least one item")
		}
		var ch store.ProfileChange
		for i, it := range req.ProfileItem {
			if err := setProfileTag(&ch, it, c.tenant.Settings); err != nil {
				return nil, errorf(err.Code, "ProfileItem[%d]: %s", i, err.Info)
			}
		}
		if err := d.Store.SetProfile(ctx, c.tenant.ID, from, ch); err != nil {
			return nil, profileOwnerError(err)
		}
		return okEnvelope(), nil
	})
}

// setProfileTag validates one ProfileItem and records it in ch; the
// error's Info is the detail only.
func setProfileTag(ch *store.ProfileChange, it tagInput, set imemu.Settings) *Error {
	str := func() (string, *Error) {
		var s string
		if len(it.Value) == 0 || it.Value[0] != '"' || json.Unmarshal(it.Value, &s) != nil {
			return "", &Error{CodeProfileBadType, "the value of " + it.Tag + " must be a string"}
		}
		if len(s) > maxProfileBytes {
			return "", &Error{CodeProfileTooLong, it.Tag + " is over 500 bytes"}
		}
		return s, nil
	}
	switch it.Tag {
	case tagNick, tagImage:
		s, err := str()
		if err != nil {
			return err
		}
		if it.Tag == tagNick {
			ch.Name = &s
		} else {
			ch.Avatar = &s
		}
		return nil
	case tagAllowType:
		s, err := str()
		if err != nil {
			return err
		}
		a, ok := allowTypes[s]
		if !ok {
			return &Error{CodeProfileBadValue, "Tag_Profile_IM_AllowType must be " + needConfirmValue + ", " + allowAnyValue + " or " + denyAnyValue + ", got " + truncate(s, 40)}
		}
		ch.AllowType = &a
		return nil
	case tagAdminForbidType:
		s, err := str()
		if err != nil {
			return err
		}
		if s != forbidNone && s != forbidSendOut {
			return &Error{CodeProfileBadValue, "Tag_Profile_IM_AdminForbidType must be " + forbidNone + " or " + forbidSendOut + ", got " + truncate(s, 40)}
		}
		v := s == forbidSendOut
		ch.ForbidSendOut = &v
		return nil
	}
	field, standard := standardFields[it.Tag]
	custom := strings.HasPrefix(it.Tag, profileCustomPrefix) && slices.Contains(set.CustomProfileTags, it.Tag)
	switch {
	case standard && field.kind == kindUint32:
		var n float64
		if len(it.Value) == 0 || it.Value[0] == '"' || json.Unmarshal(it.Value, &n) != nil || n != math.Trunc(n) || n < 0 || n > math.MaxUint32 {
			return &Error{CodeProfileBadType, "the value of " + it.Tag + " must be an integer from 0 to 4294967295"}
		}
	case standard:
		s, err := str()
		if err != nil {
			return err
		}
		if field.values != nil && !slices.Contains(field.values, s) {
			return &Error{CodeProfileBadValue, it.Tag + " must be one of " + strings.Join(field.values, ", ") + ", got " + truncate(s, 40)}
		}
	case custom:
		var n float64
		if json.Unmarshal(it.Value, &n) != nil {
			if _, err := str(); err != nil {
				return &Error{err.Code, strings.Replace(err.Info, "must be a string", "must be a string or an integer", 1)}
			}
		}
	default:
		return &Error{CodeProfileNoTag, unknownTagDetail(it.Tag)}
	}
	if ch.Fields == nil {
		ch.Fields = map[string]json.RawMessage{}
	}
	var compact bytes.Buffer
	if json.Compact(&compact, it.Value) != nil {
		return &Error{CodeProfileBadType, "the value of " + it.Tag + " is not JSON"}
	}
	ch.Fields[it.Tag] = compact.Bytes()
	return nil
}

func unknownTagDetail(tag string) string {
	if strings.HasPrefix(tag, profileCustomPrefix) {
		return truncate(tag, 60) + " (imemu: the app configures no such custom profile field; see its settings' customProfileTags)"
	}
	return "no profile tag " + truncate(tag, 60)
}

// knownProfileTag reports whether portrait_get can read tag.
func knownProfileTag(tag string, set imemu.Settings) bool {
	switch tag {
	case tagNick, tagImage, tagAllowType, tagAdminForbidType:
		return true
	}
	if _, ok := standardFields[tag]; ok {
		return true
	}
	return strings.HasPrefix(tag, profileCustomPrefix) && slices.Contains(set.CustomProfileTags, tag)
}

type portraitGetRequest struct {
	ToAccount []account `json:"To_Account"`
	TagList   []string  `json:"TagList"`
}

type userProfileItem struct {
	ToAccount   string     `json:"To_Account"`
	ProfileItem []tagValue `json:",omitempty"`
	ResultCode  int
	ResultInfo  string
}

type portraitGetResponse struct {
	UserProfileItem []userProfileItem
	FailAccount     []string `json:"Fail_Account,omitempty"`
	Envelope
}

// PortraitGet serves v4/profile/portrait_get: the TagList fields of up to
// 100 accounts, in TagList order. Tags without a value are left out,
// except AllowType and AdminForbidType, which always have one (the app's
// default AllowType for an account that set none). An account never
// imported gets 40003 as its item.
func PortraitGet(d *Deps) http.Handler {
	return handle(d, apiPortraitGet, func(ctx context.Context, c *call, req *portraitGetRequest) (any, error) {
		if len(req.ToAccount) == 0 {
			return nil, errorf(CodeProfileNoTargets, "")
		}
		targets, err := accountList("To_Account", req.ToAccount, c.tenant.Limits.BatchMaxOr(maxPortraitTargets), CodeProfileParam)
		if err != nil {
			return nil, err
		}
		if len(req.TagList) == 0 {
			return nil, errorf(CodeProfileParam, "TagList must list at least one tag")
		}
		for i, tag := range req.TagList {
			if !knownProfileTag(tag, c.tenant.Settings) {
				return nil, errorf(CodeProfileNoTag, "TagList[%d]: %s", i, unknownTagDetail(tag))
			}
		}
		profiles, err := d.Store.Profiles(ctx, c.tenant.ID, targets)
		if err != nil {
			return nil, err
		}
		resp := portraitGetResponse{UserProfileItem: make([]userProfileItem, len(targets)), Envelope: okEnvelope()}
		for i, id := range targets {
			up, ok := profiles[id]
			if !ok {
				resp.UserProfileItem[i] = userProfileItem{ToAccount: id, ResultCode: itemProfileNoAccount.Code, ResultInfo: itemProfileNoAccount.Info}
				resp.FailAccount = append(resp.FailAccount, id)
				continue
			}
			resp.UserProfileItem[i] = userProfileItem{ToAccount: id, ProfileItem: profileTags(up, req.TagList, c.tenant.Settings)}
		}
		return resp, nil
	})
}

// profileTags returns the values of tags for one account.
func profileTags(up store.UserProfile, tags []string, set imemu.Settings) []tagValue {
	out := []tagValue{}
	for _, tag := range tags {
		if v, ok := profileValue(up, tag, set); ok {
			out = append(out, tagValue{Tag: tag, Value: v})
		}
	}
	return out
}

// profileValue returns the value of a Tag_Profile_* tag for one account,
// and whether it has one.
func profileValue(up store.UserProfile, tag string, set imemu.Settings) (any, bool) {
	switch tag {
	case tagNick:
		return up.User.Name, up.User.Name != ""
	case tagImage:
		return up.User.Avatar, up.User.Avatar != ""
	case tagAllowType:
		return allowTypeValue(set.AllowTypeOf(up.Profile.AllowType)), true
	case tagAdminForbidType:
		if up.Profile.ForbidSendOut {
			return forbidSendOut, true
		}
		return forbidNone, true
	}
	v, ok := up.Profile.Fields[tag]
	return v, ok
}

// profileOwnerError maps the store's unknown-user error to
// CodeProfileNoAccount.
func profileOwnerError(err error) error {
	if errors.Is(err, imemu.ErrUserNotFound) {
		return errorf(CodeProfileNoAccount, "")
	}
	return err
}
