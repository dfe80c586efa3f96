package main

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// subcommandNames are the subcommands DESIGN.md pins; --help lists each.
var subcommandNames = []string{"sign", "usersig", "healthcheck", "ca", "version"}

func TestHelpListsEverySubcommandAndFlag(t *testing.T) {
	for _, arg := range []string{"--help", "-h", "help"} {
		t.Run(arg, func(t *testing.T) {
			var stdout, stderr strings.Builder
			require.NoError(t, run(context.Background(), []string{"mockserver", arg}, noEnv, &stdout, &stderr))
			assert.Empty(t, stderr.String(), "asked-for help goes to stdout")
			for _, name := range subcommandNames {
				assert.Contains(t, stdout.String(), "\n  mockserver "+name+" ", "subcommand %s", name)
			}
			for _, flag := range []string{"-addr", "-db", "-fixtures", "-auth", "-rate-limit", "-control-token"} {
				assert.Contains(t, stdout.String(), "\n  "+flag+" ", "flag %s", flag)
			}
		})
	}
}

// A help flag among serve flags prints the same text to stderr and exits 0.
func TestServeHelpFlag(t *testing.T) {
	var stderr strings.Builder
	require.NoError(t, run(context.Background(), []string{"mockserver", "--auth", "off", "--help"}, noEnv, io.Discard, &stderr))
	assert.Contains(t, stderr.String(), "mockserver version ")
}

func TestSubcommandHelpExitsZero(t *testing.T) {
	for _, sub := range []string{"sign", "usersig", "healthcheck", "ca", "version"} {
		t.Run(sub, func(t *testing.T) {
			var stdout, stderr strings.Builder
			require.NoError(t, run(context.Background(), []string{"mockserver", sub, "--help"}, noEnv, &stdout, &stderr))
			assert.NotEmpty(t, stdout.String()+stderr.String())
		})
	}
}
