package report_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
)

// gfmDoc is a Markdown comment as a GFM renderer (goldmark with the GFM
// extension, as GitHub renders comments) reads it.
type gfmDoc struct {
	src    []byte
	root   ast.Node
	tables []gfmTable
	links  []string
	// fences maps a fenced block's language to its contents.
	fences map[string][]string
	// html is the raw HTML blocks and inline HTML, in order.
	html string
	// out is the rendered HTML.
	out string
}

type gfmTable struct {
	header []string
	rows   [][]string
}

func parseGFM(t *testing.T, src []byte) *gfmDoc {
	t.Helper()
	md := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(html.WithUnsafe()))
	d := &gfmDoc{src: src, fences: map[string][]string{}}
	d.root = md.Parser().Parse(text.NewReader(src))
	var htmlParts []string
	require.NoError(t, ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *east.Table:
			var tb gfmTable
			for row := n.FirstChild(); row != nil; row = row.NextSibling() {
				var cells []string
				for c := row.FirstChild(); c != nil; c = c.NextSibling() {
					cells = append(cells, plain(c, src))
				}
				if _, ok := row.(*east.TableHeader); ok {
					tb.header = cells
				} else {
					tb.rows = append(tb.rows, cells)
				}
			}
			d.tables = append(d.tables, tb)
		case *ast.Link:
			d.links = append(d.links, string(n.Destination))
		case *ast.FencedCodeBlock:
			var b strings.Builder
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				b.Write(seg.Value(src))
			}
			lang := string(n.Language(src))
			d.fences[lang] = append(d.fences[lang], b.String())
		case *ast.HTMLBlock:
			var b strings.Builder
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				b.Write(seg.Value(src))
			}
			if n.HasClosure() {
				b.Write(n.ClosureLine.Value(src))
			}
			htmlParts = append(htmlParts, b.String())
		case *ast.RawHTML:
			for i := 0; i < n.Segments.Len(); i++ {
				seg := n.Segments.At(i)
				htmlParts = append(htmlParts, string(seg.Value(src)))
			}
		}
		return ast.WalkContinue, nil
	}))
	d.html = strings.Join(htmlParts, "")
	var out bytes.Buffer
	require.NoError(t, md.Renderer().Render(&out, src, d.root))
	d.out = out.String()
	return d
}

