// Command pprofserver serves mockserver's handler exactly as
// `mockserver --rate-limit off` builds it (in-memory store, the given
// fixtures, the system clock, text logs to stderr), plus net/http/pprof on
// a second loopback listener, so the hot paths can be profiled under the
// load bench/load.sh generates without pprof routes in the product:
//
//	pprofserver --fixtures FILE [--db PATH] [--log-level info]
//	  prints "imemu listening on http://ADDR pprof=http://ADDR2"
//	go tool pprof 'http://ADDR2/debug/pprof/profile?seconds=10'
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"syscall"

	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/server"
	"github.com/imemu/imemu/internal/store"
)

func main() {
	if err := run(context.Background(), os.Args, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "pprofserver:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("pprofserver", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	pprofAddr := fs.String("pprof-addr", "127.0.0.1:0", "pprof listen address")
	fixturesFile := fs.String("fixtures", "", "fixtures file (default: the built-in set)")
	db := fs.String("db", store.Memory, "database")
	level := fs.String("log-level", "info", "log level")
	maxBody := fs.Int64("max-body-bytes", 64<<20, "request body cap (large, for PUT /_mock/state)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	apps := fixtures.Default()
	if *fixturesFile != "" {
		var err error
		if apps, err = fixtures.Load(*fixturesFile); err != nil {
			return err
		}
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*level)); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: lvl}))
	clk := clock.NewControlled(clock.System())
	st, err := store.Open(ctx, *db, clk)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := os.Stat(*db); *db == store.Memory || err != nil {
		if err := st.ReplaceApps(ctx, apps, nil); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	pln, err := net.Listen("tcp", *pprofAddr)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	go func() { _ = http.Serve(pln, mux) }()
	srv := &http.Server{Handler: server.NewServer(log, server.Config{RateLimitOff: true, Fixtures: apps, MaxBodyBytes: *maxBody}, st, clk)}
	fmt.Fprintf(stdout, "imemu listening on http://%s pprof=http://%s\n", ln.Addr(), pln.Addr())
	go func() { <-ctx.Done(); _ = srv.Close() }()
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		return err
	}
	return nil
}
