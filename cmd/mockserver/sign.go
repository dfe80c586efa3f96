package main

import (
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"

	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/signature"
	"github.com/imemu/imemu/internal/zegoapi"
)

// runSign prints a signed request URL: `mockserver sign zego --app-id …
// --secret … --action …`. TIM requests are signed with a UserSig instead
// (mockserver usersig).
func runSign(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && isHelp(args[0]) {
		fmt.Fprintln(stdout, "usage: mockserver sign zego [flags]   (TIM requests carry a UserSig: mockserver usersig)")
		return runSignZego([]string{"-h"}, getenv, stdout, stdout)
	}
	if len(args) == 0 || args[0] != "zego" {
		return usageError("sign: want a vendor: mockserver sign zego --app-id ID --secret SECRET --action ACTION")
	}
	return runSignZego(args[1:], getenv, stdout, stderr)
}

// runSignZego prints a URL of the server with ZEGO's public parameters for
// one Action, signed with signature v2.0. Business parameters of GET
// Actions (FromUserId, …) can be appended with &Name=value. Flags fall
// back to MOCKSERVER_* variables (--app-id ← MOCKSERVER_APP_ID).
func runSignZego(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("mockserver sign zego", flag.ContinueOnError)
	fs.SetOutput(stderr)
	appID := fs.String("app-id", "", "ZEGO AppId (decimal uint32), e.g. 1234567890 of the default fixtures")
	secret := fs.String("secret", "", "the app's ServerSecret")
	action := fs.String("action", "", "Action to call, e.g. DeleteFriends")
	addr := fs.String("addr", "127.0.0.1:8080", "address of the server (0.0.0.0 is dialled as 127.0.0.1)")
	baseURL := fs.String("base-url", "", "base URL of the server, e.g. http://localhost:8080/; overrides --addr")
	timestamp := fs.Int64("timestamp", 0, "Timestamp in Unix seconds; 0 = now")
	nonce := fs.String("nonce", "", "SignatureNonce; empty = 16 random hex characters")
	if err := parseFlags(fs, args, getenv, "MOCKSERVER_"); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	id, err := strconv.ParseUint(*appID, 10, 32)
	if err != nil || id == 0 {
		return usageError("--app-id: want a decimal ZEGO AppId (1..4294967295), got %q", *appID)
	}
	if *secret == "" {
		return usageError("--secret: missing (the app's ServerSecret)")
	}
	if *action == "" {
		return usageError("--action: missing (e.g. DeleteFriends)")
	}
	base, err := signBase(*baseURL, *addr)
	if err != nil {
		return err
	}
	ts := *timestamp
	if ts == 0 {
		ts = clock.System().Now().Unix()
	}
	if *nonce == "" {
		if *nonce, err = signature.ZegoNonce(rand.Reader); err != nil {
			return err
		}
	}
	q := base.Query()
	q.Set("Action", *action)
	q.Set("AppId", strconv.FormatUint(id, 10))
	q.Set("SignatureNonce", *nonce)
	q.Set("Timestamp", strconv.FormatInt(ts, 10))
	q.Set("SignatureVersion", zegoapi.SignatureVersion)
	q.Set("Signature", signature.ZegoSign(uint32(id), *nonce, *secret, ts))
	base.RawQuery = q.Encode()
	_, err = fmt.Fprintln(stdout, base.String())
	return err
}

// signBase returns the URL to sign: --base-url when given, else http://--addr/.
func signBase(baseURL, addr string) (*url.URL, error) {
	if baseURL == "" {
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, usageError("--addr %q: %v", addr, err)
		}
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "127.0.0.1"
		}
		baseURL = "http://" + net.JoinHostPort(host, port) + "/"
	}
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, usageError("--base-url: want an http(s) URL, got %q", baseURL)
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return u, nil
}
