package explain_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imemu/imemu/internal/explain"
)

// goText are pieces of Go library error strings that must never show.
var goText = []string{"invalid character", "key:value pair", "looking for beginning", "unexpected end of JSON input",
	"invalid URL escape", "invalid semicolon", "i/o timeout", "dial tcp", "connect:", "read tcp", "http: ", "json: "}

func assertPlain(t *testing.T, s string) {
	t.Helper()
	assert.NotEmpty(t, s)
	for _, g := range goText {
		assert.NotContains(t, s, g)
	}
}

func TestJSON(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{`{"a":1 "b":2}`, `not valid JSON at byte 8: expected ',' or '}' after an object member, found '"'`},
		{`{"a" 1}`, `not valid JSON at byte 6: expected ':' after a member name, found '1'`},
		{`{a:1}`, `not valid JSON at byte 2: expected a member name in double quotes, found 'a'`},
		{`[1 2]`, `not valid JSON at byte 4: expected ',' or ']' after an array element, found '2'`},
		{`{} x`, `not valid JSON at byte 4: unexpected data after the JSON value, found 'x'`},
		{`{"a":}`, `not valid JSON at byte 6: expected a JSON value, found '}'`},
		{`{"a":"\q"}`, `not valid JSON at byte 8: a string has an invalid backslash escape, found 'q'`},
		{`{"a":-x}`, `not valid JSON at byte 7: a number is malformed, found 'x'`},
		{`{"a":tru}`, `not valid JSON at byte 9: expected true, found '}'`},
		{`{"a":`, `not valid JSON: it ends before its value is complete`},
	} {
		var v any
		err := json.Unmarshal([]byte(c.body), &v)
		require.Error(t, err, c.body)
		got := explain.JSON(err)
		assert.Equal(t, c.want, got, c.body)
		assertPlain(t, got)
	}
	assert.Empty(t, explain.JSON(errors.New("something else")))
}

func TestQuery(t *testing.T) {
	for _, raw := range []string{"a=%zz", "a=1;b=2"} {
		_, err := url.ParseQuery(raw)
		require.Error(t, err, raw)
		assertPlain(t, explain.Query(err))
	}
}

func TestBodyRead(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{&http.MaxBytesError{Limit: 64}, "the body is larger than 64 bytes"},
		{fmt.Errorf("read tcp 1.2.3.4:5: %w", os.ErrDeadlineExceeded), "stalled"},
		{io.ErrUnexpectedEOF, "ended before"},
		{errors.New("invalid byte in chunk length"), "chunked"},
		{errors.New("whatever"), "could not be read"},
	} {
		got := explain.BodyRead(c.err)
		assert.Contains(t, got, c.want)
		assertPlain(t, got)
	}
}

func TestDelivery(t *testing.T) {
	// A port nothing listens on: connection refused.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	_, err = http.Post("http://"+addr+"/cb", "application/json", strings.NewReader("{}"))
	require.Error(t, err)
	assert.Equal(t, "connection refused", explain.Delivery(err))

	// A server that never answers: timed out.
	ln, err = net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+ln.Addr().String()+"/cb", strings.NewReader("{}"))
	_, err = http.DefaultClient.Do(req)
	require.Error(t, err)
	assert.Equal(t, "timed out", explain.Delivery(err))

	for _, e := range []error{io.EOF, errors.New("x509: certificate signed by unknown authority"), &net.DNSError{Name: "nowhere.invalid", Err: "no such host"}} {
		assertPlain(t, explain.Delivery(e))
	}
}
