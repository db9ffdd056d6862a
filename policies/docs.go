package policies

import (
	"fmt"
	"strings"

	"github.com/zclconf/go-cty/cty"
)

// Markdown is a rule's documentation page: what `stackaudit policies show`
// prints and what docs/rules/<id>.md holds, from the same source.
func Markdown(r *Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# `%s`\n\n", r.ID)
	fmt.Fprintf(&b, "**%s**\n\n", r.Title)
	fmt.Fprintf(&b, "| | |\n|---|---|\n| default severity | %s |\n| family | %s |\n", r.DefaultSeverity, r.Family)
	if r.NeedsSnapshot {
		b.WriteString("| needs usage data | yes: silent without a snapshot (`stackaudit scan`) |\n")
	} else {
		b.WriteString("| needs usage data | no |\n")
	}
	fmt.Fprintf(&b, "\n## What it checks\n\n%s\n\n## Why it matters\n\n%s\n\n## How to fix it\n\n%s\n", strings.TrimSpace(r.What), strings.TrimSpace(r.Why), strings.TrimSpace(r.Fix))
	b.WriteString("\n## Parameters\n\nSet them in a `rule` block; every rule also takes `enabled` (bool) and `severity`.\n\n")
	if len(r.Params) == 0 {
		b.WriteString("This rule has no other parameters.\n")
	} else {
		b.WriteString("| name | type | default | description |\n|---|---|---|---|\n")
		for _, p := range r.Params {
			fmt.Fprintf(&b, "| `%s` | %s | `%s` | %s |\n", p.Name, p.Type.FriendlyName(), Literal(p.Default), p.Description)
		}
	}
	b.WriteString("\n```hcl\n")
	fmt.Fprintf(&b, "rule %q {\n  enabled  = true\n  severity = %q\n", r.ID, r.DefaultSeverity)
	for _, p := range r.Params {
		fmt.Fprintf(&b, "  %s = %s\n", p.Name, Literal(p.Default))
	}
	b.WriteString("}\n```\n")
	if ex := strings.TrimSpace(r.Example); ex != "" {
		fmt.Fprintf(&b, "\n## Example\n\nThis inventory excerpt triggers the rule:\n\n```hcl\n%s\n```\n", ex)
	}
	fmt.Fprintf(&b, "\n## Waiving it\n\n```hcl\nwaiver \"my-exception\" {\n  rule        = %q\n  subjects    = [tool.example]\n  reason      = \"Why this is acceptable for now\"\n  approved_by = \"owner@example.com\"\n  expires     = \"2027-06-30\"\n}\n```\n", r.ID)
	return b.String()
}

// Literal writes a parameter value as it is written in HCL.
func Literal(v cty.Value) string {
	switch {
	case v == cty.NilVal || v.IsNull():
		return "null"
	case v.Type() == cty.String:
		return fmt.Sprintf("%q", v.AsString())
	case v.Type() == cty.Bool:
		return fmt.Sprintf("%t", v.True())
	case v.Type() == cty.Number:
		return v.AsBigFloat().Text('f', -1)
	}
	return v.GoString()
}

// Index is docs/rules/README.md: every built-in rule, one line each.
func Index(rules []*Rule) string {
	var b strings.Builder
	b.WriteString("# Built-in rules\n\nGenerated from the rule definitions (`go test ./policies -run TestRuleDocs -update`); `stackaudit policies list` prints the same.\n\n")
	b.WriteString("| rule | default severity | family | what it flags |\n|---|---|---|---|\n")
	for _, r := range rules {
		fmt.Fprintf(&b, "| [`%s`](%s.md) | %s | %s | %s |\n", r.ID, r.ID, r.DefaultSeverity, r.Family, r.Title)
	}
	return b.String()
}
