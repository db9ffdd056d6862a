package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/stackaudit/stackaudit/importer"
	"github.com/stackaudit/stackaudit/internal/atomicfile"
	"github.com/stackaudit/stackaudit/internal/plural"
	"github.com/stackaudit/stackaudit/policies"
)

type importDiscoveredOptions struct {
	evalFlags
	dir    string
	output string
}

func newImportDiscoveredCmd(e *env, g *globalOptions) *cobra.Command {
	o := &importDiscoveredOptions{}
	cmd := &cobra.Command{
		Use:   "discovered [DIR]",
		Short: "Propose tool and flow blocks for what discovery found undeclared",
		Long: `Turn what the newest snapshot discovered (identity-provider apps, OAuth grants,
spend-feed merchants, SDKs in code, CDP destinations) and the inventory does
not declare into proposed tool and flow blocks, filled from the catalog,
each with a "TODO owner" comment. They are appended to DIR/imported.hcl (or
-o FILE). The tools proposed are exactly those the undeclared-tool rule of
"stackaudit check" reports. A tool the catalog does not know is written
commented out, since it needs a category.

Idempotent: blocks already in the output file, or declared anywhere in the
inventory, are not proposed again.`,
		Example: `  stackaudit import discovered                  # the inventory around the current folder
  stackaudit import discovered my-stack -o my-stack/proposed.hcl`,
		Args: cobra.MaximumNArgs(1),
		RunE: onInventory(e, g, &o.dir, func(context.Context) error { return runImportDiscovered(e, g, o) }),
	}
	o.register(cmd.Flags())
	cmd.Flags().StringVarP(&o.output, "output", "o", "", "file to append the proposals to (default: DIR/imported.hcl)")
	return cmd
}

func runImportDiscovered(e *env, g *globalOptions, o *importDiscoveredOptions) error {
	asOf, err := parseAsOf(e, o.asOf)
	if err != nil {
		return err
	}
	inv, snap, _, err := loadForEvaluation(context.Background(), e, g, o.dir, o.snapshot, o.policies, asOf)
	if err != nil {
		return err
	}
	if snap == nil {
		return usagef("no snapshot: run \"stackaudit scan %s\" first, or name one with --snapshot", o.dir)
	}
	out := o.output
	if out == "" {
		out = filepath.Join(o.dir, "imported.hcl")
	}
	existing, err := os.ReadFile(out)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("read %s: %w", out, err)
	}
	tools, flows := policies.Undeclared(inv, snap)
	p := importer.Discovered(inv, inv.Catalog, tools, flows, existing)
	if len(p.HCL) == 0 {
		if !g.quiet {
			fmt.Fprintf(e.stdout, "Nothing to add: every discovered tool and flow is declared or already proposed in %s.\n", out)
		}
		return nil
	}
	content := append(append([]byte{}, existing...), p.HCL...)
	if len(existing) > 0 && existing[len(existing)-1] != '\n' {
		content = append(append(append([]byte{}, existing...), '\n'), p.HCL...)
	}
	if err := atomicfile.Write(out, 0o644, func(w io.Writer) error { _, err := w.Write(content); return err }); err != nil {
		return fmt.Errorf("import discovered: %w", err)
	}
	fmt.Fprintf(e.stdout, "Proposed %s and %s in %s", plural.Count(p.Tools, "tool", "tools"), plural.Count(p.Flows, "flow", "flows"), out)
	if p.Commented > 0 {
		fmt.Fprintf(e.stdout, ", and %s commented out (unknown to the catalog)", plural.Count(p.Commented, "block", "blocks"))
	}
	fmt.Fprintf(e.stdout, ". Set each owner (TODO comments), then: stackaudit validate %s\n", o.dir)
	return nil
}
