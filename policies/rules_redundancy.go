package policies

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/shopspring/decimal"
	"github.com/zclconf/go-cty/cty"

	"github.com/stackaudit/stackaudit/internal/digits"
	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies/result"
)

// redundancyRules are the consolidation rules: tools that do the same job,
// and products bought twice.
func redundancyRules() []*Rule {
	return []*Rule{
		{
			ID:              "redundant-capability",
			Title:           "Two or more active tools provide the same capability",
			Family:          "redundancy",
			DefaultSeverity: result.Medium,
			What: "Fires once per group of two or more tools with status `active` whose `scope`s intersect " +
				"(`\"global\"` intersects every scope; `[\"emea\"]` and `[\"na\"]` do not) and that provide the same " +
				"capability (a tool that sets only `product` has the catalog's capabilities); when the same tools share " +
				"several capabilities, one finding lists them all. `trial`, `retiring` and `retired` tools never count. " +
				"The message gives the group's combined annual cost, the users active in the last 30 days in more than " +
				"one of the tools (when the snapshot lists users) and the decision of the money model (docs/money.md). " +
				"When a tool of the group has no usage data, the tool to keep is not guessed: the finding says to measure " +
				"first and no saving is counted. Otherwise a tool with users active in 30 days is kept before one without, " +
				"then the cheaper one, then the one more people use. Dropping each other tool saves its annual cost less " +
				"what cancelling or right-sizing it already saves, × (the group's shared capabilities ÷ all its " +
				"capabilities); a tool is in one group per capability, so its savings over all groups never exceed its " +
				"cost. A group whose saving (for a group still to measure: the most it could save, keeping its cheapest tool) " +
				"is below `min_saving` is reported at severity `info`. Worked example: HubSpot costs USD 64,800 a year " +
				"for 4 capabilities (email-marketing, landing-pages, forms, lead-scoring) and Marketo USD 96,000 for 5 " +
				"(email-marketing, landing-pages, lead-scoring, lead-nurturing, journey-orchestration); both have active " +
				"users, so the cheaper HubSpot is kept; the group holds 3 of Marketo's 5 capabilities, and the saving is " +
				"96,000 × 3/5 = **USD 57,600** of a combined USD 160,800.",
			Why: "Paying twice for the same job is a common source of martech waste: the second tool usually arrived " +
				"with a regional team, an acquisition or an agency and was never retired. Overlapping tools also split " +
				"the data (two email databases, two sets of consent records) and double the integration work. The " +
				"estimated saving ranks which overlaps are worth a consolidation project; it does not subtract the cost " +
				"of migrating.",
			Fix: "Pick the tool to keep, plan the migration, then set the others to `status = \"retiring\"` (they stop " +
				"counting) and `\"retired\"` once the contract ends. If both tools are needed, narrow their `scope` to the " +
				"regions or business units each really serves, or remove the capability the tool does not actually " +
				"provide. For an accepted overlap with a deadline, add a `waiver` with `expires`.",
			Example: `tool "hubspot" {
  category     = "marketing-automation"
  capabilities = ["email-marketing", "landing-pages", "forms", "lead-scoring"]
  status       = "active"
  scope        = ["global"]
  cost {
    amount = 64800
    period = "year"
  }
}

tool "marketo" {
  category     = "marketing-automation"
  capabilities = ["email-marketing", "landing-pages", "lead-scoring", "lead-nurturing", "journey-orchestration"]
  status       = "active"
  scope        = ["emea"]
  cost {
    amount = 96000
    period = "year"
  }
}`,
			Params: []Param{
				{Name: "min_saving", Type: cty.Number, Default: num(1000),
					Description: "Annual saving, in the organization's currency, below which an overlap is reported at severity info."},
			},
			Check: checkRedundantCapability,
		},
		{
			ID:              "duplicate-product",
			Title:           "The same product is bought more than once",
			Family:          "redundancy",
			DefaultSeverity: result.High,
			What: "Fires once per group of tools that are not `retired` and name the same catalog `product` (for example " +
				"two tools with `product = \"zoom-webinars\"`), or, for tools without a `product`, the same `vendor` and " +
				"`name` compared case-insensitively. Scope does not matter: two regional licences of one product are " +
				"still two contracts. Tools without a `vendor` and `product` are never matched by name alone.",
			Why: "Two contracts for one product pay list price twice, lose the volume discount and usually mean two " +
				"admins, two sets of users and two renewal dates nobody watches together. One account with more seats " +
				"is almost always cheaper and easier to govern.",
			Fix: "Merge the licences into one contract at renewal: ask the vendor to co-term the subscriptions and move " +
				"the users into one account, then mark the other tool `retiring`. If the two really are separate " +
				"products, set each tool's `product` to the right catalog id (see `stackaudit catalog search`).",
			Example: `tool "zoom_webinars" {
  product = "zoom-webinars" # bought by Field & Events
  scope   = ["global"]
}

tool "zoom_webinars_emea" {
  name    = "Zoom Webinars (EMEA agency)"
  product = "zoom-webinars" # bought again by the agency
  scope   = ["emea"]
}`,
			Check: checkDuplicateProduct,
		},
	}
}

