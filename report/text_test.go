package report_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/report"
)

var ansi = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// TestTextColor: ANSI colour only with Options.Color, and the coloured
// output is the plain one plus escape sequences.
func TestTextColor(t *testing.T) {
	o := fixtureOptions()
	plain := render(t, "text", fixture(), o)
	assert.NotContains(t, plain, "\x1b", "no colour unless Options.Color")
	o.Color = true
	colored := render(t, "text", fixture(), o)
	assert.Contains(t, colored, "\x1b[")
	assert.Regexp(t, ansi, colored)
	assert.Equal(t, plain, ansi.ReplaceAllString(colored, ""))
}

// TestTextGroups: most severe first, waived last, then the summary.
func TestTextGroups(t *testing.T) {
	out := render(t, "text", fixture(), fixtureOptions())
	var headings []string
	for _, line := range lines(out) {
		if regexp.MustCompile(`^[A-Z]+ \(\d+\)$`).MatchString(line) {
			headings = append(headings, line)
		}
	}
	assert.Equal(t, []string{"CRITICAL (1)", "HIGH (2)", "MEDIUM (2)", "LOW (1)", "INFO (1)", "WAIVED (2)"}, headings)
	ls := lines(out)
	assert.Equal(t, "7 findings: 1 critical, 2 high, 2 medium, 1 low, 1 info · 2 waived · 4 tools · annual spend USD 123,456.50", ls[len(ls)-1])
	assert.Contains(t, out, "  tools/marketo.hcl:1  tool-without-owner\n    Marketo has no owning team\n    subjects: tool.marketo\n")
	assert.Contains(t, out, "waived by marketo-overlap: Migration to HubSpot completes 2027-Q2 (approved by cmo@acme.example, expires 2027-06-30)")
	// A finding without a file shows its subject's declaration.
	assert.Contains(t, out, "  tools/webflow.hcl:4  unaligned-spend\n")
	// One the Result cannot place says so.
	assert.Contains(t, out, "  (inventory)  undeclared-tool\n")
}

func TestTextNoFindings(t *testing.T) {
	r := &result.Result{Summary: result.Summary{Tools: 2}, Organization: result.Organization{Currency: "USD"}}
	assert.Equal(t, "No findings.\n\n0 findings: 0 critical, 0 high, 0 medium, 0 low, 0 info · 0 waived · 2 tools · annual spend USD 0\n",
		render(t, "text", r, report.Options{}))
}

// TestTextStripsControlSequences: a vendor or inventory string cannot
// colour, move the cursor or reorder the terminal.
func TestTextStripsControlSequences(t *testing.T) {
	r := &result.Result{Findings: []result.Finding{
		finding("x", result.High, "t", "evil \x1b[2J\x1b[31mred\r overwritten \u202egnp.exe", result.Location{}, sub("tool", "a\x1bb")),
	}}
	for _, color := range []bool{false, true} {
		out := render(t, "text", r, report.Options{Color: color})
		plain := ansi.ReplaceAllString(out, "")
		assert.NotContains(t, plain, "\x1b")
		assert.NotContains(t, plain, "\r")
		assert.NotContains(t, plain, "\u202e")
		assert.Contains(t, plain, `evil \x1b[2J\x1b[31mred\x0d overwritten \u202egnp.exe`)
		assert.Contains(t, plain, `subjects: tool.a\x1bb`)
	}
}

// TestTextMultilineMessage: every line of a message is indented under its
// finding.
func TestTextMultilineMessage(t *testing.T) {
	out := render(t, "text", fixture(), fixtureOptions())
	i := strings.Index(out, "pii-needs-dpa\n")
	require.GreaterOrEqual(t, i, 0)
	assert.Contains(t, out[i:], "pii-needs-dpa\n    Tool \"A&B <Ltd>\" | 'quoted' costs > 5 & < 10\n    second line: 日本語 العربية ]]> `code` *bold*\n    subjects: tool.ab\n")
}

func TestTextBaseline(t *testing.T) {
	out := render(t, "text", fixtureBaseline(), fixtureOptions())
	assert.Contains(t, out, "tool-without-owner")
	assert.NotContains(t, out, "inactive-tool", "existing findings are counted, not listed")
	assert.Contains(t, out, "6 existing findings already in the baseline, not shown")
	assert.Contains(t, out, " · 2 new · ")

	// Nothing new: one line says so, and one counts the rest.
	r := fixtureBaseline()
	for i := range r.Findings {
		r.Findings[i].Baseline = "existing"
	}
	out = render(t, "text", r, fixtureOptions())
	assert.Contains(t, out, "No new findings.\n\n9 existing findings already in the baseline")
	assert.NotContains(t, out, "  tools/")
}

// TestTextWidth: with a terminal width, message lines wrap at spaces to
// fit it, indented like the first; without one nothing wraps.
func TestTextWidth(t *testing.T) {
	long := "Outreach renews automatically on 2027-02-01 unless notice is given by 2026-12-03 (in 13 days; 60 days' notice). It costs USD 140,400 a year."
	r := &result.Result{Findings: []result.Finding{{Rule: "renewal-notice-due", Severity: result.High, Message: long}}}
	for _, width := range []int{0, 40, 80} {
		out := render(t, "text", r, report.Options{Width: width})
		var msg []string
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "    ") {
				msg = append(msg, strings.TrimPrefix(line, "    "))
				if width > 0 {
					assert.LessOrEqual(t, len(line), width, line)
				}
			}
		}
		assert.Equal(t, long, strings.Join(msg, " "), "width %d keeps every word", width)
		if width == 0 {
			assert.Len(t, msg, 1)
		} else {
			assert.Greater(t, len(msg), 1)
		}
	}
}

// TestTextOrder: within a severity, the finding with more money at stake
// comes first, whatever its rule or file.
func TestTextOrder(t *testing.T) {
	r := &result.Result{
		Findings: []result.Finding{
			{Rule: "a-rule", Severity: result.High, Message: "cheap", Subjects: []result.Subject{{Kind: "tool", ID: "cheap"}}, Location: result.Location{File: "a.hcl", Line: 1}},
			{Rule: "z-rule", Severity: result.High, Message: "dear", Subjects: []result.Subject{{Kind: "tool", ID: "dear"}}, Location: result.Location{File: "z.hcl", Line: 1}},
			{Rule: "a-rule", Severity: result.Critical, Message: "critical", Location: result.Location{File: "z.hcl", Line: 9}},
		},
		Facts: result.Facts{Tools: []*result.ToolFact{
			{ID: "cheap", AnnualCost: decimal.NewFromInt(10)},
			{ID: "dear", AnnualCost: decimal.NewFromInt(1000)},
		}},
	}
	out := render(t, "text", r, report.Options{})
	crit, dear, cheap := strings.Index(out, "critical\n"), strings.Index(out, "dear\n"), strings.Index(out, "cheap\n")
	assert.True(t, crit < dear && dear < cheap, out)
}
