package main

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/report"
	"github.com/stackaudit/stackaudit/usage"
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

With --previous (a previous result from check --format json, or a previous
snapshot) the workbook shows what changed since then.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.dir = "."
			if len(args) == 1 {
				o.dir = args[0]
			}
			return runAudit(e, g, o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.output, "output", "o", "", "the workbook to write (.xlsx)")
	o.evalFlags.register(f)
	f.StringVar(&o.previous, "previous", "", "a previous result or snapshot to compare with")
	f.BoolVar(&o.redactUsers, "redact-users", false, "replace user emails on the Seats sheet with a stable hash")
	f.BoolVar(&o.scan, "scan", false, "scan the vendors first and audit with the new snapshot")
	o.scanFlags.register(f)
	g.diagFlags(cmd)
	return cmd
}

func runAudit(e *env, g *globalOptions, o *auditOptions) error {
	if o.output == "" {
		return usagef("audit needs -o FILE.xlsx, the workbook to write")
	}
	asOf, err := parseAsOf(e, o.asOf)
	if err != nil {
		return err
	}
	scanning := o.scan || o.sandbox
	if !scanning && (len(o.only) > 0 || len(o.endpoints) > 0 || len(o.rates) > 0 || o.allowPartial || o.previousSnapshot != "" || o.pseudonymize || o.concurrency != defaultConcurrency || o.timeout != defaultTimeout) {
		return usagef("--only, --endpoint, --rate, --concurrency, --timeout, --allow-partial, --previous-snapshot and --pseudonymize-users need --scan or --sandbox")
	}
	var inv *inventory.Inventory
	var snap *usage.Snapshot
	if scanning {
		if o.snapshot != "" {
			return usagef("--snapshot and --scan do not go together: --scan measures a new snapshot")
		}
		req, err := o.scanFlags.parse()
		if err != nil {
			return err
		}
		if inv, _, err = loadInventory(e, g, o.dir, o.policies); err != nil {
			return err
		}
		if snap, err = scanInventory(e, g, inv, req, asOf, defaultSnapshotPath(o.dir, asOf, o.sandbox)); err != nil {
			return err
		}
		path := defaultSnapshotPath(o.dir, asOf, o.sandbox)
		if err := usage.Write(path, snap); err != nil {
			return inputError(e, err)
		}
		snap.Path = path
		if !g.quiet {
			fmt.Fprintf(e.stdout, "Wrote %s\n", path)
		}
	} else {
		var diags hcl.Diagnostics
		inv, snap, diags, err = loadForEvaluation(e, g, o.dir, o.snapshot, o.policies)
		if err != nil || diags.HasErrors() {
			return err
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
			return inputError(e, err)
		}
	}
	res, pdiags := policies.Evaluate(inv, snap, policies.Options{AsOf: asOf})
	printDiagnostics(e.stderr, inv.Files, pdiags, g.diagStyle(e))
	if pdiags.HasErrors() {
		return &exitError{exitInvalid}
	}
	if prev != nil {
		result.Compare(res, prev)
	}
	wo := report.WorkbookOptions{RedactUsers: o.redactUsers, Version: version, BaseDir: repoRoot(inv.Dir), UsageSource: provenance}
	if o.redactUsers {
		wo.RedactUsers, wo.Pseudonymizer = redaction(e, g, inv, snap, o.scan && !o.sandbox)
	}
	if err := report.WriteWorkbook(o.output, res, wo); err != nil {
		return inputError(e, err)
	}
	if !g.quiet {
		s := res.Summary
		cur := res.Organization.Currency
		fmt.Fprintf(e.stdout, "Wrote %s: %d tools, annual spend %s, estimated waste %s, consolidation savings %s, %d findings (%d waived).\n",
			o.output, s.Tools, policies.Money(cur, s.AnnualSpend), policies.Money(cur, s.EstimatedWaste),
			policies.Money(cur, s.ConsolidationSavings), len(res.Findings), s.Waived)
	}
	return nil
}
