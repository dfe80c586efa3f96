package imemu

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxUserIDBytes is the longest user id both vendors accept.
const MaxUserIDBytes = 32

// zegoSymbols are the only non-alphanumeric characters ZEGO allows in a
// UserId (DeleteFriends page, zh source: braces included, space excluded).
const zegoSymbols = "!#$%&()+-:;<=.>?@[]^_{}|~"

// timReservedPrefixes begin Tencent's own ids and are refused for accounts.
var timReservedPrefixes = []string{"@TLS#", "@TGS#", "@TOP#", "@RBT#"}

// Errors of CheckUserID, wrapped with the offending id.
var (
	ErrUserIDEmpty   = errors.New("user id is empty")
	ErrUserIDTooLong = errors.New("user id is longer than 32 bytes")
	ErrUserIDCharset = errors.New("user id has a character the vendor does not allow")
)

// CheckUserID reports whether id is a user id the vendor accepts, returning
// ErrUserIDEmpty, ErrUserIDTooLong or ErrUserIDCharset (wrapped) if not.
//
// ZEGO: 1–32 bytes of ASCII letters, digits and !#$%&()+-:;<=.>?@[]^_{}|~.
// TIM: 1–32 bytes of UTF-8 with no spaces or control characters and none
// of Tencent's reserved prefixes (the docs give only the length; see the
// fidelity notes in docs/fidelity.md).
func (v Vendor) CheckUserID(id string) error {
	switch {
	case id == "":
		return ErrUserIDEmpty
	case len(id) > MaxUserIDBytes:
		return fmt.Errorf("%q: %w", id, ErrUserIDTooLong)
	}
	if v == VendorZego {
		for i := 0; i < len(id); i++ {
			c := id[i]
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || strings.IndexByte(zegoSymbols, c) >= 0) {
				return fmt.Errorf("%q: %w", id, ErrUserIDCharset)
			}
		}
		return nil
	}
	if !utf8.ValidString(id) || strings.IndexFunc(id, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return fmt.Errorf("%q: %w", id, ErrUserIDCharset)
	}
	for _, p := range timReservedPrefixes {
		if strings.HasPrefix(id, p) {
			return fmt.Errorf("%q: %w", id, ErrUserIDCharset)
		}
	}
	return nil
}

// MaxAppID returns the largest app id the vendor issues: ZEGO's AppId is a
// uint32; TIM's SdkAppId fits one too in practice, but imemu allows up to
// 2^63-1, the most SQLite's signed INTEGER column holds.
func (v Vendor) MaxAppID() uint64 {
	if v == VendorZego {
		return 1<<32 - 1
	}
	return 1<<63 - 1
}
