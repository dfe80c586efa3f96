package signature

import (
	"bytes"
	"crypto/rand"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// zegoVector is a row of the test-vector table in zego-facts.md §1.
type zegoVector struct {
	appID     uint32
	nonce     string
	secret    string
	timestamp int64
	signature string
}

var zegoVectors = []zegoVector{
	// From the Go sample in ZEGO's "accessing server APIs" page.
	{12345, "4fd24687296dd9f3", "9193cc662a4c0ec135ec71fb57194b38", 1615186943, "43e5cfcca828314675f91b001390566a"},
	// The facts sheet's second row is internally inconsistent: its signature
	// is the MD5 of its "md5 input string", in which the secret is only the
	// 22 characters "abcdef0123456789abcdef", while its ServerSecret column
	// lists 32. Both readings are pinned here, each checked with coreutils
	// md5sum over the plain concatenation.
	{1234567890, "abcdef0123456789", "abcdef0123456789abcdef", 1700000000, "d0d67a0729b8b861c02cf1fda9f2efe9"},
	{1234567890, "abcdef0123456789", "abcdef0123456789abcdef0123456789", 1700000000, "929c28e2b706adad38f1fb7ce9d22918"},
}

func TestZegoSignVectors(t *testing.T) {
	for _, v := range zegoVectors {
		t.Run(v.signature, func(t *testing.T) {
			assert.Equal(t, v.signature, ZegoSign(v.appID, v.nonce, v.secret, v.timestamp))
		})
	}
}

func TestZegoVerify(t *testing.T) {
	v := zegoVectors[0]
	tests := []struct {
		name      string
		appID     uint32
		nonce     string
		secret    string
		timestamp int64
		signature string
		want      bool
	}{
		{"vector", v.appID, v.nonce, v.secret, v.timestamp, v.signature, true},
		{"uppercase hex", v.appID, v.nonce, v.secret, v.timestamp, strings.ToUpper(v.signature), true},
		{"mixed-case hex", v.appID, v.nonce, v.secret, v.timestamp, "43E5cfcca828314675f91b001390566A", true},
		{"wrong secret", v.appID, v.nonce, "9193cc662a4c0ec135ec71fb57194b39", v.timestamp, v.signature, false},
		{"wrong nonce", v.appID, "4fd24687296dd9f4", v.secret, v.timestamp, v.signature, false},
		{"wrong timestamp", v.appID, v.nonce, v.secret, v.timestamp + 1, v.signature, false},
		{"wrong appid", v.appID + 1, v.nonce, v.secret, v.timestamp, v.signature, false},
		{"empty signature", v.appID, v.nonce, v.secret, v.timestamp, "", false},
		{"truncated", v.appID, v.nonce, v.secret, v.timestamp, v.signature[:30], false},
		{"extended", v.appID, v.nonce, v.secret, v.timestamp, v.signature + "00", false},
		{"not hex", v.appID, v.nonce, v.secret, v.timestamp, "zz" + v.signature[2:], false},
		{"base64 placeholder from the docs", v.appID, v.nonce, v.secret, v.timestamp, "Pc5WB8gokVn0xfeu/ZV+iNM1dgI=", false},
		{"surrounding space", v.appID, v.nonce, v.secret, v.timestamp, " " + v.signature, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, ZegoVerify(tt.appID, tt.nonce, tt.secret, tt.timestamp, tt.signature))
		})
	}
}

func TestZegoNonce(t *testing.T) {
	nonce, err := ZegoNonce(bytes.NewReader([]byte{0x4f, 0xd2, 0x46, 0x87, 0x29, 0x6d, 0xd9, 0xf3, 0xff}))
	require.NoError(t, err)
	assert.Equal(t, "4fd24687296dd9f3", nonce)

	random, err := ZegoNonce(rand.Reader)
	require.NoError(t, err)
	assert.Regexp(t, `^[0-9a-f]{16}$`, random)

	_, err = ZegoNonce(bytes.NewReader([]byte{1, 2, 3}))
	require.Error(t, err, "a short read must not yield a low-entropy nonce")

	boom := errors.New("entropy source failed")
	_, err = ZegoNonce(failingReader{boom})
	require.ErrorIs(t, err, boom)
}

type failingReader struct{ err error }

func (r failingReader) Read([]byte) (int, error) { return 0, r.err }

func FuzzZegoVerify(f *testing.F) {
	for _, v := range zegoVectors {
		f.Add(v.appID, v.nonce, v.secret, v.timestamp, v.signature)
		f.Add(v.appID, v.nonce, v.secret, v.timestamp, strings.ToUpper(v.signature))
	}
	f.Add(uint32(0), "", "", int64(-1), "")
	f.Fuzz(func(t *testing.T, appID uint32, nonce, secret string, timestamp int64, signature string) {
		want := ZegoSign(appID, nonce, secret, timestamp)
		if !ZegoVerify(appID, nonce, secret, timestamp, want) {
			t.Fatalf("own signature %q rejected", want)
		}
		if !ZegoVerify(appID, nonce, secret, timestamp, strings.ToUpper(want)) {
			t.Fatalf("uppercase signature %q rejected", want)
		}
		// An arbitrary signature passes exactly when it spells the digest
		// in ASCII hex of either case.
		got := ZegoVerify(appID, nonce, secret, timestamp, signature)
		isHexSpelling := len(signature) == len(want) && strings.EqualFold(signature, want) &&
			strings.Trim(signature, "0123456789abcdefABCDEF") == ""
		if got != isHexSpelling {
			t.Fatalf("ZegoVerify(%q) = %v, want %v (expected %q)", signature, got, isHexSpelling, want)
		}
	})
}

func BenchmarkZegoVerify(b *testing.B) {
	v := zegoVectors[0]
	b.ReportAllocs()
	for b.Loop() {
		if !ZegoVerify(v.appID, v.nonce, v.secret, v.timestamp, v.signature) {
			b.Fatal("vector rejected")
		}
	}
}
