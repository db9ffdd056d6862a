package inventory

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/shopspring/decimal"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

var (
	labelPattern = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)
	// envVarPattern is upper case by convention: lower-case names are
	// legal on Linux but, in an inventory, usually a value pasted by mistake.
	envVarPattern = regexp.MustCompile(`^[A-Z_][A-Z0-9_]*$`)
	currencyShape = regexp.MustCompile(`^[A-Z]{3}$`)
)

// blocks is everything decoded from all files, in source order, before
// indexing. Duplicates are still here; the index keeps the first.
type blocks struct {
	organizations []*Organization
	teams         []*Team
	objectives    []*Objective
	dataClasses   []*DataClass
	capabilities  []*Capability
	tools         []*Tool
	flows         []*Flow
	discoveries   []*Discovery
	rules         []*Rule
	policies      []*Policy
	waivers       []*Waiver
	policyTests   []*PolicyTest
}

func (b *blocks) merge(o *blocks) {
	b.organizations = append(b.organizations, o.organizations...)
	b.teams = append(b.teams, o.teams...)
	b.objectives = append(b.objectives, o.objectives...)
	b.dataClasses = append(b.dataClasses, o.dataClasses...)
	b.capabilities = append(b.capabilities, o.capabilities...)
	b.tools = append(b.tools, o.tools...)
	b.flows = append(b.flows, o.flows...)
	b.discoveries = append(b.discoveries, o.discoveries...)
	b.rules = append(b.rules, o.rules...)
	b.policies = append(b.policies, o.policies...)
	b.waivers = append(b.waivers, o.waivers...)
	b.policyTests = append(b.policyTests, o.policyTests...)
}

// decodeLabels records only the labels of what parsed of a broken file:
// enough for references into it to resolve, without evaluating anything
// of a syntax tree that hcl could only partly build.
func decodeLabels(bs hcl.Blocks, out *blocks) {
	for _, b := range bs {
		if len(b.Labels) != 1 || !labelPattern.MatchString(b.Labels[0]) {
			continue
		}
		src, id := Source{DeclRange: b.DefRange, partial: true}, b.Labels[0]
		switch b.Type {
		case "team":
			out.teams = append(out.teams, &Team{Source: src, ID: id, Name: id})
		case "objective":
			out.objectives = append(out.objectives, &Objective{Source: src, ID: id, Name: id})
		case "data_class":
			out.dataClasses = append(out.dataClasses, &DataClass{Source: src, ID: id, Name: id})
		case "capability":
			out.capabilities = append(out.capabilities, &Capability{Source: src, ID: id, Name: id})
		case "tool":
			out.tools = append(out.tools, &Tool{Source: src, ID: id, Name: id})
		case "flow":
			out.flows = append(out.flows, &Flow{Source: src, ID: id})
		}
	}
}

// setStr decodes an optional string attribute into *dst, which keeps its
// default when the attribute is absent or wrong (the error is reported).
func (d *decoder) setStr(attrs hcl.Attributes, name string, dst *string) {
	if a, ok := attrs[name]; ok {
		if s, ok := d.str(a); ok {
			*dst = s
		}
	}
}

// setEnum is setStr for an attribute with a fixed set of values.
func (d *decoder) setEnum(attrs hcl.Attributes, name string, allowed []string, dst *string) {
	if a, ok := attrs[name]; ok {
		if s, ok := d.enum(a, allowed); ok {
			*dst = s
		}
	}
}

// teamRef resolves an optional team reference once every block is known.
func (d *decoder) teamRef(attrs hcl.Attributes, name string, set func(*Team)) {
	if a, ok := attrs[name]; ok {
		if x, ok := d.parseRef(a.Expr, a.Name, kindTeam); ok {
			d.later(func(r *resolver) { set(r.team(x)) })
		}
	}
}

// refList resolves the attribute name, a list of references to elements
// of kind want, once every block is decoded: each element found is
// appended to *dst, in the list's order.
func refList[T any](d *decoder, attrs hcl.Attributes, name, want string, resolve func(*resolver, ref) *T, dst *[]*T) {
	if a, ok := attrs[name]; ok {
		refs := d.parseRefList(a, want)
		d.later(func(r *resolver) {
			for _, x := range refs {
				if v := resolve(r, x); v != nil {
					*dst = append(*dst, v)
				}
			}
		})
	}
}

