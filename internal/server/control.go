package server

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/imemu/imemu"
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
	_ = json.NewEncoder(w).Encode(body)
}

func writeControlError(w http.ResponseWriter, status int, field, format string, args ...any) {
	writeControlJSON(w, status, controlError{Error: fmt.Sprintf(format, args...), Field: field})
}

// handleHealth answers 200 {"status":"ok"} once the store answers.
func (s *server) handleHealth() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := s.store.Ping(r.Context()); err != nil {
			writeControlJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "error": err.Error()})
			return
		}
		writeControlJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	}
}

// handleReset restores the loaded fixtures: every app, or with
// ?vendor=zego|tim&app=ID just that one. Rate-limit buckets of the reset
// apps start full again.
func (s *server) handleReset() http.HandlerFunc {
	type response struct {
		Reset []string `json:"reset"`
	}
	return func(w http.ResponseWriter, r *http.Request) {
		key, field, err := appKeyFromQuery(r)
		if err != nil {
			writeControlError(w, http.StatusBadRequest, field, "%v", err)
			return
		}
		apps := s.cfg.Fixtures
		if key != nil {
			apps = nil
			for _, a := range s.cfg.Fixtures {
				if a.Tenant.Key() == *key {
					apps = append(apps, a)
				}
			}
			if len(apps) == 0 {
				writeControlError(w, http.StatusNotFound, "app", "%s app %d is not in the loaded fixtures", key.Vendor, key.AppID)
				return
			}
		}
		if err := s.store.ReplaceApps(r.Context(), apps, key); err != nil {
			s.log.ErrorContext(r.Context(), "reset failed", "err", err)
			writeControlError(w, http.StatusInternalServerError, "", "reset failed: %v", err)
			return
		}
		resp := response{Reset: []string{}}
		if key != nil {
			s.limiter.Forget(*key)
		} else {
			s.limiter.Reset()
		}
		for _, a := range apps {
			resp.Reset = append(resp.Reset, fmt.Sprintf("%s/%d", a.Tenant.Vendor, a.Tenant.AppID))
		}
		writeControlJSON(w, http.StatusOK, resp)
	}
}

// appKeyFromQuery reads ?vendor=&app=: both or neither.
func appKeyFromQuery(r *http.Request) (key *imemu.AppKey, field string, err error) {
	q := r.URL.Query()
	vendor, app := q.Get("vendor"), q.Get("app")
	if vendor == "" && app == "" {
		return nil, "", nil
	}
	if !imemu.Vendor(vendor).Valid() {
		return nil, "vendor", fmt.Errorf("vendor must be zego or tim, got %q", vendor)
	}
	id, err := strconv.ParseUint(app, 10, 64)
	if err != nil || id == 0 {
		return nil, "app", fmt.Errorf("app must be a positive app id, got %q", app)
	}
	return &imemu.AppKey{Vendor: imemu.Vendor(vendor), AppID: id}, "", nil
}

// requireControlToken enforces --control-token with a constant-time compare.
func (s *server) requireControlToken(next http.Handler) http.Handler {
	if s.cfg.ControlToken == "" {
		return next
	}
	want := []byte("Bearer " + s.cfg.ControlToken)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := []byte(r.Header.Get("Authorization"))
		if subtle.ConstantTimeCompare(got, want) != 1 {
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
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if v := recover(); v != nil {
					if v == http.ErrAbortHandler {
						panic(v)
					}
					log.ErrorContext(r.Context(), "control handler panic", "panic", v)
					writeControlError(w, http.StatusInternalServerError, "", "internal error")
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}
