package report

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/stackaudit/stackaudit/internal/plural"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
)

// writeDiffText renders a diff for a terminal: the spend line, then one
// section per kind of change that has any (tools, flows, overlaps, new and
// resolved findings), then a one-line summary:
//
//	Annual spend: USD 2,832,580.70 → USD 2,874,800.70 (+USD 42,220, +1.5%)
//
//	Tools added (1)
//	  + matomo  Matomo Cloud  +USD 48,000 a year
//	…
//	+USD 42,220 a year · 2 new findings (1 high, 1 medium) · 1 resolved
func writeDiffText(buf *bytes.Buffer, d *result.Diff, o Options) error {
	t := &textWriter{buf: buf, color: o.Color}
	cur := terminalSafe(d.Organization.Currency)
	loc := diffLocator(d, o.BaseDir)
	if d.Base != "" || d.Head != "" {
		fmt.Fprintf(buf, "%s\n\n", t.paint(ansiBold, "stackaudit diff "+terminalSafe(d.Base)+" → "+terminalSafe(d.Head)+asOfText(d.AsOf)))
	}
	fmt.Fprintf(buf, "Annual spend: %s → %s (%s)\n\n", policies.Money(cur, d.Spend.Before), policies.Money(cur, d.Spend.After), spendDeltaText(cur, d))
	for _, kind := range []struct{ change, title, mark string }{
		{result.Added, "Tools added", "+"}, {result.Removed, "Tools removed", "-"}, {result.Changed, "Tools changed", "~"},
	} {
		textSection(t, kind.title, d.ToolsBy(kind.change), func(tc result.ToolChange) {
			line := fmt.Sprintf("  %s %s  %s", kind.mark, terminalSafe(tc.ID), terminalSafe(tc.Name))
			if !tc.CostDelta.IsZero() {
				line += "  " + signedMoney(cur, tc.CostDelta) + " a year"
			}
			buf.WriteString(line + "\n")
			textFields(buf, tc.Fields, cur)
		})
	}
	flows := func(title, mark string, fs []*result.FlowFact) {
		textSection(t, title, fs, func(f *result.FlowFact) {
			fmt.Fprintf(buf, "  %s %s  %s → %s  (%s)\n", mark, terminalSafe(f.ID), terminalSafe(f.From), terminalSafe(f.To), terminalSafe(flowData(f)))
		})
	}
	flows("Flows added", "+", d.FlowsAdded)
	flows("Flows removed", "-", d.FlowsRemoved)
	textSection(t, "Flows changed", d.FlowsChanged, func(c result.FlowChange) {
		fmt.Fprintf(buf, "  ~ %s\n", terminalSafe(c.After.ID))
		textFields(buf, c.Fields, cur)
	})
	overlaps := func(title, mark string, os []*result.Overlap) {
		textSection(t, title, os, func(ov *result.Overlap) {
			fmt.Fprintf(buf, "  %s %s: %s  (combined %s a year)\n", mark, terminalSafe(strings.Join(ov.Capabilities, ", ")),
				terminalSafe(strings.Join(ov.Tools, ", ")), policies.Money(cur, ov.CombinedCost))
		})
	}
	overlaps("Overlaps created", "+", d.OverlapsCreated)
	overlaps("Overlaps resolved", "-", d.OverlapsResolved)
	findings := func(title string, fs []result.Finding) {
		// A blank line stands between the title and each finding.
		textSection(t, title, fs, func(f result.Finding) {
			where := loc.of(&f).String()
			if where == "" {
				where = "(inventory)"
			}
			head := "  " + t.paint(severityStyle(f.Severity), strings.ToUpper(string(f.Severity))) + "  " +
				t.paint(ansiCyan, terminalSafe(where)) + "  " + t.paint(ansiBold, terminalSafe(f.Rule))
			if f.Waived() {
				head += " " + t.paint(ansiDim, "[waived]")
			}
			buf.WriteString("\n" + head + "\n")
			t.indented(firstNonBlank(f.Message, f.Title), "")
		})
	}
	findings("New findings", d.FindingsNew)
	findings("Resolved findings", d.FindingsResolved)
	if d.Empty() {
		buf.WriteString("No changes to spend, tools, flows, overlaps or findings.\n\n")
	}
	buf.WriteString(diffSummary(d, cur) + "\n")
	return nil
}

// textSection writes one section of the text diff: its title with the
// count of items in bold, what line writes for each item, and a blank
// line; nothing at all without items. Every kind of change (tools, flows,
// overlaps, findings) is a section of this form.
func textSection[T any](t *textWriter, title string, items []T, line func(T)) {
	if len(items) == 0 {
		return
	}
	fmt.Fprintf(t.buf, "%s\n", t.paint(ansiBold, fmt.Sprintf("%s (%d)", title, len(items))))
	for _, it := range items {
		line(it)
	}
	t.buf.WriteString("\n")
}

func asOfText(asOf string) string {
	if asOf == "" {
		return ""
	}
	return " (as of " + asOf + ")"
}

// diffSummary is the one line every diff format ends or starts with:
// "+USD 42,220 a year · 2 new findings (1 high, 1 medium) · 1 resolved".
func diffSummary(d *result.Diff, cur string) string {
	line := signedMoney(cur, d.Spend.Delta) + " a year"
	n := 0
	for _, c := range d.NewBySeverity {
		n += c
	}
	line += " · " + plural.Count(n, "new finding", "new findings")
	if n > 0 {
		line += " (" + newSeverityList(d) + ")"
	}
	line += fmt.Sprintf(" · %d resolved", len(d.FindingsResolved))
	return line
}

// textFields writes "      annual cost: USD 90,000 → USD 102,000" lines.
func textFields(buf *bytes.Buffer, fields []result.FieldChange, cur string) {
	for _, f := range fields {
		fmt.Fprintf(buf, "      %s: %s → %s\n", fieldLabel(f.Field), terminalSafe(fieldValue(f.Field, f.Before, cur)), terminalSafe(fieldValue(f.Field, f.After, cur)))
	}
}
