package timapi

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/explain"
	"github.com/imemu/imemu/internal/ratelimit"
	"github.com/imemu/imemu/internal/reqquery"
	"github.com/imemu/imemu/internal/signature"
)

// api describes one TIM REST API for the checks every request goes through.
type api struct {
	name       string // "<service>/<command>": the rate-limit bucket and the key of Limits.APIQPS
	qps        int    // documented calls per second
	paramCode  int    // code for bad body fields: CodeInvalidParam (sns) or CodeAccountParam (accounts)
	successMsg string // ErrorInfo of a success answer, as the API's documented example shows it
}

// call is one request that passed the common checks.
type call struct {
	tenant   imemu.Tenant
	now      time.Time
	clientIP string // for callbacks' ClientIP
}

// The common query parameters (REST API overview page).
const (
	paramSDKAppID    = "sdkappid"
	paramIdentifier  = "identifier"
	paramUserSig     = "usersig"
	paramRandom      = "random"
	paramContentType = "contenttype"
)

var commonParams = []string{paramSDKAppID, paramIdentifier, paramUserSig, paramRandom, paramContentType}

// authOffHint ends the ErrorInfo of UserSig failures in strict mode, and of
// the checks --auth off keeps, so a developer knows what the flag changes.
const (
	strictHint  = " (imemu: start the server with --auth off to skip UserSig checks)"
	authOffHint = " (imemu: --auth off skips only UserSig checks)"
)

// handle returns the handler of one API: the common query checks, UserSig,
// admin and rate limit (authenticate), one body decode into Req, then fn,
// whose answer or error is rendered in TIM's envelope.
func handle[Req any](d *Deps, a api, fn func(ctx context.Context, c *call, req *Req) (any, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := d.authenticate(r, a)
		if err != nil {
			writeError(w, r, d.Logger, err)
			return
		}
		var req Req
		if err := decodeBody(r, &req, a.paramCode); err != nil {
			writeError(w, r, d.Logger, err)
			return
		}
		resp, err := fn(r.Context(), c, &req)
		if err != nil {
			writeError(w, r, d.Logger, err)
			return
		}
		writeJSON(w, resp)
	})
}

// authenticate runs the checks every TIM request goes through, in this
// order: query syntax and duplicates, sdkappid, identifier, usersig,
// random, contenttype, the app, the UserSig, admin identifier, rate limit.
func (d *Deps) authenticate(r *http.Request, a api) (*call, error) {
	q, err := reqquery.Parse(r)
	if err != nil {
		return nil, errorf(CodeHTTPParse, "query string: %s", explain.Query(err))
	}
	for _, p := range commonParams {
		if len(q[p]) > 1 {
			return nil, errorf(CodeHTTPParse, "query parameter %s given %d times", p, len(q[p]))
		}
	}
	rawApp := q.Get(paramSDKAppID)
	if rawApp == "" {
		return nil, errorf(CodeNoSDKAppID, "")
	}
	appID, err := strconv.ParseUint(rawApp, 10, 64)
	if err != nil || appID == 0 {
		return nil, errorf(CodeNoSDKAppID, "sdkappid %q is not an SDKAppID", rawApp)
	}
	identifier := q.Get(paramIdentifier)
	if identifier == "" {
		return nil, errorf(CodeAccountOrSig, "identifier is missing")
	}
	userSig := q.Get(paramUserSig)
	if userSig == "" && !d.AuthOff {
		return nil, errorf(CodeSigEmpty, "usersig is missing"+strictHint)
	}
	if rawRandom := q.Get(paramRandom); rawRandom == "" {
		return nil, errorf(CodeHTTPParse, "random is missing")
	} else if _, err := strconv.ParseUint(rawRandom, 10, 32); err != nil {
		return nil, errorf(CodeHTTPParse, "random %q is not a 32-bit unsigned integer", rawRandom)
	}
	if ct := q.Get(paramContentType); ct != "json" {
		return nil, errorf(CodeHTTPParse, "contenttype must be json, got %q", ct)
	}

	c := &call{now: d.Clock.Now(), clientIP: clientIP(r)}
	c.tenant, err = d.Store.Tenant(r.Context(), imemu.AppKey{Vendor: imemu.VendorTIM, AppID: appID})
	if errors.Is(err, imemu.ErrAppNotFound) {
		return nil, errorf(CodeUnknownApp, "%d%s", appID, d.hint())
	}
	if err != nil {
		return nil, err
	}
	if !d.AuthOff {
		_, err := d.userSigs.Check(userSig, c.tenant.Secret, appID, identifier, c.now.Unix())
		if err != nil {
			return nil, userSigError(err)
		}
	}
	if identifier != c.tenant.Admin {
		return nil, errorf(CodeNeedAdmin, "identifier %q is not the app admin%s", identifier, d.hint())
	}
	key := ratelimit.Key{App: c.tenant.Key(), API: a.name}
	qps := c.tenant.Limits.QPSFor(a.name, a.qps)
	d.alertOverLimit(c, key, qps)
	if !d.Limiter.Allow(key, qps, c.now) {
		return nil, errorf(CodeRateLimited, "%s allows %d calls per second", a.name, qps)
	}
	return c, nil
}

// hint is appended to the errors --auth off does not skip.
func (d *Deps) hint() string {
	if d.AuthOff {
		return authOffHint
	}
	return ""
}

// userSigError maps a verifier failure to its code (tim-facts.md §3).
func userSigError(err error) *Error {
	code, sentinel := CodeSigMalformed, signature.ErrMalformed
	for _, k := range []struct {
		code int
		err  error
	}{
		{CodeSigExpired, signature.ErrExpired},
		{CodeSigAppID, signature.ErrAppIDMismatch},
		{CodeSigIdentifier, signature.ErrIdentifierMismatch},
		{CodeSigMismatch, signature.ErrSigMismatch},
	} {
		if errors.Is(err, k.err) {
			code, sentinel = k.code, k.err
			break
		}
	}
	// The code's text already says what the sentinel says: keep only the
	// detail the signature package added after it.
	detail := strings.TrimPrefix(strings.TrimPrefix(err.Error(), sentinel.Error()), ": ")
	if detail == "" {
		return &Error{Code: code, Info: Info(code) + strictHint}
	}
	return errorf(code, "%s%s", detail, strictHint)
}

// clientIP is the request's peer address without the port.
func clientIP(r *http.Request) string {
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}
