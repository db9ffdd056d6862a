package policies

import (
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/zclconf/go-cty/cty"
)

// Rule is a built-in rule: its documentation, parameters and check.
type Rule struct {
	ID              string
	Title           string // one line, shown with every finding
	Family          string // redundancy, cost, usage, contracts, ownership, data, alignment, discovery, waivers
	DefaultSeverity result.Severity
	// NeedsSnapshot rules stay silent without usage or discovery data.
	NeedsSnapshot bool
	// What, Why and Fix are the documentation (`stackaudit policies show`,
	// docs/rules/<id>.md); Markdown. Example is an inventory excerpt (HCL)
	// that triggers the rule.
	What, Why, Fix string
	Example        string
	// DocsPath is the page documenting a rule that is not built in and so
	// has no docs/rules/<id>.md (invalid-inventory: docs/language.md), as a
	// path from the repository root; empty means docs/rules/<id>.md.
	DocsPath string
	Params   []Param
	// Check returns the rule's findings, built with ctx.Finding.
	Check func(ctx *Context, cfg *Config) []result.Finding
	// afterWaivers rules judge the waivers themselves and run once every
	// other finding is known (ctx.Findings).
	afterWaivers bool
}

// Param is a rule parameter, settable in a `rule "ID" { … }` block.
type Param struct {
	Name        string
	Type        cty.Type // cty.Number, cty.Bool or cty.String
	Default     cty.Value
	Description string
	// For numbers: the allowed range (Max 0 means no maximum) and whether
	// only whole numbers make sense (days, seats).
	Min, Max float64
	Integer  bool
}

// Builtins is the explicit registry of built-in rules, in documentation
// order. Each family's file lists its own rules.
func Builtins() []*Rule {
	var all []*Rule
	for _, family := range [][]*Rule{
		redundancyRules(), costRules(), usageRules(), contractRules(), ownershipRules(),
		dataRules(), alignmentRules(), discoveryRules(), spendRules(), waiverRules(),
	} {
		all = append(all, family...)
	}
	return all
}

// Lookup finds a built-in rule by id.
func Lookup(id string) *Rule {
	for _, r := range Builtins() {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// commonParams are accepted by every rule block.
var commonParams = []string{"enabled", "severity"}
