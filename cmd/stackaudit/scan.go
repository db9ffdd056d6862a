package main

import (
	"context"
	"fmt"
	"net/url"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/registry"
)

type scanOptions struct {
	dir          string
	output       string
	asOf         string
	only         []string
	concurrency  int
	timeout      time.Duration
	endpoints    []string
	allowPartial bool
}

func newScanCmd(e *env, g *globalOptions) *cobra.Command {
	o := &scanOptions{}
	cmd := &cobra.Command{
		Use:   "scan [DIR] [-o SNAPSHOT]",
		Short: "Measure usage from the vendors' APIs and write a snapshot",
		Long: `Scan every tool of the inventory at DIR that has a scan block, concurrently,
and write the usage snapshot (default: DIR/.stackaudit/snapshots/<as-of>.json).
Credentials are read only from the environment variables the scan blocks name.

A failed or interrupted run never replaces a good snapshot. Exit codes: 0 done;
2 invalid input or usage; 3 some scans failed (use --allow-partial to write the
snapshot anyway and exit 0).`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.dir = "."
			if len(args) == 1 {
				o.dir = args[0]
			}
			return runScan(e, g, o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.output, "output", "o", "", "snapshot to write (default: DIR/.stackaudit/snapshots/<as-of>.json)")
	f.StringVar(&o.asOf, "as-of", "", "audit date YYYY-MM-DD: active users are counted in the 30 and 90 days before it (default: today)")
	f.StringArrayVar(&o.only, "only", nil, "scan only this tool id (repeatable)")
	f.IntVar(&o.concurrency, "concurrency", 8, "how many tools to scan at once")
	f.DurationVar(&o.timeout, "timeout", 30*time.Second, "timeout of each API call")
	f.StringArrayVar(&o.endpoints, "endpoint", nil, "KIND=URL: send a scanner kind's requests to another base URL (a proxy, GitHub Enterprise, a test server); repeatable")
	f.BoolVar(&o.allowPartial, "allow-partial", false, "write the snapshot and exit 0 even when some scans failed")
	return cmd
}

// parseEndpoints reads --endpoint KIND=URL flags. They come only from the
// command line, never from an inventory, so a pull request cannot send a
// token elsewhere.
func parseEndpoints(flags []string) (map[string]string, error) {
	out := map[string]string{}
	for _, f := range flags {
		kind, raw, ok := strings.Cut(f, "=")
		if !ok || kind == "" || raw == "" {
			return nil, usagef("--endpoint %q: write it as KIND=URL, e.g. hubspot=https://proxy.example/hubspot", f)
		}
		if !slices.Contains(inventory.ScanKinds(), kind) {
			return nil, usagef("--endpoint: %q is not a scanner kind; use one of %s", kind, strings.Join(inventory.ScanKinds(), ", "))
		}
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, usagef("--endpoint %s: %q is not an http or https URL", kind, raw)
		}
		out[kind] = strings.TrimRight(raw, "/")
	}
	return out, nil
}

func runScan(e *env, g *globalOptions, o *scanOptions) error {
	asOf, err := parseAsOf(e, o.asOf)
	if err != nil {
		return err
	}
	endpoints, err := parseEndpoints(o.endpoints)
	if err != nil {
		return err
	}
	if o.concurrency < 1 {
		return usagef("--concurrency must be at least 1")
	}
	inv, diags := inventory.Load(o.dir)
	reg := registry.Registry()
	if !diags.HasErrors() {
		diags = append(diags, scanners.Validate(inv, reg)...)
	}
	printDiagnostics(e.stderr, inv.Files, diags, e.stderrTTY && !g.noColor)
	if diags.HasErrors() {
		return &exitError{exitInvalid}
	}
	for _, id := range o.only {
		if t := inv.Tool(id); t == nil || t.Scan == nil {
			return usagef("--only %q: the inventory has no tool %q with a scan block", id, id)
		}
	}
	out := o.output
	if out == "" {
		out = filepath.Join(scanners.SnapshotDir(o.dir), asOf.Format("2006-01-02")+".json")
	}

	// Ctrl-C cancels every call in flight; nothing is written then.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	total := 0
	for _, t := range inv.Tools {
		if t.Scan != nil && (len(o.only) == 0 || slices.Contains(o.only, t.ID)) {
			total++
		}
	}
	var mu sync.Mutex
	done := 0
	snap, results := scanners.Run(ctx, inv, scanners.RunOptions{
		Scanners: reg, Concurrency: o.concurrency, Only: o.only, AsOf: asOf, Now: e.now,
		Getenv: e.getenv, Endpoints: endpoints, HTTP: scanners.ClientOptions{Timeout: o.timeout},
		OnResult: func(r scanners.ToolResult) {
			// Called from the scanning goroutines: one whole line at a
			// time, under a lock, keeps the log readable.
			mu.Lock()
			defer mu.Unlock()
			done++
			if !g.quiet {
				fmt.Fprintf(e.stderr, "[%d/%d] %s (%s): %s in %s\n", done, total, r.Tool, r.Kind, r.Status, r.Duration.Round(time.Millisecond))
			}
		},
	})
	if ctx.Err() != nil {
		fmt.Fprintln(e.stderr, "Interrupted: no snapshot written; the previous one is untouched.")
		return &exitError{exitScan}
	}
	failed := 0
	for _, r := range results {
		if r.Status == scanners.StatusError {
			failed++
		}
	}
	printScanSummary(e, snap, results)
	if failed > 0 && !o.allowPartial {
		fmt.Fprintf(e.stderr, "%s failed: no snapshot written (the previous one is untouched). Fix them, or use --allow-partial to write it anyway.\n", plural(failed, "scan"))
		return &exitError{exitScan}
	}
	if err := scanners.Write(out, snap); err != nil {
		return inputError(e, err)
	}
	if !g.quiet {
		fmt.Fprintf(e.stdout, "Wrote %s\n", out)
	}
	return nil
}

func printScanSummary(e *env, snap *scanners.Snapshot, results []scanners.ToolResult) {
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "TOOL\tKIND\tSTATUS\tSEATS\tACTIVE 30D\tDURATION\tDETAIL")
	for _, r := range results {
		seats, active, detail := "-", "-", ""
		if u := snap.Tools[r.Tool]; u != nil {
			if u.Measured() {
				seats, active = fmt.Sprint(u.Seats.Assigned), fmt.Sprint(u.Active.D30)
			}
			detail = u.Error
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Tool, r.Kind, r.Status, seats, active, r.Duration.Round(time.Millisecond), detail)
	}
	w.Flush()
}
