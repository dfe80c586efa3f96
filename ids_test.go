package imemu

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckUserID(t *testing.T) {
	tests := []struct {
		vendor Vendor
		id     string
		want   error
	}{
		{VendorZego, "alice", nil},
		{VendorZego, "a!#$%&()+-:;<=.>?@[]^_{}|~Z9", nil},
		{VendorZego, strings.Repeat("x", 32), nil},
		{VendorZego, strings.Repeat("x", 33), ErrUserIDTooLong},
		{VendorZego, "", ErrUserIDEmpty},
		{VendorZego, "a b", ErrUserIDCharset},
		{VendorZego, "a*b", ErrUserIDCharset},
		{VendorZego, "a,b", ErrUserIDCharset},
		{VendorZego, "a/b", ErrUserIDCharset},
		{VendorZego, "用户", ErrUserIDCharset},
		{VendorTIM, "alice", nil},
		{VendorTIM, "user@example.com", nil},
		{VendorTIM, "用户", nil},
		{VendorTIM, "a b", ErrUserIDCharset},
		{VendorTIM, "a\x00b", ErrUserIDCharset},
		{VendorTIM, "\xff", ErrUserIDCharset},
		{VendorTIM, "@TGS#group", ErrUserIDCharset},
		{VendorTIM, strings.Repeat("好", 11), ErrUserIDTooLong},
		{VendorTIM, "", ErrUserIDEmpty},
	}
	for _, tt := range tests {
		err := tt.vendor.CheckUserID(tt.id)
		if tt.want == nil {
			assert.NoError(t, err, "%s %q", tt.vendor, tt.id)
		} else {
			assert.ErrorIs(t, err, tt.want, "%s %q", tt.vendor, tt.id)
		}
	}
}
