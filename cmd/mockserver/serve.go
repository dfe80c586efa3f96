package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/events"
	"github.com/imemu/imemu/internal/journal"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/store"
)

// options are the server's flags (and MOCKSERVER_* variables).
type options struct {
	addr         string
	db           string
	fixtures     string
	auth         string
	rateLimit    string
	controlToken string
	logFormat    string
	logLevel     string
	maxBody      int64
	journalSize  int
	journalBytes int64
	eventsBytes  int64
	snapBytes    int64
	dbMaxBytes   int64
	allowedHosts hostList
	tlsAddr      string
	tlsDir       string
	tlsNames     string
}

// hostList is --allowed-host: given once per name, or (as
// MOCKSERVER_ALLOWED_HOST) as a comma-separated list.
type hostList []string

func (h *hostList) String() string { return strings.Join(*h, ",") }

// Set adds the names in v: host names (any port) or host:port pairs.
func (h *hostList) Set(v string) error {
	for _, n := range strings.Split(v, ",") {
		n = strings.TrimSpace(n)
		if n == "" || strings.ContainsAny(n, "/ @?#") {
			return fmt.Errorf("%q is not a host name or host:port", n)
		}
		*h = append(*h, n)
	}
	return nil
}

func parseServeFlags(args []string, getenv func(string) string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("mockserver", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = serveUsage(fs)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "listen address (the container uses 0.0.0.0:8080)")
	fs.StringVar(&o.db, "db", store.Memory, "SQLite file for persistence (WAL); :memory: keeps nothing")
	fs.StringVar(&o.fixtures, "fixtures", "built-in", "fixtures JSON file to load into a new database; built-in or none")
	fs.StringVar(&o.auth, "auth", "strict", "strict verifies ZEGO signatures and TIM UserSigs; off accepts any")
	fs.StringVar(&o.rateLimit, "rate-limit", "on", "on emulates the vendors' QPS limits; off disables them")
	fs.StringVar(&o.controlToken, "control-token", "", "if set, /_mock/* (but health) requires Authorization: Bearer <token>")
	fs.StringVar(&o.logFormat, "log-format", "text", "log format: text or json")
	fs.StringVar(&o.logLevel, "log-level", "info", "log level: debug, info, warn or error")
	fs.Int64Var(&o.maxBody, "max-body-bytes", server.DefaultMaxBodyBytes, "request body cap in bytes")
	fs.Var(&o.allowedHosts, "allowed-host", "a host name (or host:port) browsers may use to reach the control plane, besides localhost and IP addresses, e.g. imemu; repeatable, or comma-separated in the environment")
	fs.IntVar(&o.journalSize, "journal-size", journal.DefaultSize, "vendor requests the journal (GET /_mock/journal) keeps; when full, the oldest go")
	fs.Int64Var(&o.journalBytes, "journal-bytes", journal.DefaultBytes, "byte budget of the journal: bodies, answers, paths and queries together; when over, the oldest entries go")
	fs.Int64Var(&o.eventsBytes, "events-bytes", events.DefaultBytes, "byte budget of the event feed (GET /_mock/events); when over, the oldest events go")
	fs.Int64Var(&o.snapBytes, "snapshot-bytes", server.DefaultSnapshotBytes, "byte budget of the saved snapshots together; a snapshot past it is refused (507)")
	fs.StringVar(&o.tlsAddr, "tls-addr", "", "also serve HTTPS here, with a certificate for the vendors' hosts from imemu's local CA (see docs/tls.md)")
	fs.StringVar(&o.tlsDir, "tls-dir", "", "directory where the local CA is created once and kept (default: imemu/tls in the per-user config directory)")
	fs.StringVar(&o.tlsNames, "tls-names", "", "extra names for the HTTPS certificate, comma-separated DNS names or IP addresses")
	fs.Int64Var(&o.dbMaxBytes, "db-max-bytes", 0, "cap on the database's size in bytes (for --db :memory:, on its memory); writes past it answer 503 (control plane) or the vendor's retry code; 0: no cap")
	if err := parseFlags(fs, args, getenv, "MOCKSERVER_"); err != nil {
		return o, err
	}
	for _, c := range []struct {
		name, val string
		allowed   []string
	}{
		{"auth", o.auth, []string{"strict", "off"}},
		{"rate-limit", o.rateLimit, []string{"on", "off"}},
		{"log-format", o.logFormat, []string{"text", "json"}},
		{"log-level", o.logLevel, []string{"debug", "info", "warn", "error"}},
	} {
		if !contains(c.allowed, c.val) {
			return o, usageError("--%s must be one of %s, got %q", c.name, strings.Join(c.allowed, ", "), c.val)
		}
	}
	if o.maxBody <= 0 {
		return o, usageError("--max-body-bytes must be positive")
	}
	if o.journalSize <= 0 {
		return o, usageError("--journal-size must be positive")
	}
	if o.dbMaxBytes < 0 {
		return o, usageError("--db-max-bytes must be 0 (no cap) or a number of bytes")
	}
	for _, b := range []struct {
		name string
		v    int64
	}{{"journal-bytes", o.journalBytes}, {"events-bytes", o.eventsBytes}, {"snapshot-bytes", o.snapBytes}} {
		if b.v <= 0 {
			return o, usageError("--%s must be a positive number of bytes", b.name)
		}
	}
	return o, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// newLogger returns the server's logger on w, buffered (see lineBuffer);
// the caller closes the buffer last, which writes what it holds.
func newLogger(o options, w io.Writer) (*slog.Logger, *lineBuffer) {
	var level slog.Level
	_ = level.UnmarshalText([]byte(o.logLevel))
	ho := &slog.HandlerOptions{Level: level}
	buf := newLineBuffer(w, 64<<10, logFlushInterval)
	var h slog.Handler = slog.NewTextHandler(buf, ho)
	if o.logFormat == "json" {
		h = slog.NewJSONHandler(buf, ho)
	}
	return slog.New(flushHandler{h, buf}), buf
}

// loadFixtures returns the app states --fixtures names.
func loadFixtures(name string) ([]imemu.AppState, error) {
	switch name {
	case "built-in", "":
		return fixtures.Default(), nil
	case "none":
		return nil, nil
	}
	apps, err := fixtures.Load(name)
	if err != nil {
		return nil, &exitError{code: 2, err: fmt.Errorf("fixtures %s: %w", name, err)}
	}
	return apps, nil
}

func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	o, err := parseServeFlags(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	log, logBuf := newLogger(o, stderr)
	defer logBuf.Close()

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	apps, err := loadFixtures(o.fixtures)
	if err != nil {
		return err
	}
	fresh := o.db == store.Memory || !fileExists(o.db)
	// One controlled clock for store and server: /_mock/clock moves both.
	clk := clock.NewControlled(clock.System())
	// Times the fixtures leave out are those of this load, and every reset
	// restores them as loaded.
	apps = fixtures.Stamp(apps, clk.Now())
	st, err := store.Open(ctx, o.db, clk)
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer st.Close()
	if fresh {
		if err := st.ReplaceApps(ctx, apps, nil); err != nil {
			return &exitError{code: 2, err: fmt.Errorf("load fixtures: %w", err)}
		}
	}
	if err := st.LimitBytes(ctx, o.dbMaxBytes); err != nil {
		return &exitError{code: 2, err: fmt.Errorf("--db-max-bytes: %w", err)}
	}
	tenants, err := st.Tenants(ctx)
	if err != nil {
		return fmt.Errorf("read tenants: %w", err)
	}

	// Listen before serving: a busy port fails here, and :0 works in tests.
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	tlsLn, ca, err := listenTLS(o)
	if err != nil {
		ln.Close()
		return err
	}
	// Closed when Shutdown starts: event streams and long-polls end then
	// instead of holding Shutdown until its timeout.
	shuttingDown := make(chan struct{})
	cfg := server.Config{
		AuthOff:       o.auth == "off",
		RateLimitOff:  o.rateLimit == "off",
		ControlToken:  o.controlToken,
		AllowedHosts:  append(listenHost(o.addr), o.allowedHosts...),
		MaxBodyBytes:  o.maxBody,
		Fixtures:      apps,
		JournalSize:   o.journalSize,
		JournalBytes:  o.journalBytes,
		EventsBytes:   o.eventsBytes,
		SnapshotBytes: o.snapBytes,
		Done:          shuttingDown,
	}
	if ca != nil {
		cfg.CACertPEM = ca.CertPEM()
	}
	srv := &http.Server{
		Handler:           server.NewServer(log, cfg, st, clk),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	srv.RegisterOnShutdown(func() { close(shuttingDown) })
	var tlsInfo string
	if tlsLn != nil {
		tlsInfo = fmt.Sprintf(" https=https://%s ca=%s", tlsLn.Addr(), ca.CertPath())
	}
	fmt.Fprintf(stdout, "imemu listening on http://%s db=%s auth=%s rate-limit=%s tenants=%s%s\n",
		ln.Addr(), o.db, o.auth, o.rateLimit, tenantList(tenants), tlsInfo)

	served := make(chan error, 2)
	go func() { served <- srv.Serve(ln) }()
	if tlsLn != nil {
		go func() { served <- srv.Serve(tlsLn) }()
	}
	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing in-flight requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

func tenantList(ts []imemu.Tenant) string {
	if len(ts) == 0 {
		return "none"
	}
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = fmt.Sprintf("%s/%d", t.Vendor, t.AppID)
	}
	return strings.Join(parts, ",")
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// listenHost is the host name of --addr, which browsers may use as well;
// none for an address or no host.
func listenHost(addr string) []string {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || host == "" || net.ParseIP(host) != nil {
		return nil
	}
	return []string{host}
}
