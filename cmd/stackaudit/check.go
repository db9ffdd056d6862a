package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/stackaudit/stackaudit/internal/plural"
	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/report"
	"github.com/stackaudit/stackaudit/usage"
)

// evalFlags are the flags of every command that evaluates policies.
type evalFlags struct {
	snapshot string
	policies []string
	asOf     string
}

func (f *evalFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.snapshot, "snapshot", "", "usage snapshot (default: newest in DIR/.stackaudit/snapshots/)")
	fs.StringArrayVar(&f.policies, "policies", nil, "extra folder of rule, policy and waiver files (repeatable)")
	fs.StringVar(&f.asOf, "as-of", "", "audit date YYYY-MM-DD (default: today)")
}

// gateFlags are the flags of the two commands that gate a CI step, check
// and diff: the report's format and file, and the severity that fails.
type gateFlags struct {
	format string
	output string
	failOn string
}

// parse reads the gate flags and --as-of (asOf) as both commands do, in
// the order they report a mistake: the format (one of formats, for the
// command name), --fail-on, then --as-of.
func (f *gateFlags) parse(e *env, name string, formats []string, asOf string) (result.Severity, time.Time, error) {
	if !slices.Contains(formats, f.format) {
		return "", time.Time{}, usagef("unknown --format %q for %s: use %s", f.format, name, strings.Join(formats, ", "))
	}
	threshold, err := parseFailOn(f.failOn)
	if err != nil {
		return "", time.Time{}, err
	}
	t, err := parseAsOf(e, asOf)
	return threshold, t, err
}

type checkOptions struct {
	evalFlags
	gateFlags
	dir      string
	baseline string
	// writeBaseline is --write-baseline FILE: the JSON result for later
	// --baseline runs; the check then exits 0 whatever it finds.
	writeBaseline string
}

func newCheckCmd(e *env, g *globalOptions) *cobra.Command {
	o := &checkOptions{}
	cmd := &cobra.Command{
		Use:   "check [DIR]",
		Short: "Evaluate the built-in rules and custom policies: the CI gate",
		Long: `Evaluate the built-in rules and the inventory's custom policies against the
inventory at DIR (default: the current directory) and its newest usage snapshot.
Never opens a network connection and never reads a credential.

Exit codes: 0 no counting finding at or above --fail-on; 1 there is one;
2 invalid input or usage. With --write-baseline: 0 unless the input is invalid.`,
		Example: `  # On the main branch: record today's findings as the baseline
  stackaudit check inventory --write-baseline stackaudit-baseline.json

  # In a pull request: only findings the baseline does not have fail
  stackaudit check inventory --baseline stackaudit-baseline.json

  # Annotations on the lines of the pull request, without code scanning
  stackaudit check inventory --baseline stackaudit-baseline.json --format github`,
		Args: cobra.MaximumNArgs(1),
		RunE: onInventory(e, g, &o.dir, func(ctx context.Context) error { return runCheck(ctx, e, g, o) }),
	}
	f := cmd.Flags()
	o.register(f)
	f.StringVar(&o.format, "format", "text", "output format: "+strings.Join(report.Formats(), ", "))
	f.StringVarP(&o.output, "output", "o", "", "write the report to FILE instead of standard output")
	f.StringVar(&o.failOn, "fail-on", "high", "exit 1 when a finding is at or above: critical, high, medium, low or none")
	f.StringVar(&o.baseline, "baseline", "", "a previous JSON result: only findings not in it count towards --fail-on")
	f.StringVar(&o.writeBaseline, "write-baseline", "", "also write the JSON result to FILE, for --baseline later, and exit 0 whatever the findings (only invalid input exits 2)")
	g.diagFlags(cmd)
	return cmd
}

// parseAsOf reads --as-of, defaulting to today in UTC.
func parseAsOf(e *env, s string) (time.Time, error) {
	if s == "" {
		return e.now().UTC().Truncate(24 * time.Hour), nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, usagef("--as-of %q is not a date: write it as YYYY-MM-DD", s)
	}
	return t, nil
}

func parseFailOn(s string) (result.Severity, error) {
	if enumValue(s) == "none" {
		return "", nil
	}
	sev, err := result.ParseSeverity(s)
	if err != nil {
		return "", usagef("--fail-on: %v, or none", err)
	}
	return sev, nil
}

