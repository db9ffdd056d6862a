package main

import "github.com/spf13/cobra"

// newImportDiscoveredCmd is `import discovered`; nil until it is built.
func newImportDiscoveredCmd(e *env, g *globalOptions) *cobra.Command { return nil }
