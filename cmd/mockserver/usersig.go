package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/signature"
)

// The default TIM app of the built-in fixtures (DESIGN.md), so that a bare
// `mockserver usersig` prints a UserSig the default server accepts.
const (
	defaultTIMAppID = 1400000000
	defaultTIMKey   = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
	defaultTIMAdmin = "administrator"
)

// runUserSig prints a TIM UserSig (TLSSigAPIv2, as Tencent's official Go
// library makes it) for --identifier of app --sdkappid with --key, valid
// for --expire seconds from --time (default: now).
func runUserSig(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("mockserver usersig", flag.ContinueOnError)
	fs.SetOutput(stderr)
	appID := fs.Uint64("sdkappid", defaultTIMAppID, "TIM SDKAppID")
	key := fs.String("key", defaultTIMKey, "the app's secret key")
	identifier := fs.String("identifier", defaultTIMAdmin, "user the UserSig is for (REST calls need the app admin)")
	expire := fs.Int64("expire", 86400, "lifetime in seconds")
	issued := fs.Int64("time", 0, "issue time in Unix seconds; 0 means now")
	if err := parseFlags(fs, args, getenv, "MOCKSERVER_USERSIG_"); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	switch {
	case *appID == 0:
		return usageError("usersig: --sdkappid must be a positive SDKAppID")
	case *key == "":
		return usageError("usersig: --key must not be empty")
	case *expire <= 0:
		return usageError("usersig: --expire must be a positive number of seconds")
	case *issued < 0:
		return usageError("usersig: --time must not be negative")
	}
	if err := imemu.VendorTIM.CheckUserID(*identifier); err != nil {
		return usageError("usersig: --identifier: %v", err)
	}
	at := *issued
	if at == 0 {
		at = clock.System().Now().Unix()
	}
	sig, err := signature.GenUserSig(*appID, *key, *identifier, *expire, at)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, sig)
	return err
}