// source records where an element was declared. Elements decoded from a
// broken file are marked partial.
func (d *decoder) source(b *hcl.Block, attrs hcl.Attributes) Source {
	return Source{DeclRange: b.DefRange, attrs: attrRanges(attrs), partial: d.partial}
}

func (d *decoder) decodeFile(body hcl.Body, out *blocks) {
	content, diags := body.Content(rootSchema)
	d.add(diags)
	if d.partial {
		decodeLabels(content.Blocks, out)
		return
	}
	for _, b := range content.Blocks {
		if len(b.Labels) == 1 && !d.checkLabel(b) {
			continue
		}
		switch b.Type {
		case "organization":
			out.organizations = append(out.organizations, d.decodeOrganization(b))
		case "team":
			out.teams = append(out.teams, d.decodeTeam(b))
		case "objective":
			out.objectives = append(out.objectives, d.decodeObjective(b))
		case "data_class":
			out.dataClasses = append(out.dataClasses, d.decodeDataClass(b))
		case "capability":
			out.capabilities = append(out.capabilities, d.decodeCapability(b))
		case "tool":
			out.tools = append(out.tools, d.decodeTool(b))
		case "flow":
			out.flows = append(out.flows, d.decodeFlow(b))
		case "discovery":
			out.discoveries = append(out.discoveries, d.decodeDiscovery(b))
		case "rule":
			out.rules = append(out.rules, d.decodeRule(b))
		case "policy":
			out.policies = append(out.policies, d.decodePolicy(b))
		case "waiver":
			out.waivers = append(out.waivers, d.decodeWaiver(b))
		case "policy_test":
			out.policyTests = append(out.policyTests, d.decodePolicyTest(b))
		}
	}
}

func (d *decoder) checkLabel(b *hcl.Block) bool {
	if labelPattern.MatchString(b.Labels[0]) {
		return true
	}
	d.errorAt(b.LabelRanges[0], "Invalid block label",
		"%q is not a valid %s label. Labels start with a lowercase letter and contain only lowercase letters, digits, \"_\" and \"-\", like %q.",
		b.Labels[0], b.Type, suggestLabel(b.Type, b.Labels[0]))
	return false
}

// suggestLabel turns an invalid label into a valid one for the error's hint.
// A label that starts with a digit gets the block type in front rather than
// losing its first characters.
func suggestLabel(blockType, s string) string {
	var sb strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '-':
			sb.WriteRune(r)
		case r == ' ' || r == '.':
			sb.WriteByte('_')
		}
	}
	out := sb.String()
	if out == "" {
		return "my_" + blockType
	}
	if out[0] < 'a' || out[0] > 'z' {
		return blockType + "_" + strings.TrimLeft(out, "_-")
	}
	return out
}

func (d *decoder) content(body hcl.Body, s *hcl.BodySchema) *hcl.BodyContent {
	c, diags := body.Content(s)
	d.add(diags)
	d.rejectSecrets(c.Attributes)
	return c
}

func (d *decoder) decodeOrganization(b *hcl.Block) *Organization {
	c := d.content(b.Body, organizationSchema)
	o := &Organization{
		Source:          d.source(b, c.Attributes),
		Declared:        true,
		Currency:        "USD",
		FiscalYearStart: MonthDay{Month: time.January, Day: 1},
	}
	d.setStr(c.Attributes, "name", &o.Name)
	if a, ok := c.Attributes["currency"]; ok {
		if s, ok := d.str(a); ok && d.checkCurrency(a.Expr.Range(), s) {
			o.Currency = s
		}
	}
	if a, ok := c.Attributes["exchange_rates"]; ok {
		o.ExchangeRates = d.exchangeRates(a)
	}
	if a, ok := c.Attributes["fiscal_year_start"]; ok {
		if s, ok := d.str(a); ok {
			if md, ok := parseMonthDay(s); ok {
				o.FiscalYearStart = md
			} else {
				d.errorAt(a.Expr.Range(), "Invalid fiscal year start",
					"%q is not a valid month and day. Write it as \"MM-DD\", for example \"02-01\" for a fiscal year starting on 1 February.", s)
			}
		}
	}
	d.setEnum(c.Attributes, "operating_model", operatingModels, &o.OperatingModel)
	if a, ok := c.Attributes["pseudonymize_users"]; ok {
		if v, ok := d.boolean(a); ok && v != nil {
			o.PseudonymizeUsers = *v
		}
	}
	o.PseudonymKeyEnv = DefaultPseudonymKeyEnv
	if a, ok := c.Attributes["pseudonym_key_env"]; ok {
		if s, ok := d.str(a); ok {
			if envVarPattern.MatchString(s) {
				o.PseudonymKeyEnv = s
			} else {
				d.errorAt(a.Expr.Range(), "Invalid environment variable name",
					"pseudonym_key_env names the environment variable that holds the pseudonym key, in upper case, such as %q; %q is not such a name. Never write the key itself here.",
					DefaultPseudonymKeyEnv, s)
			}
		}
	}
	return o
}

