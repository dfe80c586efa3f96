// Package explain says in plain words what went wrong where a Go library
// would say it in its own: vendor messages, control-plane errors and
// callback outcomes must read as the emulated vendor or as imemu, never as
// "invalid character '}' after object key:value pair" or "dial tcp
// 127.0.0.1:9: connect: connection refused".
package explain

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
)

// BodyRead describes a failed read of a request body.
func BodyRead(err error) string {
	var tooBig *http.MaxBytesError
	var ne net.Error
	switch {
	case errors.As(err, &tooBig):
		return fmt.Sprintf("the body is larger than %d bytes", tooBig.Limit)
	case errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "the body stalled: it did not arrive in full within the server's read timeout"
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF), errors.Is(err, net.ErrClosed):
		return "the connection ended before the whole body arrived"
	case strings.Contains(err.Error(), "chunk"):
		return "the body's chunked transfer encoding is malformed"
	}
	return "the body could not be read"
}

// jsonSyntax maps encoding/json's syntax messages, by the context they
// name, to plain words; the first match wins.
var jsonSyntax = []struct{ context, says string }{
	{"exceeded max depth", "arrays and objects are nested too deeply"},
	{"after object key:value pair", "expected ',' or '}' after an object member"},
	{"after object key", "expected ':' after a member name"},
	{"looking for beginning of object key string", "expected a member name in double quotes"},
	{"after array element", "expected ',' or ']' after an array element"},
	{"after top-level value", "unexpected data after the JSON value"},
	{"looking for beginning of value", "expected a JSON value"},
	{"in string escape code", "a string has an invalid backslash escape"},
	{"in \\u hexadecimal character escape", "a string has an invalid \\u escape"},
	{"in string literal", "a string holds a control character"},
	{"in numeric literal", "a number is malformed"},
	{"in literal true", "expected true"},
	{"in literal false", "expected false"},
	{"in literal null", "expected null"},
}

// JSON describes why data is not JSON, given encoding/json's error for
// it, phrased to follow "the body is": "not valid JSON at byte 8: expected …"
// (where, and what was expected there). It returns "" for an error that
// is not about JSON syntax.
func JSON(err error) string {
	var syn *json.SyntaxError
	if !errors.As(err, &syn) {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return "not valid JSON: it ends before its value is complete"
		}
		return ""
	}
	msg := syn.Error()
	if msg == "unexpected end of JSON input" {
		return "not valid JSON: it ends before its value is complete"
	}
	found := ""
	if c, ok := strings.CutPrefix(msg, "invalid character "); ok {
		if q, _, ok := strings.Cut(c, " "); ok && len(q) >= 3 {
			found = ", found " + q
		}
	}
	for _, s := range jsonSyntax {
		if strings.Contains(msg, s.context) {
			return fmt.Sprintf("not valid JSON at byte %d: %s%s", syn.Offset, s.says, found)
		}
	}
	return fmt.Sprintf("not valid JSON at byte %d%s", syn.Offset, found)
}

// Query describes why url.ParseQuery refused a query string.
func Query(err error) string {
	var esc url.EscapeError
	switch {
	case errors.As(err, &esc):
		return fmt.Sprintf("%q is not a valid percent-escape: '%%' must be followed by two hex digits", string(esc))
	case strings.Contains(err.Error(), "semicolon"):
		return "';' does not separate query parameters: use '&'"
	}
	return "the query string is malformed"
}

// Delivery describes why an HTTP request to a callback URL got no answer:
// refused, timed out, no such host, TLS trouble and so on.
func Delivery(err error) string {
	var (
		dnsErr *net.DNSError
		opErr  *net.OpError
		urlErr *url.Error
	)
	msg := err.Error()
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, new(net.Error)) && timeout(err):
		return "timed out"
	case errors.As(err, &dnsErr):
		return "host " + dnsErr.Name + " not found"
	case strings.Contains(msg, "connection refused"):
		return "connection refused"
	case strings.Contains(msg, "connection reset"):
		return "connection reset by the app's server"
	case strings.Contains(msg, "tls:"), strings.Contains(msg, "x509:"), strings.Contains(msg, "certificate"):
		return "TLS handshake failed: the app's certificate is not trusted or the server does not speak TLS"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "the app's server closed the connection without answering"
	case strings.Contains(msg, "unsupported protocol scheme"):
		return "the callback URL is not http(s)"
	case strings.Contains(msg, "no route to host"), strings.Contains(msg, "network is unreachable"):
		return "the app's server is unreachable"
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return "could not connect to the app's server"
	case errors.As(err, &urlErr):
		return "the request to the app's server failed"
	}
	return "the request to the app's server failed"
}

func timeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
