package main

import (
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/tlsca"
)

// runCA prints the local CA certificate that `mockserver --tls-addr`
// serves with, creating the CA in --tls-dir first if there is none, so a
// client can be set up to trust it before the server ever ran.
func runCA(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("mockserver ca", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("tls-dir", "", "directory of the local CA (default: imemu/tls in the per-user config directory)")
	if err := parseFlags(fs, args, getenv, "MOCKSERVER_"); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	ca, err := loadCA(*dir)
	if err != nil {
		return err
	}
	_, err = stdout.Write(ca.CertPEM())
	return err
}

// loadCA loads (or creates) the local CA in dir, the per-user default when
// dir is empty.
func loadCA(dir string) (*tlsca.CA, error) {
	if dir == "" {
		d, err := tlsca.DefaultDir()
		if err != nil {
			return nil, err
		}
		dir = d
	}
	return tlsca.Load(dir, clock.System().Now())
}

// tlsNames parses --tls-names: extra certificate names, comma-separated,
// each a DNS name (a leading "*." for a wildcard) or an IP address.
func tlsNames(list string) ([]string, error) {
	var out []string
	for _, n := range strings.Split(list, ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if net.ParseIP(n) == nil && !validDNSName(strings.TrimPrefix(n, "*.")) {
			return nil, usageError("--tls-names: %q is neither a DNS name nor an IP address", n)
		}
		out = append(out, n)
	}
	return out, nil
}

// validDNSName accepts letters, digits, hyphens and dots, in labels of 1–63
// characters that neither start nor end with a hyphen.
func validDNSName(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// listenTLS opens the HTTPS listener of --tls-addr, if given: a TLS
// listener whose certificate, for the vendors' hosts, loopback and
// --tls-names, is issued at start by the local CA of --tls-dir.
func listenTLS(o options) (net.Listener, *tlsca.CA, error) {
	if o.tlsAddr == "" {
		return nil, nil, nil
	}
	extra, err := tlsNames(o.tlsNames)
	if err != nil {
		return nil, nil, err
	}
	ca, err := loadCA(o.tlsDir)
	if err != nil {
		return nil, nil, err
	}
	cert, err := ca.Issue(append(tlsca.DefaultNames(), extra...), clock.System().Now())
	if err != nil {
		return nil, nil, err
	}
	ln, err := net.Listen("tcp", o.tlsAddr)
	if err != nil {
		return nil, nil, fmt.Errorf("listen (TLS): %w", err)
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12, NextProtos: []string{"http/1.1"}}
	return tls.NewListener(ln, cfg), ca, nil
}
