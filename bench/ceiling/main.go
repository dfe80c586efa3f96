// Command ceiling is bench/load.sh's upper bound: a bare chi server that
// answers each API with a fixed JSON body of the same size as mockserver's
// answer to it (captured from mockserver's own answers in the same run),
// and does nothing else: no signature, no decoding, no store, no journal,
// no logging. The load script drives it exactly as it drives mockserver,
// so mockserver's requests per second over the ceiling's is the share of
// the HTTP stack's capacity that imemu's own work leaves.
//
//	ceiling --addr 127.0.0.1:18081 --bodies DIR
//
// DIR holds zego-<Action>.json and tim-<service>-<command>.json.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/go-chi/chi/v5"
)

func main() {
	if err := run(context.Background(), os.Args, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "ceiling:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ceiling", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:18081", "listen address")
	dir := fs.String("bodies", "", "directory of answer bodies")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	bodies, err := loadBodies(*dir)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: routes(bodies), ReadHeaderTimeout: 5 * time.Second}
	fmt.Fprintf(stdout, "ceiling listening on http://%s bodies=%d\n", ln.Addr(), len(bodies))
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}

// routes mirrors mockserver's shape: TIM under /v4/, ZEGO by ?Action=.
func routes(bodies map[string][]byte) http.Handler {
	r := chi.NewRouter()
	r.Post("/v4/{service}/{command}", func(w http.ResponseWriter, r *http.Request) {
		answer(w, r, bodies["tim-"+chi.URLParam(r, "service")+"-"+chi.URLParam(r, "command")])
	})
	r.Handle("/*", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		answer(w, r, bodies["zego-"+r.URL.Query().Get("Action")])
	}))
	return r
}

// answer reads the request body, as any real server must, and writes the
// fixed answer.
func answer(w http.ResponseWriter, r *http.Request, body []byte) {
	_, _ = io.Copy(io.Discard, r.Body)
	if body == nil {
		http.Error(w, `{"error":"no body captured for this API"}`, http.StatusNotFound)
		return
	}
	// The headers mockserver sends, at the same lengths.
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Request-Id", "100000000000000000")
	_, _ = w.Write(body)
}

func loadBodies(dir string) (map[string][]byte, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, errors.New("--bodies: no *.json files in " + dir)
	}
	out := map[string][]byte{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		out[strings.TrimSuffix(filepath.Base(p), ".json")] = b
	}
	return out, nil
}
