package report

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/stackaudit/stackaudit/internal/plural"
	"github.com/stackaudit/stackaudit/internal/termsafe"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
)

// ANSI styles of the text format, used only with Options.Color.
const (
	ansiReset   = "\x1b[0m"
	ansiBold    = "\x1b[1m"
	ansiDim     = "\x1b[2m"
	ansiRed     = "\x1b[31m"
	ansiYellow  = "\x1b[33m"
	ansiBlue    = "\x1b[34m"
	ansiMagenta = "\x1b[35m"
	ansiCyan    = "\x1b[36m"
)

// textWriter writes the text format, with or without colour.
type textWriter struct {
	buf   *bytes.Buffer
	color bool
	width int
}

func (t *textWriter) paint(style, s string) string {
	if !t.color || s == "" {
		return s
	}
	return style + s + ansiReset
}

func severityStyle(s result.Severity) string {
	switch s {
	case result.Critical:
		return ansiBold + ansiMagenta
	case result.High:
		return ansiBold + ansiRed
	case result.Medium:
		return ansiBold + ansiYellow
	case result.Low:
		return ansiBold + ansiBlue
	default:
		return ansiBold
	}
}

// writeText renders findings grouped by severity, most severe first, then
// the waived ones, then a summary line (with a baseline, only the new
// findings are listed and the existing ones counted in one line):
//
//	HIGH (1)
//
//	  tools/hubspot.hcl:12  tool-without-owner
//	    HubSpot Marketing Hub has no owning team
//	    subjects: tool.hubspot
//
//	1 finding: 0 critical, 1 high, 0 medium, 0 low, 0 info · 0 waived · 2 tools · annual spend USD 9,835.00
//
// Strings from the inventory or a vendor are stripped of terminal control
// sequences, so that a tool name cannot rewrite the log.
func writeText(buf *bytes.Buffer, r *result.Result, o Options) error {
	t := &textWriter{buf: buf, color: o.Color, width: o.Width}
	loc := newLocator(r, o.BaseDir)
	all := textOrder(r)
	// With a baseline only the new findings are listed: the existing
	// ones are counted in one line, not printed one by one (a gate on a
	// stack with 250 known findings must show the one that is new).
	var open, waived []result.Finding
	existing := 0
	for _, f := range all {
		switch {
		case f.Baseline == "existing":
			existing++
		case f.Waived():
			waived = append(waived, f)
		default:
			open = append(open, f)
		}
	}
	for _, group := range severityGroups(open) {
		sev := group[0].Severity
		fmt.Fprintf(buf, "%s\n\n", t.paint(severityStyle(sev), fmt.Sprintf("%s (%d)", strings.ToUpper(severityName(sev)), len(group))))
		for i := range group {
			t.finding(loc, &group[i], false)
		}
	}
	if len(waived) > 0 {
		fmt.Fprintf(buf, "%s\n\n", t.paint(ansiBold+ansiDim, fmt.Sprintf("WAIVED (%d)", len(waived))))
		for i := range waived {
			t.finding(loc, &waived[i], true)
		}
	}
	switch {
	case len(all) == 0:
		fmt.Fprintf(buf, "%s\n\n", t.paint(ansiBold, "No findings."))
	case len(open)+len(waived) == 0:
		fmt.Fprintf(buf, "%s\n\n", t.paint(ansiBold, "No new findings."))
	}
	if existing > 0 {
		fmt.Fprintf(buf, "%s\n\n", t.paint(ansiDim, fmt.Sprintf("%s already in the baseline, not shown (run without --baseline to list them).",
			plural.Count(existing, "existing finding", "existing findings"))))
	}
	t.summary(r, countFindings(all))
	return nil
}

func (t *textWriter) finding(loc *locator, f *result.Finding, waived bool) {
	where := loc.of(f).String()
	if where == "" {
		where = "(inventory)"
	}
	head := "  " + t.paint(ansiCyan, terminalSafe(where)) + "  " + t.paint(ansiBold, terminalSafe(f.Rule))
	if waived {
		head += " " + t.paint(severityStyle(f.Severity), "("+string(f.Severity)+")")
	}
	t.buf.WriteString(head + "\n")
	msg := f.Message
	if strings.TrimSpace(msg) == "" {
		msg = f.Title
	}
	t.indented(msg, "")
	if len(f.Subjects) > 0 {
		t.indented(subjectList(f.Subjects), "subjects: ")
	}
	if waived {
		t.indented(f.Waiver.ID+": "+waiverNote(f.Waiver), "waived by ")
	}
	t.buf.WriteString("\n")
}

