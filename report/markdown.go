package report

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/stackaudit/stackaudit/internal/digits"
	"github.com/stackaudit/stackaudit/internal/plural"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
)

// MaxMarkdownLength bounds the Markdown comment, in bytes: GitHub's
// 65,536-character comment limit, less 1,024 for the hidden marker that
// `stackaudit comment github` adds. Bytes are never fewer than the UTF-16
// units GitHub counts, so the bound holds for any text.
const MaxMarkdownLength = 65536 - 1024

// writeMarkdown writes a pull-request comment: a title, a summary table
// (tools, annual spend, unwaived findings by severity, waived), then the
// findings as tables, most severe first, and a footer. With a baseline
// (Finding.Baseline set) the new findings come first, grouped by severity,
// and the existing ones follow in a collapsed <details>; without one, every
// unwaived finding is grouped by severity. Waived findings are in a
// collapsed <details> at the end.
//
// A comment longer than MaxMarkdownLength loses rows from the middle: the
// head (title, summary, the first findings) and the tail (the last
// findings, the waived ones, the footer) stay, every table is closed and
// reopened with its header, and a note says how many findings were left out
// and how to see them all.
//
// The cost delta and the mermaid diagram of changed flows belong to
// `stackaudit diff`, which has both sides of a change; a single Result has
// no delta to show.
func writeMarkdown(buf *bytes.Buffer, r *result.Result, o Options) error {
	loc := newLocator(r, o.BaseDir)
	all := result.SortedFindings(r.Findings)
	c := countFindings(all)
	doc := mdDoc{head: markdownHead(r, o, c), tail: markdownTail(r, o)}

	var counting, existing, waived []result.Finding
	for _, f := range all {
		switch {
		case f.Waived():
			waived = append(waived, f)
		case f.Baseline == "existing":
			existing = append(existing, f)
		default:
			counting = append(counting, f)
		}
	}

	if len(r.Actions) > 0 {
		doc.add(markdownActions(r))
	}

	heading := fmt.Sprintf("### Findings (%d)\n\n", len(counting))
	if c.baseline {
		heading = fmt.Sprintf("### New findings (%d)\n\n", len(counting))
	}
	switch {
	case len(counting) == 0 && len(all) == 0:
		doc.add(mdSection{open: "**No findings.**\n\n"})
	case len(counting) == 0 && c.baseline:
		doc.add(mdSection{open: heading + "No new findings: every finding is already in the baseline.\n\n"})
	case len(counting) == 0:
		doc.add(mdSection{open: heading + "No unwaived findings.\n\n"})
	default:
		for i, group := range severityGroups(counting) {
			s := mdSection{
				open:  fmt.Sprintf("#### %s (%d)\n\n| Rule | Subject | Message | Location |\n|---|---|---|---|\n", severityName(group[0].Severity), len(group)),
				close: "\n",
			}
			if i == 0 {
				s.open = heading + s.open
			}
			doc.add(mdFindingRows(s, group, func(f *result.Finding) string {
				return fmt.Sprintf("| %s | %s |\n", mdFindingCells(f), mdLocation(loc, f))
			}))
		}
	}

	if len(existing) > 0 {
		s := mdDetails(fmt.Sprintf("Existing findings (%d): already in the baseline, they do not fail the check", len(existing)),
			"| Severity | Rule | Subject | Message | Location |\n|---|---|---|---|---|\n")
		doc.add(mdFindingRows(s, existing, func(f *result.Finding) string {
			return fmt.Sprintf("| %s | %s | %s |\n", severityName(f.Severity), mdFindingCells(f), mdLocation(loc, f))
		}))
	}

	if len(waived) > 0 {
		s := mdDetails(fmt.Sprintf("Waived findings (%d)", len(waived)),
			"| Severity | Rule | Subject | Message | Reason | Approved by | Expires |\n|---|---|---|---|---|---|---|\n")
		doc.add(mdFindingRows(s, waived, func(f *result.Finding) string {
			w := f.Waiver
			expires := "—"
			if !w.Expires.IsZero() {
				expires = w.Expires.Format("2006-01-02")
			}
			return fmt.Sprintf("| %s | %s | %s | %s | %s |\n", severityName(f.Severity), mdFindingCells(f),
				mdCell(firstNonBlank(w.Reason, "waiver "+w.ID)), mdCell(firstNonBlank(w.ApprovedBy, "—")), expires)
		}))
	}

	buf.WriteString(doc.render(MaxMarkdownLength))
	return nil
}

// mdFindingRows adds to the table of s a row per finding, as row writes it:
// the findings by severity, the existing and the waived findings are
// tables of this form with their own columns.
func mdFindingRows(s mdSection, fs []result.Finding, row func(*result.Finding) string) mdSection {
	for i := range fs {
		s.rows = append(s.rows, row(&fs[i]))
	}
	return s
}

