package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"

	"github.com/go-chi/chi/v5"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/internal/store"
)

// snapshotName is what a snapshot may be called: safe in a URL path
// segment as it is.
var snapshotName = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

type snapshotJSON struct {
	Name      string   `json:"name"`
	CreatedAt msTime   `json:"createdAt"`
	Apps      []string `json:"apps"`
}

func newSnapshotJSON(info store.SnapshotInfo) snapshotJSON {
	out := snapshotJSON{Name: info.Name, CreatedAt: msTime(info.CreatedAt), Apps: make([]string, len(info.Apps))}
	for i, k := range info.Apps {
		out.Apps[i] = appName(k)
	}
	return out
}

// handleCreateSnapshot answers POST /_mock/snapshots {"name", "vendor"?,
// "app"?}: the state of every app, or of the one named, saved in the
// database under name, secrets included so a restore can bring back a
// deleted app.
func (s *server) handleCreateSnapshot() http.HandlerFunc {
	type request struct {
		Name   string `json:"name"`
		Vendor string `json:"vendor"`
		App    uint64 `json:"app"`
	}
	return func(w http.ResponseWriter, r *http.Request) {
		var req request
		if e := decodeBody(r, &req); e != nil {
			writeBadInput(w, e)
			return
		}
		if !snapshotName.MatchString(req.Name) {
			writeBadInput(w, badf("name", "name must be 1 to 64 characters of A-Z a-z 0-9 . _ -, got %q", req.Name))
			return
		}
		var key *imemu.AppKey
		if req.Vendor != "" || req.App != 0 {
			if !imemu.Vendor(req.Vendor).Valid() {
				writeBadInput(w, badf("vendor", "vendor must be zego or tim, got %q", req.Vendor))
				return
			}
			if req.App == 0 {
				writeBadInput(w, badf("app", "app must be a positive app id when vendor is given"))
				return
			}
			key = &imemu.AppKey{Vendor: imemu.Vendor(req.Vendor), AppID: req.App}
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
		data, err := json.Marshal(fixtures.FromState(apps, true))
		if err != nil {
			s.internalError(w, r, "encode snapshot", err)
			return
		}
		keys := make([]imemu.AppKey, len(apps))
		for i, a := range apps {
			keys[i] = a.Tenant.Key()
		}
		info, err := s.store.SaveSnapshotWithin(r.Context(), req.Name, keys, data, s.cfg.SnapshotBytes)
		if errors.Is(err, store.ErrSnapshotExists) {
			writeControlError(w, http.StatusConflict, "name", "snapshot %q already exists", req.Name)
			return
		}
		var over *store.SnapshotBudgetError
		if errors.As(err, &over) {
			writeControlError(w, http.StatusInsufficientStorage, "name",
				"snapshot %q (%d bytes) would take the snapshots past their budget of %d bytes (--snapshot-bytes); they hold %d: delete some first",
				req.Name, over.Size, over.Budget, over.Used)
			return
		}
		if err != nil {
			s.internalError(w, r, "save snapshot", err)
			return
		}
		writeControlJSON(w, http.StatusCreated, newSnapshotJSON(info))
	}
}

// handleListSnapshots answers GET /_mock/snapshots, oldest first.
func (s *server) handleListSnapshots() http.HandlerFunc {
	type response struct {
		Snapshots []snapshotJSON `json:"snapshots"`
	}
	return func(w http.ResponseWriter, r *http.Request) {
		infos, err := s.store.Snapshots(r.Context())
		if err != nil {
			s.internalError(w, r, "list snapshots", err)
			return
		}
		resp := response{Snapshots: make([]snapshotJSON, len(infos))}
		for i, info := range infos {
			resp.Snapshots[i] = newSnapshotJSON(info)
		}
		writeControlJSON(w, http.StatusOK, resp)
	}
}

// handleRestoreSnapshot answers POST /_mock/snapshots/{name}/restore: the
// apps the snapshot holds, and only those, get their saved state back in
// one transaction; their rate-limit buckets start full.
func (s *server) handleRestoreSnapshot() http.HandlerFunc {
	type response struct {
		Name string   `json:"name"`
		Apps []string `json:"apps"`
	}
	return func(w http.ResponseWriter, r *http.Request) {
		name := chi.URLParam(r, "name")
		s.stateMu.Lock()
		defer s.stateMu.Unlock()
		info, err := s.store.RestoreSnapshot(r.Context(), name, func(data []byte) ([]imemu.AppState, error) {
			return fixtures.Parse(bytes.NewReader(data))
		})
		if errors.Is(err, store.ErrSnapshotNotFound) {
			writeControlError(w, http.StatusNotFound, "name", "snapshot %q does not exist", name)
			return
		}
		if err != nil {
			s.internalError(w, r, "restore snapshot", err)
			return
		}
		resp := response{Name: info.Name, Apps: make([]string, len(info.Apps))}
		for i, k := range info.Apps {
			s.limiter.Forget(k)
			resp.Apps[i] = appName(k)
		}
		writeControlJSON(w, http.StatusOK, resp)
	}
}

// handleDeleteSnapshot answers DELETE /_mock/snapshots/{name}.
func (s *server) handleDeleteSnapshot() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := chi.URLParam(r, "name")
		err := s.store.DeleteSnapshot(r.Context(), name)
		if errors.Is(err, store.ErrSnapshotNotFound) {
			writeControlError(w, http.StatusNotFound, "name", "snapshot %q does not exist", name)
			return
		}
		if err != nil {
			s.internalError(w, r, "delete snapshot", err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}
