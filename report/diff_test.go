package report_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/report"
)

// acmeDiff compares examples/acme (the base) with a changed copy made by
// acmeHead: the head adds Matomo (USD 48,000 a year, a second
// web-analytics tool, personal data without a DPA, a flow from Segment),
// removes Cision and raises Braze's price. Both are copied under one
// temporary root, at the paths they would have in the repository, so that
// the goldens' file names do not depend on where the test runs. No
// snapshot: a diff is about the inventory.
func acmeDiff(t *testing.T) (*result.Diff, report.Options) {
	t.Helper()
	root := t.TempDir()
	base := filepath.Join(root, "examples", "acme")
	head := filepath.Join(root, "report", "testdata", "diff", "head")
	copyTree(t, filepath.Join("..", "examples", "acme"), base)
	copyTree(t, filepath.Join("..", "examples", "acme"), head)
	acmeHead(t, head)
	side := func(dir string) result.DiffSide {
		inv, diags := inventory.Load(dir)
		require.False(t, diags.HasErrors(), diags.Error())
		res, pdiags := policies.Evaluate(inv, nil, policies.Options{AsOf: asOf})
		require.False(t, pdiags.HasErrors(), pdiags.Error())
		return result.DiffSide{Inventory: inv, Result: res}
	}
	d, err := result.ComputeDiff(side(base), side(head))
	require.NoError(t, err)
	d.Base, d.Head = "examples/acme", "testdata/diff/head"
	return d, report.Options{Version: "1.0.0", BaseDir: root}
}

// copyTree copies the regular files below src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	require.NoError(t, filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	}))
}

// acmeHead applies the pull request of the diff tests to a copy of acme.
func acmeHead(t *testing.T, dir string) {
	t.Helper()
	edit := func(name string, change func(string) string) {
		path := filepath.Join(dir, name)
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		out := change(string(data))
		require.NotEqual(t, string(data), out, "the edit of %s changed nothing", name)
		require.NoError(t, os.WriteFile(path, []byte(out), 0o644))
	}
	edit("tools/data.hcl", func(s string) string { return s + acmeHeadMatomo })
	edit("flows.hcl", func(s string) string { return s + acmeHeadFlow })
	edit("tools/advertising.hcl", func(s string) string {
		start := strings.Index(s, "# Bought by corporate communications in London")
		end := strings.Index(s, "# Category and capabilities come from the catalog entry for `lob`.")
		require.True(t, start >= 0 && end > start, "the Cision block moved")
		s = s[:start] + s[end:]
		require.Equal(t, 1, strings.Count(s, "amount = 90000"), "Braze's price moved")
		return strings.Replace(s, "amount = 90000", "amount = 102000", 1)
	})
}

const acmeHeadMatomo = `
# Added in this change: a second web-analytics tool beside GA4, without a DPA.
tool "matomo" {
  name         = "Matomo Cloud"
  vendor       = "InnoCraft"
  category     = "web-mobile-analytics"
  capabilities = ["web-analytics"]
  owner        = team.mops
  objectives   = [objective.pipeline]
  status       = "active"
  scope        = ["global"]
  stages       = ["awareness", "consideration"]
  stores       = [data_class.web_behavior, data_class.contact_pii]

  cost {
    amount = 4000
    period = "month"
  }

  contract {
    start       = "2026-12-01"
    end         = "2027-11-30"
    auto_renew  = true
    notice_days = 60
    dpa         = false
  }
}
`

const acmeHeadFlow = `
flow "segment_to_matomo" {
  from      = tool.segment
  to        = tool.matomo
  data      = [data_class.contact_pii, data_class.web_behavior]
  owner     = team.mops
  method    = "native"
  frequency = "daily"
}
`

func renderDiff(t *testing.T, format string, d *result.Diff, o report.Options) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, report.WriteDiff(&buf, format, d, o))
	return buf.String()
}

// TestGoldenDiffAcme renders the example's diff in every diff format.
func TestGoldenDiffAcme(t *testing.T) {
	d, o := acmeDiff(t)
	goldenFormats(t, "diff_acme_", report.DiffFormats(), func(t *testing.T, format string) string { return renderDiff(t, format, d, o) })
}

// TestDiffAcmeContent asserts what the reviewer must see, independently of
// the goldens' layout.
func TestDiffAcmeContent(t *testing.T) {
	d, o := acmeDiff(t)
	text := renderDiff(t, "text", d, o)
	assert.Contains(t, text, "+ matomo  Matomo Cloud  +USD 48,000 a year")
	assert.Contains(t, text, "- cision  Cision Communications Cloud  -USD 17,780 a year")
	assert.Contains(t, text, "annual cost: USD 90,000 → USD 102,000")
	assert.Contains(t, text, "+USD 42,220 a year · 2 new findings (1 high, 1 medium) · 1 resolved")

	md := renderDiff(t, "markdown", d, o)
	lines := strings.Split(md, "\n")
	assert.Equal(t, "**Annual spend +USD 42,220, +1.5%** (USD 2,838,580.70 → USD 2,880,800.70) · **1 new high or critical finding** · 2 new findings · 1 resolved", lines[2])
	assert.Contains(t, md, "[`personal-data-without-dpa`](https://github.com/stackaudit/stackaudit/blob/main/docs/rules/personal-data-without-dpa.md)")
	assert.Contains(t, md, "```mermaid\nflowchart LR\n  t_segment[\"Twilio Segment Business\"] -->|\"contact_pii, web_behavior\"| t_matomo[\"Matomo Cloud\"]\n```")
	assert.Contains(t, md, "| `braze` Braze | changed | USD 90,000 | USD 102,000 | +USD 12,000 |")
	assertTablesWellFormed(t, md)

	gh := renderDiff(t, "github", d, o)
	assert.Equal(t, 2, strings.Count(gh, "\n"), "one command per new finding:\n%s", gh)
	assert.Regexp(t, `(?m)^::error file=report/testdata/diff/head/tools/data\.hcl,line=\d+,endLine=\d+,title=personal-data-without-dpa \(high\)::Matomo Cloud`, gh)
	assert.Regexp(t, `(?m)^::warning file=report/testdata/diff/head/tools/data\.hcl,line=\d+,.*title=redundant-capability \(medium\)::`, gh)
	assert.NotContains(t, gh, "unaligned-spend", "resolved findings are not annotated")
}

