// Package policytest holds the test helpers that the tests of policies
// and of its sub-packages share: load an inventory written inline, decode
// a snapshot, evaluate at the tests' audit date ([AsOf]) with [Evaluate],
// and pick findings apart.
package policytest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/usage"
)

// AsOf is the audit date of the tests, as of the examples.
var AsOf = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

// LoadInventory writes files (relative path → HCL) to a temp dir and loads
// them; the inventory must be valid.
func LoadInventory(t testing.TB, files map[string]string) *inventory.Inventory {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	inv, diags := inventory.Load(dir)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	return inv
}

// Flow is the HCL of a flow block carrying data classes (ids) from one tool
// (id) to another, after a blank line: the tests declare many flows that
// differ in these alone.
func Flow(id, from, to string, data ...string) string {
	refs := make([]string, len(data))
	for i, d := range data {
		refs[i] = "data_class." + d
	}
	return fmt.Sprintf("\nflow %q {\n  from = tool.%s\n  to   = tool.%s\n  data = [%s]\n}\n", id, from, to, strings.Join(refs, ", "))
}

// SnapshotJSON decodes a snapshot written inline in a test.
func SnapshotJSON(t testing.TB, js string) *usage.Snapshot {
	t.Helper()
	s, err := usage.Decode(strings.NewReader(js), "test-snapshot.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Evaluate runs policies.Evaluate at AsOf and fails on error diagnostics.
func Evaluate(t testing.TB, inv *inventory.Inventory, snap *usage.Snapshot) *result.Result {
	t.Helper()
	res, diags := policies.Evaluate(inv, snap, policies.Options{AsOf: AsOf})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	return res
}

// EvaluateDiags runs policies.Evaluate at AsOf and returns the diagnostics
// too.
func EvaluateDiags(t testing.TB, inv *inventory.Inventory, snap *usage.Snapshot) (*result.Result, hcl.Diagnostics) {
	t.Helper()
	return policies.Evaluate(inv, snap, policies.Options{AsOf: AsOf})
}

// FindingsOf returns the findings of one rule.
func FindingsOf(res *result.Result, rule string) []result.Finding {
	var out []result.Finding
	for _, f := range res.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

// SubjectsOf lists the subjects of findings as "tool.x" strings, one
// comma-joined entry per finding.
func SubjectsOf(fs []result.Finding) []string {
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
