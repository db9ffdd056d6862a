package main

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"
)

func newVersionCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch enumValue(format) {
			case "text":
				fmt.Fprintf(e.stdout, "stackaudit %s (commit %s, %s)\n", version, commit, runtime.Version())
				return nil
			case "json":
				return writeJSON(e.stdout, map[string]string{"version": version, "commit": commit, "go": runtime.Version()})
			}
			return usagef("unknown --format %q for version: use text or json", format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}
