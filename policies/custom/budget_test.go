package custom_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies/custom"
	"github.com/stackaudit/stackaudit/policies/internal/policytest"
	"github.com/stackaudit/stackaudit/policies/result"
)

// budgetRun evaluates policy "p" over the fixture under limits.
func budgetRun(t *testing.T, condition, message string, limits custom.Limits) ([]result.Finding, []string) {
	t.Helper()
	inv := policytest.LoadInventory(t, map[string]string{"stack.hcl": customFixture, "p.hcl": customPolicy("tools", condition, message)})
	findings, diags := custom.EvaluateWithin(context.Background(), inv, result.NewFacts("USD", nil), policytest.AsOf, limits)
	return findings, customDiagText(diags)
}

// TestCustomBudget holds the attacks of issue 16 (each ran for minutes or
// grew to gigabytes before the budget) and the limits at their edges.
func TestCustomBudget(t *testing.T) {
	small := custom.DefaultLimits
	small.Steps, small.StringBytes, small.Elements, small.Digits = 2000, 1000, 100, 10
	for _, c := range []struct {
		name, condition, message string
		limits                   custom.Limits
		want                     string // "" when the policy must evaluate
	}{
		{"triple for", `length([for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]) > 0`, `"x"`, custom.DefaultLimits, "more than 1000000 expressions"},
		{"huge number", `false`, `"${1e100000000}"`, custom.DefaultLimits, "number with more than 1000 digits"},
		{"tiny number", `false`, `"${1e-100000000}"`, custom.DefaultLimits, "number with more than 1000 digits"},
		{"setunion splat", `length(setunion([for a in range(1024) : [for b in range(1024) : "${a}-${b}"]]...)) > 0`, `"x"`, custom.DefaultLimits, "more than 1000000"},
		{"flatten shared", `length(flatten([for a in range(1024) : [for b in range(1024) : tools]])) > 0`, `"x"`, custom.DefaultLimits, "more than 1000000"},
		{"join separator", `length(join(join("", [for a in range(1000) : "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"]), range(1024))) > 0`, `"x"`, custom.DefaultLimits, "bytes of strings"},
		{"hidden in try", `try(length([for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]) > 0, true)`, `"x"`, custom.DefaultLimits, "more than 1000000 expressions"},
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

// TestCustomBudgetNamesRange checks that the budget error points at the
// policy block.
func TestCustomBudgetNamesRange(t *testing.T) {
	inv := policytest.LoadInventory(t, map[string]string{"stack.hcl": customFixture, "p.hcl": customPolicy("tools", "true", `"${1e100000000}"`+"\n")})
	inv.Policies[0].Condition = inv.Policies[0].Message // the message fails the budget as a condition too
	_, diags := custom.EvaluateWithin(context.Background(), inv, result.NewFacts("USD", nil), policytest.AsOf, custom.DefaultLimits)
	require.Len(t, diags, 1)
	require.NotNil(t, diags[0].Subject)
	assert.True(t, strings.HasSuffix(diags[0].Subject.Filename, "p.hcl"), diags[0].Subject.Filename)
	assert.Equal(t, 1, diags[0].Subject.Start.Line)
	_ = inventory.MaxFileSize
}
