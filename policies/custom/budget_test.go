package custom_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/inventory/catalog"
	"github.com/stackaudit/stackaudit/policies/custom"
	"github.com/stackaudit/stackaudit/policies/internal/policytest"
	"github.com/stackaudit/stackaudit/policies/result"
)

// budgetRun evaluates policy "p" over the fixture under limits.
func budgetRun(t *testing.T, condition, message string, limits custom.Limits) ([]result.Finding, []string) {
	t.Helper()
	inv := policytest.LoadInventory(t, map[string]string{"stack.hcl": customFixture, "p.hcl": customPolicy("tools", condition, message)})
	findings, diags, err := custom.EvaluateWithin(context.Background(), inv, result.NewFacts("USD", nil), policytest.AsOf, limits)
	require.NoError(t, err)
	return findings, customDiagText(diags)
}

// TestCustomBudget holds the attacks of issue 16 (each ran for minutes or
// grew to gigabytes before the budget) and the limits at their edges.
func TestCustomBudget(t *testing.T) {
	// The attacks must stop at their budget, not at the 60 s time limit,
	// which a slow machine (-race, another suite beside it) could reach
	// first: the limit is taken out of the cases that do not test it.
	unclocked := custom.DefaultLimits
	unclocked.Timeout = 24 * time.Hour
	small := unclocked
	small.Steps, small.StringBytes, small.Elements, small.Digits = 2000, 1000, 100, 10
	for _, c := range []struct {
		name, condition, message string
		limits                   custom.Limits
		want                     string // "" when the policy must evaluate
	}{
		{"triple for", `length([for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]) > 0`, `"x"`, unclocked, "more than 1000000 expressions"},
		{"huge number", `false`, `"${1e100000000}"`, unclocked, "number with more than 1000 digits"},
		{"tiny number", `false`, `"${1e-100000000}"`, unclocked, "number with more than 1000 digits"},
		{"setunion splat", `length(setunion([for a in range(1024) : [for b in range(1024) : "${a}-${b}"]]...)) > 0`, `"x"`, unclocked, "more than 1000000"},
		{"flatten shared", `length(flatten([for a in range(1024) : [for b in range(1024) : tools]])) > 0`, `"x"`, unclocked, "more than 1000000"},
		{"join separator", `length(join(join("", [for a in range(1000) : "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"]), range(1024))) > 0`, `"x"`, unclocked, "bytes of strings"},
		{"hidden in try", `try(length([for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]) > 0, true)`, `"x"`, unclocked, "more than 1000000 expressions"},
		{"steps at the edge", `length([for a in range(100) : a]) > 0`, `"x"`, small, ""},
		{"steps past the edge", `length([for a in range(1000) : [for b in range(3) : b]]) > 0`, `"x"`, small, "more than 2000 expressions"},
		{"digits at the edge", `1e9 > 0 && 1e-10 < 1`, `"x"`, small, ""},
		{"digits past the edge", `1e10 > 0`, `"x"`, small, "more than 10 digits"},
		{"strings past the edge", `length(join("", [for a in range(40) : "0123456789012345678901234567890"])) > 0`, `"x"`, small, "strings exceed 1000 bytes"},
		{"elements past the edge", `length(concat(range(60), range(60))) > 0`, `"x"`, small, "more than 100 elements"},
		{"elements at the edge", `length(concat(range(50), range(50))) > 0`, `"x"`, small, ""},
		{"deadline", `true`, `"x"`, custom.Limits{Steps: 1e6, StringBytes: 1e6, Elements: 1e6, Digits: 100, Context: func(ctx context.Context) (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(ctx)
			cancel()
			return ctx, cancel
		}}, "did not finish within its time limit"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, diags := budgetRun(t, c.condition, c.message, c.limits)
			if c.want == "" {
				assert.Empty(t, diags)
				return
			}
			require.Len(t, diags, 1)
			assert.Contains(t, diags[0], `policy "p"`)
			assert.Contains(t, diags[0], c.want)
		})
	}
}

// TestCustomInterrupted: Ctrl-C (the caller's context ending) stops a
// policy in the middle of an evaluation that no other limit would stop
// for hours, and the evaluation returns context.Canceled naming that
// policy, with no findings and no diagnostics. The parent is cancelled
// when the second policy starts (the Context hook runs at each policy's
// start), so the first policy finishes and the second is the one
// stopped; nothing is timed.
func TestCustomInterrupted(t *testing.T) {
	slow := `length([for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]) > 0`
	inv := policytest.LoadInventory(t, map[string]string{
		"stack.hcl": customFixture,
		"a.hcl":     strings.Replace(customPolicy("tools", "true", `"x"`), `policy "p"`, `policy "a_fast"`, 1),
		"b.hcl":     strings.Replace(customPolicy("tools", slow, `"x"`), `policy "p"`, `policy "b_slow"`, 1),
		"c.hcl":     strings.Replace(customPolicy("tools", "false", `"x"`), `policy "p"`, `policy "c_never"`, 1),
	})
	parent, cancelParent := context.WithCancel(context.Background())
	defer cancelParent()
	var started []string
	limits := custom.DefaultLimits
	limits.Steps, limits.StringBytes, limits.Elements = 1<<62, 1<<62, 1<<62 // only ctx can stop b_slow
	limits.Context = func(ctx context.Context) (context.Context, context.CancelFunc) {
		started = append(started, "policy")
		if len(started) == 2 {
			cancelParent()
		}
		return context.WithCancel(ctx)
	}
	findings, diags, err := custom.EvaluateWithin(parent, inv, result.NewFacts("USD", nil), policytest.AsOf, limits)
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	var ie *custom.InterruptedError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "b_slow", ie.Policy)
	assert.Len(t, started, 2, "c_never must not start")
	assert.Empty(t, findings)
	assert.Empty(t, diags)

	// Cancelled before anything runs: the first policy is named.
	_, _, err = custom.EvaluateWithin(parent, inv, result.NewFacts("USD", nil), policytest.AsOf, custom.DefaultLimits)
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "a_fast", ie.Policy)
}