func parseMonthDay(s string) (MonthDay, bool) {
	// 2001 is not a leap year, so "02-29" is rejected: a fiscal year cannot
	// start on a day that exists one year in four.
	t, err := time.Parse("2006-01-02", "2001-"+s)
	if err != nil || len(s) != 5 {
		return MonthDay{}, false
	}
	return MonthDay{Month: t.Month(), Day: t.Day()}, true
}

func (d *decoder) checkCurrency(rng hcl.Range, code string) bool {
	if isISOCurrency(code) {
		return true
	}
	hint := ""
	if up := strings.ToUpper(code); isISOCurrency(up) {
		hint = " Did you mean \"" + up + "\"?"
	}
	d.errorAt(rng, "Unknown currency", "%q is not an ISO 4217 currency code, such as \"USD\", \"EUR\" or \"GBP\".%s", code, hint)
	return false
}

// exchangeRates walks the map in source order, so that each problem is
// underlined at its own entry and reported in a stable order.
func (d *decoder) exchangeRates(a *hcl.Attribute) map[string]decimal.Decimal {
	if _, ok := d.value(a, cty.Map(cty.Number)); !ok {
		return nil
	}
	pairs, diags := hcl.ExprMap(a.Expr)
	if diags.HasErrors() {
		d.add(diags)
		return nil
	}
	rates := map[string]decimal.Decimal{}
	for _, kv := range pairs {
		kval, kdiags := kv.Key.Value(nil)
		vval, vdiags := kv.Value.Value(nil)
		if kdiags.HasErrors() || vdiags.HasErrors() || kval.IsNull() || vval.IsNull() || !kval.IsWhollyKnown() || !vval.IsWhollyKnown() {
			continue // already reported by d.value above
		}
		kstr, err1 := convert.Convert(kval, cty.String)
		vnum, err2 := convert.Convert(vval, cty.Number)
		if err1 != nil || err2 != nil {
			continue
		}
		k := kstr.AsString()
		if !currencyShape.MatchString(k) || !isISOCurrency(k) {
			d.errorAt(kv.Key.Range(), "Unknown currency", "Exchange rate key %q is not an ISO 4217 currency code, such as \"EUR\" or \"GBP\".", k)
			continue
		}
		rate, inRange := bigToDecimal(vnum.AsBigFloat())
		if !inRange || !rate.IsPositive() {
			d.errorAt(kv.Value.Range(), "Invalid exchange rate", "The exchange rate for %s must be greater than zero; got %s.", k, rate)
			continue
		}
		rates[k] = rate
	}
	return rates
}

// named starts the decoding of a block that has a display name (team,
// objective, data class, capability, tool): its content against schema,
// its Source, and its name, which is the id label unless a name attribute
// sets one.
func (d *decoder) named(b *hcl.Block, schema *hcl.BodySchema) (c *hcl.BodyContent, src Source, name string) {
	c = d.content(b.Body, schema)
	name = b.Labels[0]
	d.setStr(c.Attributes, "name", &name)
	return c, d.source(b, c.Attributes), name
}

func (d *decoder) decodeTeam(b *hcl.Block) *Team {
	c, src, name := d.named(b, teamSchema)
	t := &Team{Source: src, ID: b.Labels[0], Name: name, Kind: TeamInternal}
	d.setStr(c.Attributes, "lead", &t.Lead)
	d.setEnum(c.Attributes, "kind", teamKinds, &t.Kind)
	d.teamRef(c.Attributes, "parent", func(tm *Team) { t.Parent = tm })
	return t
}

