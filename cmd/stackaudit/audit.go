package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"github.com/stackaudit/stackaudit/internal/plural"
	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/usage"
	"github.com/stackaudit/stackaudit/workbook"
)

type auditOptions struct {
	evalFlags
	scanFlags
	scan        bool
	dir         string
	output      string
	previous    string
	redactUsers bool
}

func newAuditCmd(e *env, g *globalOptions) *cobra.Command {
	o := &auditOptions{}
	cmd := &cobra.Command{
		Use:   "audit [DIR] -o FILE.xlsx",
		Short: "Write the quarterly audit workbook",
		Long: `Evaluate the inventory at DIR (default: the current directory) with its newest
usage snapshot and write the audit workbook for procurement and the quarterly
review: summary with charts, tools, redundancy, spend, renewals, reclaimable
seats, data flows, ownership gaps, findings and discovered tools.

With --scan it scans first (as stackaudit scan does, with the same flags),
writes the new snapshot and audits with it. With --sandbox it scans the
built-in vendor simulator instead: a full audit with real HTTP calls on
loopback and no credentials; the simulated snapshot goes to
DIR/.stackaudit/sandbox/<as-of>.json.

With --previous the workbook gains a Changes sheet: what changed since the
previous audit, tool by tool (added, removed, annual cost and seats, with
amounts), utilization in percentage points, findings new and resolved.
Keep each quarter's result for the next one:

  stackaudit check DIR --format json --fail-on none -o results/2026-Q3.json

and next quarter

  stackaudit audit DIR --previous results/2026-Q3.json -o audit-2026-Q4.xlsx

A previous snapshot works too (usage changes only). A previous audit of
another organization or currency, or one not earlier than this one (by
as-of date, or by when its usage was taken), is refused with exit 2: a
previous result made with an earlier --as-of but this quarter's snapshot
would show this quarter's usage as last quarter's.`,
		Args: cobra.MaximumNArgs(1),
		RunE: onInventory(e, g, &o.dir, func(ctx context.Context) error { return runAudit(ctx, e, g, o) }),
	}
	f := cmd.Flags()
	f.StringVarP(&o.output, "output", "o", "", "the workbook to write (.xlsx)")
	o.evalFlags.register(f)
	f.StringVar(&o.previous, "previous", "", "last quarter's result (check --format json) or snapshot to compare with")
	f.BoolVar(&o.redactUsers, "redact-users", false, "replace user emails and vendor user ids with keyed pseudonyms (the organization's key when set, else a key made for this workbook)")
	f.BoolVar(&o.scan, "scan", false, "scan the vendors first and audit with the new snapshot")
	o.scanFlags.register(f)
	g.diagFlags(cmd)
	return cmd
}

func runAudit(ctx context.Context, e *env, g *globalOptions, o *auditOptions) error {
	if o.output == "" {
		return usagef("audit needs -o FILE.xlsx, the workbook to write")
	}
	if err := checkWorkbookOutput(e, o.output); err != nil {
		return err
	}
	if o.output == stdoutPath {
		// Standard output holds the workbook: every message goes to
		// stderr.
		msgs := *e
		msgs.stdout, msgs.stdoutTTY = e.stderr, e.stderrTTY
		return runAuditTo(ctx, &msgs, g, o, e.stdout)
	}
	return runAuditTo(ctx, e, g, o, e.stdout)
}

