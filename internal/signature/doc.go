// Package signature implements the two request-authentication schemes the
// emulator has to check: ZEGO's server API signature (SignatureVersion 2.0,
// an MD5 over AppId, nonce, server secret and timestamp) and Tencent Cloud
// IM's UserSig (TLSSigAPIv2, an HMAC-SHA256 ticket wrapped in zlib-compressed
// JSON with a URL-safe base64 variant).
//
// The package is pure computation: it performs no I/O beyond the reader a
// caller hands to [ZegoNonce], keeps no package-level mutable state and never
// reads the clock. Every time is a Unix-seconds parameter, so callers inject
// their own clock and tests stay deterministic.
//
// Verification failures are reported with sentinel errors ([ErrMalformed],
// [ErrAppIDMismatch], [ErrIdentifierMismatch], [ErrExpired],
// [ErrSigMismatch]) rather than vendor error codes: mapping them to a
// vendor's wire codes is the HTTP layer's job, which keeps the code table in
// one place.
package signature
