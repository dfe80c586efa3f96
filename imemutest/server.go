package imemutest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/store"
)

// TB is the part of testing.TB the package uses. *testing.T, *testing.B
// and *testing.F satisfy it; so does any type with these methods, which is
// how the package's Example drives a server outside a test.
type TB interface {
	Helper()
	Cleanup(func())
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// Options configure a server, as mockserver's flags do. The zero value is
// what `mockserver` runs with: built-in fixtures, strict signature and
// UserSig checks, QPS limits on, no control token.
type Options struct {
	// Fixtures is the state the server starts with and a whole Reset
	// restores, in the fixtures format. nil loads the built-in fixtures
	// (ZEGO app 1234567890 and TIM app 1400000000, see fixtures/default.json);
	// &fixtures.File{} starts with no apps.
	Fixtures *fixtures.File
	// AuthOff accepts any ZEGO signature and TIM UserSig (--auth off).
	AuthOff bool
	// RateLimitOff disables the vendors' QPS limits (--rate-limit off).
	RateLimitOff bool
	// ControlToken, when set, is required on every /_mock/ route but
	// health (--control-token). The Server's methods send it.
	ControlToken string
	// JournalSize is how many vendor requests the journal keeps, oldest
	// dropped first (--journal-size); 0 means the server's default.
	JournalSize int
	// Now is the clock the server runs on; nil means time.Now. The control
	// plane can still freeze, set and advance it.
	Now func() time.Time
	// Logger receives the server's logs; nil discards them.
	Logger *slog.Logger
	// NoListener serves over in-memory connections instead of a TCP port:
	// then only Client reaches the server, and URL is http://imemu.test.
	NoListener bool
}

// Server is a running imemu. Each one has its own store, clock, journal,
// events and faults; it stops when the test that made it ends.
type Server struct {
	// URL is the server's base URL, e.g. http://127.0.0.1:41234, for both
	// vendors' APIs and the /_mock/ control plane.
	URL string

	token  string
	client *http.Client
	close  func()
	once   sync.Once
}

// New starts a server for the test t and stops it when t ends. It fails t
// if the fixtures are invalid.
func New(t TB, opts Options) *Server {
	t.Helper()
	s, err := start(opts)
	if err != nil {
		t.Fatalf("imemutest: %v", err)
		return nil
	}
	t.Cleanup(s.Close)
	return s
}

func start(opts Options) (*Server, error) {
	apps, err := initialState(opts.Fixtures)
	if err != nil {
		return nil, fmt.Errorf("fixtures: %w", err)
	}
	var base clock.Clock = clock.System()
	if opts.Now != nil {
		base = clock.Func(opts.Now)
	}
	clk := clock.NewControlled(base) // shared by store and server, so /_mock/clock moves both
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, store.Memory, clk)
	if err != nil {
		return nil, err
	}
	apps = fixtures.Stamp(apps, clk.Now()) // resets restore these very times
	if err := st.ReplaceApps(ctx, apps, nil); err != nil {
		st.Close()
		return nil, fmt.Errorf("loading fixtures: %w", err)
	}
	done := make(chan struct{})
	h := server.NewServer(log, server.Config{
		AuthOff:      opts.AuthOff,
		RateLimitOff: opts.RateLimitOff,
		ControlToken: opts.ControlToken,
		Fixtures:     apps,
		JournalSize:  opts.JournalSize,
		Done:         done, // closed first by Close: streams and long-polls end at once
	}, st, clk)

	s := &Server{token: opts.ControlToken}
	hs := httptest.NewUnstartedServer(h)
	if opts.NoListener {
		ln := newPipeListener()
		hs.Listener.Close()
		hs.Listener = ln
		s.client = &http.Client{Transport: &http.Transport{DialContext: ln.DialContext, Proxy: nil}}
	}
	hs.Start()
	if s.client == nil {
		s.client = hs.Client()
	}
	s.URL = hs.URL
	s.close = func() {
		close(done)
		s.client.CloseIdleConnections()
		hs.Close()
		st.Close()
	}
	return s, nil
}

func initialState(f *fixtures.File) ([]imemu.AppState, error) {
	if f == nil {
		return fixtures.Default(), nil
	}
	return f.Validate()
}

// Close stops the server and frees its store. New arranges for it to run
// when the test ends; calling it earlier, or twice, is fine.
func (s *Server) Close() { s.once.Do(s.close) }

// Client returns the HTTP client to reach the server with. Any client
// reaches a server with a listener; with Options.NoListener only this one
// does.
func (s *Server) Client() *http.Client { return s.client }

// controlError is a control-plane error answer.
type controlError struct {
	Status  int
	Message string `json:"error"`
	Field   string `json:"field"`
}

func (e *controlError) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("HTTP %d: %s (field %s)", e.Status, e.Message, e.Field)
	}
	return fmt.Sprintf("HTTP %d: %s", e.Status, e.Message)
}

// callTimeout bounds a control call that does not wait on purpose.
const callTimeout = 30 * time.Second

// do sends a control request: in (if not nil) as the JSON body, the answer
// decoded into out (if not nil). A non-2xx answer is a *controlError.
func (s *Server) do(ctx context.Context, method, path string, query url.Values, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	u := s.URL + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if s.token != "" {
		req.Header.Set("Authorization", "Bearer "+s.token)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		e := &controlError{Status: resp.StatusCode}
		if json.Unmarshal(b, e) != nil || e.Message == "" {
			e.Message = strings.TrimSpace(string(b))
		}
		return e
	}
	if out == nil || resp.StatusCode == http.StatusNoContent {
		return nil
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("decoding the answer: %w: %s", err, b)
	}
	return nil
}

// call is do for a test: any error fails t.
func (s *Server) call(t TB, method, path string, query url.Values, in, out any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	if err := s.do(ctx, method, path, query, in, out); err != nil {
		t.Fatalf("imemutest: %s %s: %v", method, path, err)
	}
}

// isNotFound reports a 404 answer.
func isNotFound(err error) bool {
	var e *controlError
	return errors.As(err, &e) && e.Status == http.StatusNotFound
}