// runAuditTo is audit once -o is checked; the workbook goes to out when
// -o is -.
func runAuditTo(ctx context.Context, e *env, g *globalOptions, o *auditOptions, out io.Writer) error {
	if err := refuseInput(o.output, append([]string{o.dir, defaultSnapshot(o.dir, o.snapshot), o.previous}, o.policies...)...); err != nil {
		return err
	}
	ctx, stop := interruptible(ctx)
	defer stop()
	run, err := evaluateAudit(ctx, e, g, o)
	if err != nil || run == nil {
		return err
	}
	inv, snap, res, provenance := run.inv, run.snap, run.res, run.provenance
	// Simulated: --sandbox usage comes from the built-in simulator, and
	// every sheet of the workbook says so.
	wo := workbook.Options{RedactUsers: o.redactUsers, Version: currentVersion().Version, BaseDir: repoRoot(inv.Dir), UsageSource: provenance, Simulated: o.sandbox}
	if o.redactUsers {
		wo.RedactUsers, wo.Pseudonymizer = redaction(e, g, inv, snap, o.scan && !o.sandbox)
	}
	if err := interrupted(e, ctx, nil, "no workbook written; the previous one is untouched"); err != nil {
		return err
	}
	if err := writeWorkbook(out, o.output, res, wo); err != nil {
		return inputError(e, err)
	}
	if !g.quiet {
		s := res.Summary
		cur := res.Organization.Currency
		fmt.Fprintf(e.stdout, "Wrote %s: %d tools, annual spend %s, estimated waste %s, consolidation savings %s, %s of seat-based spend not measured, %d actions, %d findings (%d waived).\n",
			printable(workbookName(o.output), false), s.Tools, policies.Money(cur, s.AnnualSpend), policies.Money(cur, s.EstimatedWaste),
			policies.Money(cur, s.ConsolidationSavings), policies.Money(cur, s.UnmeasuredSpend), len(res.Actions), len(res.Findings), s.Waived)
		if ch := res.Changes; ch != nil {
			fmt.Fprintln(e.stdout, changesLine(ch, cur))
		}
	}
	return nil
}

// auditRun is an evaluation for the audit's reports, the workbook and the
// dashboard: what was loaded, scanned and judged.
type auditRun struct {
	inv        *inventory.Inventory
	snap       *usage.Snapshot
	res        *result.Result
	provenance string
}

// evaluateAudit loads the inventory, scans it first with --scan or
// --sandbox, and evaluates it (compared with --previous when given). It
// returns a nil run and error when loading printed the inventory's errors.
func evaluateAudit(ctx context.Context, e *env, g *globalOptions, o *auditOptions) (*auditRun, error) {
	asOf, err := parseAsOf(e, o.asOf)
	if err != nil {
		return nil, err
	}
	scanning := o.scan || o.sandbox
	if !scanning && o.changed() {
		return nil, usagef("--only, --endpoint, --rate, --concurrency, --timeout, --deadline, --max-users, --allow-partial, --previous-snapshot and --pseudonymize-users need --scan or --sandbox")
	}
	var inv *inventory.Inventory
	var snap *usage.Snapshot
	if scanning {
		if o.snapshot != "" {
			return nil, usagef("--snapshot and --scan do not go together: --scan measures a new snapshot")
		}
		req, err := o.scanFlags.parse()
		if err != nil {
			return nil, err
		}
		if inv, _, err = loadInventory(ctx, e, g, o.dir, o.policies, asOf); err != nil {
			return nil, err
		}
		path := defaultSnapshotPath(o.dir, asOf, o.sandbox)
		if snap, err = scanInventory(ctx, e, g, inv, req, asOf, path); err != nil {
			return nil, err
		}
		if err := usage.Write(path, snap); err != nil {
			return nil, inputError(e, err)
		}
		snap.Path = path
		if !g.quiet {
			fmt.Fprintf(e.stdout, "Wrote %s\n", printable(path, false))
		}
	} else {
		var diags hcl.Diagnostics
		inv, snap, diags, err = loadForEvaluation(ctx, e, g, o.dir, o.snapshot, o.policies, asOf)
		if err != nil || diags.HasErrors() {
			return nil, err
		}
	}
	provenance := usageProvenance(o.dir, snap, asOf)
	if !g.quiet {
		fmt.Fprintln(e.stderr, provenance)
	}
	if w := otherOrganization(snap, inv); w != "" {
		fmt.Fprintf(e.stderr, "Warning: %s: its usage may belong to another stack.\n", w)
	}
	var prev *result.Previous
	if o.previous != "" {
		if prev, err = result.ReadPrevious(o.previous); err != nil {
			return nil, inputError(e, err)
		}
	}
	res, pdiags, err := policies.EvaluateContext(ctx, inv, snap, policies.Options{AsOf: asOf})
	if err := interrupted(e, ctx, err, "nothing written"); err != nil {
		return nil, err
	}
	printDiagnostics(e.stderr, inv.Files, pdiags, g.diagStyle(e))
	if pdiags.HasErrors() {
		return nil, &exitError{exitInvalid}
	}
	if prev != nil {
		if err := result.Check(res, prev); err != nil {
			return nil, inputError(e, fmt.Errorf("--previous %s: %w", o.previous, err))
		}
		result.Compare(res, prev)
	}
	return &auditRun{inv: inv, snap: snap, res: res, provenance: provenance}, nil
}

