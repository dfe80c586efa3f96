package main

import (
	"io"
)

// runSign prints a signed ZEGO request URL. (Filled in with the ZEGO API.)
func runSign(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return usageError("sign: not available yet")
}

// runUserSig prints a TIM UserSig. (Filled in with the TIM API.)
func runUserSig(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return usageError("usersig: not available yet")
}
