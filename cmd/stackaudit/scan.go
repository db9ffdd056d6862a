package main

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/time/rate"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/registry"
	"github.com/stackaudit/stackaudit/usage"
)

// scanFlags are the flags of every command that can scan: scan itself and
// audit --scan.
type scanFlags struct {
	only         []string
	concurrency  int
	timeout      time.Duration
	endpoints    []string
	allowPartial bool
	sandbox      bool
	rates        []string
}

const (
	defaultConcurrency = 8
	defaultTimeout     = 30 * time.Second
)

func (o *scanFlags) register(f *pflag.FlagSet) {
	f.StringArrayVar(&o.only, "only", nil, "scan only this tool id (repeatable; discovery is skipped)")
	f.IntVar(&o.concurrency, "concurrency", defaultConcurrency, "how many tools and discovery blocks to scan at once")
	f.DurationVar(&o.timeout, "timeout", defaultTimeout, "timeout of each API call")
	f.StringArrayVar(&o.endpoints, "endpoint", nil, "KIND=URL: send a scanner kind's requests to another base URL (a proxy, GitHub Enterprise, a test server); repeatable")
	f.BoolVar(&o.allowPartial, "allow-partial", false, "write the snapshot (and exit 0) even when some scans failed")
	f.StringArrayVar(&o.rates, "rate", nil, "KIND=N: allow N requests a second to a vendor instead of its documented default (for accounts with higher limits); repeatable")
	f.BoolVar(&o.sandbox, "sandbox", false, "scan the built-in vendor simulator instead of the real APIs: no credentials, no network beyond loopback")
}

type scanOptions struct {
	scanFlags
	dir    string
	output string
	asOf   string
}

func newScanCmd(e *env, g *globalOptions) *cobra.Command {
	o := &scanOptions{}
	cmd := &cobra.Command{
		Use:   "scan [DIR] [-o SNAPSHOT]",
		Short: "Measure usage from the vendors' APIs and write a snapshot",
		Long: `Scan every tool of the inventory at DIR that has a scan block, and run every
discovery block, concurrently, and write the usage snapshot (default:
DIR/.stackaudit/snapshots/<as-of>.json). Credentials are read only from the
environment variables the blocks name.

With --sandbox the built-in vendor simulator answers instead of the vendors,
seeded from DIR/.stackaudit/sandbox.json when it exists; no credential is read,
and the snapshot goes to DIR/.stackaudit/sandbox/<as-of>.json by default so that
simulated data never mixes with real snapshots.

A failed or interrupted run never replaces a good snapshot. Exit codes: 0 done;
2 invalid input or usage; 3 some scans failed (use --allow-partial to write the
snapshot anyway and exit 0), or nothing was measured because no token variable
is set.`,
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
	o.register(f)
	g.diagFlags(cmd)
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
	req, err := o.parse()
	if err != nil {
		return err
	}
	inv, diags := inventory.Load(o.dir)
	printDiagnostics(e.stderr, inv.Files, diags, g.diagStyle(e))
	if diags.HasErrors() {
		return &exitError{exitInvalid}
	}
	out := o.output
	if out == "" {
		out = defaultSnapshotPath(o.dir, asOf, o.sandbox)
	}
	snap, err := scanInventory(e, g, inv, req, asOf)
	if err != nil {
		return err
	}
	if err := usage.Write(out, snap); err != nil {
		return inputError(e, err)
	}
	if !g.quiet {
		fmt.Fprintf(e.stdout, "Wrote %s\n", out)
	}
	return nil
}

// defaultSnapshotPath is where a scan writes without -o. Simulated data
// goes to a folder of its own, which check never reads by default.
func defaultSnapshotPath(dir string, asOf time.Time, sandboxed bool) string {
	name := asOf.Format("2006-01-02") + ".json"
	if sandboxed {
		return filepath.Join(dir, ".stackaudit", "sandbox", name)
	}
	return filepath.Join(usage.SnapshotDir(dir), name)
}

// scanRequest is the scan flags, checked and parsed once, before the
// inventory is loaded.
type scanRequest struct {
	*scanFlags
	endpoints map[string]string
	rates     map[string]rate.Limit
}

func (o *scanFlags) parse() (scanRequest, error) {
	req := scanRequest{scanFlags: o}
	if o.concurrency < 1 {
		return req, usagef("--concurrency must be at least 1")
	}
	if o.timeout <= 0 {
		return req, usagef("--timeout must be positive, e.g. 30s")
	}
	if o.sandbox && len(o.endpoints) > 0 {
		return req, usagef("--sandbox and --endpoint do not go together: the sandbox sets every endpoint")
	}
	var err error
	if req.rates, err = parseRates(o.rates); err != nil {
		return req, err
	}
	req.endpoints, err = parseEndpoints(o.endpoints)
	return req, err
}

// parseRates reads --rate KIND=N flags.
func parseRates(flags []string) (map[string]rate.Limit, error) {
	out := map[string]rate.Limit{}
	for _, f := range flags {
		kind, raw, ok := strings.Cut(f, "=")
		if !ok || !slices.Contains(inventory.ScanKinds(), kind) {
			return nil, usagef("--rate %q: write it as KIND=N with a scanner kind, e.g. hubspot=19", f)
		}
		n, err := strconv.ParseFloat(raw, 64)
		if err != nil || n <= 0 || n > 10000 || math.IsNaN(n) {
			return nil, usagef("--rate %s: %q is not a number of requests a second between 0 and 10000", kind, raw)
		}
		out[kind] = rate.Limit(n)
	}
	return out, nil
}

// scanInventory validates the scan and discovery blocks, runs them with
// progress on stderr and a summary on stdout, and returns the snapshot to
// write. It returns an exit error when the run was interrupted or, without
// --allow-partial, when a scan failed; nothing is written then.
func scanInventory(e *env, g *globalOptions, inv *inventory.Inventory, o scanRequest, asOf time.Time) (*usage.Snapshot, error) {
	reg, discoverers := registry.Registry(), registry.Discoverers()
	diags := scanners.Validate(inv, reg, discoverers)
	printDiagnostics(e.stderr, inv.Files, diags, g.diagStyle(e))
	if diags.HasErrors() {
		return nil, &exitError{exitInvalid}
	}
	for _, id := range o.only {
		if t := inv.Tool(id); t == nil || t.Scan == nil {
			return nil, usagef("--only %q: the inventory has no tool %q with a scan block", id, id)
		}
	}

	total := countJobs(inv, o.only, discoverers)
	if total == 0 {
		fmt.Fprintln(e.stderr, "Error: nothing to scan: no tool has a scan block and there is no discovery block. Add one (see docs/scanners.md); no snapshot written.")
		return nil, &exitError{exitInvalid}
	}

	// Ctrl-C cancels every call in flight; nothing is written then.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	opts := scanners.RunOptions{
		Scanners: reg, Discoverers: discoverers, Concurrency: o.concurrency, Only: o.only, AsOf: asOf, Now: e.now,
		Getenv: e.getenv, Endpoints: o.endpoints, Limits: o.rates, HTTP: scanners.ClientOptions{Timeout: o.timeout},
	}
	if o.sandbox {
		stopSandbox, err := useSandbox(ctx, inv, asOf, &opts)
		if err != nil {
			return nil, inputError(e, err)
		}
		defer stopSandbox()
		if !g.quiet {
			fmt.Fprintln(e.stderr, "Scanning the built-in vendor sandbox on loopback: simulated data, no credentials read.")
		}
	}
	p := newProgress(e, g, total)
	opts.OnStart, opts.OnResult = p.start, p.result
	snap, results := scanners.Run(ctx, inv, opts)
	p.finish()
	if ctx.Err() != nil {
		fmt.Fprintln(e.stderr, "Interrupted: no snapshot written; the previous one is untouched.")
		return nil, &exitError{exitScan}
	}
	failed := 0
	for _, r := range results {
		if r.Status == usage.StatusError {
			failed++
		}
	}
	if !g.quiet {
		printScanSummary(e, snap, results)
	}
	if failed > 0 && !o.allowPartial {
		fmt.Fprintf(e.stderr, "%s failed: no snapshot written (the previous one is untouched). Fix them, or use --allow-partial to write it anyway.\n", plural(failed, "scan"))
		return nil, &exitError{exitScan}
	}
	if failed == 0 && len(results) > 0 && skipped(results) == len(results) {
		// Every tool skipped (no token variable set): writing would
		// replace a good snapshot with one that measured nothing.
		fmt.Fprintln(e.stderr, "Nothing was measured: set the token variables the scan blocks name (see the DETAIL column). No snapshot written; the previous one is untouched.")
		return nil, &exitError{exitScan}
	}
	return snap, nil
}