// assertTablesWellFormed checks every Markdown table: a header, a
// delimiter row with as many cells, and rows with as many; and that every
// <details> is closed.
func assertTablesWellFormed(t *testing.T, md string) {
	t.Helper()
	cells := func(line string) int {
		return len(regexp.MustCompile(`(^|[^\\])\|`).FindAllString(line, -1)) - 1
	}
	lines := strings.Split(md, "\n")
	for i := 1; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "|---") && !strings.HasPrefix(lines[i], "|:--") {
			continue
		}
		n := cells(lines[i-1])
		require.Equal(t, n, cells(lines[i]), "delimiter row %d", i)
		for j := i + 1; j < len(lines) && strings.HasPrefix(lines[j], "|"); j++ {
			assert.Equal(t, n, cells(lines[j]), "row %d: %s", j, lines[j])
		}
	}
	assert.Equal(t, strings.Count(md, "<details>"), strings.Count(md, "</details>"))
	assert.Equal(t, 0, strings.Count(md, "```")%2, "code fences are closed")
}

// TestDiffMarkdownLong keeps a huge diff under GitHub's limit: the middle
// is cut with a note, long lists are folded, and every table keeps its
// header.
func TestDiffMarkdownLong(t *testing.T) {
	d := &result.Diff{Organization: result.Organization{Currency: "USD"}, NewBySeverity: map[result.Severity]int{}}
	for i := range 3000 {
		id := fmt.Sprintf("tool_%04d", i)
		d.Tools = append(d.Tools, result.ToolChange{ID: id, Name: "Tool " + id, Change: result.Added,
			CostAfter: decimal.NewFromInt(1000), CostDelta: decimal.NewFromInt(1000)})
		d.FindingsNew = append(d.FindingsNew, result.Finding{Rule: "tool-without-owner", Severity: result.High,
			Message: strings.Repeat("x", 40), Subjects: []result.Subject{{Kind: "tool", ID: id}}, Fingerprint: id})
		d.NewBySeverity[result.High]++
	}
	md := renderDiff(t, "markdown", d, report.Options{})
	assert.LessOrEqual(t, len(md), report.MaxMarkdownLength)
	assert.Contains(t, md, "rows are not shown here")
	assert.Contains(t, md, "<details><summary><b>Tools (3000)</b></summary>")
	assert.Contains(t, md, "**3000 new high or critical findings**")
	assert.True(t, strings.HasSuffix(md, "prints every change</sub>\n"))
	assertTablesWellFormed(t, md)
}

// TestDiffEmpty: nothing changed is said, and JSON lists are [] not null.
func TestDiffEmpty(t *testing.T) {
	d := &result.Diff{Schema: result.DiffSchema, Organization: result.Organization{Currency: "EUR"}}
	assert.True(t, d.Empty())
	assert.Contains(t, renderDiff(t, "text", d, report.Options{}), "No changes to spend, tools, flows, overlaps or findings.")
	assert.Contains(t, renderDiff(t, "markdown", d, report.Options{}), "**No changes**")
	assert.Empty(t, renderDiff(t, "github", d, report.Options{}))
	js := renderDiff(t, "json", d, report.Options{})
	assert.NotContains(t, js, "null")
	assert.Contains(t, js, `"findings_new": []`)
	assert.Contains(t, js, `"schema": "stackaudit.diff/v1"`)
}

// TestDiffGitHubEscaping: a message cannot end a workflow command or start
// another, and a file name cannot add a property.
func TestDiffGitHubEscaping(t *testing.T) {
	d := &result.Diff{FindingsNew: []result.Finding{{Rule: "custom", Severity: result.Low,
		Message:  "line one\n::error::injected 100%",
		Location: result.Location{File: "a,b:c.hcl", Line: 3}}}}
	got := renderDiff(t, "github", d, report.Options{})
	assert.Equal(t, "::notice file=a%2Cb%3Ac.hcl,line=3,title=custom (low)::line one%0A::error::injected 100%25\n", got)
}

func TestWriteDiffUnknownFormat(t *testing.T) {
	err := report.WriteDiff(&bytes.Buffer{}, "sarif", &result.Diff{}, report.Options{})
	assert.ErrorIs(t, err, report.ErrUnknownFormat)
}