func (d *decoder) decodeObjective(b *hcl.Block) *Objective {
	c, src, name := d.named(b, objectiveSchema)
	o := &Objective{Source: src, ID: b.Labels[0], Name: name}
	if a, ok := c.Attributes["kpis"]; ok {
		o.KPIs, _, _ = d.strList(a)
	}
	d.teamRef(c.Attributes, "owner", func(tm *Team) { o.Owner = tm })
	return o
}

func (d *decoder) decodeDataClass(b *hcl.Block) *DataClass {
	c, src, name := d.named(b, dataClassSchema)
	dc := &DataClass{Source: src, ID: b.Labels[0], Name: name}
	d.setEnum(c.Attributes, "sensitivity", sensitivities, &dc.Sensitivity)
	d.teamRef(c.Attributes, "steward", func(tm *Team) { dc.Steward = tm })
	return dc
}

func (d *decoder) decodeCapability(b *hcl.Block) *Capability {
	c, src, name := d.named(b, capabilitySchema)
	cp := &Capability{Source: src, ID: b.Labels[0], Name: name}
	d.setStr(c.Attributes, "category", &cp.Category)
	return cp
}

func (d *decoder) decodeTool(b *hcl.Block) *Tool {
	c, src, name := d.named(b, toolSchema)
	t := &Tool{
		Source: src,
		ID:     b.Labels[0], Name: name, Status: StatusActive, Scope: []string{ScopeGlobal},
	}
	d.setStr(c.Attributes, "vendor", &t.Vendor)
	d.setStr(c.Attributes, "product", &t.ProductID)
	d.setStr(c.Attributes, "category", &t.Category)
	if a, ok := c.Attributes["capabilities"]; ok {
		t.Capabilities, t.capabilityRanges, _ = d.strList(a)
	}
	if a, ok := c.Attributes["admins"]; ok {
		t.Admins, _, _ = d.strList(a)
	}
	d.setEnum(c.Attributes, "status", statuses, &t.Status)
	if a, ok := c.Attributes["scope"]; ok {
		if list, _, ok := d.strList(a); ok {
			t.Scope = list
		}
	}
	if a, ok := c.Attributes["stages"]; ok {
		t.Stages = d.enumList(a, stages)
	}
	if a, ok := c.Attributes["sso"]; ok {
		t.SSO, _ = d.boolean(a)
	}
	d.teamRef(c.Attributes, "owner", func(tm *Team) { t.Owner = tm })
	refList(d, c.Attributes, "objectives", kindObjective, (*resolver).objective, &t.Objectives)
	refList(d, c.Attributes, "stores", kindDataClass, (*resolver).dataClass, &t.Stores)
	seen := map[string]*hcl.Block{}
	for _, nb := range c.Blocks {
		if first, dup := seen[nb.Type]; dup {
			d.errorAt(nb.DefRange, "Duplicate "+nb.Type+" block",
				"A tool has at most one %s block; tool %q already has one at %s.", nb.Type, t.ID, fmtRange(first.DefRange))
			continue
		}
		seen[nb.Type] = nb
		switch nb.Type {
		case "cost":
			t.Cost = d.decodeCost(nb)
		case "contract":
			t.Contract = d.decodeContract(nb)
		case "scan":
			t.Scan = d.decodeScan(nb)
		}
	}
	return t
}

func (d *decoder) decodeCost(b *hcl.Block) *Cost {
	c := d.content(b.Body, costSchema)
	cost := &Cost{Source: d.source(b, c.Attributes), Period: PeriodYear}
	if a, ok := c.Attributes["amount"]; ok {
		if n, ok := d.number(a); ok {
			if n.IsNegative() {
				d.errorAt(a.Expr.Range(), "Negative amount", "A cost amount cannot be negative; got %s. Record credits and discounts by lowering the amount.", n)
			} else {
				cost.Amount = n
			}
		}
	}
	d.setEnum(c.Attributes, "period", periods, &cost.Period)
	if a, ok := c.Attributes["currency"]; ok {
		if s, ok := d.str(a); ok && d.checkCurrency(a.Expr.Range(), s) {
			cost.Currency = s
		}
	}
	if a, ok := c.Attributes["seats"]; ok {
		cost.Seats, _ = d.nonNegativeInt(a)
	}
	return cost
}

