package main

import (
	"flag"
	"fmt"
)

// usageHeader opens `mockserver --help`: every subcommand, then the serve
// flags (which the flag package prints after it).
const usageHeader = `mockserver: a local emulator of ZEGO ZIM's and Tencent Cloud IM's server-side friend APIs.

Usage:
  mockserver [flags]                 serve the vendor APIs and /_mock/ (flags below)
  mockserver sign zego [flags]       print a signed ZEGO request URL (signature v2.0)
  mockserver usersig [flags]         print a TIM UserSig (TLSSigAPIv2)
  mockserver healthcheck [flags]     GET /_mock/health; exit 0 when healthy (the image's HEALTHCHECK)
  mockserver ca [flags]              print the local CA certificate that --tls-addr serves with
  mockserver version                 print the module version, VCS revision and Go toolchain
  mockserver help                    print this help

Run "mockserver <subcommand> --help" for a subcommand's flags.
Every flag can also be set by its environment variable: --rate-limit <- MOCKSERVER_RATE_LIMIT.

Serve flags:
`

// serveUsage makes fs print the subcommand list before its flags.
func serveUsage(fs *flag.FlagSet) func() {
	return func() {
		fmt.Fprint(fs.Output(), usageHeader)
		fs.PrintDefaults()
	}
}

// isHelp reports whether arg asks for help, as the flag package reads it.
func isHelp(arg string) bool {
	switch arg {
	case "help", "-h", "-help", "--help":
		return true
	}
	return false
}
