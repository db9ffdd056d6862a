package main

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"

	"github.com/stackaudit/stackaudit/internal/plural"
	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/registry"
)

type validateOptions struct {
	dir    string
	format string
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
		RunE: func(cmd *cobra.Command, args []string) error {
			o.dir = "."
			if len(args) == 1 {
				o.dir = args[0]
			}
			return runValidate(e, g, o)
		},
	}
	cmd.Flags().StringVar(&o.format, "format", "text", "output format: text or json")
	g.diagFlags(cmd)
	return cmd
}

func runValidate(e *env, g *globalOptions, o *validateOptions) error {
	if o.format != "text" && o.format != "json" {
		return usagef("unknown --format %q for validate: use text or json", o.format)
	}
	inv, diags := loadWithKinds(o.dir)
	if !diags.HasErrors() {
		// Rule blocks, waivers and scan blocks have settings their owners
		// check: do it here, so that a typo fails before check or scan.
		diags = append(diags, policies.Validate(inv)...)
		diags = append(diags, scanners.ValidateSettings(inv, registry.Registry())...)
		diags = append(diags, scanners.ValidateDiscovery(inv, registry.Discoverers())...)
	}
	if o.format == "json" {
		if err := writeJSON(e.stdout, newJSONDiagnostics(inv.Files, diags)); err != nil {
			return err
		}
	} else {
		printDiagnostics(e.stderr, inv.Files, diags, g.diagStyle(e))
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

// loadWithKinds is inventory.Load with this build's scan and discovery
// kinds: every command loads an inventory through it, so that a kind's
// typo or a foreign host is an error whatever the command.
func loadWithKinds(dir string, opts ...inventory.Option) (*inventory.Inventory, hcl.Diagnostics) {
	return inventory.Load(dir, append(opts, inventory.WithKinds(registry.InventoryKinds()))...)
}
