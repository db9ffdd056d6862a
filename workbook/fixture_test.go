package workbook_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/diff"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/usage"
)

// The fixture below is the one report's tests render in the CI formats
// (report/report_test.go), copied so that the workbook goldens show the
// same Result the text and SARIF goldens do.

var update = flag.Bool("update", false, "rewrite golden files")

// asOf is the audit date of every test.
var asOf = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

// base is the repository root of the hand-built results; their files are
// below it.
var base = filepath.FromSlash("/repo")

func file(rel string) string { return filepath.Join(base, filepath.FromSlash(rel)) }

// golden compares got with testdata/<name>.golden as text, with a unified
// diff on mismatch, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file; run go test ./workbook -update")
	if string(want) != got {
		t.Errorf("output differs from %s (run go test ./workbook -update to accept):\n%s", path, diff.Diff(path, want, "got", []byte(got)))
	}
}

const tricky = "Tool \"A&B <Ltd>\" | 'quoted' costs > 5 & < 10\nsecond line: 日本語 العربية ]]> `code` *bold*"

func sub(kind, id string) result.Subject { return result.Subject{Kind: kind, ID: id} }

func finding(rule string, sev result.Severity, title, msg string, loc result.Location, subjects ...result.Subject) result.Finding {
	return result.Finding{
		Rule: rule, Severity: sev, Title: title, Message: msg, Subjects: subjects, Location: loc,
		Fingerprint: result.Fingerprint(rule, subjects),
	}
}

func at(rel string, line, col, endLine, endCol int) result.Location {
	return result.Location{File: file(rel), Line: line, Column: col, EndLine: endLine, EndColumn: endCol}
}