// markdownActions is the ranked Actions list (docs/money.md): what to
// decide, what it saves and by when.
func markdownActions(r *result.Result) mdSection {
	cur := truncateRunes(r.Organization.Currency, 8)
	s := mdSection{open: fmt.Sprintf("### Actions (%d)\n\n| # | Decision | Action | Saving a year | Act by | Owner |\n|---:|---|---|---:|---|---|\n", len(r.Actions)), close: "\n"}
	for _, a := range r.Actions {
		amount, by, owner := "—", "—", "—"
		if a.Amount.IsPositive() {
			amount = mdCell(policies.Money(cur, a.Amount))
		}
		if a.ActBy != nil {
			by = a.ActBy.Format("2006-01-02")
		}
		if a.Owner != "" {
			owner = mdCode(a.Owner)
		}
		s.rows = append(s.rows, fmt.Sprintf("| %d | %s | %s | %s | %s | %s |\n", a.Rank, mdCode(a.Kind),
			mdCell(a.Title+": "+a.Detail), amount, by, owner))
	}
	return s
}

// mdDetails is a folded section: a table, opened by header, under a
// summary line.
func mdDetails(summary, header string) mdSection {
	return mdSection{open: "<details><summary>" + summary + "</summary>\n\n" + header, close: "\n</details>\n\n"}
}

// mdFindingCells are the cells every findings table has: rule, subjects
// and message.
func mdFindingCells(f *result.Finding) string {
	return mdCode(f.Rule) + " | " + mdSubjects(f.Subjects) + " | " + mdCell(firstNonBlank(f.Message, f.Title))
}

