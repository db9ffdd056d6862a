package main

import (
	"fmt"

	"github.com/spf13/cobra"

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
	inv, diags := inventory.Load(o.dir)
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
		plural(len(inv.Tools), "tool"), plural(len(inv.Teams), "team"), plural(len(inv.Objectives), "objective"),
		plural(len(inv.DataClasses), "data class"), plural(len(inv.Flows), "flow"))
	if warnings > 0 {
		s += ", " + plural(warnings, "warning")
	}
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if word == "data class" {
		return fmt.Sprintf("%d data classes", n)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
