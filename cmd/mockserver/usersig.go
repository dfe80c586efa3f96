package main

import "io"

// runUserSig prints a TIM UserSig. (Filled in with the TIM API.)
func runUserSig(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return usageError("usersig: not available yet")
}
