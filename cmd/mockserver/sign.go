package main

import "io"

// runSign prints a signed ZEGO request URL. (Filled in with the ZEGO API.)
func runSign(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return usageError("sign: not available yet")
}
