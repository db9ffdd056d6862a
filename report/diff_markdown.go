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

// NoDiffMarker marks the comment of a diff that changes nothing relevant,
// so that `comment --skip-no-diff` posts nothing for it.
const NoDiffMarker = "<!-- stackaudit-diff empty -->"

// diffDetailsAfter is the longest list shown open; longer ones are folded
// in a <details>, so that a large change keeps the comment readable.
const diffDetailsAfter = 10

// writeDiffMarkdown writes the pull-request comment of a diff: one summary
// line (the spend delta and the new high findings), then, for what
// changed, a table of tools with their cost deltas, the new and resolved
// findings linking to the rules' documentation, a mermaid diagram of the
// added and changed flows with a table of every flow change, and the
// overlaps created or resolved. Lists longer than ten rows are folded.
// A comment longer than MaxMarkdownLength loses rows from the middle, with
// a note, as the check comment does.
func writeDiffMarkdown(buf *bytes.Buffer, d *result.Diff, o Options) error {
	cur := truncateRunes(d.Organization.Currency, 8)
	loc := diffLocator(d, o.BaseDir)
	doc := mdDoc{head: diffMarkdownHead(d, o, cur), tail: diffMarkdownTail(o)}
	doc.noteText = func(left, total int) string {
		return fmt.Sprintf("> [!NOTE]\n> %s of %s rows are not shown here: this comment would exceed GitHub's limit of 65,536 characters. "+
			"Run `stackaudit diff --format text` to see them all.\n\n", digits.Int(left), digits.Int(total))
	}
	if d.Empty() {
		doc.add(mdSection{open: "**No changes** to spend, tools, flows, overlaps or findings.\n" + NoDiffMarker + "\n\n"})
	}

	if len(d.Tools) > 0 {
		s := mdList(fmt.Sprintf("Tools (%d)", len(d.Tools)), len(d.Tools),
			"| Tool | Change | Before | After | Delta | What changed |\n|---|---|---:|---:|---:|---|\n")
		for _, t := range d.Tools {
			before, after := policies.Money(cur, t.CostBefore), policies.Money(cur, t.CostAfter)
			switch t.Change {
			case result.Added:
				before = "—"
			case result.Removed:
				after = "—"
			}
			var what []string
			for _, f := range t.Fields {
				what = append(what, mdEscape(fieldLabel(f.Field)+": "+fieldValue(f.Field, f.Before, cur)+" → "+fieldValue(f.Field, f.After, cur)))
			}
			s.rows = append(s.rows, fmt.Sprintf("| %s %s | %s | %s | %s | %s | %s |\n", mdCode(t.ID), mdCell(t.Name), t.Change,
				mdCell(before), mdCell(after), mdCell(signedMoney(cur, t.CostDelta)), firstNonBlank(strings.Join(what, "<br>"), "—")))
		}
		doc.add(s)
	}

	findings := func(title string, fs []result.Finding) {
		if len(fs) == 0 {
			return
		}
		s := mdList(fmt.Sprintf("%s (%d)", title, len(fs)), len(fs),
			"| Severity | Rule | Subject | Message | Location |\n|---|---|---|---|---|\n")
		for i := range fs {
			f := &fs[i]
			sev := severityName(f.Severity)
			if f.Waived() {
				sev += " (waived)"
			}
			s.rows = append(s.rows, fmt.Sprintf("| %s | %s | %s | %s | %s |\n", sev, mdRuleLink(f.Rule), mdSubjects(f.Subjects),
				mdCell(firstNonBlank(f.Message, f.Title)), mdLocation(loc, f)))
		}
		doc.add(s)
	}
	findings("New findings", d.FindingsNew)
	findings("Resolved findings", d.FindingsResolved)

	if edges := append(append([]*result.FlowFact(nil), d.FlowsAdded...), changedFlows(d)...); len(edges) > 0 {
		s := mdSection{open: "### Data flows added or changed\n\n```mermaid\nflowchart LR\n", close: "```\n\n"}
		for i, f := range edges {
			arrow := "-->"
			if i >= len(d.FlowsAdded) {
				arrow = "-.->"
			}
			s.rows = append(s.rows, fmt.Sprintf("  %s[\"%s\"] %s|\"%s\"| %s[\"%s\"]\n", mermaidID(f.From), mermaidText(firstNonBlank(f.FromName, f.From)),
				arrow, mermaidText(flowData(f)), mermaidID(f.To), mermaidText(firstNonBlank(f.ToName, f.To))))
		}
		doc.add(s)
	}
	if n := len(d.FlowsAdded) + len(d.FlowsRemoved) + len(d.FlowsChanged); n > 0 {
		s := mdList(fmt.Sprintf("Flows (%d)", n), n, "| Flow | Change | From | To | Data |\n|---|---|---|---|---|\n")
		row := func(f *result.FlowFact, change string) {
			s.rows = append(s.rows, fmt.Sprintf("| %s | %s | %s | %s | %s |\n", mdCode(f.ID), change, mdCode(f.From), mdCode(f.To), mdCell(firstNonBlank(flowData(f), "—"))))
		}
		for _, f := range d.FlowsAdded {
			row(f, "added")
		}
		for _, f := range d.FlowsRemoved {
			row(f, "removed")
		}
		for _, c := range d.FlowsChanged {
			var what []string
			for _, f := range c.Fields {
				what = append(what, f.Field)
			}
			row(c.After, "changed: "+strings.Join(what, ", "))
		}
		doc.add(s)
	}

	if n := len(d.OverlapsCreated) + len(d.OverlapsResolved); n > 0 {
		s := mdList(fmt.Sprintf("Overlapping tools (%d)", n), n, "| Change | Capabilities | Tools | Combined cost |\n|---|---|---|---:|\n")
		row := func(ov *result.Overlap, change string) {
			tools := make([]string, len(ov.Tools))
			for i, t := range ov.Tools {
				tools[i] = mdCode(t)
			}
			s.rows = append(s.rows, fmt.Sprintf("| %s | %s | %s | %s |\n", change, mdCell(strings.Join(ov.Capabilities, ", ")),
				strings.Join(tools, ", "), mdCell(policies.Money(cur, ov.CombinedCost))))
		}
		for _, ov := range d.OverlapsCreated {
			row(ov, "created")
		}
		for _, ov := range d.OverlapsResolved {
			row(ov, "resolved")
		}
		doc.add(s)
	}

	buf.WriteString(doc.render(MaxMarkdownLength))
	return nil
}

