package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies"
)

func newPoliciesCmd(e *env) *cobra.Command {
	list := func() error {
		w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "RULE\tSEVERITY\tFAMILY\tTITLE")
		for _, r := range policies.Builtins() {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", r.ID, r.DefaultSeverity, r.Family, r.Title)
		}
		return w.Flush()
	}
	cmd := &cobra.Command{
		Use:   "policies [list|show ID]",
		Short: "Document the built-in rules",
		Args:  subcommandsOnly,
		RunE:  func(cmd *cobra.Command, args []string) error { return list() },
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "list",
		Short: "List the built-in rules",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, args []string) error { return list() },
	}, &cobra.Command{
		Use:   "show ID",
		Short: "Show a rule's documentation: what, why, how to fix, parameters",
		Args:  exactArgs(1, "show needs one rule id; see `stackaudit policies list`"),
		RunE: func(cmd *cobra.Command, args []string) error {
			r := policies.Lookup(args[0])
			if r == nil {
				var ids []string
				for _, r := range policies.Builtins() {
					ids = append(ids, r.ID)
				}
				return usagef("there is no built-in rule %q; see `stackaudit policies list`.%s", args[0], inventory.DidYouMean(args[0], ids))
			}
			_, err := fmt.Fprint(e.stdout, policies.Markdown(r))
			return err
		},
	})
	for _, c := range cmd.Commands() {
		c.SilenceUsage, c.SilenceErrors = true, true
	}
	return cmd
}
