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
	"unicode/utf8"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/jsonscan"
	"github.com/imemu/imemu/internal/reqquery"
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
	q := reqquery.Values(r)
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
		if isSecretParam(k) {
			delete(q, k)
		}
	}
	return q
}

func isSecretParam(name string) bool {
	for _, p := range secretParams {
		if strings.EqualFold(name, p) {
			return true
		}
	}
	return false
}

// maxQuerySegments is the most '&'-separated segments stripSecrets cuts
// itself; above it, it goes through url.ParseQuery, whose own cap on the
// number of parameters then decides, as it does for journalQuery.
const maxQuerySegments = 1000

// stripSecrets returns the raw query without the parameters that carry
// credentials, so the journal never holds them, and is cheap enough for
// every request: url.ParseQuery of its result is journalQuery(raw). It
// drops each segment whose name unescapes to a credential, and each
// segment url.ParseQuery skips anyway (those holding ';'); the rest stay
// as they came, in order.
func stripSecrets(raw string) string {
	if strings.Count(raw, "&") >= maxQuerySegments {
		return journalQuery(raw).Encode()
	}
	var b strings.Builder
	kept := 0 // bytes of raw copied to b when a segment was dropped, else up to where raw is kept as is
	dropped := false
	for i := 0; i <= len(raw); {
		end := strings.IndexByte(raw[i:], '&')
		if end < 0 {
			end = len(raw)
		} else {
			end += i
		}
		seg := raw[i:end]
		name, _, _ := strings.Cut(seg, "=")
		drop := strings.Contains(seg, ";")
		if !drop {
			n, err := url.QueryUnescape(name)
			drop = err == nil && isSecretParam(n)
		}
		if drop {
			if !dropped {
				dropped = true
				b.Grow(len(raw))
			}
			b.WriteString(raw[kept:i])
			kept = end + 1
		}
		i = end + 1
	}
	if !dropped {
		return raw
	}
	if kept < len(raw) {
		b.WriteString(raw[kept:])
	}
	return strings.Trim(b.String(), "&")
}

// maxJournalBytes is how much of a request or response body an entry keeps.
const maxJournalBytes = 64 << 10

// maxJournalURLBytes is how much of a path or of a query an entry keeps
// (net/http reads request lines of up to 1 MiB); maxJournalAPIBytes how
// much of its API name and method.
const (
	maxJournalURLBytes = 8 << 10
	maxJournalAPIBytes = 256
)

// cutString returns s cut to at most n bytes, at a UTF-8 boundary, always
// in a string of its own: net/http's method, path and query, and the
// values parsed from the query, are substrings of the request line, so
// keeping one would keep the whole line (up to 1 MiB) in the journal.
func cutString(s string, n int) string {
	if len(s) > n {
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n]
	}
	return strings.Clone(s)
}

// cutQuery is cutString for a raw query: a cut falls at a parameter
// boundary, so the parameters kept parse as they came.
func cutQuery(raw string, n int) string {
	if len(raw) > n {
		raw = raw[:n]
		if i := strings.LastIndexByte(raw, '&'); i >= 0 {
			raw = raw[:i]
		}
	}
	return strings.Clone(raw)
}

// journalBytes returns what the journal keeps of a body: all of it up to
// maxJournalBytes, else a copy of its first maxJournalBytes+1 bytes, which
// journalJSON renders as it would the whole body.
func journalBytes(data []byte) []byte {
	if len(data) <= maxJournalBytes+1 {
		return data
	}
	return bytes.Clone(data[:maxJournalBytes+1])
}

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
// its code, which both vendors put first (TIM's after its result list).
//
// It answers what a json.Decoder walking the object token by token would
// (TestTopLevelIntMatchesDecoder) without its allocation per token: it
// finds each member's extent by bytes and has encoding/json validate it.
func topLevelInt(data []byte, key string) (int, bool) {
	i := jsonscan.SkipSpace(data, 0)
	if i == len(data) || data[i] != '{' {
		return 0, false
	}
	for i++; ; i++ { // i: after '{' or ','
		i = jsonscan.SkipSpace(data, i)
		nameEnd, ok := jsonscan.ValueEnd(data, i)
		if !ok || data[i] != '"' || !json.Valid(data[i:nameEnd]) {
			return 0, false
		}
		name := data[i:nameEnd]
		i = jsonscan.SkipSpace(data, nameEnd)
		if i == len(data) || data[i] != ':' {
			return 0, false
		}
		i = jsonscan.SkipSpace(data, i+1)
		end, ok := jsonscan.ValueEnd(data, i)
		if !ok || !json.Valid(data[i:end]) {
			return 0, false
		}
		if memberNamed(name, key) {
			var n int
			err := json.Unmarshal(data[i:end], &n)
			return n, err == nil
		}
		if i = jsonscan.SkipSpace(data, end); i == len(data) || data[i] != ',' {
			return 0, false // '}': no such member; anything else is not JSON
		}
	}
}

// memberNamed reports whether the JSON string name (quotes included, valid)
// is key.
func memberNamed(name []byte, key string) bool {
	if bytes.IndexByte(name, '\\') < 0 {
		return string(name[1:len(name)-1]) == key
	}
	var s string
	return json.Unmarshal(name, &s) == nil && s == key
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
