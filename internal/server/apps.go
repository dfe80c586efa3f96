package server

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"math/big"
	"net/http"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/internal/store"
)

// appJSON is the control plane's App object. It always carries the secret:
// a test needs it to sign requests.
type appJSON struct {
	Vendor      imemu.Vendor `json:"vendor"`
	AppID       uint64       `json:"appId"`
	Secret      string       `json:"secret"`
	Admin       string       `json:"admin"`
	CallbackURL string       `json:"callbackUrl"`
	Limits      limitsJSON   `json:"limits"`
	// Settings are the app's relationship options, {} when all default;
	// the callback token is shown like the secret.
	Settings    imemu.Settings `json:"settings"`
	UserCount   int            `json:"userCount"`
	FriendCount int            `json:"friendCount"`
	CreatedAt   msTime         `json:"createdAt"`
}

// limitsJSON writes every limit, zero meaning the vendor's default.
type limitsJSON struct {
	QPS      int            `json:"qps"`
	APIQPS   map[string]int `json:"apiQps"`
	BatchMax int            `json:"batchMax"`
}

func newAppJSON(t imemu.Tenant, users, friends int) appJSON {
	l := limitsJSON{QPS: t.Limits.QPS, APIQPS: t.Limits.APIQPS, BatchMax: t.Limits.BatchMax}
	if l.APIQPS == nil {
		l.APIQPS = map[string]int{}
	}
	return appJSON{Vendor: t.Vendor, AppID: t.AppID, Secret: t.Secret, Admin: t.Admin, CallbackURL: t.CallbackURL,
		Limits: l, Settings: t.Settings, UserCount: users, FriendCount: friends, CreatedAt: msTime(t.CreatedAt)}
}

// The ranges generated app ids come from: ZEGO AppIds are uint32s of ten
// digits, TIM SdkAppIds are 14xxxxxxxx.
var generatedIDs = map[imemu.Vendor]struct{ min, max uint64 }{
	imemu.VendorZego: {1_000_000_000, 1<<32 - 1},
	imemu.VendorTIM:  {1_400_000_000, 1_499_999_999},
}

// secretBytes is the length of generated secrets before hex encoding: a
// ZEGO ServerSecret is 32 hex digits, a TIM key 64.
var secretBytes = map[imemu.Vendor]int{imemu.VendorZego: 16, imemu.VendorTIM: 32}

// defaultAdmin is the TIM admin of created apps that name none, as in the
// default fixtures.
const defaultAdmin = "administrator"

// handleCreateApp answers POST /_mock/apps: one app in the fixtures format,
// with its id, secret and (TIM) admin generated when missing. The app's
// state at creation is what a reset of it restores.
func (s *server) handleCreateApp() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var a fixtures.App
		if e := decodeBody(r, &a); e != nil {
			writeBadInput(w, e)
			return
		}
		if !a.Vendor.Valid() {
			writeBadInput(w, badf("vendor", "vendor must be zego or tim, got %q", a.Vendor))
			return
		}
		generateID := a.AppID == 0
		if a.Secret == "" {
			a.Secret = randomHex(secretBytes[a.Vendor])
		}
		if a.Vendor == imemu.VendorTIM && a.Admin == "" {
			a.Admin = defaultAdmin
		}
		s.stateMu.Lock()
		defer s.stateMu.Unlock()
		// A generated id that is taken is drawn again; with at least 10⁸
		// ids to draw from, a few tries always find a free one.
		for try := 0; ; try++ {
			if generateID {
				a.AppID = randomID(a.Vendor)
			}
			apps, err := fixtures.File{Apps: []fixtures.App{a}}.Validate()
			if err != nil {
				writeBadInput(w, fieldOf(err, "apps[0]."))
				return
			}
			// Stamped before creation: a reset restores the times of now.
			app := fixtures.Stamp(apps, s.clock.Now())[0]
			t, err := s.store.CreateApp(r.Context(), app)
			if errors.Is(err, imemu.ErrAppExists) && generateID && try < 10 {
				continue
			}
			if errors.Is(err, imemu.ErrAppExists) {
				writeControlError(w, http.StatusConflict, "appId", "%s app %d already exists", a.Vendor, a.AppID)
				return
			}
			if err != nil {
				s.internalError(w, r, "create app", err)
				return
			}
			app.Tenant = t
			s.created[t.Key()] = app
			s.limiter.Forget(t.Key()) // buckets left by a deleted app with the same key
			writeControlJSON(w, http.StatusCreated, newAppJSON(t, len(app.Users), len(app.Friends)))
			return
		}
	}
}

