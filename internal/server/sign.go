package server

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/signature"
)

// signUserSigLifetime is how long a UserSig made by /_mock/sign is valid:
// a day, the default of Tencent's samples and of `mockserver usersig`.
const signUserSigLifetime = 86400

var (
	// zegoActionPattern and timAPIPattern keep what /_mock/sign puts in a
	// URL to names: an action is one word, an API one service/command
	// pair, so no path can be smuggled into the answer.
	zegoActionPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]{0,63}$`)
	timAPIPattern     = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}/[a-z][a-z0-9_]{0,63}$`)
)

// signRequest is the body of POST /_mock/sign.
type signRequest struct {
	Vendor     imemu.Vendor `json:"vendor"`
	App        uint64       `json:"app"`
	Action     string       `json:"action"`     // ZEGO: the Action, e.g. DeleteFriends
	API        string       `json:"api"`        // TIM: service/command, e.g. sns/friend_delete
	Identifier string       `json:"identifier"` // TIM: who signs; empty: the app's admin
}

// check reports the first thing wrong with the request, naming its field.
func (req signRequest) check() *badInput {
	switch {
	case !req.Vendor.Valid():
		return badf("vendor", "vendor must be zego or tim, got %q", req.Vendor)
	case req.App == 0 || req.App > req.Vendor.MaxAppID():
		return badf("app", "app must be a %s app id, got %d", req.Vendor, req.App)
	case req.Vendor == imemu.VendorZego && req.API != "":
		return badf("api", "api is for TIM; a ZEGO request names an action")
	case req.Vendor == imemu.VendorZego && req.Identifier != "":
		return badf("identifier", "identifier is for TIM; ZEGO signs with the app's ServerSecret alone")
	case req.Vendor == imemu.VendorZego && !zegoActionPattern.MatchString(req.Action):
		return badf("action", "action must be a ZEGO Action such as DeleteFriends, got %q", req.Action)
	case req.Vendor == imemu.VendorTIM && req.Action != "":
		return badf("action", "action is for ZEGO; a TIM request names an api")
	case req.Vendor == imemu.VendorTIM && !timAPIPattern.MatchString(req.API):
		return badf("api", "api must be a TIM service/command such as sns/friend_delete, got %q", req.API)
	case len(req.Identifier) > imemu.MaxUserIDBytes:
		return badf("identifier", "identifier must be at most %d bytes", imemu.MaxUserIDBytes)
	}
	return nil
}

// handleSign answers POST /_mock/sign with a signed vendor URL for an app
// the server holds, absolute (on the scheme and host the request came to,
// so it is ready for curl) and as a path: ZEGO's public parameters
// signed with the ServerSecret (a fresh nonce, the emulated clock's time),
// or TIM's with a UserSig for the admin (or identifier) issued now for a
// day. It exists for clients that cannot sign themselves, such as the
// dashboard: a browser has no MD5 and no zlib without a library.
func (s *server) handleSign() http.HandlerFunc {
	type response struct {
		URL  string `json:"url"`  // absolute: scheme://host/path?query
		Path string `json:"path"` // the same, relative to the server
	}
	return func(w http.ResponseWriter, r *http.Request) {
		var req signRequest
		if e := decodeBody(r, &req); e != nil {
			writeBadInput(w, e)
			return
		}
		if e := req.check(); e != nil {
			writeBadInput(w, e)
			return
		}
		key := imemu.AppKey{Vendor: req.Vendor, AppID: req.App}
		t, err := s.store.Tenant(r.Context(), key)
		if errors.Is(err, imemu.ErrAppNotFound) {
			writeAppNotFound(w, key, "app")
			return
		}
		if err != nil {
			s.internalError(w, r, "read app", err)
			return
		}
		var u string
		if req.Vendor == imemu.VendorZego {
			u = s.zegoSignedURL(t, req.Action)
		} else {
			identifier := req.Identifier
			if identifier == "" {
				identifier = t.Admin
			}
			u, err = s.timSignedURL(t, req.API, identifier)
			if err != nil {
				s.internalError(w, r, "sign", err)
				return
			}
		}
		writeControlJSON(w, http.StatusOK, response{URL: requestBase(r) + u, Path: u})
	}
}

// zegoSignedURL returns "/?Action=…" with ZEGO's public parameters in the
// order ZEGO's documents list them.
func (s *server) zegoSignedURL(t imemu.Tenant, action string) string {
	nonce, _ := signature.ZegoNonce(rand.Reader) // crypto/rand never fails
	ts := s.clock.Now().Unix()
	return "/?" + orderedQuery(
		"Action", action,
		"AppId", strconv.FormatUint(t.AppID, 10),
		"SignatureNonce", nonce,
		"Timestamp", strconv.FormatInt(ts, 10),
		"SignatureVersion", "2.0",
		"Signature", signature.ZegoSign(uint32(t.AppID), nonce, t.Secret, ts),
	)
}

// timSignedURL returns "/v4/<api>?sdkappid=…" with TIM's common parameters.
func (s *server) timSignedURL(t imemu.Tenant, api, identifier string) (string, error) {
	sig, err := signature.GenUserSig(t.AppID, t.Secret, identifier, signUserSigLifetime, s.clock.Now().Unix())
	if err != nil {
		return "", err
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	return "/v4/" + api + "?" + orderedQuery(
		"sdkappid", strconv.FormatUint(t.AppID, 10),
		"identifier", identifier,
		"usersig", sig,
		"random", strconv.FormatUint(uint64(binary.BigEndian.Uint32(b[:])), 10),
		"contenttype", "json",
	), nil
}

// orderedQuery encodes name, value pairs in the order given (url.Values
// would sort them), so the URL reads as the vendor documents it.
func orderedQuery(pairs ...string) string {
	var b strings.Builder
	for i := 0; i+1 < len(pairs); i += 2 {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(pairs[i]))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(pairs[i+1]))
	}
	return b.String()
}

// requestBase returns the scheme and host r came to: https when it came
// over TLS (--tls-addr), and the Host the client used, which is how the
// client reaches this server.
func requestBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
