package signature

import (
	"bytes"
	"compress/zlib"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Errors returned when a Tencent Cloud IM UserSig fails to parse or verify.
// Callers test for them with errors.Is; the returned errors may wrap them with
// detail for logs.
var (
	// ErrMalformed reports a UserSig that cannot be decoded: bad base64, a
	// broken or oversized zlib stream, or JSON that is not a UserSig document.
	ErrMalformed = errors.New("signature: malformed UserSig")
	// ErrAppIDMismatch reports a UserSig issued for another SDKAppID.
	ErrAppIDMismatch = errors.New("signature: UserSig SDKAppID mismatch")
	// ErrIdentifierMismatch reports a UserSig issued for another user ID.
	ErrIdentifierMismatch = errors.New("signature: UserSig identifier mismatch")
	// ErrExpired reports a UserSig whose lifetime has ended.
	ErrExpired = errors.New("signature: UserSig expired")
	// ErrSigMismatch reports a UserSig whose HMAC does not match the key,
	// typically because it was made with another app's secret key.
	ErrSigMismatch = errors.New("signature: UserSig HMAC mismatch")
)

const (
	// maxInflatedSize bounds the decompressed JSON so a tiny zlib bomb cannot
	// make the server allocate without limit. Genuine UserSigs inflate to a
	// few hundred bytes; 64 KiB leaves room for any userbuf Tencent issues.
	maxInflatedSize = 64 << 10
	// maxEncodedSize rejects absurd inputs before any decoding work. A
	// document at maxInflatedSize stored uncompressed encodes to about 88 KiB
	// of base64, so nothing that could pass the inflate cap is cut off here.
	maxEncodedSize = 128 << 10
)

// userSigVersion is the only TLS.ver the TLSSigAPIv2 generators emit.
const userSigVersion = "2.0"

// The JSON member names, verbatim from TLSSigAPIv2.
const (
	keyVersion    = "TLS.ver"
	keyIdentifier = "TLS.identifier"
	keySDKAppID   = "TLS.sdkappid"
	keyExpire     = "TLS.expire"
	keyTime       = "TLS.time"
	keyUserBuf    = "TLS.userbuf"
	keySig        = "TLS.sig"
)

// UserSig is a decoded TLSSigAPIv2 ticket.
type UserSig struct {
	// Version is TLS.ver, "2.0" for every current generator. It is recorded
	// but not checked, as Tencent's own verifier ignores it.
	Version string
	// Identifier is TLS.identifier, the user ID the ticket was issued to.
	Identifier string
	// SDKAppID is TLS.sdkappid, the app the ticket was issued for.
	SDKAppID uint64
	// Expire is TLS.expire, the lifetime in seconds counted from Time.
	Expire int64
	// Time is TLS.time, the issue time in Unix seconds.
	Time int64
	// UserBuf is the decoded TLS.userbuf, nil when the member is absent.
	// Plain IM UserSigs have none; TRTC PrivateMapKeys carry one, and an
	// empty but present userbuf still changes the HMAC input.
	UserBuf []byte
	// Sig is the decoded TLS.sig, the HMAC-SHA256 digest.
	Sig []byte
}

// wireUserSig mirrors the struct Tencent's Go library encodes, field order and
// omitempty tags included, so that json.Encoder reproduces its output byte for
// byte (HTML escaping and the trailing newline come from the encoder).
type wireUserSig struct {
	Version    string `json:"TLS.ver,omitempty"`
	Identifier string `json:"TLS.identifier,omitempty"`
	SDKAppID   uint64 `json:"TLS.sdkappid,omitempty"`
	Expire     int64  `json:"TLS.expire,omitempty"`
	Time       int64  `json:"TLS.time,omitempty"`
	Sig        []byte `json:"TLS.sig,omitempty"`
}

// tlsUnescape and tlsEscape translate between standard base64 and the
// alphabet TLSSigAPIv2 puts on the wire, which avoids characters that need
// escaping in a query string.
var (
	tlsEscape   = strings.NewReplacer("+", "*", "/", "-", "=", "_")
	tlsUnescape = strings.NewReplacer("*", "+", "-", "/", "_", "=")
)

// GenUserSig issues a UserSig exactly as Tencent's official Go library
// (tls-sig-api-v2-golang) does for the same inputs at the same instant: the
// key is used as raw bytes for HMAC-SHA256, the JSON is zlib-compressed at
// zlib.NoCompression, and the result uses TLSSigAPIv2's base64 alphabet.
// expire is a lifetime in seconds and issuedAt the issue time in Unix seconds.
func GenUserSig(sdkAppID uint64, key, identifier string, expire, issuedAt int64) (string, error) {
	doc := wireUserSig{
		Version:    userSigVersion,
		Identifier: identifier,
		SDKAppID:   sdkAppID,
		Expire:     expire,
		Time:       issuedAt,
		Sig:        userSigHMAC(key, identifier, sdkAppID, issuedAt, expire, nil),
	}
	var buf bytes.Buffer
	zw, err := zlib.NewWriterLevel(&buf, zlib.NoCompression)
	if err != nil {
		return "", fmt.Errorf("signature: zlib writer: %w", err)
	}
	if err := json.NewEncoder(zw).Encode(doc); err != nil {
		return "", fmt.Errorf("signature: encoding UserSig: %w", err)
	}
	if err := zw.Close(); err != nil {
		return "", fmt.Errorf("signature: compressing UserSig: %w", err)
	}
	return tlsEscape.Replace(base64.StdEncoding.EncodeToString(buf.Bytes())), nil
}

// ParseUserSig decodes a UserSig without checking it. It undoes the base64
// substitution (padding may be missing), inflates at most 64 KiB, and reads
// the JSON by member name, so any key order, whitespace or compression level
// is accepted. Absent members decode as zero values, matching Tencent's
// encoder which omits them, except TLS.sig, without which there is nothing to
// verify. Numbers must be JSON integers that fit their field exactly; numbers
// spelled as strings are rejected. Every failure wraps [ErrMalformed].
func ParseUserSig(s string) (UserSig, error) {
	if s == "" {
		return UserSig{}, malformed("empty")
	}
	if len(s) > maxEncodedSize {
		return UserSig{}, malformed("%d bytes exceeds the %d-byte limit", len(s), maxEncodedSize)
	}
	b64 := strings.TrimRight(tlsUnescape.Replace(s), "=")
	compressed, err := base64.RawStdEncoding.DecodeString(b64)
	if err != nil {
		return UserSig{}, malformed("not URL-safe base64 as TLSSigAPIv2 encodes it")
	}
	doc, err := inflate(compressed)
	if err != nil {
		return UserSig{}, err
	}
	return decodeUserSigJSON(doc)
}

// VerifyUserSig checks a parsed UserSig against the expected app, user and
// secret key at Unix time now, in the order Tencent's reference verifier uses:
// SDKAppID ([ErrAppIDMismatch]), identifier ([ErrIdentifierMismatch]), expiry
// ([ErrExpired]), then the HMAC ([ErrSigMismatch]). The ticket is valid up to
// and including second Time+Expire. No lower bound applies to Time, as in
// the reference. A userbuf, when present, is covered by the HMAC.
func VerifyUserSig(sig UserSig, key string, sdkAppID uint64, identifier string, now int64) error {
	if err := checkClaims(sig, sdkAppID, identifier, now); err != nil {
		return err
	}
	want := userSigHMAC(key, sig.Identifier, sig.SDKAppID, sig.Time, sig.Expire, sig.UserBuf)
	if !hmac.Equal(want, sig.Sig) {
		return ErrSigMismatch
	}
	return nil
}

// checkClaims runs VerifyUserSig's checks that do not involve the key, in
// its order: app id, identifier, expiry.
func checkClaims(sig UserSig, sdkAppID uint64, identifier string, now int64) error {
	if sig.SDKAppID != sdkAppID {
		return fmt.Errorf("%w: ticket has %d, request has %d", ErrAppIDMismatch, sig.SDKAppID, sdkAppID)
	}
	if sig.Identifier != identifier {
		return fmt.Errorf("%w: ticket has %q, request has %q", ErrIdentifierMismatch, sig.Identifier, identifier)
	}
	if deadline := addSaturating(sig.Time, sig.Expire); now > deadline {
		return fmt.Errorf("%w: valid until %d, now %d", ErrExpired, deadline, now)
	}
	return nil
}

// CheckUserSig parses s and verifies it with [VerifyUserSig], returning the
// decoded ticket alongside any error so callers can log what was presented.
func CheckUserSig(s, key string, sdkAppID uint64, identifier string, now int64) (UserSig, error) {
	sig, err := ParseUserSig(s)
	if err != nil {
		return UserSig{}, err
	}
	return sig, VerifyUserSig(sig, key, sdkAppID, identifier, now)
}

// userSigHMAC computes TLS.sig. The signed text lists time before expire,
// unlike the JSON, and every line, the last included, ends in LF.
func userSigHMAC(key, identifier string, sdkAppID uint64, issuedAt, expire int64, userBuf []byte) []byte {
	content := make([]byte, 0, 96+len(identifier)+base64.StdEncoding.EncodedLen(len(userBuf)))
	content = append(content, "TLS.identifier:"...)
	content = append(content, identifier...)
	content = append(content, "\nTLS.sdkappid:"...)
	content = strconv.AppendUint(content, sdkAppID, 10)
	content = append(content, "\nTLS.time:"...)
	content = strconv.AppendInt(content, issuedAt, 10)
	content = append(content, "\nTLS.expire:"...)
	content = strconv.AppendInt(content, expire, 10)
	content = append(content, '\n')
	if userBuf != nil {
		content = append(content, "TLS.userbuf:"...)
		content = base64.StdEncoding.AppendEncode(content, userBuf)
		content = append(content, '\n')
	}
	mac := hmac.New(sha256.New, []byte(key))
	mac.Write(content)
	return mac.Sum(nil)
}

// inflate decompresses a zlib stream, refusing output beyond maxInflatedSize.
// Reading to EOF also makes the zlib reader check the Adler-32 trailer.
func inflate(compressed []byte) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(compressed))
	if err != nil {
		return nil, malformed("not zlib-compressed")
	}
	defer zr.Close()
	doc, err := io.ReadAll(io.LimitReader(zr, maxInflatedSize+1))
	if err != nil {
		return nil, malformed("the compressed ticket is cut short or corrupt")
	}
	if len(doc) > maxInflatedSize {
		return nil, malformed("inflates beyond %d bytes", maxInflatedSize)
	}
	return doc, nil
}

