package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/journal"
	"github.com/imemu/imemu/internal/reqid"
)

// codeMember is the member of each vendor's envelope that holds its code.
var codeMember = map[imemu.Vendor]string{imemu.VendorZego: "Code", imemu.VendorTIM: "ErrorCode"}

// recordRequests is the journal middleware of a vendor's routes: it records
// every request with its answer, also one that never got an answer (a
// dropped connection), and gives the handlers below the request's
// vendorCall.
func (s *server) recordRequests(vendor imemu.Vendor) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			elapsed := clock.Stopwatch()
			at := s.clock.Now()
			call := newVendorCall(vendor, r)
			cw := &captureWriter{ResponseWriter: w}
			call.record = func() {
				if !call.recorded {
					call.recorded = true
					s.journal.Add(newEntry(call, r, cw, at, elapsed()))
				}
			}
			// Deferred so that a handler aborted with http.ErrAbortHandler
			// is recorded too.
			defer call.record()
			// The body has been read (or its read failed): from here the
			// answer is the server's to give. net/http cancels the request
			// context when the client half-closes the connection or a body
			// read fails, which would turn the real answer into a store
			// error; so the handlers' statements run detached (also sparing
			// database/sql its per-statement cancellation watcher).
			ctx := context.WithValue(context.WithoutCancel(r.Context()), vendorCallKey{}, call)
			next.ServeHTTP(cw, r.WithContext(ctx))
		})
	}
}

// newEntry describes a vendor request and what cw saw of its answer. It
// keeps bytes, not renderings: newEntryJSON renders them when the journal
// is read.
func newEntry(call *vendorCall, r *http.Request, cw *captureWriter, at time.Time, latency time.Duration) journal.Entry {
	e := journal.Entry{
		Time: at, Vendor: call.vendor, AppID: call.appID, API: cutString(call.api, maxJournalAPIBytes),
		RequestID: reqid.From(r.Context()), Method: cutString(r.Method, maxJournalAPIBytes), Path: cutString(r.URL.Path, maxJournalURLBytes),
		RawQuery: stripSecrets(r.URL.RawQuery), Body: journalBytes(call.body),
		HTTPStatus: cw.status, Latency: latency, Fault: call.fault,
	}
	if len(r.URL.Path) > maxJournalURLBytes {
		e.Truncated = append(e.Truncated, "path")
	}
	if len(e.RawQuery) > maxJournalURLBytes {
		e.Truncated = append(e.Truncated, "query")
	}
	e.RawQuery = cutQuery(e.RawQuery, maxJournalURLBytes)
	if len(call.body) > maxJournalBytes {
		e.Truncated = append(e.Truncated, "body")
	}
	if cw.status != 0 {
		// cw keeps at most maxJournalBytes+1 bytes, in a buffer of its own.
		e.Response = cw.body.Bytes()
		if code, ok := topLevelInt(e.Response, codeMember[call.vendor]); ok {
			e.Code = &code
		}
		if len(e.Response) > maxJournalBytes {
			e.Truncated = append(e.Truncated, "response")
		}
	}
	return e
}

// entryJSON is a journal entry as the control plane writes it.
type entryJSON struct {
	ID         int64           `json:"id"`
	Time       msTime          `json:"time"`
	Vendor     imemu.Vendor    `json:"vendor"`
	AppID      uint64          `json:"appId"`
	API        string          `json:"api"`
	RequestID  string          `json:"requestId"`
	Method     string          `json:"method"`
	Path       string          `json:"path"`
	Query      url.Values      `json:"query"`
	Body       json.RawMessage `json:"body"`
	Response   json.RawMessage `json:"response"`
	Code       *int            `json:"code"`
	HTTPStatus int             `json:"httpStatus"`
	LatencyMs  float64         `json:"latencyMs"`
	Fault      bool            `json:"fault"`
	Truncated  []string        `json:"truncated,omitempty"`
}

func newEntryJSON(e journal.Entry) entryJSON {
	resp := json.RawMessage("null")
	if e.HTTPStatus != 0 {
		resp = journalJSON(e.Response)
	}
	return entryJSON{
		ID: e.ID, Time: msTime(e.Time), Vendor: e.Vendor, AppID: e.AppID, API: e.API, RequestID: e.RequestID,
		Method: e.Method, Path: e.Path, Query: journalQuery(e.RawQuery), Body: journalJSON(e.Body), Response: resp, Code: e.Code,
		HTTPStatus: e.HTTPStatus, LatencyMs: float64(e.Latency.Microseconds()) / 1000, Fault: e.Fault, Truncated: e.Truncated,
	}
}

// journalFilter reads the journal's filters from the query.
func journalFilter(r *http.Request) (journal.Filter, *badInput) {
	q := newQuery(r)
	f := journal.Filter{
		Vendor: q.vendor("vendor"), AppID: q.uint("app"), API: q.q.Get("api"), Code: q.int("code"),
		Since: q.time("since"), After: int64(q.uint("after")), Limit: q.positive("limit"),
	}
	return f, q.err
}

// handleJournal answers GET /_mock/journal with the entries that match the
// filters, oldest first.
func (s *server) handleJournal() http.HandlerFunc {
	type response struct {
		Entries []entryJSON `json:"entries"`
	}
	return func(w http.ResponseWriter, r *http.Request) {
		f, e := journalFilter(r)
		if e != nil {
			writeBadInput(w, e)
			return
		}
		entries := s.journal.List(f)
		resp := response{Entries: make([]entryJSON, len(entries))}
		for i, e := range entries {
			resp.Entries[i] = newEntryJSON(e)
		}
		writeControlJSON(w, http.StatusOK, resp)
	}
}

// handleClearJournal answers DELETE /_mock/journal.
func (s *server) handleClearJournal() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.journal.Clear()
		w.WriteHeader(http.StatusNoContent)
	}
}

// handleJournalStream answers GET /_mock/journal/stream: matching entries
// as Server-Sent Events (event: journal) as they are recorded, starting
// after ?after= or the Last-Event-ID a reconnecting client sends.
func (s *server) handleJournalStream() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f, e := journalFilter(r)
		if e == nil {
			f.After, e = streamStart(r, f.After, s.journal.LastID)
		}
		if e != nil {
			writeBadInput(w, e)
			return
		}
		f.Limit = 0
		s.serveSSE(w, r, f.After, func(ctx context.Context, after int64) []sseEvent {
			f.After = after
			var out []sseEvent
			for _, e := range s.journal.Wait(ctx, f) {
				out = append(out, sseEvent{id: e.ID, kind: "journal", data: newEntryJSON(e)})
			}
			return out
		})
	}
}
