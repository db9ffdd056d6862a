package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	exampledata "github.com/stackaudit/stackaudit/examples"
	"github.com/stackaudit/stackaudit/internal/atomicfile"
)

type initOptions struct {
	dir     string
	example string
}

func newInitCmd(e *env, g *globalOptions) *cobra.Command {
	o := &initOptions{}
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Write a minimal commented inventory to start from",
		Long: `Write a minimal, valid, commented inventory into DIR (default: the current
directory): an organization, one team, one tool, one flow, and a .gitignore
for the simulator's scans (.stackaudit/sandbox). Nothing is overwritten: init
refuses when any file it would write exists.

--example acme writes the full example inventory from the binary instead,
with its committed usage snapshot, so that "stackaudit check" and
"stackaudit audit --sandbox" have something to show without a clone.`,
		Example: `  stackaudit init my-stack
  stackaudit init --example acme acme && stackaudit check acme`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.dir = "."
			if len(args) == 1 {
				o.dir = args[0]
			}
			return runInit(e, g, o)
		},
	}
	cmd.Flags().StringVar(&o.example, "example", "", "write the named example instead: "+strings.Join(exampledata.Names(), ", "))
	return cmd
}

// starter is what init writes without --example: each file's content.
var starter = map[string]string{
	"main.hcl": `# A stackaudit inventory. Run "stackaudit validate" after each change and
# "stackaudit check" for findings; docs/language.md describes every block.
# Every team.x and tool.y below is a reference to a block in this folder.

organization {
  name     = "Example Co" # your company
  currency = "USD"        # report totals are in it
}

# Whoever owns a tool, a flow, an objective or a data class.
team "marketing" {
  name = "Marketing"
  lead = "you@example.com"
}

# One block per purchased or used product. "product" names a catalog entry
# (stackaudit catalog search WORD), which fills vendor, category and
# capabilities.
tool "hubspot" {
  product = "hubspot-marketing-hub"
  owner   = team.marketing
  status  = "active"

  cost {
    amount = 9600
    period = "year" # year | quarter | month
    # seats = 10    # purchased seats, for seat-based licences
  }

  contract {
    end         = "2027-06-30"
    auto_renew  = true
    notice_days = 60
  }
}

tool "webflow" {
  product = "webflow"
  owner   = team.marketing
}

# Data moving between tools: form submissions on the website reach HubSpot.
flow "webflow_to_hubspot" {
  from   = tool.webflow
  to     = tool.hubspot
  method = "native"
}
`,
	".gitignore": `# Snapshots of the simulated vendors (stackaudit scan --sandbox, audit --sandbox)
.stackaudit/sandbox/
`,
}

func runInit(e *env, g *globalOptions, o *initOptions) error {
	src := fs.FS(nil)
	if o.example != "" {
		ex, ok := exampledata.FS(o.example)
		if !ok {
			return usagef("unknown --example %q: the examples are %s", o.example, strings.Join(exampledata.Names(), ", "))
		}
		src = ex
	}
	files := map[string][]byte{}
	if src == nil {
		for name, content := range starter {
			files[name] = []byte(content)
		}
	} else {
		err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(src, p)
			files[p] = b
			return err
		})
		if err != nil {
			return fmt.Errorf("read the embedded example: %w", err)
		}
		files[".gitignore"] = []byte(starter[".gitignore"])
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	if err := refuseExisting(o.dir, names, false, ""); err != nil {
		return err
	}
	for _, n := range names {
		p := filepath.Join(o.dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("init: %w", err)
		}
		content := files[n]
		if err := atomicfile.Write(p, 0o644, func(w io.Writer) error { _, err := w.Write(content); return err }); err != nil {
			return fmt.Errorf("init: %w", err)
		}
	}
	if !g.quiet {
		fmt.Fprintf(e.stdout, "Wrote %d files to %s. Next: stackaudit validate %s\n", len(names), printable(o.dir, false), printable(o.dir, false))
	}
	return nil
}

// refuseExisting fails when any of names exists below dir, listing them,
// unless force; hint ends the message.
func refuseExisting(dir string, names []string, force bool, hint string) error {
	if force {
		return nil
	}
	var exist []string
	for _, n := range names {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(n))); err == nil {
			exist = append(exist, filepath.Join(dir, filepath.FromSlash(n)))
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("check %s: %w", n, err)
		}
	}
	if len(exist) > 0 {
		return usagef("refusing to overwrite %s%s", strings.Join(exist, ", "), hint)
	}
	return nil
}
