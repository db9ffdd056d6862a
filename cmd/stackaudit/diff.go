package main

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"

	"github.com/stackaudit/stackaudit/internal/plural"
	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/report"
	"github.com/stackaudit/stackaudit/usage"
)

type diffOptions struct {
	// evalFlags apply to both sides: one as-of date, one snapshot (none by
	// default) and the same extra policy folders.
	evalFlags
	gateFlags
	base, head string
	baseRef    string
	skipNoDiff bool
}

func newDiffCmd(e *env, g *globalOptions) *cobra.Command {
	o := &diffOptions{}
	cmd := &cobra.Command{
		Use:   "diff BASE HEAD | diff HEAD --base-ref REF",
		Short: "Show what a change to the inventory does to spend, tools, flows and findings",
		Long: `Compare two versions of an inventory: BASE and HEAD folders, or the HEAD folder
and the same folder at a git ref (--base-ref; read with git archive, the
working tree is never touched). Reports the annual spend before, after and
the delta, tools added, removed and changed, flows added and removed,
overlaps created or resolved, and findings new and resolved (matched by
fingerprint). Both sides are judged on the same --as-of date; usage data is
only used with --snapshot, for both sides. Never opens a network connection.

Exit codes: 0 no new finding at or above --fail-on; 1 there is one (findings
the base already had never fail a diff); 2 invalid input or usage, including
a base that no longer loads and inventories in different currencies. A folder
that did not exist at --base-ref (the pull request that adds the inventory) is
compared with an empty inventory. Every diff ends with a verdict line on stderr.`,
		Example: `  # Two folders
  stackaudit diff old-inventory/ inventory/

  # In a pull request: the inventory against the target branch, as a comment
  stackaudit diff inventory --base-ref origin/main --format markdown -o diff.md

  # Annotations on the changed lines, without code scanning
  stackaudit diff inventory --base-ref origin/main --format github`,
		Args: func(cmd *cobra.Command, args []string) error {
			switch {
			case o.baseRef != "" && len(args) != 1:
				return usagef("diff --base-ref REF takes one folder, HEAD (got %d arguments)", len(args))
			case o.baseRef == "" && len(args) != 2:
				return usagef("diff takes two folders, BASE and HEAD, or one with --base-ref REF (got %d arguments)", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.head = args[len(args)-1]
			if len(args) == 2 {
				o.base = args[0]
			}
			return runDiff(cmd.Context(), e, g, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.baseRef, "base-ref", "", "read BASE from git at this ref (a branch, tag or commit) instead of a folder")
	f.StringVar(&o.format, "format", "text", "output format: "+strings.Join(report.DiffFormats(), ", "))
	f.StringVarP(&o.output, "output", "o", "", "write the diff to FILE instead of standard output (- is standard output)")
	f.StringVar(&o.failOn, "fail-on", "high", "exit 1 when a NEW finding is at or above: critical, high, medium, low or none")
	f.BoolVar(&o.skipNoDiff, "skip-no-diff", false, "print nothing (with -o, write an empty file) when nothing relevant changed")
	o.register(f)
	f.Lookup("snapshot").Usage = "usage snapshot for both sides (default: none; a diff is about the inventory)"
	f.Lookup("as-of").Usage = "audit date YYYY-MM-DD for both sides (default: today)"
	g.diagFlags(cmd)
	return cmd
}

func runDiff(ctx context.Context, e *env, g *globalOptions, o *diffOptions) error {
	// Ctrl-C stops git and the evaluation, and the base's temporary
	// checkout is still removed.
	ctx, stop := interruptible(ctx)
	defer stop()
	threshold, asOf, err := o.parse(e, "diff", report.DiffFormats(), o.asOf)
	if err != nil {
		return err
	}
	if err := refuseInput(o.output, append([]string{o.base, o.head, o.snapshot}, o.policies...)...); err != nil {
		return err
	}
	var snap *usage.Snapshot
	if o.snapshot != "" {
		if snap, err = usage.Read(o.snapshot); err != nil {
			return inputError(e, err)
		}
	}

	baseLabel, baseDir := o.base, o.base
	var relocate func(*result.Result)
	// baseDiags prints the base's diagnostics; with --base-ref its files
	// are named "REF:path" rather than by their temporary folder.
	baseDiags := func(files map[string]*hcl.File, diags hcl.Diagnostics) {
		printDiagnostics(e.stderr, files, diags, g.diagStyle(e))
	}
	// emptyBase is set when the folder did not exist at the base ref:
	// the pull request that adds the inventory compares with nothing.
	emptyBase := false
	if o.baseRef != "" {
		tmp, err := os.MkdirTemp("", "stackaudit-base-")
		if err != nil {
			return inputError(e, fmt.Errorf("diff: %w", err))
		}
		defer os.RemoveAll(tmp)
		dir, headAbs, err := checkoutBase(ctx, o.head, o.baseRef, tmp)
		if errors.Is(err, errNoBase) {
			if !g.quiet {
				fmt.Fprintf(e.stderr, "%v: comparing with an empty inventory.\n", err)
			}
			emptyBase, err = true, nil
		}
		if err != nil {
			return inputError(e, err)
		}
		baseLabel, baseDir = o.baseRef, dir
		// The base's files live in a temporary folder: name them as the
		// head's files are named, so that resolved findings point to
		// where they were.
		relocate = func(r *result.Result) { relocateResult(r, dir, headAbs) }
		baseDiags = func(files map[string]*hcl.File, diags hcl.Diagnostics) {
			files, diags = relabel(files, diags, dir, o.baseRef+":"+filepath.ToSlash(o.head))
			printDiagnostics(e.stderr, files, diags, g.diagStyle(e))
		}
	}

	// The head's diagnostics, warnings included, are the change's own.
	headInv, diags := loadDiffSide(o.head, o.policies, asOf)
	printDiagnostics(e.stderr, headInv.Files, diags, g.diagStyle(e))
	if diags.HasErrors() {
		return &exitError{exitInvalid}
	}
	opts := policies.Options{AsOf: asOf}
	headRes, pdiags, err := policies.EvaluateContext(ctx, headInv, snap, opts)
	if err := interrupted(e, ctx, err, "no diff written"); err != nil {
		return err
	}
	printDiagnostics(e.stderr, headInv.Files, pdiags, g.diagStyle(e))
	if pdiags.HasErrors() {
		return &exitError{exitInvalid}
	}
	var baseInv *inventory.Inventory
	var baseRes *result.Result
	if emptyBase {
		baseRes = emptyResult(headRes)
	} else {
		var bdiags hcl.Diagnostics
		baseInv, bdiags = loadDiffSide(baseDir, o.policies, asOf)
		if bdiags.HasErrors() {
			fmt.Fprintf(e.stderr, "Error: the base inventory (%s) does not load; its diagnostics follow.\n\n", baseLabel)
			baseDiags(baseInv.Files, onlyErrors(bdiags))
			return &exitError{exitInvalid}
		}
		baseRes, pdiags, err = policies.EvaluateContext(ctx, baseInv, snap, opts)
		if err := interrupted(e, ctx, err, "no diff written"); err != nil {
			return err
		}
		if pdiags.HasErrors() {
			fmt.Fprintf(e.stderr, "Error: the base inventory (%s) cannot be evaluated; its diagnostics follow.\n\n", baseLabel)
			baseDiags(baseInv.Files, onlyErrors(pdiags))
			return &exitError{exitInvalid}
		}
	}
	if relocate != nil {
		relocate(baseRes)
	}
	d, err := result.ComputeDiff(result.DiffSide{Inventory: baseInv, Result: baseRes}, result.DiffSide{Inventory: headInv, Result: headRes})
	if err != nil {
		return inputError(e, err)
	}
	d.Base, d.Head = filepath.ToSlash(baseLabel), filepath.ToSlash(o.head)
	if o.skipNoDiff && d.Empty() {
		// -o FILE still gets a file, empty, so that the next step
		// (comment --skip-no-diff --body-file FILE) finds it.
		if o.output != "" && o.output != "-" {
			if err := writeFileAtomic(o.output, nil); err != nil {
				return inputError(e, err)
			}
		}
		fmt.Fprintln(e.stderr, diffVerdict(d, threshold))
		return nil
	}
	toStdout := o.output == "" || o.output == "-"
	ro := report.Options{
		Color:   toStdout && e.stdoutTTY && !g.noColor && o.format == "text",
		Version: currentVersion().Version,
		BaseDir: repoRoot(headInv.Dir),
		FailOn:  failOnName(threshold),
	}
	var buf bytes.Buffer
	if err := report.WriteDiff(&buf, o.format, d, ro); err != nil {
		return err
	}
	if toStdout {
		if _, err := e.stdout.Write(buf.Bytes()); err != nil {
			return err
		}
	} else if err := writeFileAtomic(o.output, buf.Bytes()); err != nil {
		return inputError(e, err)
	}
	fmt.Fprintln(e.stderr, diffVerdict(d, threshold))
	if d.Failing(threshold) {
		return &exitError{exitFindings}
	}
	return nil
}

// diffVerdict is the line every diff ends with on stderr, as check's
// verdict: why the gate passed or failed, and the change in spend.
func diffVerdict(d *result.Diff, threshold result.Severity) string {
	spend := "spend " + report.SignedMoney(d.Organization.Currency, d.Spend.Delta)
	if d.Empty() {
		return "passed: no relevant change (" + spend + ")"
	}
	if threshold == "" {
		n := 0
		for _, c := range d.NewBySeverity {
			n += c
		}
		return fmt.Sprintf("passed: --fail-on none (%s, %s)", plural.Count(n, "new finding", "new findings"), spend)
	}
	n := 0
	for sev, c := range d.NewBySeverity {
		if sev.AtLeast(threshold) {
			n += c
		}
	}
	line := fmt.Sprintf("%s at or above %s, %s resolved, %s", plural.Count(n, "new finding", "new findings"), threshold,
		plural.Count(len(d.FindingsResolved), "finding", "findings"), spend)
	if d.Failing(threshold) {
		return "FAILED: " + line
	}
	return "passed: " + line
}

// emptyResult is the Result of an inventory that does not exist yet, in
// the head's organization and currency: the base of the pull request that
// adds the inventory.
func emptyResult(head *result.Result) *result.Result {
	return &result.Result{
		Schema:       result.Schema,
		AsOf:         head.AsOf,
		Organization: head.Organization,
		Findings:     []result.Finding{},
		Rules:        map[string]result.RuleConfig{},
	}
}

// errNoBase is returned, wrapped, by checkoutBase when the folder did not
// exist at the ref.
var errNoBase = errors.New("no base inventory")

// loadDiffSide loads one side and validates it as validate does, so that
// diff rejects exactly what validate rejects. When merged with main, whose
// loadValidated(dir, extra, asOf) is that one validation path, its body
// becomes a call to it.
func loadDiffSide(dir string, extra []string, asOf time.Time) (*inventory.Inventory, hcl.Diagnostics) {
	return loadValidated(dir, extra, asOf)
}

// onlyErrors drops warnings: of a base that does not load, only what
// stops it matters.
func onlyErrors(diags hcl.Diagnostics) hcl.Diagnostics {
	var out hcl.Diagnostics
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			out = append(out, d)
		}
	}
	return out
}

// checkoutBase writes the head folder as it was at ref into tmp, with git
// archive (the working tree and the index are never touched), and returns
// the base folder inside tmp and the head folder's absolute path.
func checkoutBase(ctx context.Context, head, ref, tmp string) (baseDir, headAbs string, err error) {
	headAbs, err = filepath.Abs(head)
	if err != nil {
		return "", "", fmt.Errorf("diff --base-ref: %w", err)
	}
	if info, err := os.Stat(headAbs); err != nil || !info.IsDir() {
		return "", "", fmt.Errorf("diff --base-ref: %s is not a folder", head)
	}
	top, err := git(ctx, headAbs, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", "", fmt.Errorf("diff --base-ref: %s is not in a git repository: %w", head, err)
	}
	top = strings.TrimSpace(top)
	if _, err := git(ctx, headAbs, "rev-parse", "--verify", "--quiet", ref+"^{commit}"); err != nil {
		return "", "", fmt.Errorf("diff --base-ref: %q is not a commit, branch or tag of the repository at %s", ref, top)
	}
	prefix, err := git(ctx, headAbs, "rev-parse", "--show-prefix")
	if err != nil {
		return "", "", fmt.Errorf("diff --base-ref: %w", err)
	}
	prefix = strings.TrimSuffix(strings.TrimSpace(prefix), "/")
	args := []string{"archive", "--format=tar", ref}
	if prefix != "" {
		// The first pull request that adds the inventory has no base.
		if _, err := git(ctx, headAbs, "cat-file", "-e", ref+":"+prefix); err != nil {
			where := filepath.ToSlash(filepath.Join(filepath.Base(top), prefix))
			return "", "", fmt.Errorf("%w: %s did not exist at %s", errNoBase, where, ref)
		}
		args = append(args, "--", prefix)
	}
	if err := archive(ctx, top, tmp, args); err != nil {
		where := filepath.ToSlash(filepath.Join(filepath.Base(top), prefix))
		var ge *gitError
		if errors.As(err, &ge) {
			return "", "", fmt.Errorf("diff --base-ref: %s did not exist at %s (%s)", where, ref, ge.msg)
		}
		return "", "", fmt.Errorf("diff --base-ref: read %s at %s: %w", where, ref, err)
	}
	return filepath.Join(tmp, filepath.FromSlash(prefix)), headAbs, nil
}

// gitError is what git said when it refused.
type gitError struct{ msg string }

func (e *gitError) Error() string { return e.msg }

// archive runs git archive in dir and unpacks its output below tmp as it
// streams, so that a large repository is never held in memory.
func archive(ctx context.Context, dir, tmp string, args []string) error {
	cmd, stderr := gitCommand(ctx, dir, args)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	uerr := untar(out, tmp)
	if uerr != nil {
		// Let git finish writing so that Wait returns.
		_, _ = io.Copy(io.Discard, out)
	}
	if err := cmd.Wait(); err != nil {
		return gitFailed(err, stderr)
	}
	if uerr != nil {
		return fmt.Errorf("unpack: %w", uerr)
	}
	return nil
}

func git(ctx context.Context, dir string, args ...string) (string, error) {
	cmd, stderr := gitCommand(ctx, dir, args)
	out, err := cmd.Output()
	if err != nil {
		return "", gitFailed(err, stderr)
	}
	return string(out), nil
}

// gitCommand is git with args in dir, its stderr kept for gitFailed: both
// the streaming archive and the short queries report a refusal in git's
// words.
func gitCommand(ctx context.Context, dir string, args []string) (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	stderr := new(bytes.Buffer)
	cmd.Stderr = stderr
	return cmd, stderr
}

// gitFailed is the error of a git run that failed with err: what git said
// on stderr, when it said anything, else err.
func gitFailed(err error, stderr *bytes.Buffer) error {
	if msg := strings.TrimSpace(stderr.String()); msg != "" {
		return &gitError{msg}
	}
	return err
}

// untar writes the regular files and folders of a git archive below dir,
// refusing any name that would leave it.
func untar(r io.Reader, dir string) error {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		name := filepath.FromSlash(h.Name)
		if !filepath.IsLocal(name) {
			return fmt.Errorf("archive entry %q is outside the folder", h.Name)
		}
		target := filepath.Join(dir, name)
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(target, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return err
			}
			f, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
			if err != nil {
				return err
			}
			_, err = io.Copy(f, tr)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
		}
	}
}