// fixture is a Result with a finding of every severity, two waived ones,
// a custom policy, a multi-subject finding, findings without a location
// (one whose subject the facts locate, one they do not), and strings that
// need escaping. Its findings are deliberately out of order.
func fixture() *result.Result {
	seats, active := 40, 12
	util := 0.3
	end := time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC)
	notice := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	r := &result.Result{
		Schema:       result.Schema,
		AsOf:         "2026-11-20",
		Organization: result.Organization{Name: "Acme Corp", Currency: "USD"},
		Summary: result.Summary{
			Tools:                4,
			AnnualSpend:          decimal.RequireFromString("123456.5"),
			EstimatedWaste:       decimal.RequireFromString("3120"),
			ConsolidationSavings: decimal.Zero,
			Findings:             map[result.Severity]int{result.Critical: 1, result.High: 2, result.Medium: 3, result.Low: 2, result.Info: 1},
			Waived:               2,
			Counting:             map[result.Severity]int{result.Critical: 1, result.High: 2, result.Medium: 1, result.Low: 1, result.Info: 1},
			RenewalsNext90:       1,
		},
		Findings: []result.Finding{
			finding("unaligned-spend", result.Low, "Spend supports no objective", "Webflow supports no objective",
				result.Location{}, sub("tool", "webflow")),
			finding("redundant-capability", result.Medium, "Tools provide the same capability",
				"HubSpot Marketing Hub and Marketo both provide email-marketing (USD 150,000.00 a year)",
				at("tools/marketo.hcl", 1, 1, 1, 16), sub("tool", "hubspot"), sub("tool", "marketo")),
			finding("personal-data-without-dpa", result.Critical, "Personal data without a DPA",
				"HubSpot Marketing Hub stores Contact PII without a DPA", at("tools/hubspot.hcl", 3, 1, 3, 16), sub("tool", "hubspot")),
			finding("undeclared-tool", result.Medium, "Undeclared tool (shadow IT)",
				"Okta assigns Hotjar 日本語 to 12 users; no tool declares it", result.Location{}, sub("discovered_tool", "hotjar")),
			finding("tool-without-owner", result.High, "Tool without an owner", "Marketo has no owning team",
				at("tools/marketo.hcl", 1, 1, 1, 16), sub("tool", "marketo")),
			finding("inactive-tool", result.High, "Paid tool without activity", "Hotjar: no activity in 90 days",
				at("tools/hotjar.hcl", 2, 1, 2, 15), sub("tool", "hotjar")),
			finding("pii-needs-dpa", result.Info, "Tools that store personal data must have a DPA", tricky,
				at("tools/a&b <ltd> 日本.hcl", 7, 3, 9, 4), sub("tool", "ab")),
			finding("missing-cost", result.Low, "Active tool without a cost", "Slack | has no cost block",
				at("tools/slack.hcl", 1, 1, 1, 13), sub("tool", "slack")),
			finding("low-utilization", result.Medium, "Seats go unused", "HubSpot Marketing Hub: 12 of 40 seats active (30%)",
				at("tools/hubspot.hcl", 1, 1, 1, 16), sub("tool", "hubspot")),
		},
		Facts: result.Facts{
			Tools: []*result.ToolFact{
				{ID: "hubspot", Name: "HubSpot Marketing Hub", Vendor: "HubSpot", Category: "marketing-automation", TopCategory: "marketing",
					Owner: "mops", Objectives: []string{"pipeline"}, Status: "active", AnnualCost: decimal.RequireFromString("96000"), HasCost: true,
					Seats: &seats, Measured: true, Active30: &active, Utilization: &util, UnusedSeatCost: decimal.RequireFromString("67200"),
					ContractEnd: &end, NoticeDeadline: &notice, AutoRenew: true, DPA: false, Location: at("tools/hubspot.hcl", 1, 1, 1, 16)},
				{ID: "marketo", Name: "Marketo", Vendor: "Adobe", Category: "marketing-automation", Status: "active",
					AnnualCost: decimal.RequireFromString("27456.5"), HasCost: true, Location: at("tools/marketo.hcl", 1, 1, 1, 16)},
				{ID: "webflow", Name: "Webflow", Vendor: "Webflow", Category: "cms-web-experience", Status: "active",
					AnnualCost: decimal.Zero, Location: at("tools/webflow.hcl", 4, 1, 4, 16)},
				{ID: "slack", Name: "Slack", Status: "active", Location: at("tools/slack.hcl", 1, 1, 1, 13)},
			},
			Overlaps: []*result.Overlap{{Capabilities: []string{"email-marketing"}, Tools: []string{"hubspot", "marketo"},
				CombinedCost: decimal.RequireFromString("123456.5"), Keep: "hubspot", EstimatedSaving: decimal.RequireFromString("27456.5")}},
			Renewals: []*result.Renewal{{Tool: "hubspot", End: end, AutoRenew: true, NoticeDays: 90, NoticeDeadline: notice, DaysLeft: 42,
				AnnualCost: decimal.RequireFromString("96000"), Action: "Decide by 2027-01-01: renew, renegotiate or give notice"}},
			Gaps: []*result.Gap{{Kind: "tool-owner", Subject: sub("tool", "marketo"), Name: "Marketo", Detail: "no owning team",
				Location: at("tools/marketo.hcl", 1, 1, 1, 16)}},
		},
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		switch f.Rule {
		case "redundant-capability":
			f.Waiver = &result.AppliedWaiver{ID: "marketo-overlap", Reason: "Migration to HubSpot completes 2027-Q2",
				ApprovedBy: "cmo@acme.example", Expires: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)}
		case "missing-cost":
			f.Waiver = &result.AppliedWaiver{ID: "slack-free", Reason: "Free plan <for now> | \"pilot\"",
				Expires: time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)}
		}
	}
	return r
}

// acmeCheckResult evaluates the shipped example with its committed
// snapshot, as `stackaudit check examples/acme --as-of 2026-11-20` does.
func acmeCheckResult(t *testing.T) *result.Result {
	t.Helper()
	inv, diags := inventory.Load("../examples/acme")
	require.False(t, diags.HasErrors(), diags.Error())
	snap, err := usage.Read("../examples/acme/.stackaudit/snapshots/2026-11-20.json")
	require.NoError(t, err)
	res, pdiags := policies.Evaluate(inv, snap, policies.Options{AsOf: asOf})
	require.False(t, pdiags.HasErrors(), pdiags.Error())
	return res
}