func skipped(results []scanners.ToolResult) int {
	n := 0
	for _, r := range results {
		if r.Status == usage.StatusSkipped {
			n++
		}
	}
	return n
}

// countJobs is how many results Run will report: the tools it scans and,
// without --only, the discovery blocks.
func countJobs(inv *inventory.Inventory, only []string, discoverers map[string]scanners.Discoverer) int {
	n := 0
	for _, t := range inv.Tools {
		if t.Scan != nil && t.Scan.Kind != "" && (len(only) == 0 || slices.Contains(only, t.ID)) {
			n++
		}
	}
	if len(only) == 0 {
		for _, d := range inv.Discoveries {
			if d.Kind != "" {
				n++
			}
		}
	}
	return n
}

func printScanSummary(e *env, snap *usage.Snapshot, results []scanners.ToolResult) {
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "TOOL\tKIND\tSTATUS\tSEATS\tACTIVE 30D\tDURATION\tDETAIL")
	for _, r := range results {
		seats, active, detail := "-", "-", ""
		if u := snap.Tools[r.Tool]; u != nil {
			if u.Measured() {
				seats, active = fmt.Sprint(u.Seats.Assigned), fmt.Sprint(u.Active.D30)
			}
			detail = u.Error
		} else if r.Err != nil {
			detail = r.Err.Error()
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Tool, r.Kind, r.Status, seats, active, r.Duration.Round(time.Millisecond), detail)
	}
	w.Flush()
	d := snap.Discovered
	if len(d.Tools)+len(d.Integrations)+len(d.Flows) > 0 {
		fmt.Fprintf(e.stdout, "Discovered %s, %s and %s.\n", plural(len(d.Tools), "tool"), plural(len(d.Integrations), "integration"), plural(len(d.Flows), "flow"))
	}
}