// decodeUserSigJSON reads members by exact name from a JSON object. It goes
// through json.RawMessage rather than a tagged struct because encoding/json
// matches struct tags case-insensitively and lets json.Number accept quoted
// numbers; both would make the parser laxer than the format.
func decodeUserSigJSON(doc []byte) (UserSig, error) {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(doc, &members); err != nil {
		return UserSig{}, malformed("the ticket is not a JSON object")
	}
	if members == nil { // the document was the literal null
		return UserSig{}, malformed("the ticket is not a JSON object")
	}
	var (
		sig UserSig
		err error
	)
	if sig.Version, _, err = jsonString(members, keyVersion); err != nil {
		return UserSig{}, err
	}
	if sig.Identifier, _, err = jsonString(members, keyIdentifier); err != nil {
		return UserSig{}, err
	}
	if sig.SDKAppID, err = jsonUint(members, keySDKAppID); err != nil {
		return UserSig{}, err
	}
	if sig.Expire, err = jsonInt(members, keyExpire); err != nil {
		return UserSig{}, err
	}
	if sig.Time, err = jsonInt(members, keyTime); err != nil {
		return UserSig{}, err
	}
	if sig.UserBuf, _, err = jsonBase64(members, keyUserBuf); err != nil {
		return UserSig{}, err
	}
	var hasSig bool
	if sig.Sig, hasSig, err = jsonBase64(members, keySig); err != nil {
		return UserSig{}, err
	}
	if !hasSig {
		return UserSig{}, malformed("missing %s", keySig)
	}
	return sig, nil
}

