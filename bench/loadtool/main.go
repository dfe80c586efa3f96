// Command loadtool prepares and summarises bench/load.sh's runs: it writes
// the generated fixtures, databases and signed vegeta targets, measures
// start-up to the first healthy answer, and turns vegeta's results into
// the Performance tables. It is a helper of the script, not a product.
//
//	loadtool fixtures -out FILE [shape flags]
//	loadtool db -out FILE [shape flags]
//	loadtool targets -kind KIND -base URL -out FILE [shape flags]
//	loadtool startup -bin MOCKSERVER [-runs 20] [-name NAME] -- [server flags]
//	loadtool stats -name NAME [-cpu SECONDS] RESULTS.json
//	loadtool bodies -dir DIR RESULTS.json…
//	loadtool report RESULTS.ndjson
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args, os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtool:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) < 2 {
		return fmt.Errorf("usage: loadtool fixtures|db|targets|startup|stats|bodies|report …")
	}
	rest := args[2:]
	switch args[1] {
	case "fixtures":
		return runFixtures(rest, stdout)
	case "db":
		return runDB(ctx, rest, stdout)
	case "targets":
		return runTargets(rest, stdout)
	case "startup":
		return runStartup(ctx, rest, stdout)
	case "stats":
		return runStats(rest, stdout)
	case "bodies":
		return runBodies(rest, stdout)
	case "report":
		return runReport(rest, stdout)
	}
	return fmt.Errorf("unknown subcommand %q", args[1])
}