// plain is a node's text as a reader sees it: code spans' contents,
// escapes resolved.
func plain(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// table is the first table whose header is exactly cols.
func (d *gfmDoc) table(t *testing.T, cols ...string) gfmTable {
	t.Helper()
	for _, tb := range d.tables {
		if strings.Join(tb.header, "|") == strings.Join(cols, "|") {
			return tb
		}
	}
	var seen []string
	for _, tb := range d.tables {
		seen = append(seen, strings.Join(tb.header, " | "))
	}
	t.Fatalf("no table with the columns %q; tables:\n%s", cols, strings.Join(seen, "\n"))
	return gfmTable{}
}

var (
	locationCell = regexp.MustCompile(`^(.+\.hcl:\d+|—)$`)
	ruleDocLink  = regexp.MustCompile(`^https://github\.com/stackaudit/stackaudit/blob/main/docs/rules/([a-z0-9-]+)\.md$`)
)

// checkRows: every row has the header's cells, and the last column (a
// location) holds a location, so that no unescaped pipe in a message
// shifted the cells.
func checkRows(t *testing.T, tb gfmTable, locationLast bool) {
	t.Helper()
	require.NotEmpty(t, tb.rows, "table %q has rows", tb.header)
	for i, row := range tb.rows {
		require.Len(t, row, len(tb.header), "row %d of %q", i, tb.header)
		if locationLast {
			assert.Regexp(t, locationCell, row[len(row)-1], "row %d of %q", i, tb.header)
		}
	}
}

// checkRuleLinks: every link to a rule's documentation names a page that
// exists in docs/rules.
func checkRuleLinks(t *testing.T, d *gfmDoc) int {
	t.Helper()
	n := 0
	for _, l := range d.links {
		m := ruleDocLink.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		n++
		_, err := os.Stat(filepath.Join("..", "docs", "rules", m[1]+".md"))
		assert.NoError(t, err, "the link %s names a rule page that exists", l)
	}
	return n
}

// TestDiffMarkdownGFM renders the diff comment of acme's two versions as
// GitHub would and checks what a reviewer sees.
func TestDiffMarkdownGFM(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "diff_acme_markdown.golden"))
	require.NoError(t, err)
	d := parseGFM(t, src)

	tools := d.table(t, "Tool", "Change", "Before", "After", "Delta", "What changed")
	checkRows(t, tools, false)
	for _, row := range tools.rows {
		assert.Regexp(t, `^([+-]?[A-Z]{3} [\d,.]+|—)$`, row[4], "the delta column holds money")
	}
	for _, cols := range [][]string{
		{"Severity", "Rule", "Subject", "Message", "Location"},
	} {
		checkRows(t, d.table(t, cols...), true)
	}
	checkRows(t, d.table(t, "Flow", "Change", "From", "To", "Data"), false)
	checkRows(t, d.table(t, "Change", "Capabilities", "Tools", "Combined cost"), false)

	assert.GreaterOrEqual(t, checkRuleLinks(t, d), 3, "new and resolved findings link to their rules")

	require.Len(t, d.fences["mermaid"], 1, "one mermaid diagram survives as a fenced block")
	assert.True(t, strings.HasPrefix(d.fences["mermaid"][0], "flowchart LR\n"))
	assert.Contains(t, d.fences["mermaid"][0], "-->")
	assert.Contains(t, d.out, `<pre><code class="language-mermaid">`)
	// Nothing of the Markdown leaks as literal syntax into the page.
	assert.NotContains(t, d.out, "|---")
}

// TestCheckMarkdownGFM renders check's comment (acme, and the fixture
// with a baseline) and checks its tables and folded sections.
func TestCheckMarkdownGFM(t *testing.T) {
	for _, name := range []string{"acme_markdown", "baseline_markdown", "fixture_markdown"} {
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("testdata", name+".golden"))
			require.NoError(t, err)
			d := parseGFM(t, src)
			require.NotEmpty(t, d.tables)
			summary := d.tables[0]
			require.Len(t, summary.rows, 1)
			assert.Equal(t, []string{"Tools", "Annual spend"}, summary.header[:2])
			for _, tb := range d.tables {
				last := tb.header[len(tb.header)-1] == "Location"
				checkRows(t, tb, last)
			}
			// Every <details> is closed, and holds a summary.
			opens, closes := strings.Count(d.html, "<details>"), strings.Count(d.html, "</details>")
			assert.Positive(t, opens)
			assert.Equal(t, opens, closes)
			assert.Equal(t, opens, strings.Count(d.out, "<summary>"))
			// A table inside <details> is still a table: the blank line
			// after the summary is there.
			i := strings.Index(d.out, "<details>")
			assert.Contains(t, d.out[i:], "<table>")
		})
	}
}

// TestBaselineMarkdownCountsOnlyNew: with a baseline the summary table's
// severity columns are the new findings, as the "new" note says.
func TestBaselineMarkdownCountsOnlyNew(t *testing.T) {
	d := parseGFM(t, []byte(render(t, "markdown", fixtureBaseline(), fixtureOptions())))
	s := d.tables[0]
	assert.Equal(t, []string{"Tools", "Annual spend", "New critical", "New high", "New medium", "New low", "New info", "Existing", "Waived"}, s.header)
	assert.Equal(t, []string{"0", "1", "0", "0", "1", "5", "2"}, s.rows[0][2:])
	assert.Contains(t, d.out, "2 new findings since the baseline")
}
