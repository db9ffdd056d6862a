package main

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/time/rate"

	"github.com/stackaudit/stackaudit/internal/plural"
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
	// previous is the snapshot whose data is carried forward for what
	// this scan does not measure (default: the newest beside the output).
	previousSnapshot string
	// pseudonymize stores users as keyed pseudonyms, as
	// organization { pseudonymize_users = true } does.
	pseudonymize bool
	// deadline bounds the whole run; maxUsers the users kept per tool.
	deadline time.Duration
	maxUsers int
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
	f.BoolVar(&o.allowPartial, "allow-partial", false, "write the snapshot (and exit 0) even when some scans were skipped or failed: their earlier data is carried forward")
	f.StringVar(&o.previousSnapshot, "previous-snapshot", "", "the snapshot to carry data forward from for tools and discovery sources not measured (default: the newest snapshot in the output's folder, or in the inventory's default snapshot folder with -o -)")
	f.StringArrayVar(&o.rates, "rate", nil, "KIND=N: allow N requests a second to a vendor instead of its documented default (for accounts with higher limits); repeatable")
	f.BoolVar(&o.pseudonymize, "pseudonymize-users", false, "store users in the snapshot as keyed pseudonyms (HMAC-SHA-256), as organization { pseudonymize_users = true } does; the key comes from the variable pseudonym_key_env names (default STACKAUDIT_PSEUDONYM_KEY)")
	f.BoolVar(&o.sandbox, "sandbox", false, "scan the built-in vendor simulator instead of the real APIs: no credentials, no network beyond loopback")
	f.DurationVar(&o.deadline, "deadline", scanners.DefaultDeadline, "how long the whole scan may take; then every tool still scanning fails and keeps its earlier data, as a failed tool does")
	f.IntVar(&o.maxUsers, "max-users", scanners.DefaultMaxUsers, "the most users one tool's scan keeps; a vendor listing more fails that tool, which keeps its earlier data")
}

