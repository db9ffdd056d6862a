package inventory

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// build indexes the decoded blocks, resolves references and runs the
// checks that need the whole inventory.
func (inv *Inventory) build(d *decoder, all *blocks) {
	for i, o := range all.organizations {
		if i == 0 {
			inv.Organization = o
			continue
		}
		d.errorAt(o.DeclRange, "Duplicate organization block",
			"An inventory has at most one organization block; the first is at %s. Merge the two.", fmtRange(all.organizations[0].DeclRange))
	}

	inv.index = index{
		teams:        indexBy(d, "team", all.teams, func(t *Team) (string, hcl.Range) { return t.ID, t.DeclRange }),
		objectives:   indexBy(d, "objective", all.objectives, func(t *Objective) (string, hcl.Range) { return t.ID, t.DeclRange }),
		dataClasses:  indexBy(d, "data_class", all.dataClasses, func(t *DataClass) (string, hcl.Range) { return t.ID, t.DeclRange }),
		capabilities: indexBy(d, "capability", all.capabilities, func(t *Capability) (string, hcl.Range) { return t.ID, t.DeclRange }),
		tools:        indexBy(d, "tool", all.tools, func(t *Tool) (string, hcl.Range) { return t.ID, t.DeclRange }),
		flows:        indexBy(d, "flow", all.flows, func(t *Flow) (string, hcl.Range) { return t.ID, t.DeclRange }),
	}
	discoveries := indexBy(d, "discovery", all.discoveries, func(t *Discovery) (string, hcl.Range) { return t.Kind, t.DeclRange })
	rules := indexBy(d, "rule", all.rules, func(t *Rule) (string, hcl.Range) { return t.ID, t.DeclRange })
	policies := indexBy(d, "policy", all.policies, func(t *Policy) (string, hcl.Range) { return t.ID, t.DeclRange })
	waivers := indexBy(d, "waiver", all.waivers, func(t *Waiver) (string, hcl.Range) { return t.ID, t.DeclRange })
	tests := indexBy(d, "policy_test", all.policyTests, func(t *PolicyTest) (string, hcl.Range) { return t.ID, t.DeclRange })

	r := &resolver{d: d, idx: &inv.index, catalog: inv.Catalog, suggestionsLeft: 100}
	for _, f := range d.pending {
		f(r)
	}

	inv.Teams = sortedValues(inv.index.teams)
	inv.Objectives = sortedValues(inv.index.objectives)
	inv.DataClasses = sortedValues(inv.index.dataClasses)
	inv.Capabilities = sortedValues(inv.index.capabilities)
	inv.Tools = sortedValues(inv.index.tools)
	inv.Flows = sortedValues(inv.index.flows)
	inv.Discoveries = sortedValues(discoveries)
	inv.Rules = sortedValues(rules)
	inv.Policies = sortedValues(policies)
	inv.Waivers = sortedValues(waivers)
	inv.PolicyTests = sortedValues(tests)
	inv.checkPolicyTests(d, tests, policies)

	inv.checkTeamCycles(d)
	inv.checkCapabilities(d)
	inv.checkTools(d)
}

// indexBy maps elements by label. A duplicate label is an error at the
// second declaration that names the first, and only the first is kept.
func indexBy[T any](d *decoder, blockType string, list []*T, key func(*T) (string, hcl.Range)) map[string]*T {
	m := make(map[string]*T, len(list))
	for _, v := range list {
		id, rng := key(v)
		if id == "" {
			continue
		}
		if first, dup := m[id]; dup {
			_, firstRng := key(first)
			d.errorAt(rng, "Duplicate "+blockType,
				"A %s named %q was already declared at %s. Labels are unique per block type across all files of an inventory: rename or remove one of them.",
				blockType, id, fmtRange(firstRng))
			continue
		}
		m[id] = v
	}
	return m
}

func sortedValues[T any](m map[string]*T) []*T {
	out := make([]*T, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, m[k])
	}
	return out
}

func fmtRange(r hcl.Range) string {
	return fmt.Sprintf("%s:%d,%d", r.Filename, r.Start.Line, r.Start.Column)
}

// checkTeamCycles reports each parent cycle once, at the parent attribute of
// the cycle's alphabetically first team. Each team is walked once: a walk
// stops at a team an earlier walk finished, so a long parent chain is
// linear, not walked again from every team in it.
func (inv *Inventory) checkTeamCycles(d *decoder) {
	done := map[*Team]bool{}
	onPath := map[*Team]int{} // team → its index in chain, during a walk
	for _, t := range inv.Teams {
		var chain []*Team
		for cur := t; cur != nil && !done[cur]; cur = cur.Parent {
			at, loop := onPath[cur]
			if !loop {
				onPath[cur] = len(chain)
				chain = append(chain, cur)
				continue
			}
			cycle := chain[at:]
			first := cycle[0]
			for _, c := range cycle {
				if c.ID < first.ID {
					first = c
				}
			}
			names := make([]string, 0, len(cycle)+1)
			start := indexOf(cycle, first)
			for i := range cycle {
				names = append(names, "team."+cycle[(start+i)%len(cycle)].ID)
			}
			names = append(names, "team."+first.ID)
			d.errorAt(first.AttrRange("parent"), "Team parent cycle",
				"Team parents form a cycle: %s. A team cannot be its own ancestor; remove one of these parent attributes.", strings.Join(names, " → "))
			// Break the cycle so later consumers can walk parents.
			first.Parent = nil
			break
		}
		for _, c := range chain {
			done[c] = true
			delete(onPath, c)
		}
	}
}