// relocateResult renames the files of a Result evaluated in from as if it
// had been evaluated in to.
func relocateResult(r *result.Result, from, to string) {
	move := func(l *result.Location) {
		if l.File == "" {
			return
		}
		abs, err := filepath.Abs(l.File)
		if err != nil {
			return
		}
		if rel, err := filepath.Rel(from, abs); err == nil && filepath.IsLocal(rel) {
			l.File = filepath.Join(to, rel)
		}
	}
	for i := range r.Findings {
		move(&r.Findings[i].Location)
	}
	for _, t := range r.Tools {
		move(&t.Location)
	}
	for _, f := range r.Flows {
		move(&f.Location)
	}
	for _, g := range r.Gaps {
		move(&g.Location)
	}
}

// relabel renames the files below dir as label/relative-path, in the
// sources and in the diagnostics' ranges (copied, never changed in place).
func relabel(files map[string]*hcl.File, diags hcl.Diagnostics, dir, label string) (map[string]*hcl.File, hcl.Diagnostics) {
	name := func(f string) string {
		if rel, err := filepath.Rel(dir, f); err == nil && filepath.IsLocal(rel) {
			return label + "/" + filepath.ToSlash(rel)
		}
		return f
	}
	out := make(map[string]*hcl.File, len(files))
	for k, v := range files {
		out[name(k)] = v
	}
	rng := func(r *hcl.Range) *hcl.Range {
		if r == nil {
			return nil
		}
		c := *r
		c.Filename = name(c.Filename)
		return &c
	}
	ds := make(hcl.Diagnostics, len(diags))
	for i, d := range diags {
		c := *d
		c.Subject, c.Context = rng(d.Subject), rng(d.Context)
		ds[i] = &c
	}
	return out, ds
}
