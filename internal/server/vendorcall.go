package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/imemu/imemu"
)

// vendorCall is what the journal and the fault injector know of one vendor
// request. The journal middleware makes it and puts it in the request
// context; the fault middleware below marks what it did.
type vendorCall struct {
	vendor imemu.Vendor
	appID  uint64 // 0 when missing or unparsable
	api    string
	body   []byte // as read, up to the body cap
	fault  bool   // a fault rule fired on the request

	// record adds the request to the journal, once; the journal middleware
	// calls it when the handler returns, a dropped connection before it
	// closes, so a client that sees the drop finds the entry.
	record   func()
	recorded bool
}

type vendorCallKey struct{}

// newVendorCall reads what identifies r: for ZEGO the AppId and Action
// query parameters, for TIM the sdkappid parameter and the path after
// /v4/. It reads the whole body (already capped by capBody) and gives r a
// body that replays it, ending with the read error if there was one, so
// the vendor handler sees exactly what it would have.
func newVendorCall(vendor imemu.Vendor, r *http.Request) *vendorCall {
	c := &vendorCall{vendor: vendor}
	q := r.URL.Query()
	switch vendor {
	case imemu.VendorZego:
		c.appID, _ = strconv.ParseUint(q.Get("AppId"), 10, 32)
		c.api = q.Get("Action")
	case imemu.VendorTIM:
		c.appID, _ = strconv.ParseUint(q.Get("sdkappid"), 10, 64)
		c.api = strings.TrimPrefix(r.URL.Path, "/v4/")
	}
	var err error
	c.body, err = io.ReadAll(r.Body)
	r.Body = &replayBody{data: bytes.NewReader(c.body), err: err, closer: r.Body}
	return c
}

func vendorCallFrom(ctx context.Context) *vendorCall {
	c, _ := ctx.Value(vendorCallKey{}).(*vendorCall)
	return c
}

// user returns the user a request acts for: ZEGO's FromUserId or TIM's
// From_Account, "" when the body has none.
func (c *vendorCall) user() string {
	var b struct {
		FromUserID  string `json:"FromUserId"`
		FromAccount string `json:"From_Account"`
	}
	if json.Unmarshal(c.body, &b) != nil {
		return ""
	}
	if c.vendor == imemu.VendorZego {
		return b.FromUserID
	}
	return b.FromAccount
}

// replayBody gives back a body already read: its bytes, then the error
// that ended the read (io.EOF when there was none).
type replayBody struct {
	data   *bytes.Reader
	err    error
	closer io.Closer
}

func (b *replayBody) Read(p []byte) (int, error) {
	n, _ := b.data.Read(p)
	if n > 0 || len(p) == 0 {
		return n, nil
	}
	if b.err != nil {
		return 0, b.err
	}
	return 0, io.EOF
}

func (b *replayBody) Close() error { return b.closer.Close() }

// secretParams are query parameters that carry credentials: the journal
// never records them. Compared case-insensitively, so a misspelt one
// stays out too.
var secretParams = []string{"signature", "usersig"}

// journalQuery returns the query without its credentials.
func journalQuery(raw string) url.Values {
	q, _ := url.ParseQuery(raw) // keeps what parses: the journal shows what came
	for k := range q {
		for _, p := range secretParams {
			if strings.EqualFold(k, p) {
				delete(q, k)
			}
		}
	}
	return q
}

// maxJournalBytes is how much of a request or response body an entry keeps.
const maxJournalBytes = 64 << 10

// journalJSON returns data as JSON: itself when it is JSON, else as a JSON
// string, cut to maxJournalBytes (a cut body is never JSON any more).
func journalJSON(data []byte) json.RawMessage {
	if len(data) <= maxJournalBytes {
		// Compact validates as it copies: no json.Valid pass first.
		var buf bytes.Buffer
		buf.Grow(len(data))
		if json.Compact(&buf, data) == nil {
			return buf.Bytes()
		}
	}
	s, _ := json.Marshal(string(data[:min(len(data), maxJournalBytes)]))
	return s
}

// topLevelInt finds the integer member key of the JSON object that data
// starts with, reading only as far as needed: a cut response still gives
// its code, which both vendors put first.
func topLevelInt(data []byte, key string) (int, bool) {
	d := json.NewDecoder(bytes.NewReader(data))
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return 0, false
	}
	for d.More() {
		t, err := d.Token()
		if err != nil {
			return 0, false
		}
		if name, _ := t.(string); name == key {
			var n int
			err := d.Decode(&n)
			return n, err == nil
		}
		var skip json.RawMessage
		if d.Decode(&skip) != nil {
			return 0, false
		}
	}
	return 0, false
}

// captureWriter passes a response through and keeps its status and the
// first maxJournalBytes of its body for the journal.
type captureWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (w *captureWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *captureWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if room := maxJournalBytes + 1 - w.body.Len(); room > 0 {
		w.body.Write(p[:min(len(p), room)])
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach Flush and Hijack below.
func (w *captureWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
