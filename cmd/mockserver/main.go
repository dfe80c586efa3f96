// Command mockserver runs imemu: a local emulator of ZEGO ZIM's and Tencent
// Cloud IM's server-side friend APIs.
//
//	mockserver [flags]             serve (see --help)
//	mockserver healthcheck         GET /_mock/health; exit 0 when healthy
//	mockserver sign zego …         print a signed ZEGO request URL
//	mockserver usersig …           print a TIM UserSig
//	mockserver ca                  print the local CA certificate (--tls-addr)
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
)

func main() {
	err := run(context.Background(), os.Args, os.Getenv, os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "mockserver:", err)
		var ee *exitError
		if errors.As(err, &ee) {
			os.Exit(ee.code)
		}
		os.Exit(1)
	}
}
