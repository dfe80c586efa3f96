package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVersionText(t *testing.T) {
	tests := []struct {
		name string
		info *debug.BuildInfo
		want []string
	}{
		{
			name: "go install from the module proxy",
			info: &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/imemu/imemu", Version: "v0.3.1"},
				Settings: []debug.BuildSetting{{Key: "CGO_ENABLED", Value: "1"}}},
			want: []string{"mockserver v0.3.1\n", "module     github.com/imemu/imemu\n",
				"revision   unknown (built outside a VCS checkout; see the version)\n", "go         go1.26.8 ", ", cgo on\n"},
		},
		{
			name: "build from a modified checkout",
			info: &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/imemu/imemu", Version: "v0.0.0-20261201214242-05a16e3abcde+dirty"},
				Settings: []debug.BuildSetting{
					{Key: "CGO_ENABLED", Value: "0"},
					{Key: "vcs.revision", Value: "05a16e3abcdef0123456789abcdef0123456789a"},
					{Key: "vcs.time", Value: "2026-12-01T21:42:42Z"},
					{Key: "vcs.modified", Value: "true"},
				}},
			want: []string{"mockserver v0.0.0-20261201214242-05a16e3abcde+dirty\n",
				"revision   05a16e3abcdef0123456789abcdef0123456789a (modified)\n",
				"committed  2026-12-01T21:42:42Z\n", ", cgo off\n"},
		},
		{
			name: "no version recorded",
			info: &debug.BuildInfo{Main: debug.Module{Path: "github.com/imemu/imemu"}},
			want: []string{"mockserver (devel)\n"},
		},
		{
			name: "no build info",
			want: []string{"mockserver (no build info)\n", "go go1."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := versionText(tt.info)
			for _, w := range tt.want {
				assert.Contains(t, got, w)
			}
		})
	}
}

func TestVersionSubcommand(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(context.Background(), []string{"mockserver", "version"}, noEnv, &out, io.Discard))
	assert.Regexp(t, `^mockserver \S+\nmodule     github.com/imemu/imemu\n`, out.String())

	err := run(context.Background(), []string{"mockserver", "version", "extra"}, noEnv, io.Discard, io.Discard)
	var ee *exitError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, 2, ee.code)
}

// TestBinaryVersion builds the binary from this checkout with VCS stamping
// and checks that `mockserver version` names the checkout's revision.
func TestBinaryVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("not a git checkout (or no git): %v", err)
	}
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	require.NoError(t, err)
	if fi, err := os.Stat(filepath.Join(strings.TrimSpace(string(top)), ".git")); err != nil || !fi.IsDir() {
		t.Skip("a git worktree (.git is a file): the go command stamps only checkouts whose .git is a directory")
	}
	bin := filepath.Join(t.TempDir(), "mockserver")
	// -buildvcs=true overrides a GOFLAGS=-buildvcs=false of the environment.
	out, err := exec.Command("go", "build", "-buildvcs=true", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	out, err = exec.Command(bin, "version").CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "revision   "+strings.TrimSpace(string(head)))
	assert.Regexp(t, `committed  \d{4}-\d\d-\d\dT`, string(out))
}

func noEnv(string) string { return "" }
