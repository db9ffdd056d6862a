package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/stackaudit/stackaudit/internal/safefile"
	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/report"
	"github.com/stackaudit/stackaudit/scanners/registry"
)

// The habits users bring from other CLIs (git, terraform, gh): "did you
// mean" on every unknown name, case-insensitive enumerated values, and an
// inventory found from any of its sub-folders.

// subcommandsOnly is the Args of a command whose arguments can only be
// sub-commands: an unknown one is a usage error with cobra's suggestions.
func subcommandsOnly(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	hint := ""
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		hint = fmt.Sprintf(" Did you mean %q?", s[0])
	}
	return usagef("unknown command %q for %q.%s", args[0], cmd.CommandPath(), hint)
}

// unknownFlag matches pflag's errors for a flag that does not exist.
var unknownFlag = regexp.MustCompile(`^unknown (?:shorthand )?flag: (?:'(\w)' in )?(-{1,2}[^\s=]+)`)

// flagError turns a flag parsing error into a usage error, suggesting the
// nearest flag the command has when the flag is unknown.
func flagError(cmd *cobra.Command, err error) error {
	m := unknownFlag.FindStringSubmatch(err.Error())
	if m == nil {
		return &usageError{err}
	}
	given := strings.TrimLeft(m[2], "-")
	var names []string
	visit := func(f *pflag.Flag) {
		if !f.Hidden {
			names = append(names, "--"+f.Name)
		}
	}
	cmd.Flags().VisitAll(visit)
	cmd.InheritedFlags().VisitAll(visit)
	if hint := inventory.DidYouMean("--"+given, names); hint != "" {
		return &usageError{fmt.Errorf("%w.%s", err, hint)}
	}
	return &usageError{err}
}

// enumValue lower-cases an enumerated flag value (--fail-on HIGH, --format
// SARIF), as the names themselves are all lower case.
func enumValue(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// inventoryArg is the inventory a command reads: DIR when given, else the
// inventory around the current folder (see findInventoryRoot). A file
// that is not an inventory file is refused with what is wanted instead of
// a page of parse errors.
func inventoryArg(e *env, g *globalOptions, args []string) (string, error) {
	if len(args) == 1 {
		return args[0], checkInventoryPath(args[0])
	}
	g.defaultDir = true
	root, ok := findInventoryRoot(".")
	if ok && root != "." && !g.quiet {
		fmt.Fprintf(e.stderr, "Using the inventory at %s (the folder with the organization block).\n", root)
	}
	return root, nil
}

// onInventory is the RunE of a command on one inventory: it sets *dir to
// the inventory the argument names (or the one around the current folder,
// see inventoryArg), then runs run with the command's context.
func onInventory(e *env, g *globalOptions, dir *string, run func(context.Context) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		d, err := inventoryArg(e, g, args)
		if err != nil {
			return err
		}
		*dir = d
		return run(cmd.Context())
	}
}

// checkInventoryPath refuses a file that is not .hcl or .hcl.json.
func checkInventoryPath(path string) error {
	fi, err := os.Stat(path)
	if err != nil || fi.IsDir() {
		return nil // Load says what is wrong with a missing path
	}
	if strings.HasSuffix(path, ".hcl") || strings.HasSuffix(path, ".hcl.json") {
		return nil
	}
	return usagef("%s is not an inventory: name the inventory's folder (stackaudit validate DIR) or one .hcl or .hcl.json file", path)
}

// findInventoryRoot walks up from dir to the folder whose own files hold
// the organization block, as git finds .git: running from tools/ of an
// inventory reads the whole inventory. It stops at a folder holding .git
// (the repository's top) and at the filesystem root; without an
// organization block on the way, dir is the inventory, as before.
func findInventoryRoot(dir string) (string, bool) {
	start, err := filepath.Abs(dir)
	if err != nil {
		return dir, false
	}
	for d := start; ; d = filepath.Dir(d) {
		if holdsOrganization(d) {
			if d == start {
				return dir, true
			}
			if rel, err := filepath.Rel(start, d); err == nil {
				return filepath.Join(dir, rel), true
			}
			return d, true
		}
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil || filepath.Dir(d) == d {
			return dir, false
		}
	}
}

var organizationBlock = regexp.MustCompile(`(?m)^\s*organization\s*\{|"organization"\s*:`)

// holdsOrganization reports whether one of the folder's own inventory
// files (not its sub-folders') declares the organization block.
func holdsOrganization(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, en := range entries {
		name := en.Name()
		if en.IsDir() || !(strings.HasSuffix(name, ".hcl") || strings.HasSuffix(name, ".hcl.json")) {
			continue
		}
		info, err := en.Info()
		if err != nil || info.Size() > inventory.MaxFileSize {
			continue
		}
		src, err := safefile.ReadFile(context.Background(), filepath.Join(dir, name), inventory.MaxFileSize)
		if err == nil && organizationBlock.Match(src) {
			return true
		}
	}
	return false
}

