package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/recovery"
)

// controlError is the control plane's error body: what went wrong and, for
// bad input, which field.
type controlError struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"`
}

func writeControlJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	// Signed URLs and request bodies read as sent: & stays &, not \u0026
	// (the answers are application/json, never HTML).
	enc.SetEscapeHTML(false)
	_ = enc.Encode(body)
}

func writeControlError(w http.ResponseWriter, status int, field, format string, args ...any) {
	writeControlJSON(w, status, controlError{Error: fmt.Sprintf(format, args...), Field: field})
}

// handleHealth answers 200 {"status":"ok"} once the store answers.
func (s *server) handleHealth() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := s.store.Ping(r.Context()); err != nil {
			// The driver's text names SQLite internals; the logger keeps it.
			s.log.Warn("health: store does not answer", "err", err)
			writeControlJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "error": "the database does not answer"})
			return
		}
		writeControlJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	}
}

// handleReset restores apps to their baselines: with ?vendor=zego|tim&app=ID
// that one app (its state at creation for an app created through
// /_mock/apps, else the loaded fixtures'); without, the whole server goes
// back to the loaded fixtures, which deletes every other app. Rate-limit
// buckets of the reset apps start full again.
func (s *server) handleReset() http.HandlerFunc {
	type response struct {
		Reset []string `json:"reset"`
	}
	return func(w http.ResponseWriter, r *http.Request) {
		q := newQuery(r)
		key := q.appKey()
		if q.err != nil {
			writeBadInput(w, q.err)
			return
		}
		s.stateMu.Lock()
		defer s.stateMu.Unlock()
		apps := s.cfg.Fixtures
		if key != nil {
			app, ok := s.baseline(*key)
			if !ok {
				writeControlError(w, http.StatusNotFound, "app",
					"%s app %d has no reset baseline: it is neither in the loaded fixtures nor created through /_mock/apps", key.Vendor, key.AppID)
				return
			}
			apps = []imemu.AppState{app}
		}
		if err := s.store.ReplaceApps(r.Context(), apps, key); err != nil {
			s.internalError(w, r, "reset", err)
			return
		}
		if key != nil {
			s.limiter.Forget(*key)
		} else {
			clear(s.created)
			s.limiter.Reset()
		}
		resp := response{Reset: []string{}}
		for _, a := range apps {
			resp.Reset = append(resp.Reset, appName(a.Tenant.Key()))
		}
		writeControlJSON(w, http.StatusOK, resp)
	}
}

// baseline returns what a reset of the app with key restores. The caller
// holds stateMu.
func (s *server) baseline(key imemu.AppKey) (imemu.AppState, bool) {
	if app, ok := s.created[key]; ok {
		return app, true
	}
	for _, a := range s.cfg.Fixtures {
		if a.Tenant.Key() == key {
			return a, true
		}
	}
	return imemu.AppState{}, false
}

// requireControlToken enforces --control-token with a constant-time compare.
func (s *server) requireControlToken(next http.Handler) http.Handler {
	if s.cfg.ControlToken == "" {
		return next
	}
	// Compare digests: equal lengths, so the time taken says nothing about
	// the token's length either.
	want := sha256.Sum256([]byte("Bearer " + s.cfg.ControlToken))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := sha256.Sum256([]byte(r.Header.Get("Authorization")))
		if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="imemu control plane"`)
			writeControlError(w, http.StatusUnauthorized, "Authorization", "control plane needs Authorization: Bearer <--control-token>")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func controlNotFound() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		writeControlError(w, http.StatusNotFound, "", "no control route %s %s", r.Method, r.URL.Path)
	}
}

func controlMethodNotAllowed() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		writeControlError(w, http.StatusMethodNotAllowed, "", "method %s not allowed on %s", r.Method, r.URL.Path)
	}
}

// recoverJSON turns a panic in a control route into a 500 JSON answer.
func recoverJSON(log *slog.Logger) func(http.Handler) http.Handler {
	return recovery.Middleware(func(w http.ResponseWriter, r *http.Request, v any) {
		log.ErrorContext(r.Context(), "control handler panic", "panic", v)
		writeControlError(w, http.StatusInternalServerError, "", "internal error")
	})
}
