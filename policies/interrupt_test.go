package policies_test

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/policies"
)

// TestEvaluateContextInterrupted: an evaluation whose context is cancelled
// returns context.Canceled naming where it stopped, and no result. With
// the context cancelled from the start, the first built-in rule is named;
// nothing is timed.
func TestEvaluateContextInterrupted(t *testing.T) {
	minimal, err := os.ReadFile("../examples/minimal/main.hcl")
	require.NoError(t, err)
	inv := loadInventory(t, map[string]string{
		"main.hcl": string(minimal),
		"p.hcl":    "policy \"slow\" {\n  severity = \"high\"\n  for_each = tools\n  condition = length([for a in range(1024) : [for b in range(1024) : a]]) > 0\n  message = \"x\"\n}\n",
	})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, diags, err := policies.EvaluateContext(ctx, inv, nil, policies.Options{AsOf: asOf})
	require.ErrorIs(t, err, context.Canceled)
	var ie *policies.InterruptedError
	require.ErrorAs(t, err, &ie)
	assert.Contains(t, ie.Rule, "rule ")
	assert.Nil(t, res)
	assert.Empty(t, diags)

	// A live context evaluates as Evaluate does.
	res, _, err = policies.EvaluateContext(context.Background(), inv, nil, policies.Options{AsOf: asOf})
	require.NoError(t, err)
	assert.NotNil(t, res)
}