func indexOf[T comparable](list []T, v T) int {
	for i, x := range list {
		if x == v {
			return i
		}
	}
	return -1
}

func (inv *Inventory) categoryIDs() []string {
	var ids []string
	for _, c := range inv.Catalog.Categories() {
		ids = append(ids, c.ID)
	}
	return ids
}

func (inv *Inventory) capabilityIDs() []string {
	var ids []string
	for _, c := range inv.Catalog.Capabilities() {
		ids = append(ids, c.ID)
	}
	for _, c := range inv.Capabilities {
		ids = append(ids, c.ID)
	}
	sort.Strings(ids)
	return ids
}

func (inv *Inventory) checkCapabilities(d *decoder) {
	for _, c := range inv.Capabilities {
		if c.partial {
			continue
		}
		if _, builtin := inv.Catalog.Capability(c.ID); builtin {
			d.warnAt(c.DeclRange, "Capability already in the taxonomy",
				"%q is a built-in capability; this block is not needed and its category is ignored. Remove it.", c.ID)
		}
		if _, ok := inv.Catalog.Category(c.Category); !ok && c.Category != "" {
			d.warnAt(c.AttrRange("category"), "Unknown category",
				"%q is not a category of the taxonomy.%s See `stackaudit catalog list`.", c.Category, didYouMean(c.Category, inv.categoryIDs()))
		}
	}
}

// checkTools applies catalog defaults and the checks that need the
// organization and the taxonomy: required category, currencies, unknown
// capabilities, categories and products.
func (inv *Inventory) checkTools(d *decoder) {
	var categories, capabilities, products []string // built lazily: only needed for warnings
	// An inventory with its own vocabulary repeats the same unknown names
	// on many tools: each is matched against the taxonomy once.
	hints := suggestionMemo{}
	org := inv.Organization
	for _, t := range inv.Tools {
		if t.partial {
			continue
		}
		if t.ProductID != "" {
			if p, ok := inv.Catalog.Product(t.ProductID); ok {
				t.Product = p
				// Messages then say "Klaviyo", not the label "klaviyo"; ids,
				// references and fingerprints never use the name.
				if !t.HasAttr("name") {
					t.Name = p.Name
				}
				if t.Vendor == "" {
					t.Vendor = p.Vendor
				}
				if t.Category == "" {
					t.Category = p.Category
				}
				if !t.HasAttr("capabilities") {
					t.Capabilities = append([]string(nil), p.Capabilities...)
				}
			} else {
				if products == nil {
					for _, p := range inv.Catalog.Products() {
						products = append(products, p.ID)
					}
				}
				d.warnAt(t.AttrRange("product"), "Unknown product",
					"%q is not in the product catalog, so vendor, category and capabilities must be written out.%s Search it with `stackaudit catalog search WORD`.",
					t.ProductID, hints.didYouMean("product", t.ProductID, products))
			}
		}
		switch {
		case t.Category == "" && !t.HasAttr("category"):
			d.errorAt(t.DeclRange, "Missing required argument",
				"The argument \"category\" is required for tool %q, unless \"product\" names a catalog product that gives it. See `stackaudit catalog list` for category ids.", t.ID)
		case t.Category != "":
			if _, ok := inv.Catalog.Category(t.Category); !ok {
				if categories == nil {
					categories = inv.categoryIDs()
				}
				d.warnAt(t.AttrRange("category"), "Unknown category",
					"%q is not a category of the taxonomy.%s See `stackaudit catalog list`.", t.Category, hints.didYouMean("category", t.Category, categories))
			}
		}
		if t.HasAttr("capabilities") {
			for i, c := range t.Capabilities {
				if _, ok := inv.Catalog.Capability(c); ok || inv.index.capabilities[c] != nil {
					continue
				}
				if capabilities == nil {
					capabilities = inv.capabilityIDs()
				}
				rng := t.AttrRange("capabilities")
				if i < len(t.capabilityRanges) {
					rng = t.capabilityRanges[i]
				}
				d.warnAt(rng, "Unknown capability",
					"%q is not a capability of the taxonomy.%s Declare a custom one with capability %q { category = \"...\" }.",
					c, hints.didYouMean("capability", c, capabilities), c)
			}
		}
		if t.Cost != nil {
			if t.Cost.Currency == "" {
				t.Cost.Currency = org.Currency
			} else if t.Cost.Currency != org.Currency {
				if _, ok := org.ExchangeRates[t.Cost.Currency]; !ok {
					d.errorAt(t.Cost.AttrRange("currency"), "Unknown currency without exchange rate",
						"This cost is in %s but the organization reports in %s and has no rate for %s. Add one to the organization block: exchange_rates = { %s = RATE }, where RATE is the value of 1 %s in %s.",
						t.Cost.Currency, org.Currency, t.Cost.Currency, t.Cost.Currency, t.Cost.Currency, org.Currency)
				}
			}
		}
	}
}