// indented writes s under a finding, every line indented; label prefixes
// the first line and is dimmed.
func (t *textWriter) indented(s, label string) {
	lines := strings.Split(strings.TrimRight(terminalSafe(s), "\n"), "\n")
	for i, line := range lines {
		if i == 0 && label != "" {
			line = t.paint(ansiDim, label) + line
		}
		for _, part := range wrap(line, t.width-4) {
			t.buf.WriteString("    " + part + "\n")
		}
	}
}

// textOrder is the reading order of the text format: most severe first,
// then the most money at stake (the annual cost of the tools a finding
// names), then by file and line; ties as result.SortedFindings orders.
func textOrder(r *result.Result) []result.Finding {
	all := result.SortedFindings(r.Findings)
	cost := make(map[string]decimal.Decimal, len(r.Tools))
	for _, t := range r.Tools {
		if t != nil {
			cost[t.ID] = t.AnnualCost
		}
	}
	stakes := make(map[*result.Finding]decimal.Decimal, len(all))
	for i := range all {
		var d decimal.Decimal
		for _, s := range all[i].Subjects {
			if s.Kind == "tool" {
				d = d.Add(cost[s.ID])
			}
		}
		stakes[&all[i]] = d
	}
	// Sort a permutation: the stakes are keyed by the findings' places.
	order := make([]int, len(all))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := &all[order[i]], &all[order[j]]
		if ra, rb := a.Severity.Rank(), b.Severity.Rank(); ra != rb {
			return ra > rb
		}
		if c := stakes[a].Cmp(stakes[b]); c != 0 {
			return c > 0
		}
		if a.Location.File != b.Location.File {
			return a.Location.File < b.Location.File
		}
		return a.Location.Line < b.Location.Line
	})
	out := make([]result.Finding, len(all))
	for i, k := range order {
		out[i] = all[k]
	}
	return out
}

// wrap breaks a line at spaces into parts of at most width characters
// (a longer word stays whole); width < 20 does not wrap.
func wrap(line string, width int) []string {
	if width < 20 || utf8.RuneCountInString(line) <= width {
		return []string{line}
	}
	var parts []string
	cur := ""
	for _, word := range strings.Split(line, " ") {
		switch {
		case cur == "":
			cur = word
		case utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(word) <= width:
			cur += " " + word
		default:
			parts = append(parts, cur)
			cur = word
		}
	}
	return append(parts, cur)
}

func (t *textWriter) summary(r *result.Result, c counts) {
	var parts []string
	for _, sev := range result.AllSeverities() {
		n := fmt.Sprintf("%d %s", c.bySeverity[sev], sev)
		if c.bySeverity[sev] > 0 {
			n = t.paint(severityStyle(sev), n)
		}
		parts = append(parts, n)
	}
	line := plural.Count(c.open, "finding", "findings") + ": " + strings.Join(parts, ", ")
	line += " · " + fmt.Sprintf("%d waived", c.waived)
	if c.baseline {
		line += " · " + fmt.Sprintf("%d new", c.newOnes)
	}
	line += " · " + plural.Count(r.Summary.Tools, "tool", "tools")
	line += " · annual spend " + policies.Money(terminalSafe(r.Organization.Currency), r.Summary.AnnualSpend)
	t.buf.WriteString(line + "\n")
}

// terminalSafe makes a string from an inventory or a vendor safe to print:
// control characters other than newline and tab (ESC, CR, backspace, …)
// and the bidirectional override and isolate characters that can reorder
// what a reader sees are shown escaped, as \x1b or \u202e.
func terminalSafe(s string) string {
	return termsafe.Escape(s, unsafeRune, false)
}

func unsafeRune(r rune) bool {
	return r != '\n' && r != '\t' && termsafe.Unsafe(r)
}
