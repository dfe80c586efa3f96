package zegoapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/events"
	"github.com/imemu/imemu/internal/ratelimit"
	"github.com/imemu/imemu/internal/reqquery"
	"github.com/imemu/imemu/internal/signature"
	"github.com/imemu/imemu/internal/store"
)

// Deps is what ZEGO handlers need, passed in by the server.
type Deps struct {
	Logger  *slog.Logger
	Store   *store.Store
	Clock   clock.Clock
	Limiter *ratelimit.Limiter // nil: --rate-limit off
	Events  *events.Feed       // nil: events are not recorded
	AuthOff bool               // --auth off: skip signature and timestamp checks
}

// SignatureVersion is the only signature scheme ZEGO's server API documents.
const SignatureVersion = "2.0"

// MaxClockSkew is how far, in seconds, a request's Timestamp may be from
// the server's clock, either way, and still be accepted: ZEGO allows "at
// most 10 minutes of error". The boundary is inclusive: 600 s passes,
// 601 s is CodeSignatureExpired.
const MaxClockSkew = 600

// Gateway authenticates every ZEGO request and dispatches it by its Action
// query parameter, as ZEGO's gateway does. It checks, in this order, and
// answers the first failure:
//
//  1. the public parameters are present and well formed: Action, AppId,
//     SignatureNonce, Timestamp, SignatureVersion (must be 2.0), Signature;
//  2. AppId names a ZEGO app (else CodeSecretNotFound);
//  3. Timestamp is within MaxClockSkew of the clock (skipped with AuthOff);
//  4. Signature is md5(AppId+SignatureNonce+ServerSecret+Timestamp)
//     (skipped with AuthOff);
//  5. Action is one of actions (else CodeActionUnsupported).
//
// The Action's handler then runs with the app in its request context.
func Gateway(d *Deps, actions map[string]http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := reqquery.Values(r)
		p, err := parsePublic(q)
		if err != nil {
			writeError(w, r, d.Logger, err)
			return
		}
		t, err := d.Store.Tenant(r.Context(), imemu.AppKey{Vendor: imemu.VendorZego, AppID: uint64(p.appID)})
		if errors.Is(err, imemu.ErrAppNotFound) {
			err = errorf(CodeSecretNotFound, "no ZEGO app with AppId %d", p.appID)
		}
		if err == nil && !d.AuthOff {
			err = p.verify(t.Secret, d.Clock.Now().Unix())
		}
		if err != nil {
			writeError(w, r, d.Logger, err)
			return
		}
		h, ok := actions[p.action]
		if !ok {
			writeError(w, r, d.Logger, errorf(CodeActionUnsupported, "%s", quote(p.action)))
			return
		}
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), tenantKey{}, t)))
	})
}

// public holds the public query parameters of a request.
type public struct {
	action    string
	appID     uint32
	nonce     string
	timestamp int64
	signature string
}

// parsePublic reads the public parameters, each missing or malformed one
// with its own code, checked in the order ZEGO's docs list them.
func parsePublic(q url.Values) (public, error) {
	var p public
	if p.action = q.Get("Action"); p.action == "" {
		return p, errorf(CodeActionEmpty, "")
	}
	id, err := strconv.ParseUint(q.Get("AppId"), 10, 32)
	if err != nil {
		return p, errorf(CodeAppIDFormat, "want a decimal uint32, got %s", quote(q.Get("AppId")))
	}
	p.appID = uint32(id)
	if p.nonce = q.Get("SignatureNonce"); p.nonce == "" {
		return p, errorf(CodeNonceEmpty, "")
	}
	ts := q.Get("Timestamp")
	if ts == "" {
		return p, errorf(CodeTimestampEmpty, "")
	}
	if p.timestamp, err = strconv.ParseInt(ts, 10, 64); err != nil {
		return p, errorf(CodeTimestampFormat, "want decimal Unix seconds, got %s", quote(ts))
	}
	switch v := q.Get("SignatureVersion"); v {
	case "":
		return p, errorf(CodeSigVersionEmpty, "")
	case SignatureVersion:
	default:
		return p, errorf(CodeSigVersionUnsupport, "want %s, got %s", SignatureVersion, quote(v))
	}
	if p.signature = q.Get("Signature"); p.signature == "" {
		return p, errorf(CodeSignatureEmpty, "")
	}
	return p, nil
}

// verify checks the timestamp window against now (Unix seconds) and then
// the signature against the app's secret.
func (p public) verify(secret string, now int64) error {
	if p.timestamp < now-MaxClockSkew || p.timestamp > now+MaxClockSkew {
		return errorf(CodeSignatureExpired, "Timestamp %d, server time %d", p.timestamp, now)
	}
	if !signature.ZegoVerify(p.appID, p.nonce, secret, p.timestamp, p.signature) {
		return errorf(CodeSignatureError, "")
	}
	return nil
}

type tenantKey struct{}

// tenantFrom returns the app the gateway authenticated the request for.
func tenantFrom(ctx context.Context) (imemu.Tenant, bool) {
	t, ok := ctx.Value(tenantKey{}).(imemu.Tenant)
	return t, ok
}

// quote quotes s for a Message, cut to a readable length.
func quote(s string) string {
	const max = 64
	if len(s) > max {
		return strconv.Quote(s[:max]) + "…"
	}
	return strconv.Quote(s)
}