// failOnName is --fail-on as report.Options wants it: a severity or "none".
func failOnName(threshold result.Severity) string {
	if threshold == "" {
		return "none"
	}
	return string(threshold)
}

func runCheck(ctx context.Context, e *env, g *globalOptions, o *checkOptions) error {
	o.format = enumValue(o.format)
	threshold, asOf, err := o.parse(e, "check", report.Formats(), o.asOf)
	if err != nil {
		return err
	}
	if err := checkOutput(o.output); err != nil {
		return err
	}
	if err := checkOutput(o.writeBaseline); err != nil {
		return err
	}
	inputs := append([]string{o.dir, defaultSnapshot(o.dir, o.snapshot), o.baseline}, o.policies...)
	if err := refuseInput(o.output, inputs...); err != nil {
		return err
	}
	if err := refuseInput(o.writeBaseline, append([]string{o.dir, defaultSnapshot(o.dir, o.snapshot)}, o.policies...)...); err != nil {
		return err
	}
	if o.writeBaseline == stdoutPath {
		return usagef("--write-baseline needs a file name: the report goes to standard output")
	}
	ctx, stop := interruptible(ctx)
	defer stop()
	line, err := evaluateCheck(ctx, e, g, o, threshold, asOf)
	if line != "" {
		fmt.Fprintln(e.stderr, line)
	}
	return err
}

// evaluateCheck is check once its flags are read: it returns the verdict
// line and the exit error.
func evaluateCheck(ctx context.Context, e *env, g *globalOptions, o *checkOptions, threshold result.Severity, asOf time.Time) (string, error) {
	// Machine formats still get a file on an invalid inventory: a
	// code-scanning upload or a test report step then shows the errors.
	invalid := func(diags hcl.Diagnostics, inv *inventory.Inventory) (string, error) {
		if o.format != "text" {
			if err := writeReport(e, g, o.output, o.format, "", invalidResult(inv, diags, asOf), inv); err != nil {
				return "", err
			}
		}
		return invalidVerdict(diags), &exitError{exitInvalid}
	}
	inv, snap, diags, err := loadForEvaluation(ctx, e, g, o.dir, o.snapshot, o.policies, asOf)
	if diags.HasErrors() {
		return invalid(diags, inv)
	}
	if ee := (*exitError)(nil); errors.As(err, &ee) && ee.code == exitInterrupted {
		return "", err
	}
	if err != nil {
		return "FAILED: invalid input; no rule was evaluated", err
	}
	if !g.quiet {
		fmt.Fprintln(e.stderr, usageProvenance(o.dir, snap, asOf))
	}
	if w := otherOrganization(snap, inv); w != "" {
		fmt.Fprintf(e.stderr, "Warning: %s: its usage may belong to another stack.\n", w)
	}
	opts := policies.Options{AsOf: asOf}
	if o.baseline != "" {
		b, err := result.ReadBaseline(o.baseline)
		if err != nil {
			return "FAILED: invalid input; no rule was evaluated", inputError(e, err)
		}
		opts.Baseline = b
	}
	res, pdiags, err := policies.EvaluateContext(ctx, inv, snap, opts)
	if err := interrupted(e, ctx, err, "no report written"); err != nil {
		return "", err
	}
	printDiagnostics(e.stderr, inv.Files, pdiags, g.diagStyle(e))
	if pdiags.HasErrors() {
		return invalid(pdiags, inv)
	}
	if err := interrupted(e, ctx, nil, "no report written"); err != nil {
		return "", err
	}
	if err := writeReport(e, g, o.output, o.format, failOnName(threshold), res, inv); err != nil {
		return "", err
	}
	if o.writeBaseline != "" {
		var buf bytes.Buffer
		if err := report.Write(&buf, "json", res, report.Options{Version: currentVersion().Version, FailOn: failOnName(threshold)}); err != nil {
			return "", err
		}
		if err := writeFileAtomic(o.writeBaseline, buf.Bytes()); err != nil {
			return "FAILED: the baseline could not be written", inputError(e, err)
		}
		return fmt.Sprintf("baseline written to %s (%s); exit 0 whatever the findings", o.writeBaseline,
			plural.Count(len(res.Findings), "finding", "findings")), nil
	}
	if res.Failing(threshold) {
		return verdict(res, threshold), &exitError{exitFindings}
	}
	return verdict(res, threshold), nil
}

