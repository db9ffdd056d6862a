package policies

import (
	"sort"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies/result"
)

// PolicyTestResult is the outcome of one policy_test: the findings the
// policy under test produced on the test's inventory, compared with the
// subjects the test expects.
type PolicyTestResult struct {
	Test *inventory.PolicyTest
	// Got are the policy's findings, sorted by subject.
	Got []result.Finding
	// Missing are expected subjects without a finding.
	Missing []result.Subject
	// Unexpected are findings about subjects the test does not expect.
	Unexpected []result.Finding
}

// Passed reports whether the policy found exactly the expected subjects.
func (r *PolicyTestResult) Passed() bool { return len(r.Missing) == 0 && len(r.Unexpected) == 0 }

// RunPolicyTest runs t, a test of inv: it loads the test's inline
// inventory with inv's policy, evaluates it on asOf without usage data, and
// compares the policy's findings with the expected subjects. Errors in the
// test's inventory or in the policy are diagnostics, and no result.
func RunPolicyTest(inv *inventory.Inventory, t *inventory.PolicyTest, asOf time.Time) (*PolicyTestResult, hcl.Diagnostics) {
	test, diags := inventory.LoadPolicyTest(inv, t)
	if diags.HasErrors() {
		return nil, diags
	}
	res, ediags := Evaluate(test, nil, Options{AsOf: asOf})
	diags = append(diags, ediags...)
	if ediags.HasErrors() {
		return nil, diags
	}
	r := &PolicyTestResult{Test: t, Got: []result.Finding{}}
	found := map[string]bool{}
	expected := map[string]bool{}
	for _, s := range t.Expect {
		expected[s.Kind+"."+s.ID] = true
	}
	for _, f := range res.Findings {
		if f.Rule != t.Policy {
			continue
		}
		r.Got = append(r.Got, f)
		key := subjectKey(f.Subjects)
		found[key] = true
		if !expected[key] {
			r.Unexpected = append(r.Unexpected, f)
		}
	}
	for _, s := range t.Expect {
		if !found[s.Kind+"."+s.ID] {
			r.Missing = append(r.Missing, result.Subject{Kind: s.Kind, ID: s.ID})
		}
	}
	sort.SliceStable(r.Got, func(i, j int) bool { return subjectKey(r.Got[i].Subjects) < subjectKey(r.Got[j].Subjects) })
	sort.SliceStable(r.Unexpected, func(i, j int) bool {
		return subjectKey(r.Unexpected[i].Subjects) < subjectKey(r.Unexpected[j].Subjects)
	})
	return r, diags
}

// subjectKey is a finding's subject, "tool.ads": a custom policy's finding
// has exactly one.
func subjectKey(ss []result.Subject) string {
	if len(ss) == 0 {
		return ""
	}
	return ss[0].String()
}
