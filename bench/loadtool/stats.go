package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// result is the part of a vegeta result (vegeta encode --to json) read here.
type result struct {
	Code      int       `json:"code"`
	Timestamp time.Time `json:"timestamp"`
	Latency   int64     `json:"latency"` // ns
	Error     string    `json:"error"`
	Body      []byte    `json:"body"`
	Method    string    `json:"method"`
	URL       string    `json:"url"`
}

// vendorCode reads the vendor's code from an answer: ZEGO's Code or TIM's
// ErrorCode. ok is false for a body that has neither.
func vendorCode(body []byte) (code int, ok bool) {
	var env struct {
		Code      *int `json:"Code"`
		ErrorCode *int `json:"ErrorCode"`
	}
	if json.Unmarshal(body, &env) != nil {
		return 0, false
	}
	switch {
	case env.Code != nil:
		return *env.Code, true
	case env.ErrorCode != nil:
		return *env.ErrorCode, true
	}
	return 0, false
}

// loadStats is one load run, as the report reads it.
type loadStats struct {
	Type      string  `json:"type"` // "load"
	Name      string  `json:"name"`
	Requests  int     `json:"requests"`
	Seconds   float64 `json:"seconds"`
	RPS       float64 `json:"rps"`
	P50       float64 `json:"p50_ms"`
	P99       float64 `json:"p99_ms"`
	Max       float64 `json:"max_ms"`
	OK        int     `json:"ok"`                   // HTTP 200 with vendor code 0
	Bad       int     `json:"bad"`                  // anything else
	BadSample string  `json:"bad_sample,omitempty"` // the first bad answer
	CPUSecs   float64 `json:"cpu_s"`                // server CPU time during the run
	CPUPerReq float64 `json:"cpu_us_per_req"`
}

func readResults(path string) ([]result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []result
	dec := json.NewDecoder(bufio.NewReaderSize(f, 1<<20))
	for {
		var r result
		if err := dec.Decode(&r); err == io.EOF {
			return out, nil
		} else if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, r)
	}
}

// runStats summarises one run's results as a JSON line: throughput over
// the span from the first request to the last answer, latency percentiles
// and how many answers were vendor successes.
func runStats(args []string, stdout io.Writer) error {
	var (
		name string
		cpu  float64
	)
	fs := flag.NewFlagSet("stats", flag.ContinueOnError)
	fs.StringVar(&name, "name", "", "run name")
	fs.Float64Var(&cpu, "cpu", 0, "server CPU seconds used during the run")
	if err := fs.Parse(args); err != nil {
		return err
	}
	rs, err := readResults(fs.Arg(0))
	if err != nil {
		return err
	}
	if len(rs) == 0 {
		return fmt.Errorf("%s: no results", fs.Arg(0))
	}
	s := loadStats{Type: "load", Name: name, Requests: len(rs), CPUSecs: cpu}
	first, last := rs[0].Timestamp, rs[0].Timestamp
	lat := make([]int64, len(rs))
	for i, r := range rs {
		lat[i] = r.Latency
		if r.Timestamp.Before(first) {
			first = r.Timestamp
		}
		if end := r.Timestamp.Add(time.Duration(r.Latency)); end.After(last) {
			last = end
		}
		if code, ok := vendorCode(r.Body); r.Code == 200 && ok && code == 0 {
			s.OK++
			continue
		}
		s.Bad++
		if s.BadSample == "" {
			s.BadSample = fmt.Sprintf("HTTP %d %s %.200s", r.Code, r.Error, r.Body)
		}
	}
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))]) / 1e6 }
	s.Seconds = last.Sub(first).Seconds()
	s.RPS = float64(len(rs)) / s.Seconds
	s.P50, s.P99, s.Max = pct(0.50), pct(0.99), pct(1)
	if cpu > 0 {
		s.CPUPerReq = cpu / float64(len(rs)) * 1e6
	}
	return json.NewEncoder(stdout).Encode(s)
}

// runBodies writes, for the ceiling server, one answer per API found in
// results files: zego-<Action>.json and tim-<service>-<command>.json.
func runBodies(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bodies", flag.ContinueOnError)
	dir := fs.String("dir", "", "directory to write the bodies into")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, path := range fs.Args() {
		rs, err := readResults(path)
		if err != nil {
			return err
		}
		for _, r := range rs {
			key, err := apiKey(r.URL)
			if err != nil {
				return err
			}
			if code, ok := vendorCode(r.Body); seen[key] || r.Code != 200 || !ok || code != 0 {
				continue
			}
			seen[key] = true
			if err := os.WriteFile(filepath.Join(*dir, key+".json"), r.Body, 0o644); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "body %s: %d bytes\n", key, len(r.Body))
		}
	}
	return nil
}

// apiKey names the API a request URL calls, as the ceiling looks it up.
func apiKey(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	if api, ok := strings.CutPrefix(u.Path, "/v4/"); ok {
		return "tim-" + strings.ReplaceAll(api, "/", "-"), nil
	}
	return "zego-" + u.Query().Get("Action"), nil
}
