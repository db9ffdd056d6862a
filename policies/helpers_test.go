package policies_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/usage"
)

// Shared test helpers for every rule family's tests. Helpers specific to
// one family are prefixed with that family's name.

// update rewrites golden files and generated docs instead of comparing.
var update = flag.Bool("update", false, "rewrite golden files and docs/rules")

// asOf is the audit date of the tests, as of the examples.
var asOf = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

// loadInventory writes files (relative path → HCL) to a temp dir and loads
// them; the inventory must be valid.
func loadInventory(t *testing.T, files map[string]string) *inventory.Inventory {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	inv, diags := inventory.Load(dir)
	require.False(t, diags.HasErrors(), diags.Error())
	return inv
}

// snapshotJSON decodes a snapshot written inline in a test.
func snapshotJSON(t *testing.T, js string) *usage.Snapshot {
	t.Helper()
	s, err := usage.Decode(strings.NewReader(js), "test-snapshot.json")
	require.NoError(t, err)
	return s
}

// evaluate runs Evaluate at asOf and fails on error diagnostics.
func evaluate(t *testing.T, inv *inventory.Inventory, snap *usage.Snapshot) *policies.Result {
	t.Helper()
	res, diags := policies.Evaluate(inv, snap, policies.Options{AsOf: asOf})
	require.False(t, diags.HasErrors(), diags.Error())
	return res
}

// evaluateDiags runs Evaluate at asOf and returns the diagnostics too.
func evaluateDiags(t *testing.T, inv *inventory.Inventory, snap *usage.Snapshot) (*policies.Result, hcl.Diagnostics) {
	t.Helper()
	return policies.Evaluate(inv, snap, policies.Options{AsOf: asOf})
}

// findingsOf returns the findings of one rule.
func findingsOf(res *policies.Result, rule string) []policies.Finding {
	var out []policies.Finding
	for _, f := range res.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

// subjectsOf lists the subjects of findings as "tool.x" strings, one
// comma-joined entry per finding.
func subjectsOf(fs []policies.Finding) []string {
	var out []string
	for _, f := range fs {
		var ss []string
		for _, s := range f.Subjects {
			ss = append(ss, s.String())
		}
		out = append(out, strings.Join(ss, ","))
	}
	return out
}
