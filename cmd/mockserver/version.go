package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// runVersion prints what `go build` or `go install` stamped into the
// binary: the module version (a tag, a pseudo-version, or "(devel)"), the
// VCS revision and time when built from a checkout, and the toolchain.
func runVersion(args []string, stdout io.Writer) error {
	if len(args) > 0 {
		if isHelp(args[0]) {
			fmt.Fprintln(stdout, "usage: mockserver version\n\nPrints the module version, VCS revision and Go toolchain of this binary.")
			return nil
		}
		return usageError("version: takes no arguments, got %q", args[0])
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		info = nil
	}
	_, err := io.WriteString(stdout, versionText(info))
	return err
}

// versionText renders build info; nil means the binary carries none.
func versionText(info *debug.BuildInfo) string {
	if info == nil {
		return fmt.Sprintf("mockserver (no build info)\ngo %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	version := info.Main.Version
	if version == "" {
		version = "(devel)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "mockserver %s\n", version)
	if info.Main.Path != "" {
		fmt.Fprintf(&b, "module     %s\n", info.Main.Path)
	}
	// A build from a checkout records the revision; `go install …@version`
	// builds from the module zip, which has none, but a pseudo-version
	// carries the revision's first 12 hex digits at its end.
	switch rev := settings["vcs.revision"]; {
	case rev != "":
		if settings["vcs.modified"] == "true" {
			rev += " (modified)"
		}
		fmt.Fprintf(&b, "revision   %s\n", rev)
	default:
		fmt.Fprintf(&b, "revision   unknown (built outside a VCS checkout; see the version)\n")
	}
	if t := settings["vcs.time"]; t != "" {
		fmt.Fprintf(&b, "committed  %s\n", t)
	}
	goVersion := info.GoVersion
	if goVersion == "" {
		goVersion = runtime.Version()
	}
	cgo := "cgo off"
	if settings["CGO_ENABLED"] == "1" {
		cgo = "cgo on"
	}
	fmt.Fprintf(&b, "go         %s %s/%s, %s\n", goVersion, runtime.GOOS, runtime.GOARCH, cgo)
	return b.String()
}