func (d *decoder) decodeContract(b *hcl.Block) *Contract {
	c := d.content(b.Body, contractSchema)
	k := &Contract{Source: d.source(b, c.Attributes)}
	if a, ok := c.Attributes["start"]; ok {
		k.Start, _ = d.date(a)
	}
	if a, ok := c.Attributes["end"]; ok {
		k.End, _ = d.date(a)
		if !k.Start.IsZero() && !k.End.IsZero() && !k.End.After(k.Start) {
			d.errorAt(a.Expr.Range(), "Invalid contract dates",
				"The contract end %s is not after its start %s.", k.End.Format(dateLayout), k.Start.Format(dateLayout))
		}
	}
	if a, ok := c.Attributes["auto_renew"]; ok {
		if v, ok := d.boolean(a); ok {
			k.AutoRenew = *v
		}
	}
	if a, ok := c.Attributes["notice_days"]; ok {
		k.NoticeDays, _ = d.nonNegativeInt(a)
	}
	if a, ok := c.Attributes["dpa"]; ok {
		k.DPA, _ = d.boolean(a)
	}
	return k
}

// connector decodes what scan and discovery blocks share: the kind label,
// token_env and host. The rest of the body belongs to the kind.
func (d *decoder) connector(b *hcl.Block, specs []KindSpec) (src Source, kind, tokenEnv, host string, remain hcl.Body) {
	c, remain, diags := b.Body.PartialContent(connectorSchema)
	d.add(diags)
	d.rejectSecrets(c.Attributes)
	src = d.source(b, c.Attributes)
	kind = b.Labels[0]
	if kinds := names(specs); d.kinds != nil && !slices.Contains(kinds, kind) {
		// Without a kind table (WithKinds) any kind is taken as written.
		d.errorAt(b.LabelRanges[0], "Unknown "+b.Type+" kind",
			"%q is not a %s kind. Use one of: %s.%s", kind, b.Type, strings.Join(kinds, ", "), didYouMean(kind, kinds))
		kind = ""
	}
	if a, ok := c.Attributes["token_env"]; ok {
		if s, ok := d.str(a); ok {
			if envVarPattern.MatchString(s) {
				tokenEnv = s
			} else {
				hint := ""
				if up := strings.ToUpper(s); envVarPattern.MatchString(up) {
					hint = fmt.Sprintf(" Did you mean %q?", up)
				}
				d.errorAt(a.Expr.Range(), "Invalid environment variable name",
					"token_env names the environment variable that holds the token, in upper case, such as \"HUBSPOT_TOKEN\"; %q is not such a name.%s", s, hint)
			}
		}
	}
	if a, ok := c.Attributes["host"]; ok {
		if s, ok := d.str(a); ok {
			if kind != "" {
				if msg := d.kinds.checkHost(kind, s); msg != "" {
					d.errorAt(a.Expr.Range(), "Host not allowed for "+kind, "%s", msg)
					s = ""
				}
			}
			host = s
		}
	}
	return src, kind, tokenEnv, host, remain
}

func (d *decoder) decodeScan(b *hcl.Block) *Scan {
	src, kind, tokenEnv, host, remain := d.connector(b, d.kinds.scan())
	return &Scan{Source: src, Kind: kind, TokenEnv: tokenEnv, Host: host, Body: remain}
}

func (d *decoder) decodeDiscovery(b *hcl.Block) *Discovery {
	src, kind, tokenEnv, host, remain := d.connector(b, d.kinds.discovery())
	return &Discovery{Source: src, Kind: kind, TokenEnv: tokenEnv, Host: host, Body: remain}
}

func (d *decoder) decodeFlow(b *hcl.Block) *Flow {
	c := d.content(b.Body, flowSchema)
	f := &Flow{Source: d.source(b, c.Attributes), ID: b.Labels[0]}
	d.setEnum(c.Attributes, "method", methods, &f.Method)
	d.setEnum(c.Attributes, "frequency", frequencies, &f.Frequency)
	toolRef := func(name string, set func(*Tool)) {
		if a, ok := c.Attributes[name]; ok {
			if x, ok := d.parseRef(a.Expr, name, kindTool); ok {
				d.later(func(r *resolver) { set(r.tool(x)) })
			}
		}
	}
	toolRef("from", func(t *Tool) { f.From = t })
	toolRef("to", func(t *Tool) { f.To = t })
	toolRef("via", func(t *Tool) { f.Via = t })
	d.teamRef(c.Attributes, "owner", func(tm *Team) { f.Owner = tm })
	refList(d, c.Attributes, "data", kindDataClass, (*resolver).dataClass, &f.Data)
	return f
}

