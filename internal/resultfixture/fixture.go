// Package resultfixture holds the hand-built Result that the report
// formats and the audit workbook are both tested on, so that their goldens
// show the same findings. The entry point is [Result]; it is imported by
// tests only.
package resultfixture

import (
	"path/filepath"
	"time"

	"github.com/shopspring/decimal"

	"github.com/stackaudit/stackaudit/policies/result"
)

// Base is the repository root of the hand-built results (slash-separated);
// their files are below it.
const Base = "/repo"

// File is the file rel below Base, in the platform's separators.
func File(rel string) string {
	return filepath.Join(filepath.FromSlash(Base), filepath.FromSlash(rel))
}

// Tricky needs escaping in every format: quotes, markup, a newline,
// right-to-left text and backticks.
const Tricky = "Tool \"A&B <Ltd>\" | 'quoted' costs > 5 & < 10\nsecond line: 日本語 العربية ]]> `code` *bold*"

// Sub is a subject.
func Sub(kind, id string) result.Subject { return result.Subject{Kind: kind, ID: id} }

// Finding is a finding with its fingerprint.
func Finding(rule string, sev result.Severity, title, msg string, loc result.Location, subjects ...result.Subject) result.Finding {
	return result.Finding{
		Rule: rule, Severity: sev, Title: title, Message: msg, Subjects: subjects, Location: loc,
		Fingerprint: result.Fingerprint(rule, subjects),
	}
}

// At is a location in the file rel below Base.
func At(rel string, line, col, endLine, endCol int) result.Location {
	return result.Location{File: File(rel), Line: line, Column: col, EndLine: endLine, EndColumn: endCol}
}

// Result is a Result with a finding of every severity, two waived ones,
// a custom policy, a multi-subject finding, findings without a location
// (one whose subject the facts locate, one they do not), and strings that
// need escaping. Its findings are deliberately out of order.
func Result() *result.Result {
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
			Finding("unaligned-spend", result.Low, "Spend supports no objective", "Webflow supports no objective",
				result.Location{}, Sub("tool", "webflow")),
			Finding("redundant-capability", result.Medium, "Tools provide the same capability",
				"HubSpot Marketing Hub and Marketo both provide email-marketing (USD 150,000.00 a year)",
				At("tools/marketo.hcl", 1, 1, 1, 16), Sub("tool", "hubspot"), Sub("tool", "marketo")),
			Finding("personal-data-without-dpa", result.Critical, "Personal data without a DPA",
				"HubSpot Marketing Hub stores Contact PII without a DPA", At("tools/hubspot.hcl", 3, 1, 3, 16), Sub("tool", "hubspot")),
			Finding("undeclared-tool", result.Medium, "Undeclared tool (shadow IT)",
				"Okta assigns Hotjar 日本語 to 12 users; no tool declares it", result.Location{}, Sub("discovered_tool", "hotjar")),
			Finding("tool-without-owner", result.High, "Tool without an owner", "Marketo has no owning team",
				At("tools/marketo.hcl", 1, 1, 1, 16), Sub("tool", "marketo")),
			Finding("inactive-tool", result.High, "Paid tool without activity", "Hotjar: no activity in 90 days",
				At("tools/hotjar.hcl", 2, 1, 2, 15), Sub("tool", "hotjar")),
			Finding("pii-needs-dpa", result.Info, "Tools that store personal data must have a DPA", Tricky,
				At("tools/a&b <ltd> 日本.hcl", 7, 3, 9, 4), Sub("tool", "ab")),
			Finding("missing-cost", result.Low, "Active tool without a cost", "Slack | has no cost block",
				At("tools/slack.hcl", 1, 1, 1, 13), Sub("tool", "slack")),
			Finding("low-utilization", result.Medium, "Seats go unused", "HubSpot Marketing Hub: 12 of 40 seats active (30%)",
				At("tools/hubspot.hcl", 1, 1, 1, 16), Sub("tool", "hubspot")),
		},
		Facts: result.Facts{
			Tools: []*result.ToolFact{
				{ID: "hubspot", Name: "HubSpot Marketing Hub", Vendor: "HubSpot", Category: "marketing-automation", TopCategory: "marketing",
					Owner: "mops", Objectives: []string{"pipeline"}, Status: "active", AnnualCost: decimal.RequireFromString("96000"), HasCost: true,
					Seats: &seats, Measured: true, Active30: &active, Utilization: &util, UnusedSeatCost: decimal.RequireFromString("67200"),
					ContractEnd: &end, NoticeDeadline: &notice, AutoRenew: true, DPA: false, Location: At("tools/hubspot.hcl", 1, 1, 1, 16)},
				{ID: "marketo", Name: "Marketo", Vendor: "Adobe", Category: "marketing-automation", Status: "active",
					AnnualCost: decimal.RequireFromString("27456.5"), HasCost: true, Location: At("tools/marketo.hcl", 1, 1, 1, 16)},
				{ID: "webflow", Name: "Webflow", Vendor: "Webflow", Category: "cms-web-experience", Status: "active",
					AnnualCost: decimal.Zero, Location: At("tools/webflow.hcl", 4, 1, 4, 16)},
				{ID: "slack", Name: "Slack", Status: "active", Location: At("tools/slack.hcl", 1, 1, 1, 13)},
			},
			Overlaps: []*result.Overlap{{Capabilities: []string{"email-marketing"}, Tools: []string{"hubspot", "marketo"},
				CombinedCost: decimal.RequireFromString("123456.5"), Keep: "hubspot", EstimatedSaving: decimal.RequireFromString("27456.5")}},
			Renewals: []*result.Renewal{{Tool: "hubspot", End: end, AutoRenew: true, NoticeDays: 90, NoticeDeadline: notice, DaysLeft: 42,
				AnnualCost: decimal.RequireFromString("96000"), Action: "Decide by 2027-01-01: renew, renegotiate or give notice"}},
			Gaps: []*result.Gap{{Kind: "tool-owner", Subject: Sub("tool", "marketo"), Name: "Marketo", Detail: "no owning team",
				Location: At("tools/marketo.hcl", 1, 1, 1, 16)}},
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