// changed reports whether a scan-only flag differs from its default, for
// audit, which takes them only with --scan or --sandbox.
func (o *scanFlags) changed() bool {
	return len(o.only) > 0 || len(o.endpoints) > 0 || len(o.rates) > 0 || o.allowPartial || o.previousSnapshot != "" ||
		o.pseudonymize || o.concurrency != defaultConcurrency || o.timeout != defaultTimeout ||
		o.deadline != scanners.DefaultDeadline || o.maxUsers != scanners.DefaultMaxUsers
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

A scan never loses knowledge: a tool or discovery source that is skipped (its
token variable is unset) or fails keeps its last measured data from the
previous snapshot (--previous-snapshot, default: the newest in the output's
folder), marked with the date it was measured and why it was not measured
again. Such a run exits 3 and writes nothing unless --allow-partial.

A scan has ceilings, so that no vendor can make it run or grow without end:
the whole run stops after --deadline (default 30m), and one tool's scan after
--max-users users (default 1,000,000); the tools they stop fail as above. A
page cursor longer than 8 KiB, or one that repeats, fails its tool too.

A failed or interrupted run never replaces a good snapshot. Exit codes: 0 done;
2 invalid input or usage; 3 some scans were skipped or failed (use
--allow-partial to write the snapshot with their earlier data and exit 0), or
nothing was measured because no token variable is set.`,
		Args: cobra.MaximumNArgs(1),
		RunE: onInventory(e, g, &o.dir, func(ctx context.Context) error { return runScan(ctx, e, g, o) }),
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
		if !slices.Contains(registry.ScanKinds(), kind) {
			return nil, usagef("--endpoint: %q is not a scanner kind; use one of %s", kind, strings.Join(registry.ScanKinds(), ", "))
		}
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, usagef("--endpoint %s: %q is not an http or https URL", kind, raw)
		}
		out[kind] = strings.TrimRight(raw, "/")
	}
	return out, nil
}

func runScan(ctx context.Context, e *env, g *globalOptions, o *scanOptions) error {
	// -o names a file in a folder that exists (scan creates only its
	// default folder), or - for standard output, which then holds the
	// snapshot alone.
	if err := checkOutput(o.output); err != nil {
		return err
	}
	if err := refuseInput(o.output, o.dir, o.previousSnapshot); err != nil {
		return err
	}
	snapshotOut := e.stdout
	if o.output == stdoutPath {
		msgs := *e
		msgs.stdout, msgs.stdoutTTY = e.stderr, e.stderrTTY
		e = &msgs
	}
	asOf, err := parseAsOf(e, o.asOf)
	if err != nil {
		return err
	}
	req, err := o.parse()
	if err != nil {
		return err
	}
	inv, _, err := loadInventory(context.Background(), e, g, o.dir, nil, asOf)
	if err != nil {
		return err
	}
	out := o.output
	if out == "" {
		out = defaultSnapshotPath(o.dir, asOf, o.sandbox)
	}
	// Standard output has no folder to find the previous snapshot in: it
	// is then the newest where this inventory's scans go by default.
	beside := out
	if out == stdoutPath {
		beside = defaultSnapshotPath(o.dir, asOf, o.sandbox)
	}
	// Ctrl-C cancels every call in flight, and is caught until the
	// snapshot is written: a signal during the write lets it finish (the
	// file is replaced whole or not at all) instead of leaving its
	// temporary file behind.
	ctx, stop := interruptible(ctx)
	defer stop()
	snap, err := scanInventory(ctx, e, g, inv, req, asOf, beside)
	if err != nil {
		return err
	}
	if out == stdoutPath {
		if err := usage.Encode(snapshotOut, snap); err != nil {
			return inputError(e, fmt.Errorf("write snapshot to standard output: %w", err))
		}
		return nil
	}
	if err := usage.Write(out, snap); err != nil {
		return inputError(e, err)
	}
	if !g.quiet {
		fmt.Fprintf(e.stdout, "Wrote %s\n", printable(out, false))
	}
	return nil
}

// defaultSnapshotPath is where a scan writes without -o. Simulated data
// goes to a folder of its own, which check never reads by default.
func defaultSnapshotPath(dir string, asOf time.Time, sandboxed bool) string {
	if isFile(dir) {
		dir = filepath.Dir(dir)
	}
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
	if o.deadline <= 0 {
		return req, usagef("--deadline must be positive, e.g. 30m")
	}
	if o.maxUsers < 1 {
		return req, usagef("--max-users must be at least 1")
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

// The bounds of --rate: below one call every 10 seconds a scan of any size
// would wait for hours between pages and look hung (a rate of 1e-9 is a
// wait of 30 years); above 10,000 the limiter no longer limits anything.
const (
	minRate = 0.1
	maxRate = 10000.0
)

// parseRates reads --rate KIND=N flags.
func parseRates(flags []string) (map[string]rate.Limit, error) {
	out := map[string]rate.Limit{}
	for _, f := range flags {
		kind, raw, ok := strings.Cut(f, "=")
		if !ok || !slices.Contains(registry.ScanKinds(), kind) {
			return nil, usagef("--rate %q: write it as KIND=N with a scanner kind, e.g. hubspot=19", f)
		}
		n, err := strconv.ParseFloat(raw, 64)
		if err != nil || math.IsNaN(n) || n < minRate || n > maxRate {
			return nil, usagef("--rate %s: %q is not a number of requests a second from %g (one every %s) to %g", kind, raw, minRate, scanners.HumanDuration(time.Duration(float64(time.Second)/minRate)), maxRate)
		}
		out[kind] = rate.Limit(n)
	}
	return out, nil
}

// scanInventory runs the scan and discovery blocks of a validated
// inventory (see loadValidated) with progress on stderr and a summary on
// stdout, and returns the snapshot to write to out, with the previous
// snapshot's data carried forward for what was not measured. It returns an
// exit error when the run was interrupted or, without --allow-partial, when
// a scan was skipped or failed; nothing is written then.
func scanInventory(ctx context.Context, e *env, g *globalOptions, inv *inventory.Inventory, o scanRequest, asOf time.Time, out string) (*usage.Snapshot, error) {
	kinds := registry.Kinds()
	for _, id := range o.only {
		if t := inv.Tool(id); t == nil || t.Scan == nil {
			return nil, usagef("--only %q: the inventory has no tool %q with a scan block", id, id)
		}
	}

	pz, err := pseudonymizer(e, inv, o)
	if err != nil {
		return nil, err
	}
	prev, err := previousSnapshot(e, o.previousSnapshot, out)
	if err != nil {
		return nil, err
	}
	if w := otherOrganization(prev, inv); w != "" {
		fmt.Fprintf(e.stderr, "Warning: %s: nothing is carried forward from it.\n", w)
		prev = nil
	}
	if prev != nil && prev.Simulated && !o.sandbox {
		fmt.Fprintf(e.stderr, "Warning: the previous snapshot %s was simulated by --sandbox: nothing is carried forward from it.\n", prev.Path)
		prev = nil
	}
	if w := usage.MatchPseudonyms(prev, pz); w != "" {
		fmt.Fprintf(e.stderr, "Warning: %s (previous snapshot %s).\n", w, prev.Path)
	}
	opts := scanners.RunOptions{
		Kinds: kinds, Concurrency: o.concurrency, Only: o.only, AsOf: asOf, Now: e.now,
		Getenv: e.getenv, Endpoints: o.endpoints, Limits: o.rates, HTTP: scanners.ClientOptions{Timeout: o.timeout},
		Previous: prev, Pseudonymizer: pz, MaxUsers: o.maxUsers,
	}
	total := scanners.CountJobs(inv, opts)
	if total == 0 {
		fmt.Fprintln(e.stderr, "Error: nothing to scan: no tool has a scan block and there is no discovery block. Add one (see docs/scanners.md); no snapshot written.")
		return nil, &exitError{exitInvalid}
	}

	// Ctrl-C (ctx, see interruptible) cancels every call in flight;
	// nothing is written then. The deadline does not: the tools it stops
	// fail and keep their earlier data, as any failed tool does.
	deadline := e.deadline
	if deadline == nil {
		deadline = scanners.WithDeadline
	}
	dctx, cancel := deadline(ctx, o.deadline)
	defer cancel()
	interrupt := ctx
	ctx = dctx

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
	if interrupt.Err() != nil {
		fmt.Fprintln(e.stderr, "Interrupted: no snapshot written; the previous one is untouched.")
		return nil, &exitError{exitScan}
	}
	if ctx.Err() != nil {
		fmt.Fprintf(e.stderr, "Deadline: the scan stopped after --deadline %s; the tools it stopped failed and keep their earlier data.\n", o.deadline)
	}
	snap.Simulated = o.sandbox
	sum := summarizeScan(snap, results)
	if !g.quiet {
		printScanSummary(e, snap, results)
		fmt.Fprintln(e.stdout, sum.line())
	}
	if sum.failed == 0 && len(results) > 0 && sum.skipped == len(results) {
		// Every tool skipped (no token variable set): writing would
		// replace a good snapshot with one that measured nothing.
		fmt.Fprintln(e.stderr, "Nothing was measured: set the token variables the scan blocks name (see the DETAIL column). No snapshot written; the previous one is untouched.")
		return nil, &exitError{exitScan}
	}
	if sum.failed+sum.skipped > 0 && !o.allowPartial {
		fmt.Fprintf(e.stderr, "Partial scan: %s: no snapshot written (the previous one is untouched). Set the token variables and fix the failures, or use --allow-partial to write it with the earlier data carried forward.\n", sum.problems())
		return nil, &exitError{exitScan}
	}
	if len(sum.carried) > 0 && !g.quiet {
		fmt.Fprintf(e.stderr, "Carried forward from %s: %s.\n", prev.Path, sum.carriedList())
	}
	return snap, nil
}

// sandboxPseudonymKey pseudonymizes simulated users: the sandbox reads no
// credential variable, and its users are not real people.
const sandboxPseudonymKey = "stackaudit-sandbox-pseudonym-key"

// pseudonymizer is the keyed pseudonymizer of a scan that stores users as
// pseudonyms (organization.pseudonymize_users or --pseudonymize-users), or
// nil. A missing or short key is a usage error, before any network call.
func pseudonymizer(e *env, inv *inventory.Inventory, o scanRequest) (*usage.Pseudonymizer, error) {
	org := inv.Organization
	if !org.PseudonymizeUsers && !o.pseudonymize {
		return nil, nil
	}
	if o.sandbox {
		return usage.NewPseudonymizer([]byte(sandboxPseudonymKey))
	}
	name := org.PseudonymKeyEnv
	if name == "" {
		name = inventory.DefaultPseudonymKeyEnv
	}
	key := e.getenv(name)
	if key == "" {
		return nil, usagef("users are to be stored as pseudonyms (%s), but the environment variable %s that holds the key is not set: set it to a random key (e.g. openssl rand -hex 32) and keep it, since the same key gives the same pseudonyms in every scan; see docs/privacy.md",
			pseudonymizeWhy(org.PseudonymizeUsers), name)
	}
	pz, err := usage.NewPseudonymizer([]byte(key))
	if err != nil {
		return nil, usagef("%s: %v", name, err)
	}
	return pz, nil
}

// redaction is how audit --redact-users redacts: not at all when the
// snapshot already holds pseudonyms (they are kept, stable across
// workbooks), else with the organization's pseudonym key when the command
// scans (only a scanning command reads the environment), else with a
// random key made by the workbook.
func redaction(e *env, g *globalOptions, inv *inventory.Inventory, snap *usage.Snapshot, scanning bool) (bool, *usage.Pseudonymizer) {
	if snap != nil && snap.Pseudonyms != nil {
		if !g.quiet {
			fmt.Fprintln(e.stderr, "--redact-users: the snapshot already stores users as keyed pseudonyms; the workbook shows those.")
		}
		return false, nil
	}
	if !scanning {
		return true, nil
	}
	name := inv.Organization.PseudonymKeyEnv
	if name == "" {
		return true, nil
	}
	pz, err := usage.NewPseudonymizer([]byte(e.getenv(name)))
	if err != nil {
		return true, nil
	}
	return true, pz
}

func pseudonymizeWhy(byInventory bool) string {
	if byInventory {
		return "organization { pseudonymize_users = true }"
	}
	return "--pseudonymize-users"
}

// previousSnapshot reads the snapshot a scan carries data forward from:
// the one named by --previous-snapshot (an error when unreadable), else
// the newest in the output's folder (a warning when unreadable: nothing is
// carried then). A snapshot dated in the future is used, with a warning:
// its dates are what check and stale-usage will show.
func previousSnapshot(e *env, explicit, out string) (*usage.Snapshot, error) {
	path := explicit
	if path == "" {
		latest, err := usage.LatestIn(filepath.Dir(out))
		if err != nil || latest == "" {
			return nil, nil
		}
		path = latest
	}
	prev, err := usage.Read(path)
	switch {
	case err != nil && explicit != "":
		return nil, inputError(e, fmt.Errorf("--previous-snapshot: %w", err))
	case err != nil:
		fmt.Fprintf(e.stderr, "Warning: the previous snapshot cannot be read, so nothing can be carried forward from it: %v\n", err)
		return nil, nil
	}
	if now := e.now(); prev.TakenAt.After(now.Add(24 * time.Hour)) {
		fmt.Fprintf(e.stderr, "Warning: the previous snapshot %s says it was taken %s, in the future: check the clock of the machine that wrote it.\n",
			path, prev.TakenAt.Format("2006-01-02"))
	}
	return prev, nil
}

// scanSummary counts a scan's outcomes for its summary line and exit code.
type scanSummary struct {
	measured, failed, skipped, notMeasured int
	carried                                []usage.Carry
}

func summarizeScan(snap *usage.Snapshot, results []scanners.ToolResult) scanSummary {
	s := scanSummary{carried: snap.Stale()}
	kept := map[string]bool{}
	for _, c := range s.carried {
		kept[c.ID] = true
	}
	for _, r := range results {
		switch r.Status {
		case usage.StatusOK:
			s.measured++
			continue
		case usage.StatusError:
			s.failed++
		case usage.StatusSkipped:
			s.skipped++
		}
		if !kept[r.Tool] {
			s.notMeasured++
		}
	}
	return s
}

// line is "N measured, N carried forward (token unset: A, B), N failed".
func (s scanSummary) line() string {
	line := fmt.Sprintf("Summary: %d measured, %d carried forward", s.measured, len(s.carried))
	if len(s.carried) > 0 {
		line += " (" + s.reasons() + ")"
	}
	line += fmt.Sprintf(", %d failed", s.failed)
	if s.notMeasured > 0 {
		line += fmt.Sprintf(", %d not measured (no earlier data)", s.notMeasured)
	}
	return line + "."
}

// reasons groups why the carried ones were not measured: "token unset:
// HUBSPOT_TOKEN, SLACK_TOKEN; failed: gong".
func (s scanSummary) reasons() string {
	var labels []string
	items := map[string][]string{}
	for _, c := range s.carried {
		label, item := c.Reason, c.ID
		switch {
		case strings.HasPrefix(c.Reason, "token unset: "):
			label, item = "token unset", strings.TrimPrefix(c.Reason, "token unset: ")
		case strings.HasPrefix(c.Reason, "failed: "):
			label = "failed"
		case strings.HasSuffix(c.Reason, ": --only"):
			label = "left out by --only"
		}
		if _, ok := items[label]; !ok {
			labels = append(labels, label)
		}
		if !slices.Contains(items[label], item) {
			items[label] = append(items[label], item)
		}
	}
	parts := make([]string, len(labels))
	for i, l := range labels {
		parts[i] = l + ": " + strings.Join(items[l], ", ")
	}
	return strings.Join(parts, "; ")
}

// problems is what made the scan partial: "2 scans skipped (token unset)
// and 1 failed".
func (s scanSummary) problems() string {
	var parts []string
	if s.skipped > 0 {
		parts = append(parts, fmt.Sprintf("%s skipped (token unset)", plural.Count(s.skipped, "scan", "scans")))
	}
	if s.failed > 0 {
		parts = append(parts, fmt.Sprintf("%s failed", plural.Count(s.failed, "scan", "scans")))
	}
	return strings.Join(parts, " and ")
}

// carriedList names each carried tool or source with its measurement date.
func (s scanSummary) carriedList() string {
	parts := make([]string, len(s.carried))
	for i, c := range s.carried {
		parts[i] = fmt.Sprintf("%s (measured %s)", c.ID, c.MeasuredAt.Format("2006-01-02"))
	}
	return strings.Join(parts, ", ")
}

func printScanSummary(e *env, snap *usage.Snapshot, results []scanners.ToolResult) {
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "TOOL\tKIND\tSTATUS\tSEATS\tACTIVE 30D\tDURATION\tDETAIL")
	for _, r := range results {
		seats, active, detail := "-", "-", ""
		if u := snap.Tools[r.Tool]; u != nil {
			if u.Measured() {
				seats, active = fmt.Sprint(u.Seats.Assigned), fmt.Sprint(u.Active.D30)
				// A contact-billed tool's count is contacts, and a vendor
				// without activity dates has no active count to show.
				switch {
				case u.Unit == usage.UnitContacts:
					seats, active = fmt.Sprintf("%d contacts", u.Seats.Assigned), "-"
				case u.NoActivity:
					active = "-"
				}
			}
			detail = u.Error
			if u.Carried != "" {
				detail = fmt.Sprintf("kept data measured %s (%s)", snap.MeasuredAt(u).Format("2006-01-02"), u.Carried)
			}
		} else if r.Err != nil {
			detail = r.Err.Error()
		}
		for _, c := range snap.Discovered.Carried {
			if usage.DiscoveryPrefix+c.Source == r.Tool {
				detail = fmt.Sprintf("kept findings measured %s (%s)", c.MeasuredAt.Format("2006-01-02"), c.Reason)
			}
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Tool, r.Kind, r.Status, seats, active, r.Duration.Round(time.Millisecond), detail)
	}
	w.Flush()
	d := snap.Discovered
	if len(d.Tools)+len(d.Integrations)+len(d.Flows) > 0 {
		fmt.Fprintf(e.stdout, "Discovered %s, %s and %s.\n", plural.Count(len(d.Tools), "tool", "tools"), plural.Count(len(d.Integrations), "integration", "integrations"), plural.Count(len(d.Flows), "flow", "flows"))
	}
}