// handleListApps answers GET /_mock/apps: every app, by vendor and id.
func (s *server) handleListApps() http.HandlerFunc {
	type response struct {
		Apps []appJSON `json:"apps"`
	}
	return func(w http.ResponseWriter, r *http.Request) {
		sums, err := s.store.AppSummaries(r.Context(), nil)
		if err != nil {
			s.internalError(w, r, "list apps", err)
			return
		}
		resp := response{Apps: make([]appJSON, len(sums))}
		for i, a := range sums {
			resp.Apps[i] = newAppJSON(a.Tenant, a.Users, a.Friends)
		}
		writeControlJSON(w, http.StatusOK, resp)
	}
}

// handleGetApp answers GET /_mock/apps/{vendor}/{id}.
func (s *server) handleGetApp() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key, e := pathAppKey(r)
		if e != nil {
			writeBadInput(w, e)
			return
		}
		sums, err := s.store.AppSummaries(r.Context(), &key)
		if errors.Is(err, imemu.ErrAppNotFound) {
			writeAppNotFound(w, key, "id")
			return
		}
		if err != nil {
			s.internalError(w, r, "get app", err)
			return
		}
		writeControlJSON(w, http.StatusOK, newAppJSON(sums[0].Tenant, sums[0].Users, sums[0].Friends))
	}
}

// handleDeleteApp answers DELETE /_mock/apps/{vendor}/{id}: the app goes
// with its users, friendships, rate-limit buckets and, if the control
// plane created it, its reset baseline. A fixtures app comes back with the
// next reset.
func (s *server) handleDeleteApp() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key, e := pathAppKey(r)
		if e != nil {
			writeBadInput(w, e)
			return
		}
		s.stateMu.Lock()
		defer s.stateMu.Unlock()
		err := s.store.DeleteTenant(r.Context(), key)
		if errors.Is(err, imemu.ErrAppNotFound) {
			writeAppNotFound(w, key, "id")
			return
		}
		if err != nil {
			s.internalError(w, r, "delete app", err)
			return
		}
		delete(s.created, key)
		s.limiter.Forget(key)
		w.WriteHeader(http.StatusNoContent)
	}
}

func writeAppNotFound(w http.ResponseWriter, key imemu.AppKey, field string) {
	writeControlError(w, http.StatusNotFound, field, "%s app %d does not exist", key.Vendor, key.AppID)
}

// randomID draws an app id for vendor from crypto/rand.
func randomID(v imemu.Vendor) uint64 {
	r := generatedIDs[v]
	n, err := rand.Int(rand.Reader, new(big.Int).SetUint64(r.max-r.min+1))
	if err != nil {
		panic("crypto/rand failed: " + err.Error()) // crypto/rand.Reader never fails on supported platforms
	}
	return r.min + n.Uint64()
}

// randomHex returns n random bytes from crypto/rand in lowercase hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand.Read)
	return hex.EncodeToString(b)
}

// internalError answers a store failure that is no fault of the request:
// 503 when the database has no room (a full disk, or --db-max-bytes),
// else 500. Either way the answer names the cause in imemu's words and the
// log has the store's own error.
func (s *server) internalError(w http.ResponseWriter, r *http.Request, what string, err error) {
	if errors.Is(err, store.ErrFull) {
		s.log.WarnContext(r.Context(), what+" failed: database full", "err", err)
		writeControlError(w, http.StatusServiceUnavailable, "",
			"%s failed: the database is full (no room left on its disk, or --db-max-bytes reached); nothing changed", what)
		return
	}
	s.log.ErrorContext(r.Context(), what+" failed", "err", err)
	writeControlError(w, http.StatusInternalServerError, "", "%s failed: internal error; the server log has the details", what)
}
