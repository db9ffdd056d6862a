package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"
)

// Set at build time with -ldflags "-X main.version=... -X main.commit=...".
var (
	version = "dev"
	commit  = "unknown"
)

// Exit codes of SPEC §2, decided here and nowhere else.
const (
	exitOK       = 0
	exitFindings = 1 // findings at or above --fail-on, or fmt -check differences
	exitInvalid  = 2 // invalid input or usage; diagnostics printed
	exitScan     = 3 // some scans failed and no --allow-partial
)

// env is everything a command touches outside its arguments, injected so
// that the whole CLI runs in-process in tests.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// stdoutTTY and stderrTTY decide colour and progress bars.
	stdoutTTY, stderrTTY bool
	now                  func() time.Time
	// getenv reads credentials; only scan and comment call it.
	getenv func(string) string
	// width is the terminal's width when stdout is one, else 0: the
	// text report wraps at it.
	width int
	// noColor is the environment's wish for no colour: NO_COLOR set (see
	// no-color.org) or TERM=dumb. --no-color defaults to it.
	noColor bool
	// dumbTerm is TERM=dumb: a terminal that cannot redraw a line, so
	// progress is printed as plain lines there.
	dumbTerm bool
	// deadline bounds a scan (--deadline); nil is
	// scanners.WithDeadline. Tests pass one that has already passed.
	deadline func(context.Context, time.Duration) (context.Context, context.CancelFunc)
}

func systemEnv() *env {
	e := &env{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		stdoutTTY: isTerminal(os.Stdout), stderrTTY: isTerminal(os.Stderr),
		now: time.Now, getenv: os.Getenv,
		noColor:  os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb",
		dumbTerm: os.Getenv("TERM") == "dumb",
	}
	if e.stdoutTTY {
		if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil {
			e.width = w
		}
	}
	return e
}

func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// exitError carries an exit code out of a command whose output is already
// printed.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// usageError is a mistake in the command line: printed with a hint, exit 2.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return &usageError{fmt.Errorf(format, args...)} }

// globalOptions are the flags every command shares.
type globalOptions struct {
	noColor bool
	quiet   bool
	// defaultDir is set when no DIR was given and the inventory was
	// looked for around the current folder.
	defaultDir bool
	// noConsolidate is --no-consolidate of the commands that print
	// diagnostics (diagFlags).
	noConsolidate bool
	// maxDiagnostics is --max-diagnostics: how many diagnostics to print.
	maxDiagnostics int
	// config is --config: the defaults file to use instead of the
	// inventory root's .stackaudit.hcl (see config.go).
	config string
}

func run(args []string, e *env) int {
	g := &globalOptions{}
	root := newRootCmd(e, g)
	root.SetArgs(terraformStyleFlags(root, args))
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	cmd, err := root.ExecuteC()
	helpFor := "stackaudit"
	if cmd != nil {
		helpFor = cmd.CommandPath()
	}
	var ee *exitError
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ee):
		return ee.code
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "Error: %s\n\nRun '%s --help' for usage.\n", printable(ue.err.Error(), false), helpFor)
		return exitInvalid
	default:
		// Escaped: a newline in a file name it quotes would start a
		// line of its own.
		fmt.Fprintf(e.stderr, "Error: %s\n", printable(err.Error(), false))
		return exitInvalid
	}
}

func newRootCmd(e *env, g *globalOptions) *cobra.Command {
	root := &cobra.Command{
		Use:   "stackaudit",
		Short: "Audit a marketing-technology stack declared as code",
		Long: `stackaudit audits a company's marketing-technology stack. Declare tools, teams,
objectives, data classes and data flows in HCL, then:

  validate   check the inventory and print every problem at once
  check      judge it with the built-in rules and your policies (the CI gate)
  audit      write the quarterly audit workbook for procurement
  diff       what a change does to spend, tools, flows and findings (PRs)
  comment    post the diff as one sticky pull/merge-request comment
  test       run the policy tests of your custom policies
  scan       measure usage from the vendors' APIs into a snapshot
  fmt        format the files canonically
  init       write a starter inventory (--example acme: the full example)
  import     write an inventory from a stack spreadsheet, or from discovery

Start with "stackaudit init" or "stackaudit import spreadsheet FILE -o DIR".`,
		SilenceUsage:  true,
		SilenceErrors: true,
		// Running bare prints help and exits 0, like terraform and gh; an
		// unknown command is an argument here, hence a usage error.
		Args: subcommandsOnly,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
		// --version and -v, as the version command prints it.
		Version:                    currentVersion().String(),
		SuggestionsMinimumDistance: 2,
	}
	root.SetVersionTemplate("stackaudit {{.Version}}\n")
	root.PersistentFlags().BoolVar(&g.noColor, "no-color", e.noColor, "never print colour, even on a terminal (default when NO_COLOR is set or TERM=dumb)")
	root.PersistentFlags().BoolVarP(&g.quiet, "quiet", "q", false, "print only errors and results")
	root.PersistentFlags().StringVar(&g.config, "config", "", "flag defaults per command from FILE (default: .stackaudit.hcl at the inventory root; see docs/config.md)")
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		switch cmd.Name() {
		case "version", "help", "completion", cobra.ShellCompRequestCmd, cobra.ShellCompNoDescRequestCmd:
			return nil
		}
		if !cmd.HasParent() || cmd.Parent().Name() == "completion" {
			return nil
		}
		if err := applyConfig(cmd, args, g.config); err != nil {
			return err
		}
		if g.maxDiagnostics < 0 {
			// max(-1, 0) would mean "no limit": a typo must not lift it.
			return usagef("--max-diagnostics %d: give 0 (print all) or a positive number", g.maxDiagnostics)
		}
		return nil
	}
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(
		newValidateCmd(e, g),
		newFmtCmd(e, g),
		newCheckCmd(e, g),
		newAuditCmd(e, g),
		newDashboardCmd(e, g),
		newDiffCmd(e, g),
		newCommentCmd(e, g),
		newTestCmd(e, g),
		newScanCmd(e, g),
		newPoliciesCmd(e),
		newCatalogCmd(e, g),
		newVersionCmd(e),
		newInitCmd(e, g),
		newImportCmd(e, g),
	)
	root.InitDefaultCompletionCmd()
	applyHabits(root)
	return root
}

// terraformStyleFlags accepts `-check` as well as `--check`, since the
// commands mirror terraform's, whose users type single-dash long flags.
// Only names of real long flags are rewritten, so shorthands such as -o and
// -q keep their meaning; nothing after "--" is touched.
func terraformStyleFlags(root *cobra.Command, args []string) []string {
	long := map[string]bool{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.Flags().VisitAll(func(f *pflag.Flag) { long[f.Name] = true })
		c.PersistentFlags().VisitAll(func(f *pflag.Flag) { long[f.Name] = true })
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a
		if a == "--" {
			copy(out[i:], args[i:])
			break
		}
		if strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--") && len(a) > 2 {
			name, _, _ := strings.Cut(a[1:], "=")
			if long[name] {
				out[i] = "-" + a
			}
		}
	}
	return out
}