// redundancyMaxNames is how many tools a message names before "and N more".
const redundancyMaxNames = 10

func checkRedundantCapability(ctx *Context, cfg *Config) []result.Finding {
	minSaving := decimal.NewFromFloat(cfg.Number("min_saving"))
	inv, facts := ctx.Inventory, ctx.Facts
	var out []result.Finding
	for _, o := range facts.Overlaps {
		subjects := make([]result.Subject, 0, len(o.Tools))
		names := make([]string, 0, len(o.Tools))
		var rng hcl.Range
		located := false
		for _, id := range o.Tools { // sorted by facts
			t := inv.Tool(id)
			subjects = append(subjects, result.ToolSubject(t))
			names = append(names, redundancyToolLabel(t))
			if !located && id != o.Keep && (o.Keep != "" || slices.Contains(o.Unmeasured, id)) {
				rng, located = t.AttrRange("capabilities"), true
			}
		}
		var b strings.Builder
		what := "capability"
		if len(o.Capabilities) > 1 {
			what = "capabilities"
		}
		fmt.Fprintf(&b, "%s provide the same %s in intersecting scopes: %s. ",
			redundancyJoin(names, redundancyMaxNames), what, redundancyJoin(o.Capabilities, redundancyMaxNames))
		fmt.Fprintf(&b, "Combined cost %s a year; ", money(facts.Currency, o.CombinedCost))
		if o.Decision == result.DecisionMeasureFirst {
			unmeasured := make([]string, len(o.Unmeasured))
			for i, id := range o.Unmeasured {
				unmeasured[i] = inv.Tool(id).Name
			}
			verb := "has"
			if len(unmeasured) > 1 {
				verb = "have"
			}
			fmt.Fprintf(&b, "decide which to keep after measuring: %s %s no usage data.", redundancyJoin(unmeasured, redundancyMaxNames), verb)
		} else {
			keep := inv.Tool(o.Keep)
			fmt.Fprintf(&b, "keeping %s saves an estimated %s a year.", keep.Name, money(facts.Currency, o.EstimatedSaving))
		}
		if redundancyMeasured(ctx, o.Tools) >= 2 {
			note := usageNote(ctx, o.Tools...)
			switch n := len(o.SharedUsers); n {
			case 0:
				fmt.Fprintf(&b, " No user is active in more than one of them.%s", note)
			case 1:
				fmt.Fprintf(&b, " 1 user is active in more than one of them.%s", note)
			default:
				fmt.Fprintf(&b, " %d users are active in more than one of them.%s", n, note)
			}
		}
		f := ctx.Finding(rng, b.String(), subjects...)
		if potentialSaving(inv, facts, o).LessThan(minSaving) {
			f.Severity = result.Info
		}
		out = append(out, f)
	}
	return out
}

// redundancyMeasured counts the tools with usage data in the snapshot.
func redundancyMeasured(ctx *Context, ids []string) int {
	n := 0
	for _, id := range ids {
		if tf := ctx.Facts.Tool(id); tf != nil && tf.Measured {
			n++
		}
	}
	return n
}