// jsonString returns the string member name and whether it was present.
func jsonString(members map[string]json.RawMessage, name string) (string, bool, error) {
	raw, ok := members[name]
	if !ok {
		return "", false, nil
	}
	var s string
	if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		return "", false, malformed("%s is not a string", name)
	}
	return s, true, nil
}

// jsonBase64 returns the standard-base64 string member name decoded, and
// whether it was present; a present empty string yields a non-nil empty slice.
func jsonBase64(members map[string]json.RawMessage, name string) ([]byte, bool, error) {
	s, ok, err := jsonString(members, name)
	if err != nil || !ok {
		return nil, ok, err
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, false, malformed("%s is not base64", name)
	}
	return b, true, nil
}

// jsonUint parses an absent-or-integer member exactly, with no float64 detour.
func jsonUint(members map[string]json.RawMessage, name string) (uint64, error) {
	raw, ok := members[name]
	if !ok {
		return 0, nil
	}
	if !isJSONNumber(raw) {
		return 0, malformed("%s is not a number", name)
	}
	n, err := strconv.ParseUint(string(raw), 10, 64)
	if err != nil {
		return 0, malformed("%s is not an unsigned 64-bit integer: %s", name, raw)
	}
	return n, nil
}

// jsonInt parses an absent-or-integer member exactly, with no float64 detour.
func jsonInt(members map[string]json.RawMessage, name string) (int64, error) {
	raw, ok := members[name]
	if !ok {
		return 0, nil
	}
	if !isJSONNumber(raw) {
		return 0, malformed("%s is not a number", name)
	}
	n, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil {
		return 0, malformed("%s is not a 64-bit integer: %s", name, raw)
	}
	return n, nil
}

// isJSONNumber reports whether an already-validated JSON value is a number
// literal, which is the only kind that starts with a minus sign or a digit.
func isJSONNumber(raw json.RawMessage) bool {
	return len(raw) > 0 && (raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9')
}

// addSaturating returns a+b clamped to the int64 range, so a forged lifetime
// near the limits cannot wrap around into the past or the future.
func addSaturating(a, b int64) int64 {
	sum := a + b
	if (a >= 0) == (b >= 0) && (sum >= 0) != (a >= 0) {
		if a >= 0 {
			return math.MaxInt64
		}
		return math.MinInt64
	}
	return sum
}

// malformed wraps ErrMalformed with a detail message.
func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
}
