package main

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"

	"github.com/stackaudit/stackaudit/internal/plural"
	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/registry"
)

type validateOptions struct {
	dir      string
	format   string
	policies []string
}

func newValidateCmd(e *env, g *globalOptions) *cobra.Command {
	o := &validateOptions{}
	cmd := &cobra.Command{
		Use:   "validate [DIR]",
		Short: "Check that an inventory is valid",
		Long: `Load every .hcl and .hcl.json file below DIR (default: the current directory),
check every block, attribute and reference, and print all problems at once.
Never opens a network connection. Exits 0 when valid, 2 when not.`,
		Args: cobra.MaximumNArgs(1),
		RunE: onInventory(e, g, &o.dir, func(context.Context) error { return runValidate(e, g, o) }),
	}
	cmd.Flags().StringVar(&o.format, "format", "text", "output format: text or json")
	cmd.Flags().StringArrayVar(&o.policies, "policies", nil, "extra folder of rule, policy and waiver files (repeatable)")
	g.diagFlags(cmd)
	return cmd
}

func runValidate(e *env, g *globalOptions, o *validateOptions) error {
	o.format = enumValue(o.format)
	if o.format != "text" && o.format != "json" {
		return usagef("unknown --format %q for validate: use text or json", o.format)
	}
	inv, diags := loadValidated(o.dir, o.policies, e.now())
	if o.format == "json" {
		if err := writeJSON(e.stdout, newJSONDiagnostics(inv.Files, diags)); err != nil {
			return err
		}
	} else {
		printDiagnostics(e.stderr, inv.Files, diags, g.diagStyle(e))
		if hint := loadHint(o.dir, g, diags); hint != "" {
			fmt.Fprintln(e.stderr, hint)
		}
		if !diags.HasErrors() && !g.quiet {
			fmt.Fprintf(e.stdout, "Success! The inventory is valid: %s.\n", summary(inv, len(diags)))
		}
	}
	if diags.HasErrors() {
		return &exitError{exitInvalid}
	}
	return nil
}

func summary(inv *inventory.Inventory, warnings int) string {
	s := fmt.Sprintf("%s, %s, %s, %s, %s",
		plural.Count(len(inv.Tools), "tool", "tools"), plural.Count(len(inv.Teams), "team", "teams"), plural.Count(len(inv.Objectives), "objective", "objectives"),
		plural.Count(len(inv.DataClasses), "data class", "data classes"), plural.Count(len(inv.Flows), "flow", "flows"))
	if warnings > 0 {
		s += ", " + plural.Count(warnings, "warning", "warnings")
	}
	return s
}

// loadValidated loads the inventory at dir (with the files of the extra
// policy folders) and runs every check there is without a network: the
// language, the scan and discovery settings (each kind checks its own),
// rule blocks, waivers, and the custom policies evaluated once at asOf.
// Every command that reads an inventory calls it, so that check, audit and
// scan reject exactly what validate rejects, and validate reports all of
// it in one run.
//
// The owners' checks also run on a partial inventory (one with load
// errors), so that a scan setting's typo is not hidden behind a missing
// brace; a check that cannot run on what was loaded adds nothing.
func loadValidated(dir string, extra []string, asOf time.Time) (*inventory.Inventory, hcl.Diagnostics) {
	inv, diags, _ := loadValidatedContext(context.Background(), dir, extra, asOf)
	return inv, diags
}

// loadValidatedContext is loadValidated under ctx: Ctrl-C stops the
// evaluation of the custom policies with a *policies.InterruptedError.
func loadValidatedContext(ctx context.Context, dir string, extra []string, asOf time.Time) (*inventory.Inventory, hcl.Diagnostics, error) {
	inv, diags := loadWithKinds(dir, inventory.WithExtraDirs(extra...))
	if len(inv.Files) == 0 {
		// Nothing was read (no such folder, no files): there is
		// nothing more to check.
		return inv, diags, nil
	}
	partial := diags.HasErrors()
	var more hcl.Diagnostics
	kinds := registry.Kinds()
	more = append(more, guarded(partial, func() hcl.Diagnostics {
		return scanners.Validate(inv, scanners.ScannersOf(kinds), scanners.DiscoverersOf(kinds))
	})...)
	more = append(more, guarded(partial, func() hcl.Diagnostics { return policies.Validate(inv) })...)
	custom, err := policies.ValidateCustomContext(ctx, inv, asOf)
	if err != nil {
		return inv, diags, err
	}
	more = append(more, custom...)
	if partial {
		more = untainted(more, taintedBlocks(inv, diags))
	}
	return inv, append(diags, more...), nil
}

