package server

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
)

type clockJSON struct {
	Now      msTime `json:"now"`
	Frozen   bool   `json:"frozen"`
	OffsetMs int64  `json:"offsetMs"` // emulated minus real time
}

func (s *server) clockState() clockJSON {
	frozen, offset := s.clock.State()
	return clockJSON{Now: msTime(s.clock.Now()), Frozen: frozen, OffsetMs: offset.Milliseconds()}
}

// handleClock answers GET /_mock/clock.
func (s *server) handleClock() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		writeControlJSON(w, http.StatusOK, s.clockState())
	}
}

// clockCommands are the keys POST /_mock/clock takes, exactly one at a time.
var clockCommands = []string{"freeze", "set", "advance", "reset"}

// handleSetClock answers POST /_mock/clock with exactly one of
// {"freeze":true|false}, {"set":"<RFC 3339>"}, {"advance":"<Go duration>"}
// or {"reset":true}. The emulated clock drives signature windows, UserSig
// expiry, rate limits, fault durations and every timestamp imemu writes.
func (s *server) handleSetClock() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var cmd map[string]json.RawMessage
		if e := decodeBody(r, &cmd); e != nil {
			writeBadInput(w, e)
			return
		}
		for k := range cmd {
			if !slices.Contains(clockCommands, k) {
				writeBadInput(w, badf(k, "unknown field %q: want one of %s", k, strings.Join(clockCommands, ", ")))
				return
			}
		}
		if len(cmd) != 1 {
			writeBadInput(w, badf("body", "want exactly one of %s, got %d", strings.Join(clockCommands, ", "), len(cmd)))
			return
		}
		if e := s.applyClock(cmd); e != nil {
			writeBadInput(w, e)
			return
		}
		// Nothing the store caches depends on the time today; dropping it
		// keeps that true for whatever comes to.
		s.store.DropReadCache()
		writeControlJSON(w, http.StatusOK, s.clockState())
	}
}

func (s *server) applyClock(cmd map[string]json.RawMessage) *badInput {
	for key, raw := range cmd {
		switch key {
		case "freeze":
			var freeze bool
			if json.Unmarshal(raw, &freeze) != nil {
				return badf(key, "freeze must be true or false, got %s", raw)
			}
			now := s.clock.Now()
			if freeze {
				s.clock.Freeze(now)
			} else {
				s.clock.Set(now) // runs on from where it stood
			}
		case "set":
			var v string
			t, err := time.Time{}, json.Unmarshal(raw, &v)
			if err == nil {
				t, err = time.Parse(time.RFC3339Nano, v)
			}
			if err != nil {
				return badf(key, "set must be an RFC 3339 time, e.g. \"2026-11-23T12:00:00.000Z\", got %s", raw)
			}
			if frozen, _ := s.clock.State(); frozen {
				s.clock.Freeze(t) // a frozen clock stays frozen, at the new time
			} else {
				s.clock.Set(t)
			}
		case "advance":
			var v string
			d, err := time.Duration(0), json.Unmarshal(raw, &v)
			if err == nil {
				d, err = time.ParseDuration(v)
			}
			if err != nil {
				return badf(key, "advance must be a Go duration such as \"90s\" or \"-1h\", got %s", raw)
			}
			s.clock.Shift(d)
		case "reset":
			if string(raw) != "true" {
				return badf(key, "reset must be true, got %s", raw)
			}
			s.clock.Reset()
		}
	}
	return nil
}
