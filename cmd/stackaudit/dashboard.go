package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/stackaudit/stackaudit/report/dashboard"
)

func newDashboardCmd(e *env, g *globalOptions) *cobra.Command {
	o := &auditOptions{}
	cmd := &cobra.Command{
		Use:   "dashboard [DIR] -o SITE/",
		Short: "Write the shared static site: stack map, data flows, spend, actions, ownership",
		Long: `Evaluate the inventory at DIR (default: the current directory) as audit does
and write a static site to the folder SITE: the stack map (every tool by
journey stage and category, with filters), the data-flow graph, spend by
team, category and objective, the renewal calendar, the ranked actions and
findings, and who owns what. The figures are the audit workbook's.

The site is self-contained (HTML, one stylesheet, two scripts; no fonts or
scripts from elsewhere): open SITE/index.html from disk or publish the
folder, for example on GitHub Pages. SITE is replaced as a whole, never left
half written; a non-empty folder that is not a previous site is refused.

With --scan or --sandbox it scans first, as audit does.`,
		Example: `  stackaudit dashboard examples/acme -o site/
  stackaudit dashboard . --sandbox -o site/
  stackaudit dashboard . --snapshot usage.json --redact-users -o public/`,
		Args: cobra.MaximumNArgs(1),
		RunE: onInventory(e, g, &o.dir, func(context.Context) error { return runDashboard(e, g, o) }),
	}
	f := cmd.Flags()
	f.StringVarP(&o.output, "output", "o", "", "the folder to write the site to")
	o.evalFlags.register(f)
	f.BoolVar(&o.redactUsers, "redact-users", false, "replace user emails with keyed pseudonyms (the organization's key when set, else a key made for this site)")
	f.BoolVar(&o.scan, "scan", false, "scan the vendors first and build the site with the new snapshot")
	o.scanFlags.register(f)
	g.diagFlags(cmd)
	return cmd
}

func runDashboard(e *env, g *globalOptions, o *auditOptions) error {
	if o.output == "" || o.output == stdoutPath {
		return usagef("dashboard needs -o SITE/, the folder to write the site to")
	}
	if err := dashboard.CheckTarget(o.output); err != nil {
		if errors.Is(err, dashboard.ErrNotSite) {
			return usagef("%v: name an empty or new folder", err)
		}
		return inputError(e, err)
	}
	ctx, stop := interruptible(context.Background())
	defer stop()
	run, err := evaluateAudit(ctx, e, g, o)
	if err != nil || run == nil {
		return err
	}
	do := dashboard.Options{Version: currentVersion().Version, BaseDir: repoRoot(run.inv.Dir), UsageSource: run.provenance, Simulated: o.sandbox}
	if o.redactUsers {
		do.RedactUsers, do.Pseudonymizer = redaction(e, g, run.inv, run.snap, o.scan && !o.sandbox)
	}
	site, err := dashboard.Build(run.inv, run.res, do)
	if err != nil {
		return inputError(e, err)
	}
	if err := dashboard.Write(o.output, site); err != nil {
		return inputError(e, err)
	}
	if !g.quiet {
		fmt.Fprintf(e.stdout, "Wrote %s: %d tools, %d flows, %d actions, %d findings; open %s\n",
			printable(o.output, false), run.res.Summary.Tools, len(run.res.Flows), len(run.res.Actions), len(run.res.Findings), printable(indexPath(o.output), false))
	}
	return nil
}

// indexPath is the site's front page, as a path to open.
func indexPath(dir string) string {
	return filepath.Join(dir, "index.html")
}
