package server

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/internal/redact"
)

// stateFile is the fixtures document as the control plane writes it: an
// app's secret is left out unless asked for.
type stateFile struct {
	Apps []stateApp `json:"apps"`
}

type stateApp struct {
	fixtures.App
	Secret string `json:"secret,omitempty"` // shadows App.Secret to omit it when empty
}

// handleGetState answers GET /_mock/state[?vendor=&app=][&secrets=true]:
// every app's state, or one app's, in the fixtures format.
func (s *server) handleGetState() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := newQuery(r)
		key := q.appKey()
		secrets := q.bool("secrets")
		if q.err != nil {
			writeBadInput(w, q.err)
			return
		}
		apps, err := s.store.ExportApps(r.Context(), key)
		if errors.Is(err, imemu.ErrAppNotFound) {
			writeAppNotFound(w, *key, "app")
			return
		}
		if err != nil {
			s.internalError(w, r, "export state", err)
			return
		}
		f := fixtures.FromState(apps, secrets)
		out := stateFile{Apps: make([]stateApp, len(f.Apps))}
		for i, a := range f.Apps {
			out.Apps[i] = stateApp{App: a, Secret: a.Secret}
		}
		writeControlJSON(w, http.StatusOK, out)
	}
}

// handlePutState answers PUT /_mock/state[?vendor=&app=]: the body, a
// fixtures document, replaces every app (or just the one named, which the
// body must hold alone) in one transaction, after the same checks as
// start-up fixtures. An app given without a secret keeps its current one.
func (s *server) handlePutState() http.HandlerFunc {
	type response struct {
		Apps []string `json:"apps"`
	}
	return func(w http.ResponseWriter, r *http.Request) {
		q := newQuery(r)
		key := q.appKey()
		if q.err != nil {
			writeBadInput(w, q.err)
			return
		}
		var f fixtures.File
		if e := decodeBody(r, &f); e != nil {
			writeBadInput(w, e)
			return
		}
		if key != nil && (len(f.Apps) != 1 || f.Apps[0].Vendor != key.Vendor || f.Apps[0].AppID != key.AppID) {
			writeBadInput(w, badf("apps", "with ?vendor=%s&app=%d the body must hold exactly that app", key.Vendor, key.AppID))
			return
		}
		s.stateMu.Lock()
		defer s.stateMu.Unlock()
		if e, err := s.keepSecrets(r, f.Apps); err != nil {
			s.internalError(w, r, "read secrets", err)
			return
		} else if e != nil {
			writeBadInput(w, e)
			return
		}
		apps, err := f.Validate()
		if err != nil {
			writeBadInput(w, fieldOf(err, ""))
			return
		}
		if err := s.store.ReplaceApps(r.Context(), apps, key); err != nil {
			s.internalError(w, r, "replace state", err)
			return
		}
		resp := response{Apps: make([]string, len(apps))}
		for i, a := range apps {
			resp.Apps[i] = appName(a.Tenant.Key())
		}
		if key != nil {
			s.limiter.Forget(*key)
		} else {
			s.limiter.Reset()
		}
		writeControlJSON(w, http.StatusOK, resp)
	}
}

// keepSecrets fills in the current secret of each app given without one,
// and its callback URL's credentials where the export masked them, so an
// export without secrets can be edited and put back. An app that
// does not exist yet needs its secret.
func (s *server) keepSecrets(r *http.Request, apps []fixtures.App) (*badInput, error) {
	for i := range apps {
		a := &apps[i]
		if a.Secret != "" || !a.Vendor.Valid() || a.AppID == 0 {
			continue // Validate reports what is wrong with these
		}
		t, err := s.store.Tenant(r.Context(), imemu.AppKey{Vendor: a.Vendor, AppID: a.AppID})
		if errors.Is(err, imemu.ErrAppNotFound) {
			return badf(fmt.Sprintf("apps[%d].secret", i), "missing, and %s app %d does not exist to keep its secret", a.Vendor, a.AppID), nil
		}
		if err != nil {
			return nil, err
		}
		a.Secret = t.Secret
		// The export showed the callback URL's credentials masked: the
		// masked URL put back means the current one.
		if a.CallbackURL != t.CallbackURL && a.CallbackURL == redact.URL(t.CallbackURL) {
			a.CallbackURL = t.CallbackURL
		}
	}
	return nil, nil
}
