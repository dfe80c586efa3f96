package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// exitError carries the process exit code: 2 for bad usage or bad fixtures.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageError(format string, args ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, args...)}
}

// run is the testable entry point: args as os.Args, env read only through
// getenv, output only to stdout and stderr. It returns when ctx ends or a
// signal asks it to stop.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 1 {
		switch args[1] {
		case "healthcheck":
			return runHealthcheck(ctx, args[2:], getenv, stdout, stderr)
		case "sign":
			return runSign(args[2:], getenv, stdout, stderr)
		case "usersig":
			return runUserSig(args[2:], getenv, stdout, stderr)
		case "ca":
			return runCA(args[2:], getenv, stdout, stderr)
		case "version":
			return runVersion(args[2:], stdout)
		}
		if isHelp(args[1]) {
			// Asked for, help goes to stdout and exits 0.
			_, err := parseServeFlags([]string{"-h"}, getenv, stdout)
			if errors.Is(err, flag.ErrHelp) {
				err = nil
			}
			return err
		}
	}
	return runServe(ctx, args[1:], getenv, stdout, stderr)
}

// parseFlags parses args into fs, then fills every flag not given on the
// command line from its environment variable, prefix + upper-cased name
// with dashes as underscores (--rate-limit ← MOCKSERVER_RATE_LIMIT): the
// flag wins over the environment. Done by hand because the flag+env
// libraries (ff) read os.Getenv, which would bypass run's getenv.
func parseFlags(fs *flag.FlagSet, args []string, getenv func(string) string, prefix string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError("%v", err)
	}
	if fs.NArg() > 0 {
		return usageError("unexpected argument %q", fs.Arg(0))
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		env := prefix + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v := getenv(env); v != "" && !given[f.Name] && err == nil {
			if e := f.Value.Set(v); e != nil {
				err = usageError("%s=%q: %v", env, v, e)
			}
		}
	})
	return err
}
