package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/explain"
	"github.com/imemu/imemu/internal/unknownfield"
)

// msTime is a time as the control plane writes it: RFC 3339 in UTC with
// milliseconds, e.g. "2026-11-23T12:00:00.000Z".
type msTime time.Time

const msLayout = "2006-01-02T15:04:05.000Z07:00"

// MarshalJSON writes the time in msLayout.
func (t msTime) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Time(t).UTC().Format(msLayout) + `"`), nil
}

// optTime returns a pointer to t, or nil for the zero time (JSON null).
func optTime(t time.Time) *msTime {
	if t.IsZero() {
		return nil
	}
	m := msTime(t)
	return &m
}

// badInput is a 400 answer: what was wrong, and with which body field or
// query parameter.
type badInput struct {
	field string
	msg   string
}

func (e *badInput) Error() string { return e.field + ": " + e.msg }

func badf(field, format string, args ...any) *badInput {
	return &badInput{field: field, msg: fmt.Sprintf(format, args...)}
}

func writeBadInput(w http.ResponseWriter, e *badInput) {
	writeControlError(w, http.StatusBadRequest, e.field, "%s", e.msg)
}

// decodeBody decodes a control request's JSON body into v: exactly one
// value, no fields v does not have. The error names the field at fault, or
// "body" when the body as a whole is.
func decodeBody(r *http.Request, v any) *badInput {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return badf("body", "%s", explain.BodyRead(err))
	}
	// encoding/json would turn invalid UTF-8 into U+FFFD, loading ids and
	// names that the body never held.
	if !utf8.Valid(data) {
		return badf("body", "body is not UTF-8")
	}
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		// encoding/json names an unknown field but not the object it is in.
		if name, ok := unknownfield.Name(err); ok {
			if path, ok := unknownfield.Locate(data, v, name); ok && path != "" {
				return badf(path+"."+name, "%s: unknown field %q", path, name)
			}
		}
		return jsonError(err)
	}
	if d.More() {
		return badf("body", "unexpected data after the JSON value")
	}
	return nil
}

// jsonError names the field a decoding error is about.
func jsonError(err error) *badInput {
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
	)
	switch {
	case errors.Is(err, io.EOF):
		return badf("body", "body is empty: want a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badf("body", "body ends before its JSON value does")
	case errors.As(err, &syn):
		return badf("body", "body is %s", explain.JSON(syn))
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "body"
		}
		return badf(field, "%s must be %s, got JSON %s", field, jsonType(typ.Type.String()), typ.Value)
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		name, _ = strconv.Unquote(name)
		return badf(name, "unknown field %q", name)
	}
	return badf("body", "%s", strings.TrimPrefix(msg, "json: "))
}

// jsonType names a Go type in JSON terms for error messages.
func jsonType(goType string) string {
	switch {
	case strings.Contains(goType, "int"), strings.Contains(goType, "float"):
		return "a number"
	case strings.HasSuffix(goType, "string"), strings.HasSuffix(goType, "Vendor"):
		return "a string"
	case goType == "bool" || goType == "*bool":
		return "true or false"
	case strings.HasPrefix(goType, "[]"):
		return "an array"
	}
	return "an object"
}

// fieldOf splits a fixtures validation error, `apps[0].friends[1].to:
// "zed" is not a user`, into its field and message; prefix is dropped from
// the field.
func fieldOf(err error, prefix string) *badInput {
	field, msg, ok := strings.Cut(err.Error(), ": ")
	if !ok {
		return badf("body", "%v", err)
	}
	if f := strings.TrimPrefix(field, prefix); f != "" {
		field = f
	}
	// "apps[0].admin, callbackUrl: only TIM apps have them" names two
	// fields; the first is enough to point at the problem.
	field, _, _ = strings.Cut(field, ", ")
	return badf(field, "%s", msg)
}

// query reads query parameters, keeping the first problem.
type query struct {
	q   url.Values
	err *badInput
}

func newQuery(r *http.Request) *query { return &query{q: r.URL.Query()} }

func (p *query) fail(e *badInput) {
	if p.err == nil {
		p.err = e
	}
}

func (p *query) vendor(name string) imemu.Vendor {
	v := p.q.Get(name)
	if v != "" && !imemu.Vendor(v).Valid() {
		p.fail(badf(name, "%s must be zego or tim, got %q", name, v))
	}
	return imemu.Vendor(v)
}

// uint reads a non-negative integer; 0 when absent.
func (p *query) uint(name string) uint64 {
	v := p.q.Get(name)
	if v == "" {
		return 0
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		p.fail(badf(name, "%s must be a non-negative integer, got %q", name, v))
	}
	return n
}

// positive reads an integer ≥ 1; 0 when absent.
func (p *query) positive(name string) int {
	v := p.q.Get(name)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		p.fail(badf(name, "%s must be a positive integer, got %q", name, v))
	}
	return n
}

// int reads an optional integer.
func (p *query) int(name string) *int {
	v := p.q.Get(name)
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		p.fail(badf(name, "%s must be an integer, got %q", name, v))
		return nil
	}
	return &n
}

func (p *query) time(name string) time.Time {
	v := p.q.Get(name)
	if v == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		p.fail(badf(name, "%s must be an RFC 3339 time, e.g. 2026-11-23T12:00:00.000Z, got %q", name, v))
	}
	return t
}

// duration reads a Go duration in [0, max]; 0 when absent.
func (p *query) duration(name string, max time.Duration) time.Duration {
	v := p.q.Get(name)
	if v == "" {
		return 0
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 || d > max {
		p.fail(badf(name, "%s must be a duration from 0s to %v, e.g. 2s, got %q", name, max, v))
	}
	return d
}

func (p *query) bool(name string) bool {
	switch v := p.q.Get(name); v {
	case "", "false":
		return false
	case "true":
		return true
	default:
		p.fail(badf(name, "%s must be true or false, got %q", name, v))
		return false
	}
}

// appKey reads ?vendor=&app=, which name one app: both or neither.
func (p *query) appKey() *imemu.AppKey {
	if p.q.Get("vendor") == "" && p.q.Get("app") == "" {
		return nil
	}
	key, e := parseAppKey(p.q.Get("vendor"), p.q.Get("app"), "vendor", "app")
	if e != nil {
		p.fail(e)
		return nil
	}
	return &key
}

// parseAppKey reads a vendor and a decimal app id, naming fields in errors.
func parseAppKey(vendor, id, vendorField, idField string) (imemu.AppKey, *badInput) {
	if !imemu.Vendor(vendor).Valid() {
		return imemu.AppKey{}, badf(vendorField, "vendor must be zego or tim, got %q", vendor)
	}
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil || n == 0 {
		return imemu.AppKey{}, badf(idField, "%s must be a positive app id, got %q", idField, id)
	}
	return imemu.AppKey{Vendor: imemu.Vendor(vendor), AppID: n}, nil
}

// pathAppKey reads the {vendor}/{id} of an app route.
func pathAppKey(r *http.Request) (imemu.AppKey, *badInput) {
	return parseAppKey(chi.URLParam(r, "vendor"), chi.URLParam(r, "id"), "vendor", "id")
}

func appName(k imemu.AppKey) string { return fmt.Sprintf("%s/%d", k.Vendor, k.AppID) }