// guarded runs a check. On a partial inventory a check that trips over
// what failed to load adds nothing: the load errors already say what to
// fix. On a complete one, a panic is a bug and stays one.
func guarded(partial bool, check func() hcl.Diagnostics) (diags hcl.Diagnostics) {
	if partial {
		defer func() {
			if recover() != nil {
				diags = nil
			}
		}()
	}
	return check()
}

// taintedBlocks are the extents of the scan, discovery, rule, policy and
// waiver blocks that hold a load error. Their owners' checks would only
// repeat it in other words ("Missing token_env" after "Invalid environment
// variable name"), so what they say there is dropped; every other block is
// still checked, so all independent problems come out in one run.
func taintedBlocks(inv *inventory.Inventory, loadDiags hcl.Diagnostics) []hcl.Range {
	var errs []hcl.Range
	for _, d := range loadDiags {
		if d.Severity == hcl.DiagError && d.Subject != nil {
			errs = append(errs, *d.Subject)
		}
	}
	var out []hcl.Range
	add := func(src inventory.Source, body hcl.Body, attrs ...string) {
		ext := extent(src, body, attrs)
		for _, e := range errs {
			if inside(e, ext) {
				out = append(out, ext)
				return
			}
		}
	}
	for _, t := range inv.Tools {
		if t != nil && t.Scan != nil {
			add(t.Scan.Source, t.Scan.Body, "token_env", "host")
		}
	}
	for _, d := range inv.Discoveries {
		add(d.Source, d.Body, "token_env", "host")
	}
	for _, r := range inv.Rules {
		add(r.Source, r.Body, "enabled", "severity")
	}
	for _, p := range inv.Policies {
		add(p.Source, nil, "severity", "description", "for_each", "condition", "message")
	}
	for _, w := range inv.Waivers {
		add(w.Source, nil, "rule", "subjects", "reason", "approved_by", "expires")
	}
	return out
}

// extent is the range a block covers as far as the model knows it: its
// header, its body when the syntax tree tells where it ends, and its
// attributes.
func extent(src inventory.Source, body hcl.Body, attrs []string) hcl.Range {
	ext := src.DeclRange
	widen := func(r hcl.Range) {
		if r.Filename != ext.Filename {
			return
		}
		if r.Start.Byte < ext.Start.Byte {
			ext.Start = r.Start
		}
		if r.End.Byte > ext.End.Byte {
			ext.End = r.End
		}
	}
	if b, ok := body.(interface{ Range() hcl.Range }); ok {
		widen(b.Range())
	}
	for _, a := range attrs {
		widen(src.AttrRange(a))
	}
	return ext
}

func inside(r, ext hcl.Range) bool {
	return r.Filename == ext.Filename && r.Start.Byte >= ext.Start.Byte && r.End.Byte <= ext.End.Byte
}

// untainted drops the diagnostics that point into a tainted block.
func untainted(diags hcl.Diagnostics, tainted []hcl.Range) hcl.Diagnostics {
	var out hcl.Diagnostics
	for _, d := range diags {
		keep := true
		for _, t := range tainted {
			if d.Subject != nil && inside(*d.Subject, t) {
				keep = false
				break
			}
		}
		if keep {
			out = append(out, d)
		}
	}
	return out
}

// loadWithKinds is inventory.Load with this build's scan and discovery
// kinds: every command loads an inventory through it, so that a kind's
// typo or a foreign host is an error whatever the command.
func loadWithKinds(dir string, opts ...inventory.Option) (*inventory.Inventory, hcl.Diagnostics) {
	return inventory.Load(dir, append(opts, inventory.WithKinds(registry.InventoryKinds()))...)
}