// changesLine sums up the Changes sheet in one line: what procurement
// looks for first, the money.
func changesLine(ch *result.Changes, cur string) string {
	var added, removed, changed decimal.Decimal
	var nAdded, nRemoved, nCost, nSeats int
	for _, d := range ch.Tools {
		switch d.Change {
		case result.Added:
			nAdded++
			added = added.Add(d.CostDelta)
		case result.Removed:
			nRemoved++
			removed = removed.Add(d.CostDelta)
		default:
			if d.CostChanged() {
				nCost++
				changed = changed.Add(d.CostDelta)
			}
			if d.SeatsChanged() {
				nSeats++
			}
		}
	}
	signed := func(d decimal.Decimal) string {
		if d.IsNegative() {
			return "-" + policies.Money(cur, d.Neg())
		}
		return "+" + policies.Money(cur, d)
	}
	counted := func(n int, one, many string, sum decimal.Decimal) string {
		if n == 0 {
			return plural.Count(n, one, many)
		}
		return plural.Count(n, one, many) + " (" + signed(sum) + ")"
	}
	line := fmt.Sprintf("Changes since %s: ", ch.PreviousAsOf)
	if !ch.UsageOnly {
		line += fmt.Sprintf("annual spend %s; %s, %s, %s, %s; ",
			signed(ch.SpendDelta), counted(nAdded, "tool added", "tools added", added), counted(nRemoved, "tool removed", "tools removed", removed),
			counted(nCost, "cost change", "cost changes", changed), plural.Count(nSeats, "seat change", "seat changes"))
	}
	line += plural.Count(len(ch.Utilization), "utilization change", "utilization changes")
	if !ch.UsageOnly {
		line += fmt.Sprintf("; findings %d new, %d resolved", len(ch.FindingsNew), len(ch.FindingsResolved))
	}
	return line + "."
}

// checkWorkbookOutput refuses, before any work, a workbook name that is
// not .xlsx (the workbook is one format; check --format writes the others),
// a folder that does not exist, and the workbook on a terminal.
func checkWorkbookOutput(e *env, output string) error {
	if output == stdoutPath {
		if e.stdoutTTY {
			return usagef("-o - would print the binary workbook on the terminal: redirect it (> audit.xlsx) or name a file, -o audit.xlsx")
		}
		return nil
	}
	if ext := strings.ToLower(filepath.Ext(output)); ext != ".xlsx" {
		hint := "name it FILE.xlsx"
		if ext == ".csv" || ext == ".json" || ext == ".md" || ext == ".sarif" || ext == ".xml" {
			hint += "; for a machine-readable report, use stackaudit check --format json|sarif|markdown|junit -o FILE"
		}
		return usagef("audit writes an Excel workbook, not %q: %s", output, hint)
	}
	return checkOutput(output)
}

// writeWorkbook writes the workbook to a file, or to standard output for
// -o - (through a temporary file: the workbook is a zip archive, built
// whole).
func writeWorkbook(out io.Writer, output string, res *result.Result, wo workbook.Options) error {
	if output != stdoutPath {
		return workbook.Write(output, res, wo)
	}
	dir, err := os.MkdirTemp("", "stackaudit-audit-")
	if err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "audit.xlsx")
	if err := workbook.Write(path, res, wo); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	defer f.Close()
	if _, err := io.Copy(out, f); err != nil {
		return fmt.Errorf("write workbook to standard output: %w", err)
	}
	return nil
}

// workbookName is how the summary line names where the workbook went.
func workbookName(output string) string {
	if output == stdoutPath {
		return "the workbook to standard output"
	}
	return output
}
