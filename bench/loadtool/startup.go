package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"time"
)

// runStartup starts a server binary -runs times and measures, each time,
// the wall time from just before the fork to the first 200 answer of GET
// /_mock/health. The binary listens on 127.0.0.1:0; the address comes
// from its "imemu listening on http://ADDR …" line. It prints one JSON
// object with the median, min and max in milliseconds.
func runStartup(ctx context.Context, args []string, stdout io.Writer) error {
	var (
		runs int
		bin  string
		name string
	)
	fs := flag.NewFlagSet("startup", flag.ContinueOnError)
	fs.IntVar(&runs, "runs", 20, "starts to measure")
	fs.StringVar(&bin, "bin", "", "mockserver binary")
	fs.StringVar(&name, "name", "startup", "figure name in the output")
	if err := fs.Parse(args); err != nil {
		return err
	}
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: time.Second}
	var times []time.Duration
	for range runs {
		d, err := startOnce(ctx, client, bin, fs.Args())
		if err != nil {
			return err
		}
		times = append(times, d)
	}
	slices.Sort(times)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	return json.NewEncoder(stdout).Encode(map[string]any{
		"type": "figure", "name": name, "unit": "ms", "runs": runs,
		"value": ms(times[len(times)/2]), "min": ms(times[0]), "max": ms(times[len(times)-1]),
	})
}

func startOnce(ctx context.Context, client *http.Client, bin string, args []string) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append(slices.Clone(args), "--addr", "127.0.0.1:0")...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_, _ = io.Copy(io.Discard, out)
		_ = cmd.Wait()
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		return 0, fmt.Errorf("%s printed no address: %w", bin, err)
	}
	_, rest, ok := strings.Cut(line, "listening on http://")
	if !ok {
		return 0, fmt.Errorf("%s: unexpected first line %q", bin, line)
	}
	addr, _, _ := strings.Cut(strings.TrimSpace(rest), " ")
	for {
		resp, err := client.Get("http://" + addr + "/_mock/health")
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(start), nil
			}
		}
		if ctx.Err() != nil {
			return 0, fmt.Errorf("%s never answered health: %w", bin, ctx.Err())
		}
		time.Sleep(200 * time.Microsecond)
	}
}
