package report_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/report"
)

// unescapedPipes counts the | that separate cells.
func unescapedPipes(row string) int {
	n := 0
	for i := 0; i < len(row); i++ {
		switch row[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n
}

// checkTables verifies that every table row belongs to a table with a
// header and a delimiter row, and that every row has as many cells as its
// header; and that <details> blocks are balanced.
func checkTables(t *testing.T, md string) {
	t.Helper()
	ls := lines(md)
	cols := -1
	open := 0
	for i, line := range ls {
		switch {
		case strings.HasPrefix(line, "<details>"):
			open++
			assert.Equal(t, 1, open, "line %d: nested or unclosed <details>", i+1)
		case line == "</details>":
			open--
			assert.Equal(t, 0, open, "line %d: </details> without <details>", i+1)
		}
		if !strings.HasPrefix(line, "|") {
			cols = -1
			continue
		}
		if cols < 0 {
			require.Less(t, i+1, len(ls), "table header on the last line")
			require.True(t, strings.HasPrefix(ls[i+1], "|---") || strings.HasPrefix(ls[i+1], "|:--"),
				"line %d starts a table without a delimiter row: %q", i+1, line)
			cols = unescapedPipes(line)
			continue
		}
		assert.Equal(t, cols, unescapedPipes(line), "line %d has the wrong number of cells: %q", i+1, line)
	}
	assert.Equal(t, 0, open, "unclosed <details>")
}

func TestMarkdownTablesAreWellFormed(t *testing.T) {
	for name, r := range map[string]*result.Result{"fixture": fixture(), "baseline": fixtureBaseline()} {
		t.Run(name, func(t *testing.T) {
			checkTables(t, render(t, "markdown", r, fixtureOptions()))
		})
	}
}

// TestMarkdownEscaping: a message with |, a newline, HTML and Markdown
// syntax stays inside its cell and shows as text.
func TestMarkdownEscaping(t *testing.T) {
	md := render(t, "markdown", fixture(), fixtureOptions())
	var row string
	for _, line := range lines(md) {
		if strings.Contains(line, "pii-needs-dpa") {
			row = line
		}
	}
	require.NotEmpty(t, row)
	assert.Equal(t, 5, unescapedPipes(row), "four cells: %s", row)
	assert.Contains(t, row, `Tool "A&amp;B &lt;Ltd&gt;" \| 'quoted' costs &gt; 5 &amp; &lt; 10<br>second line: 日本語 العربية \]\]&gt; \`+"`code\\` \\*bold\\*")
	assert.NotContains(t, md, "<Ltd>")
	// A file name with < and & is a code span: shown literally, never
	// interpreted.
	assert.Contains(t, row, "| `tools/a&b <ltd> 日本.hcl:7` |")

	// The waived row with | in its reason.
	assert.Contains(t, md, `Free plan &lt;for now&gt; \| "pilot"`)

	// Markup in a message cannot open an HTML element or a link.
	r := &result.Result{Findings: []result.Finding{
		finding("x", result.High, "t", "<details><summary>x</summary> [link](https://evil.example) @here\r\nnext", result.Location{}),
	}}
	md = render(t, "markdown", r, report.Options{})
	assert.NotContains(t, md, "<details><summary>x")
	assert.Contains(t, md, `\[link\](https://evil.example)`)
	assert.NotContains(t, md, "\r")
	checkTables(t, md)
}

// TestMarkdownTruncation renders 100,000 findings: the comment stays under
// GitHub's limit, keeps its head and tail, and says what it left out.
func TestMarkdownTruncation(t *testing.T) {
	const n = 100_000
	r := &result.Result{
		AsOf:         "2026-11-20",
		Organization: result.Organization{Name: "Big Co", Currency: "USD"},
		Summary:      result.Summary{Tools: n, AnnualSpend: decimal.RequireFromString("1234567.89")},
	}
	sevs := result.AllSeverities()
	for i := range n {
		f := finding("rule-"+strconv.Itoa(i%7), sevs[i%len(sevs)], "Title",
			fmt.Sprintf("Finding number %06d | with a pipe\nand a newline", i),
			at(fmt.Sprintf("tools/t%06d.hcl", i), i%50+1, 1, 1, 2), sub("tool", fmt.Sprintf("t%06d", i)))
		if i%1000 == 0 {
			f.Waiver = &result.AppliedWaiver{ID: "w", Reason: "waived " + strconv.Itoa(i)}
		}
		r.Findings = append(r.Findings, f)
	}
	md := render(t, "markdown", r, fixtureOptions())

	assert.LessOrEqual(t, len(md), report.MaxMarkdownLength)
	assert.LessOrEqual(t, len(md), 65536)
	assert.Greater(t, len(md), report.MaxMarkdownLength-2000, "the room is used")

	// Head: title and summary.
	assert.True(t, strings.HasPrefix(md, "## stackaudit check\n\n| Tools | Annual spend |"), md[:200])
	assert.Contains(t, md, "| 100000 | USD 1,234,567.89 | 19900 | 20000 | 20000 | 20000 | 20000 | 100 |")
	// The first finding in order, and the tail: the last waived one
	// (rule-6, t099000) and the footer.
	assert.Contains(t, md, "| `rule-0` | `tool.t000035` |", "head rows: the first finding in order (0 is waived)")
	assert.Contains(t, md, "waived 99000", "tail rows: the last waived finding")
	assert.Contains(t, md, "</details>")
	assert.True(t, strings.HasSuffix(md, "`stackaudit check --format text` prints every finding</sub>\n"))

	// The note, with the count of what is left out.
	m := regexp.MustCompile(`> ([\d,]+) of 100,000 findings are not shown here: .*Run ` + "`stackaudit check --format text`" + ` to see them all\.`).FindStringSubmatch(md)
	require.NotNil(t, m, "truncation note")
	left, err := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
	require.NoError(t, err)
	shown := 0
	for _, line := range lines(md) {
		if strings.Contains(line, "| `rule-") {
			shown++
		}
	}
	assert.Equal(t, n, shown+left, "every finding is either shown or counted in the note")
	assert.Greater(t, shown, 100)
	checkTables(t, md)

	// The note sits between the head and the tail, once.
	assert.Equal(t, 1, strings.Count(md, "[!NOTE]"))
	assert.Less(t, strings.Index(md, "| `rule-0` | `tool.t000035` |"), strings.Index(md, "[!NOTE]"))
	assert.Less(t, strings.Index(md, "[!NOTE]"), strings.Index(md, "waived 99000"))
}

// TestMarkdownNoTruncationNote: a comment that fits has no note.
func TestMarkdownNoTruncationNote(t *testing.T) {
	md := render(t, "markdown", fixture(), fixtureOptions())
	assert.NotContains(t, md, "[!NOTE]")
	assert.NotContains(t, md, "not shown")
}

// TestMarkdownBaseline: with a baseline, new findings come first and the
// existing ones are collapsed.
func TestMarkdownBaseline(t *testing.T) {
	md := render(t, "markdown", fixtureBaseline(), fixtureOptions())
	newAt := strings.Index(md, "### New findings (2)")
	existingAt := strings.Index(md, "<details><summary>Existing findings (5)")
	waivedAt := strings.Index(md, "<details><summary>Waived findings (2)")
	require.GreaterOrEqual(t, newAt, 0, md)
	require.Greater(t, existingAt, newAt)
	require.Greater(t, waivedAt, existingAt)
	assert.Contains(t, md, "2 new findings since the baseline")
}
