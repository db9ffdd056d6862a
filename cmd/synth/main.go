// Command synth writes a synthetic inventory for benchmarks and load tests:
//
//	go run ./cmd/synth -tools 10000 -flows 100000 -teams 500 -files 100 /tmp/big
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/stackaudit/stackaudit/internal/synth"
)

func main() {
	var s synth.Size
	flag.IntVar(&s.Tools, "tools", 1000, "number of tools")
	flag.IntVar(&s.Flows, "flows", 10000, "number of flows")
	flag.IntVar(&s.Teams, "teams", 50, "number of teams")
	flag.IntVar(&s.Files, "files", 20, "number of files")
	flag.BoolVar(&s.CustomTaxonomy, "custom-taxonomy", false, "give every tool a category and capabilities not in the taxonomy")
	flag.IntVar(&s.BadRefPercent, "bad-refs", 0, "percent of references that name nothing")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: synth [flags] DIR")
		os.Exit(2)
	}
	if err := os.MkdirAll(flag.Arg(0), 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if err := synth.Write(flag.Arg(0), s); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