func markdownHead(r *result.Result, o Options, c counts) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## %s\n\n", mdEscape(truncateRunes(o.title(), 200)))
	// With a baseline the severity columns count the new findings only,
	// so that no old finding is counted next to "new"; the existing ones
	// get a column of their own.
	if c.baseline {
		b.WriteString("| Tools | Annual spend | New critical | New high | New medium | New low | New info | Existing | Waived |\n")
		b.WriteString("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	} else {
		b.WriteString("| Tools | Annual spend | Critical | High | Medium | Low | Info | Waived |\n")
		b.WriteString("|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	}
	fmt.Fprintf(&b, "| %d | %s |", r.Summary.Tools, mdCell(policies.Money(truncateRunes(r.Organization.Currency, 8), r.Summary.AnnualSpend)))
	for _, sev := range result.AllSeverities() {
		if c.baseline {
			fmt.Fprintf(&b, " %d |", c.newBySeverity[sev])
		} else {
			fmt.Fprintf(&b, " %d |", c.bySeverity[sev])
		}
	}
	if c.baseline {
		fmt.Fprintf(&b, " %d |", c.open-c.newOnes)
	}
	fmt.Fprintf(&b, " %d |\n\n", c.waived)
	var meta []string
	if name := strings.TrimSpace(r.Organization.Name); name != "" {
		meta = append(meta, "**"+mdEscape(truncateRunes(name, 200))+"**")
	}
	if r.AsOf != "" {
		meta = append(meta, "as of "+mdEscape(r.AsOf))
	}
	if c.baseline {
		meta = append(meta, plural.Count(c.newOnes, "new finding", "new findings")+" since the baseline")
	}
	if sm := r.Summary; sm.TotalSavings.IsPositive() || sm.UnmeasuredSpend.IsPositive() {
		cur := truncateRunes(r.Organization.Currency, 8)
		line := fmt.Sprintf("savings %s a year (waste %s, consolidation %s)", policies.Money(cur, sm.TotalSavings),
			policies.Money(cur, sm.EstimatedWaste), policies.Money(cur, sm.ConsolidationSavings))
		if sm.UnmeasuredSpend.IsPositive() {
			line += fmt.Sprintf(" · %s of seat-based spend in %s not measured", policies.Money(cur, sm.UnmeasuredSpend), plural.Count(sm.UnmeasuredTools, "tool", "tools"))
		}
		meta = append(meta, mdEscape(line))
	}
	if len(meta) > 0 {
		b.WriteString(strings.Join(meta, " · ") + "\n\n")
	}
	return b.String()
}

func markdownTail(r *result.Result, o Options) string {
	by := "stackaudit"
	if v := strings.TrimSpace(o.Version); v != "" {
		by += " " + mdEscape(truncateRunes(v, 40))
	}
	return "---\n<sub>" + by + " · `stackaudit check --format text` prints every finding</sub>\n"
}

// mdLocation is the finding's file:line as code, or a dash.
func mdLocation(loc *locator, f *result.Finding) string {
	if p := loc.of(f).String(); p != "" {
		return mdCode(p)
	}
	return "—"
}

func mdSubjects(ss []result.Subject) string {
	if len(ss) == 0 {
		return "—"
	}
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = mdCode(s.String())
	}
	return strings.Join(parts, ", ")
}

// mdSection is a block of the comment that truncation can cut: its opening
// (headings, a table header), one row per finding, and its closing. When
// rows are left out, a section is closed before the note and opened again
// after it, so that every table keeps its header.
type mdSection struct {
	open  string
	rows  []string
	close string
	start int // index of its first row among all rows
}

type mdDoc struct {
	head     string
	sections []mdSection
	tail     string
	rows     int
	prefix   []int // prefix[i]: bytes of the rows before row i
	// noteText, when set, replaces the findings wording of the truncation
	// note (the diff's rows are tools, flows and findings).
	noteText func(left, total int) string
}

func (d *mdDoc) add(s mdSection) {
	s.start = d.rows
	d.rows += len(s.rows)
	if d.prefix == nil {
		d.prefix = []int{0}
	}
	for _, row := range s.rows {
		d.prefix = append(d.prefix, d.prefix[len(d.prefix)-1]+len(row))
	}
	d.sections = append(d.sections, s)
}

// rowBytes is the length of rows [i, j).
func (d *mdDoc) rowBytes(i, j int) int { return d.prefix[j] - d.prefix[i] }

func (d *mdDoc) note(left int) string {
	if d.noteText != nil {
		return d.noteText(left, d.rows)
	}
	return fmt.Sprintf("> [!NOTE]\n> %s of %s findings are not shown here: this comment would exceed GitHub's limit of 65,536 characters. "+
		"Run `stackaudit check --format text` to see them all.\n\n",
		digits.Int(left), digits.Int(d.rows))
}

// frontLen is the length of the head and everything before row a; backLen
// of everything from row b on, and the tail.
func (d *mdDoc) frontLen(a int) int {
	n := len(d.head)
	for _, s := range d.sections {
		end := s.start + len(s.rows)
		switch {
		case len(s.rows) == 0 && s.start <= a, len(s.rows) > 0 && end <= a:
			n += len(s.open) + d.rowBytes(s.start, end) + len(s.close)
		case len(s.rows) > 0 && s.start < a:
			n += len(s.open) + d.rowBytes(s.start, a) + len(s.close)
		}
	}
	return n
}

func (d *mdDoc) backLen(b int) int {
	n := len(d.tail)
	for _, s := range d.sections {
		end := s.start + len(s.rows)
		switch {
		case s.start >= b:
			n += len(s.open) + d.rowBytes(s.start, end) + len(s.close)
		case end > b:
			n += len(s.open) + d.rowBytes(b, end) + len(s.close)
		}
	}
	return n
}

// render writes the whole document when it fits in limit, else leaves out
// rows [a, b) from the middle: the front keeps about half the room, the
// back the rest.
func (d *mdDoc) render(limit int) string {
	n := d.rows
	if d.frontLen(n) <= limit-len(d.tail) {
		return d.write(n, n)
	}
	noteMax := len(d.note(n))
	room := limit - len(d.head) - len(d.tail) - noteMax
	a := 0
	for a < n && d.frontLen(a+1)-len(d.head) <= room/2 {
		a++
	}
	b := n
	for b > a && d.frontLen(a)+noteMax+d.backLen(b-1) <= limit {
		b--
	}
	return d.write(a, b)
}

func (d *mdDoc) write(a, b int) string {
	var out strings.Builder
	out.WriteString(d.head)
	part := func(s mdSection, from, to int) {
		out.WriteString(s.open)
		for _, row := range s.rows[from-s.start : to-s.start] {
			out.WriteString(row)
		}
		out.WriteString(s.close)
	}
	for _, s := range d.sections {
		end := s.start + len(s.rows)
		switch {
		case len(s.rows) == 0 && s.start <= a, len(s.rows) > 0 && end <= a:
			part(s, s.start, end)
		case len(s.rows) > 0 && s.start < a:
			part(s, s.start, a)
		}
	}
	if a < b {
		out.WriteString(d.note(b - a))
	}
	for _, s := range d.sections {
		end := s.start + len(s.rows)
		switch {
		case a < b && s.start >= b:
			part(s, s.start, end)
		case a < b && len(s.rows) > 0 && s.start < b && end > b:
			part(s, b, end)
		}
	}
	out.WriteString(d.tail)
	return out.String()
}

// mdCell escapes text for a Markdown table cell: HTML and Markdown
// punctuation are escaped, `|` cannot end the cell and newlines become
// <br>, so that no message, reason or name can break a table or inject
// markup.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, line := range lines {
		lines[i] = mdEscape(line)
	}
	return strings.Join(lines, "<br>")
}

// mdEscape escapes one line of inline text.
func mdEscape(s string) string {
	s = terminalSafe(strings.ReplaceAll(s, "\n", " "))
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\\', '`', '*', '_', '[', ']', '|', '~', '#':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mdCode is s as inline code, or escaped text when it holds what a code
// span in a table cannot (backticks, pipes, newlines, control characters).
func mdCode(s string) string {
	if s == "" || strings.ContainsAny(s, "`|\r\n") || strings.ContainsFunc(s, unsafeRune) {
		return mdCell(s)
	}
	return "`" + s + "`"
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
