package signature

import (
	"crypto/md5"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
)

// ZegoSign returns the ZEGO server API signature (SignatureVersion 2.0) for
// the given public parameters: the lowercase hex MD5 of the decimal AppId,
// the nonce, the server secret and the decimal Unix-seconds timestamp,
// concatenated in that order with no separators.
func ZegoSign(appID uint32, nonce, secret string, timestamp int64) string {
	sum := zegoSum(appID, nonce, secret, timestamp)
	return hex.EncodeToString(sum[:])
}

// ZegoVerify reports whether signature is the ZEGO signature for the given
// parameters. The comparison runs in constant time.
//
// Hex digits are accepted in either case even though ZEGO documents lowercase:
// some clients hex-encode MD5 digests in uppercase, and the digest, not its
// spelling, is what proves knowledge of the secret. ZegoVerify does not judge
// the timestamp's freshness; that policy belongs to the caller.
func ZegoVerify(appID uint32, nonce, secret string, timestamp int64, signature string) bool {
	// Decoding the hex (which accepts both cases) rather than lowercasing the
	// string keeps non-ASCII case folding out of the picture entirely.
	got, err := hex.DecodeString(signature)
	if err != nil {
		return false
	}
	want := zegoSum(appID, nonce, secret, timestamp)
	return subtle.ConstantTimeCompare(got, want[:]) == 1
}

// ZegoNonce returns a fresh SignatureNonce: 16 lowercase hex characters
// encoding 8 bytes read from r, the shape ZEGO's samples use. Callers pass
// crypto/rand.Reader in production and a fixed reader in tests.
func ZegoNonce(r io.Reader) (string, error) {
	var b [8]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", fmt.Errorf("signature: reading nonce entropy: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

// zegoSum builds the MD5 input by appending instead of fmt.Sprintf, which
// keeps verification on a hot request path free of reflection.
func zegoSum(appID uint32, nonce, secret string, timestamp int64) [md5.Size]byte {
	buf := make([]byte, 0, 10+len(nonce)+len(secret)+20)
	buf = strconv.AppendUint(buf, uint64(appID), 10)
	buf = append(buf, nonce...)
	buf = append(buf, secret...)
	buf = strconv.AppendInt(buf, timestamp, 10)
	return md5.Sum(buf)
}