func checkDuplicateProduct(ctx *Context, _ *Config) []result.Finding {
	inv, facts := ctx.Inventory, ctx.Facts
	groups := map[string][]*inventory.Tool{}
	for _, t := range inv.Tools { // sorted by id
		if t.Status == inventory.StatusRetired {
			continue
		}
		var key string
		switch {
		case t.Product != nil:
			key = "product\x00" + t.Product.ID
		case t.ProductID != "":
			key = "product\x00" + strings.ToLower(t.ProductID)
		case strings.TrimSpace(t.Vendor) != "":
			key = "name\x00" + strings.ToLower(strings.TrimSpace(t.Vendor)) + "\x00" + strings.ToLower(strings.TrimSpace(t.Name))
		default:
			continue
		}
		groups[key] = append(groups[key], t)
	}
	var out []result.Finding
	for _, key := range slices.Sorted(maps.Keys(groups)) {
		tools := groups[key]
		if len(tools) < 2 {
			continue
		}
		subjects := make([]result.Subject, len(tools))
		names := make([]string, len(tools))
		total := decimal.Zero
		for i, t := range tools {
			subjects[i] = result.ToolSubject(t)
			names[i] = redundancyDescribe(t)
			total = total.Add(facts.Tool(t.ID).AnnualCost)
		}
		// The second tool (in id order) is the duplicate: point at what
		// makes it one.
		second := tools[1]
		what, rng := "", second.AttrRange("name")
		if strings.HasPrefix(key, "product\x00") {
			rng = second.AttrRange("product")
			what = redundancyProductName(tools[0])
		} else {
			what = fmt.Sprintf("%s (%s)", tools[0].Name, strings.TrimSpace(tools[0].Vendor))
		}
		times := fmt.Sprintf("%d times", len(tools))
		if len(tools) == 2 {
			times = "twice"
		}
		msg := fmt.Sprintf("%s is bought %s: %s. Combined cost %s a year.",
			what, times, redundancyJoin(names, redundancyMaxNames), money(facts.Currency, total))
		out = append(out, ctx.Finding(rng, msg, subjects...))
	}
	return out
}

func redundancyProductName(t *inventory.Tool) string {
	if t.Product != nil && t.Product.Name != "" {
		return t.Product.Name
	}
	return t.ProductID
}

// redundancyDescribe names a tool with its owner and scope, which usually
// tell who bought the second licence.
func redundancyDescribe(t *inventory.Tool) string {
	var parts []string
	parts = append(parts, t.ID)
	if t.Owner != nil {
		parts = append(parts, "owned by "+t.Owner.Name)
	} else {
		parts = append(parts, "no owner")
	}
	if len(t.Scope) > 0 {
		parts = append(parts, "scope "+strings.Join(t.Scope, "/"))
	}
	if t.Status != inventory.StatusActive {
		parts = append(parts, t.Status)
	}
	return fmt.Sprintf("%s (%s)", t.Name, strings.Join(parts, ", "))
}

// redundancyToolLabel is "Name (id)", or the id alone when the name defaults to it.
func redundancyToolLabel(t *inventory.Tool) string {
	if t.Name == "" || t.Name == t.ID {
		return t.ID
	}
	return fmt.Sprintf("%s (%s)", t.Name, t.ID)
}

// redundancyJoin joins items as "a, b and c", naming at most limit of them (0: no limit) and
// summarizing the rest as "and N more".
func redundancyJoin(items []string, limit int) string {
	if limit > 0 && len(items) > limit {
		return strings.Join(items[:limit], ", ") + fmt.Sprintf(" and %d more", len(items)-limit)
	}
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// redundancyCount is "1 seat" or "3 seats".
func redundancyCount(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// money formats an amount for a message: the currency code, thousands
// separators, and cents only when there are any ("USD 48,600",
// "EUR 1,234.50"). Every rule that puts money in a message uses it.
// Money formats an amount as every output of stackaudit shows it:
// "USD 48,600", "EUR 1,234.50".
func Money(currency string, d decimal.Decimal) string { return money(currency, d) }

func money(currency string, d decimal.Decimal) string {
	d = d.Round(2)
	s := d.Abs().StringFixed(2)
	if d.Equal(d.Truncate(0)) {
		s = d.Abs().StringFixed(0)
	}
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if d.IsNegative() {
		b.WriteByte('-')
	}
	b.WriteString(digits.Group(whole))
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	if currency == "" {
		return b.String()
	}
	return currency + " " + b.String()
}