// TestCustomBudgetNamesRange checks that the budget error points at the
// policy block.
func TestCustomBudgetNamesRange(t *testing.T) {
	inv := policytest.LoadInventory(t, map[string]string{"stack.hcl": customFixture, "p.hcl": customPolicy("tools", "true", `"${1e100000000}"`+"\n")})
	inv.Policies[0].Condition = inv.Policies[0].Message // the message fails the budget as a condition too
	_, diags, err := custom.EvaluateWithin(context.Background(), inv, result.NewFacts("USD", nil), policytest.AsOf, custom.DefaultLimits)
	require.NoError(t, err)
	require.Len(t, diags, 1)
	require.NotNil(t, diags[0].Subject)
	assert.True(t, strings.HasSuffix(diags[0].Subject.Filename, "p.hcl"), diags[0].Subject.Filename)
	assert.Equal(t, 1, diags[0].Subject.Start.Line)
}

// FuzzCustomBudget evaluates any condition under small limits: it never
// panics, a budget error is the only diagnostic of its policy and comes
// with no finding, and every diagnostic has a summary and a range.
func FuzzCustomBudget(f *testing.F) {
	for _, seed := range []string{
		`length([for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]) > 0`,
		`length(setunion([for a in range(64) : [for b in range(64) : "${a}-${b}"]]...)) > 0`,
		`length(flatten([for a in range(64) : [for b in range(64) : tools]])) > 0`,
		`length(join(join("", [for a in range(100) : "xxxxxxxx"]), range(100))) > 0`,
		`1e100000000 > 0`,
		`try(length([for a in range(1024) : [for b in range(1024) : a]]) > 0, true)`,
		`!anytrue([for d in each.stores : d.sensitivity == "personal"]) || try(each.contract.dpa, false)`,
	} {
		f.Add(seed)
	}
	limits := custom.DefaultLimits
	limits.Steps, limits.StringBytes, limits.Elements, limits.Digits = 20000, 20000, 2000, 50
	cat, err := catalog.Load()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, condition string) {
		if strings.ContainsRune(condition, 0) || len(condition) > 1000 {
			t.Skip()
		}
		inv, diags := loadFuzzPolicy(t, cat, customPolicy("tools", condition, `"x"`))
		if diags || inv == nil {
			t.Skip()
		}
		findings, d, err := custom.EvaluateWithin(context.Background(), inv, result.NewFacts("USD", nil), policytest.AsOf, limits)
		if err != nil {
			t.Fatalf("an evaluation under a live context was interrupted: %v", err)
		}
		for _, diag := range d {
			if diag.Summary == "" || diag.Subject == nil {
				t.Fatalf("diagnostic without a summary or range: %#v", diag)
			}
			if diag.Summary == "Policy exceeds its budget" && (len(d) != 1 || len(findings) != 0) {
				t.Fatalf("a budget error with %d diagnostics and %d findings", len(d), len(findings))
			}
			if diag.Summary == "Policy exceeds its budget" && !strings.Contains(diag.Detail, `policy "p" was stopped for tool.`) {
				t.Fatalf("a budget error that does not name the policy and subject: %s", diag.Detail)
			}
		}
	})
}

// loadFuzzPolicy loads the fixture with one policy file; true when it
// does not load.
func loadFuzzPolicy(t *testing.T, cat *catalog.Catalog, policy string) (*inventory.Inventory, bool) {
	dir := t.TempDir()
	for name, content := range map[string]string{"stack.hcl": customFixture, "p.hcl": policy} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	inv, diags := inventory.Load(dir, inventory.WithCatalog(cat))
	return inv, diags.HasErrors()
}

// TestCustomBudgetJSONSyntax: a policy in a .hcl.json file is bounded like
// one in native syntax (its expressions are read as native templates), so
// the attacks of TestCustomBudget stop at the budget, not at the 60 s
// limit; a policy within the budget still gives its findings.
func TestCustomBudgetJSONSyntax(t *testing.T) {
	policy := func(condition, message string) string {
		return fmt.Sprintf(`{"policy": {"p": {"severity": "high", "for_each": "tools", "condition": %q, "message": %q}}}`,
			"${"+condition+"}", message)
	}
	for _, c := range []struct {
		name, condition, message string
		want                     string // "" when the policy must evaluate
		findings                 int
	}{
		{"triple for", `length([for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]) > 0`, "x", "more than 1000000 expressions", 0},
		{"huge number", `false`, "${1e100000000}", "number with more than 1000 digits", 0},
		{"within the budget", `length([for a in range(100) : a]) < 0`, "${each.name} fails", "", 6},
	} {
		t.Run(c.name, func(t *testing.T) {
			inv := policytest.LoadInventory(t, map[string]string{"stack.hcl": customFixture, "p.hcl.json": policy(c.condition, c.message)})
			limits := custom.DefaultLimits
			limits.Timeout = 24 * time.Hour // the budget, not the clock, must stop them
			findings, diags, err := custom.EvaluateWithin(context.Background(), inv, result.NewFacts("USD", nil), policytest.AsOf, limits)
			require.NoError(t, err)
			if c.want == "" {
				assert.Empty(t, diags)
				assert.Len(t, findings, c.findings)
				return
			}
			require.Len(t, diags, 1)
			assert.Contains(t, diags[0].Detail, c.want)
			assert.True(t, strings.HasSuffix(diags[0].Subject.Filename, "p.hcl.json"), diags[0].Subject.Filename)
		})
	}
}
