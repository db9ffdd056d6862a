package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stackaudit/stackaudit/internal/plural"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/report"
)

type testOptions struct {
	dir      string
	policies []string
	asOf     string
}

func newTestCmd(e *env, g *globalOptions) *cobra.Command {
	o := &testOptions{}
	cmd := &cobra.Command{
		Use:   "test [DIR]",
		Short: "Run the inventory's policy tests: the findings custom policies must produce",
		Long: `Run every policy_test block of the inventory at DIR (by convention in files
named *_test.hcl): each gives a small inline inventory and the subjects a
custom policy must report in it, exactly, like conftest verify. A test passes
when the policy finds every expected subject and nothing else.

Never opens a network connection. Exit codes: 0 every test passed (or there
is none); 1 a test failed; 2 invalid input (the inventory, a test's inventory
or a policy does not load).`,
		Example: `  stackaudit test examples/acme`,
		Args:    cobra.MaximumNArgs(1),
		RunE:    onInventory(e, g, &o.dir, func(context.Context) error { return runTest(e, g, o) }),
	}
	f := cmd.Flags()
	f.StringArrayVar(&o.policies, "policies", nil, "extra folder of rule, policy, waiver and policy_test files (repeatable)")
	f.StringVar(&o.asOf, "as-of", "", "audit date YYYY-MM-DD the tests are evaluated on (default: today)")
	g.diagFlags(cmd)
	return cmd
}

func runTest(e *env, g *globalOptions, o *testOptions) error {
	asOf, err := parseAsOf(e, o.asOf)
	if err != nil {
		return err
	}
	inv, _, err := loadInventory(context.Background(), e, g, o.dir, o.policies, asOf)
	if err != nil {
		return err
	}
	if len(inv.PolicyTests) == 0 {
		fmt.Fprintf(e.stderr, "No policy tests in %s: write policy_test blocks (see docs/policies.md).\n", o.dir)
		return nil
	}
	loc := report.NewLocator(&result.Result{}, repoRoot(inv.Dir))
	passed, failed, invalid := 0, 0, 0
	for _, t := range inv.PolicyTests {
		where := loc.Location(result.LocationOf(t.DeclRange))
		r, diags := policies.RunPolicyTest(inv, t, asOf)
		if diags.HasErrors() || r == nil {
			invalid++
			fmt.Fprintf(e.stdout, "ERROR %s (%s) at %s: its inventory or policy does not load\n", t.ID, t.Policy, where)
			printDiagnostics(e.stderr, inv.Files, diags, g.diagStyle(e))
			continue
		}
		if r.Passed() {
			passed++
			if !g.quiet {
				fmt.Fprintf(e.stdout, "PASS  %s (%s)\n", t.ID, t.Policy)
			}
			continue
		}
		failed++
		fmt.Fprintf(e.stdout, "FAIL  %s (%s) at %s\n", t.ID, t.Policy, where)
		fmt.Fprint(e.stdout, testDiff(r))
	}
	line := fmt.Sprintf("%s: %d passed, %d failed", plural.Count(len(inv.PolicyTests), "policy test", "policy tests"), passed, failed)
	if invalid > 0 {
		line += fmt.Sprintf(", %d could not run", invalid)
	}
	fmt.Fprintf(e.stdout, "\n%s\n", line)
	switch {
	case invalid > 0:
		fmt.Fprintln(e.stderr, "FAILED: "+line)
		return &exitError{exitInvalid}
	case failed > 0:
		fmt.Fprintln(e.stderr, "FAILED: "+line)
		return &exitError{exitFindings}
	}
	fmt.Fprintln(e.stderr, "passed: "+line)
	return nil
}

// testDiff is a failed test's expected and actual findings, and the
// difference line by line: "-" expected but not found, "+" found but not
// expected.
func testDiff(r *policies.PolicyTestResult) string {
	var b strings.Builder
	var want, got []string
	for _, s := range r.Test.Expect {
		want = append(want, s.Kind+"."+s.ID)
	}
	for _, f := range r.Got {
		got = append(got, report.SubjectList(f.Subjects))
	}
	list := func(ss []string) string {
		if len(ss) == 0 {
			return "(none)"
		}
		return strings.Join(ss, ", ")
	}
	fmt.Fprintf(&b, "      expected findings about: %s\n", list(want))
	fmt.Fprintf(&b, "      got findings about:      %s\n", list(got))
	for _, s := range r.Missing {
		fmt.Fprintf(&b, "      - %s: expected, not found\n", s)
	}
	for _, f := range r.Unexpected {
		fmt.Fprintf(&b, "      + %s: found, not expected: %s\n", report.SubjectList(f.Subjects), report.TerminalSafe(f.Message))
	}
	return b.String()
}