// mdList is a table under a heading, or folded in a <details> when it has
// more than diffDetailsAfter rows.
func mdList(title string, rows int, header string) mdSection {
	if rows > diffDetailsAfter {
		return mdDetails("<b>"+title+"</b>", header)
	}
	return mdSection{open: "### " + title + "\n\n" + header, close: "\n"}
}

func changedFlows(d *result.Diff) []*result.FlowFact {
	out := make([]*result.FlowFact, len(d.FlowsChanged))
	for i, c := range d.FlowsChanged {
		out[i] = c.After
	}
	return out
}

// mdRuleLink is the rule id linking to its documentation page, or the id
// alone for a custom policy.
func mdRuleLink(id string) string {
	if u := ruleDocURL(id); u != "" {
		return "[" + mdCode(id) + "](" + u + ")"
	}
	return mdCode(id)
}

func diffMarkdownHead(d *result.Diff, o Options, cur string) string {
	var b strings.Builder
	title := strings.TrimSpace(o.Title)
	if title == "" {
		title = "stackaudit diff"
	}
	fmt.Fprintf(&b, "## %s\n\n", mdEscape(truncateRunes(title, 200)))
	high := d.NewBySeverity[result.Critical] + d.NewBySeverity[result.High]
	total := 0
	for _, n := range d.NewBySeverity {
		total += n
	}
	line := fmt.Sprintf("**Annual spend %s** (%s → %s)", mdEscape(spendDeltaText(cur, d)),
		mdEscape(policies.Money(cur, d.Spend.Before)), mdEscape(policies.Money(cur, d.Spend.After)))
	newHigh := plural.Count(high, "new high or critical finding", "new high or critical findings")
	if high > 0 {
		newHigh = "**" + newHigh + "**"
	}
	line += " · " + newHigh + " · " + plural.Count(total, "new finding", "new findings") + fmt.Sprintf(" · %d resolved", len(d.FindingsResolved))
	b.WriteString(line + "\n\n")
	var meta []string
	if d.Base != "" || d.Head != "" {
		meta = append(meta, mdCode(d.Base)+" → "+mdCode(d.Head))
	}
	if d.AsOf != "" {
		meta = append(meta, "as of "+mdEscape(d.AsOf))
	}
	if name := strings.TrimSpace(d.Organization.Name); name != "" {
		meta = append(meta, "**"+mdEscape(truncateRunes(name, 200))+"**")
	}
	if len(meta) > 0 {
		b.WriteString(strings.Join(meta, " · ") + "\n\n")
	}
	return b.String()
}

func diffMarkdownTail(o Options) string {
	by := "stackaudit"
	if v := strings.TrimSpace(o.Version); v != "" {
		by += " " + mdEscape(truncateRunes(v, 40))
	}
	return "---\n<sub>" + by + " · `stackaudit diff --format text` prints every change</sub>\n"
}

// mermaidID makes a node id from a tool id: letters, digits and
// underscores only, prefixed so that no id is a mermaid keyword.
func mermaidID(id string) string {
	var b strings.Builder
	b.WriteString("t_")
	for _, r := range id {
		if r < 128 && (r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(&b, "_%x_", r)
		}
	}
	return b.String()
}

// mermaidText makes a label safe inside mermaid double quotes and inside
// the Markdown code fence: quotes and markup become entity codes,
// backticks and newlines cannot close the fence.
func mermaidText(s string) string {
	s = terminalSafe(strings.Join(strings.Fields(s), " "))
	return strings.NewReplacer(`"`, "#quot;", "`", "#96;", "<", "#lt;", ">", "#gt;", "|", "#124;").Replace(s)
}