func (d *decoder) decodeRule(b *hcl.Block) *Rule {
	c, remain, diags := b.Body.PartialContent(ruleSchema)
	d.add(diags)
	d.rejectSecrets(c.Attributes)
	r := &Rule{Source: d.source(b, c.Attributes), ID: b.Labels[0], Body: remain}
	if a, ok := c.Attributes["enabled"]; ok {
		r.Enabled, _ = d.boolean(a)
	}
	d.setEnum(c.Attributes, "severity", severities, &r.Severity)
	return r
}

func (d *decoder) decodePolicy(b *hcl.Block) *Policy {
	c := d.content(b.Body, policySchema)
	p := &Policy{Source: d.source(b, c.Attributes), ID: b.Labels[0], Severity: "medium"}
	d.setEnum(c.Attributes, "severity", severities, &p.Severity)
	d.setStr(c.Attributes, "description", &p.Description)
	if a, ok := c.Attributes["for_each"]; ok {
		p.ForEachExpr = a.Expr
		t, diags := hcl.AbsTraversalForExpr(a.Expr)
		switch {
		case !diags.HasErrors() && len(t) == 1 && slices.Contains(collections, t.RootName()):
			p.ForEach = t.RootName()
		case !diags.HasErrors():
			d.errorAt(a.Expr.Range(), "Invalid for_each", "for_each takes the name of a collection: %s.%s",
				strings.Join(collections, ", "), didYouMean(t.RootName(), collections))
		default:
			d.errorAt(a.Expr.Range(), "Invalid for_each",
				"for_each takes the name of a collection, written without quotes: %s. To evaluate only some subjects, test them in the condition.",
				strings.Join(collections, ", "))
		}
	}
	for _, name := range []string{"condition", "message"} {
		if a, ok := c.Attributes[name]; ok {
			d.checkPolicyVariables(a)
			if name == "condition" {
				p.Condition = d.nativeExpr(a)
			} else {
				p.Message = d.nativeExpr(a)
			}
		}
	}
	return p
}

// checkPolicyVariables rejects unknown variables in a policy expression at
// load time, so `validate` catches `eahc.owner` before any evaluation.
func (d *decoder) checkPolicyVariables(a *hcl.Attribute) {
	allowed := append([]string{"each"}, collections...)
	for _, t := range a.Expr.Variables() {
		root := t.RootName()
		if !slices.Contains(allowed, root) {
			d.errorAt(t.SourceRange(), "Unknown variable", "%q is not available in a policy. Use each (the subject) or one of the collections: %s.%s",
				root, strings.Join(collections, ", "), didYouMean(root, allowed))
		}
	}
}

func (d *decoder) decodeWaiver(b *hcl.Block) *Waiver {
	c := d.content(b.Body, waiverSchema)
	w := &Waiver{Source: d.source(b, c.Attributes), ID: b.Labels[0]}
	if a, ok := c.Attributes["rule"]; ok {
		if s, ok := d.str(a); ok {
			if labelPattern.MatchString(s) {
				w.Rule = s
			} else {
				d.errorAt(a.Expr.Range(), "Invalid rule id", "%q is not a rule id. Rule ids look like \"redundant-capability\"; see `stackaudit policies list`.", s)
			}
		}
	}
	d.setStr(c.Attributes, "reason", &w.Reason)
	d.setStr(c.Attributes, "approved_by", &w.ApprovedBy)
	if a, ok := c.Attributes["expires"]; ok {
		w.Expires, _ = d.date(a)
	}
	if a, ok := c.Attributes["subjects"]; ok {
		refs := d.parseRefList(a, "")
		d.later(func(r *resolver) {
			for _, x := range refs {
				if x.kind == kindCapability && r.builtinCapability(x.name) {
					w.Subjects = append(w.Subjects, Subject{Kind: x.kind, ID: x.name, Range: x.rng})
					continue
				}
				if r.exists(x) {
					w.Subjects = append(w.Subjects, Subject{Kind: x.kind, ID: x.name, Range: x.rng})
				}
			}
		})
	}
	return w
}