// loadHint is a line after the diagnostics of a failed load, when they
// come from where the inventory was looked for rather than from it: one
// file read alone (its references to other files fail), or no inventory
// around the current folder.
func loadHint(path string, g *globalOptions, diags hcl.Diagnostics) string {
	undeclared, none := false, false
	for _, d := range diags {
		undeclared = undeclared || d.Severity == hcl.DiagError && strings.HasPrefix(d.Summary, "Reference to undeclared")
		none = none || d.Summary == "No inventory files"
	}
	if none && g.defaultDir {
		return "Run stackaudit in the inventory's folder or one of its sub-folders (the folder with the organization block is found from them), or name the folder: stackaudit validate DIR."
	}
	if fi, err := os.Stat(path); err != nil || fi.IsDir() || !undeclared {
		return ""
	}
	return fmt.Sprintf("Only %s was read: references to blocks in other files of the inventory are errors then. Name the inventory's folder instead, e.g. stackaudit check %s", path, filepath.Dir(path))
}

// examples are the Examples: section of each command's --help, by command
// path.
func examples() map[string]string {
	return map[string]string{
		"stackaudit": `  stackaudit validate examples/acme
  stackaudit check --format sarif -o results.sarif
  stackaudit audit -o audit.xlsx`,
		"stackaudit validate": `  stackaudit validate                  # the inventory around the current folder
  stackaudit validate examples/acme
  stackaudit validate --format json . > diagnostics.json`,
		"stackaudit fmt": `  stackaudit fmt                       # rewrite every file below the current folder
  stackaudit fmt -check -diff .        # in CI: exit 1 and show what would change
  cat tools.hcl | stackaudit fmt -`,
		"stackaudit check": `  stackaudit check
  stackaudit check --fail-on medium examples/acme
  stackaudit check --format sarif -o results.sarif --baseline main.json
  stackaudit check tools/hubspot.hcl   # one file alone`,
		"stackaudit audit": `  stackaudit audit -o audit.xlsx
  stackaudit audit --scan -o audit.xlsx --previous last-quarter.json
  stackaudit audit --sandbox -o demo.xlsx examples/acme`,
		"stackaudit scan": `  HUBSPOT_TOKEN=... stackaudit scan
  stackaudit scan --only hubspot --timeout 60s
  stackaudit scan --sandbox examples/acme
  stackaudit scan -o - | jq .tools`,
		"stackaudit policies": `  stackaudit policies
  stackaudit policies show low-utilization`,
		"stackaudit policies list":         `  stackaudit policies list`,
		"stackaudit policies show":         `  stackaudit policies show redundant-capability`,
		"stackaudit catalog":               `  stackaudit catalog list --products`,
		"stackaudit catalog list":          `  stackaudit catalog list --format json`,
		"stackaudit catalog show":          `  stackaudit catalog show hubspot-marketing-hub`,
		"stackaudit catalog search":        `  stackaudit catalog search analytics`,
		"stackaudit version":               `  stackaudit version --format json`,
		"stackaudit completion":            `  source <(stackaudit completion bash)`,
		"stackaudit completion bash":       `  source <(stackaudit completion bash)`,
		"stackaudit completion zsh":        `  stackaudit completion zsh > "${fpath[1]}/_stackaudit"`,
		"stackaudit completion fish":       `  stackaudit completion fish > ~/.config/fish/completions/stackaudit.fish`,
		"stackaudit completion powershell": `  stackaudit completion powershell | Out-String | Invoke-Expression`,
		"stackaudit help":                  `  stackaudit help check`,
	}
}

// applyHabits gives every command of the tree its suggestions, examples
// and flag-value completions. Run once the tree is built, after cobra's
// completion command is added.
func applyHabits(root *cobra.Command) {
	ex := examples()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.SuggestionsMinimumDistance = 2
		c.SilenceUsage, c.SilenceErrors = true, true
		if c.Example == "" {
			c.Example = ex[c.CommandPath()]
		}
		registerCompletions(c)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// registerCompletions completes the values of the enumerated flags the
// command has: formats, severities, scanner kinds.
func registerCompletions(c *cobra.Command) {
	fixed := func(values ...string) cobra.CompletionFunc {
		return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return values, cobra.ShellCompDirectiveNoFileComp
		}
	}
	kindEq := func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var out []string
		for _, k := range registry.ScanKinds() {
			out = append(out, k+"=")
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	}
	register := func(name string, f cobra.CompletionFunc) {
		if c.LocalFlags().Lookup(name) != nil {
			// Only fails for an unknown flag or a second registration,
			// neither of which happens here.
			_ = c.RegisterFlagCompletionFunc(name, f)
		}
	}
	formats := []string{"text", "json"}
	if c.Name() == "check" {
		formats = report.Formats()
	}
	register("format", fixed(formats...))
	register("fail-on", fixed("critical", "high", "medium", "low", "none"))
	register("only", func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		// The tools with a scan block, of the inventory the command
		// would read.
		dir, _ := findInventoryRoot(".")
		if len(args) == 1 {
			dir = args[0]
		}
		inv, _ := loadWithKinds(dir)
		var ids []string
		for _, t := range inv.Tools {
			if t != nil && t.Scan != nil {
				ids = append(ids, t.ID+"\t"+t.Scan.Kind)
			}
		}
		return ids, cobra.ShellCompDirectiveNoFileComp
	})
	register("endpoint", kindEq)
	register("rate", kindEq)
	if c.CommandPath() == "stackaudit policies show" {
		c.ValidArgsFunction = func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var ids []string
			for _, r := range policies.Builtins() {
				ids = append(ids, r.ID+"\t"+r.Title)
			}
			return ids, cobra.ShellCompDirectiveNoFileComp
		}
	}
}