// loadForEvaluation loads and validates the inventory (with extra policy
// folders) and its snapshot, printing diagnostics. With error diagnostics
// it returns the partial inventory and an exit error: already reported.
func loadForEvaluation(ctx context.Context, e *env, g *globalOptions, dir, snapshotPath string, extra []string, asOf time.Time) (*inventory.Inventory, *usage.Snapshot, hcl.Diagnostics, error) {
	inv, diags, err := loadInventory(ctx, e, g, dir, extra, asOf)
	if err != nil {
		return inv, nil, diags, err
	}
	// One file is not the inventory the snapshots measured: its usage
	// comes only from --snapshot.
	if snapshotPath == "" && !isFile(dir) {
		latest, warnings, err := usage.Newest(usage.SnapshotDir(dir))
		if err != nil {
			return nil, nil, nil, inputError(e, err)
		}
		for _, w := range warnings {
			fmt.Fprintf(e.stderr, "Warning: %s.\n", w)
		}
		snapshotPath = latest
	}
	var snap *usage.Snapshot
	if snapshotPath != "" {
		s, err := usage.Read(snapshotPath)
		if err != nil {
			return nil, nil, nil, inputError(e, err)
		}
		snap = s
	}
	return inv, snap, diags, nil
}

// loadInventory loads and validates the inventory as validate does,
// printing the diagnostics. Ctrl-C (ctx) during the evaluation of the
// custom policies is an exitInterrupted error.
func loadInventory(ctx context.Context, e *env, g *globalOptions, dir string, extra []string, asOf time.Time) (*inventory.Inventory, hcl.Diagnostics, error) {
	inv, diags, err := loadValidatedContext(ctx, dir, extra, asOf)
	if err != nil {
		return inv, nil, interrupted(e, ctx, err, "nothing was evaluated or written")
	}
	printDiagnostics(e.stderr, inv.Files, diags, g.diagStyle(e))
	if diags.HasErrors() {
		if hint := loadHint(dir, g, diags); hint != "" {
			fmt.Fprintln(e.stderr, hint)
		}
		return inv, diags, &exitError{exitInvalid}
	}
	return inv, diags, nil
}

// inputError reports a bad input file (snapshot, baseline) and exits 2.
func inputError(e *env, err error) error {
	fmt.Fprintf(e.stderr, "Error: %s\n", printable(err.Error(), false))
	return &exitError{exitInvalid}
}

// writeReport renders the result to -o FILE (atomically) or stdout (no
// -o, or -o -). failOn is --fail-on, for JUnit: "" fails every finding
// that counts, as for the errors of an invalid inventory.
func writeReport(e *env, g *globalOptions, output, format, failOn string, res *result.Result, inv *inventory.Inventory) error {
	toStdout := output == "" || output == stdoutPath
	rules := policies.Builtins()
	if len(res.Findings) > 0 && res.Findings[0].Rule == invalidInventoryID {
		rules = []*policies.Rule{invalidInventoryRule()}
	}
	ro := report.Options{
		Color:   toStdout && e.stdoutTTY && !g.noColor && format == "text",
		Version: currentVersion().Version,
		BaseDir: repoRoot(inv.Dir),
		Rules:   rules,
		FailOn:  failOn,
	}
	if toStdout && e.stdoutTTY {
		ro.Width = e.width
	}
	var buf bytes.Buffer
	if err := report.Write(&buf, format, res, ro); err != nil {
		return err
	}
	if toStdout {
		_, err := e.stdout.Write(buf.Bytes())
		return err
	}
	if err := writeFileAtomic(output, buf.Bytes()); err != nil {
		return inputError(e, err)
	}
	return nil
}

// repoRoot is the repository that holds the inventory: the nearest folder
// above it with a .git entry. SARIF locations must be relative to it for
// GitHub to place annotations, wherever check is run from. Without a
// repository, the current directory is used.
func repoRoot(dir string) string {
	cwd, err := filepath.Abs(".")
	if err != nil {
		return "."
	}
	start, err := filepath.Abs(dir)
	if err != nil {
		return cwd
	}
	for d := start; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return cwd
		}
	}
}

// isFile reports whether path names a regular file (one inventory file
// rather than a folder).
func isFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}
