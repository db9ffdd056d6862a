package policies

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/usage"
)

// annualCost converts a tool's cost to a yearly amount in the
// organization's currency.
func annualCost(inv *inventory.Inventory, t *inventory.Tool) decimal.Decimal {
	if t.Cost == nil || t.Status == inventory.StatusRetired {
		return decimal.Zero
	}
	a := t.Cost.Annual()
	if t.Cost.Currency != "" && t.Cost.Currency != inv.Organization.Currency {
		a = a.Mul(inv.Organization.ExchangeRates[t.Cost.Currency])
	}
	return a.Round(2)
}

func computeFacts(inv *inventory.Inventory, snap *usage.Snapshot, asOf time.Time, p moneyParams) *result.Facts {
	var tools []*result.ToolFact
	for _, t := range inv.Tools {
		tf, u := toolFact(inv, snap, t)
		seatMoney(tf, t, u, asOf, p)
		tools = append(tools, tf)
	}
	f := result.NewFacts(inv.Organization.Currency, tools)
	f.Overlaps = overlaps(inv, snap, f, asOf)
	f.Renewals = renewals(inv, f, asOf)
	f.Gaps = gaps(inv)
	f.Flows = flowFacts(inv)
	f.Seats = seatRows(snap, f, asOf)
	f.Spend = spend(inv, f)
	f.Discovered = discoveredFacts(inv, snap)
	f.DuplicatePurchases = duplicatePurchases(inv, snap)
	return f
}

// toolFact is a tool's cost and usage; u is its usage when measured.
func toolFact(inv *inventory.Inventory, snap *usage.Snapshot, t *inventory.Tool) (*result.ToolFact, *usage.ToolUsage) {
	tf := &result.ToolFact{
		ID: t.ID, Name: t.Name, Vendor: t.Vendor, Category: t.Category,
		TopCategory: inv.Catalog.TopLevel(t.Category), Status: t.Status,
		AnnualCost: annualCost(inv, t), HasCost: t.Cost != nil, SSO: t.SSO,
		Objectives: []string{}, Location: result.LocationOf(t.DeclRange),
		Capabilities: nonNil(t.Capabilities), Scope: nonNil(t.Scope), Stages: nonNil(t.Stages),
	}
	if t.Owner != nil {
		tf.Owner = t.Owner.ID
	}
	for _, o := range t.Objectives {
		tf.Objectives = append(tf.Objectives, o.ID)
	}
	if t.Cost != nil && t.Cost.Seats != nil {
		seats := *t.Cost.Seats
		tf.Seats = &seats
	}
	if c := t.Contract; c != nil {
		tf.AutoRenew = c.AutoRenew
		tf.DPA = c.DPA != nil && *c.DPA
		if !c.End.IsZero() {
			end := c.End
			tf.ContractEnd = &end
			if d, ok := c.NoticeDeadline(); ok && c.AutoRenew {
				tf.NoticeDeadline = &d
			}
		}
	}
	var u *usage.ToolUsage
	if snap != nil {
		u = snap.Tools[t.ID]
	}
	if !u.Measured() {
		return tf, nil
	}
	tf.ActivitySource, tf.SeatsCount = u.ActivitySource, u.SeatsCount
	// Contacts (a contact-priced tool) are no seats: they give neither
	// seats, utilization nor a seat position.
	if u.Unit == usage.UnitContacts {
		contacts := u.Seats.Assigned
		tf.Unit, tf.Contacts, tf.ContactLimit = u.Unit, &contacts, copyInt(u.Seats.Purchased)
		return tf, nil
	}
	if u.MeasuredAt != nil {
		at := *u.MeasuredAt
		tf.UsageMeasuredAt = &at
	}
	if u.Seats.Purchased != nil {
		p := *u.Seats.Purchased
		tf.Seats = &p
	}
	assigned, a30, a90 := u.Seats.Assigned, u.Active.D30, u.Active.D90
	tf.Assigned = &assigned
	if !u.ActivityMeasured() {
		// Seats without activity: the usage rules cannot judge it, and
		// unmeasured-spend says why.
		return tf, nil
	}
	tf.Measured = true
	tf.Active30, tf.Active90 = &a30, &a90
	tf.LastActivity = u.LastActivity
	if tf.Seats != nil && *tf.Seats > 0 {
		util := float64(a30) / float64(*tf.Seats)
		tf.Utilization = &util
	}
	if a30 > 0 && tf.HasCost {
		c := tf.AnnualCost.Div(decimal.NewFromInt(int64(a30))).Round(2)
		tf.CostPerActiveUser = &c
	}
	return tf, u
}

// overlaps groups active tools by capability, then by intersecting scope,
// without comparing every pair: per capability, tools are joined through
// the scope values they share ("global" joins every scope). Groups with the
// same tools are merged into one overlap listing every shared capability.
func overlaps(inv *inventory.Inventory, snap *usage.Snapshot, f *result.Facts, asOf time.Time) []*result.Overlap {
	byCap := map[string][]*inventory.Tool{}
	for _, t := range inv.Tools {
		if t.Status != inventory.StatusActive {
			continue
		}
		seen := map[string]bool{}
		for _, c := range t.Capabilities {
			if !seen[c] {
				seen[c] = true
				byCap[c] = append(byCap[c], t)
			}
		}
	}
	groups := map[string]*result.Overlap{} // key: sorted tool ids
	for _, capability := range slices.Sorted(maps.Keys(byCap)) {
		tools := byCap[capability]
		if len(tools) < 2 {
			continue
		}
		for _, component := range scopeComponents(tools) {
			if len(component) < 2 {
				continue
			}
			ids := make([]string, len(component))
			for i, t := range component {
				ids[i] = t.ID
			}
			sort.Strings(ids)
			key := strings.Join(ids, "\x00")
			g := groups[key]
			if g == nil {
				g = &result.Overlap{Tools: ids}
				groups[key] = g
			}
			g.Capabilities = append(g.Capabilities, capability)
		}
	}
	out := make([]*result.Overlap, 0, len(groups))
	for _, key := range slices.Sorted(maps.Keys(groups)) {
		g := groups[key]
		fillOverlap(inv, snap, f, g, asOf)
		out = append(out, g)
	}
	return out
}

// scopeComponents splits tools into groups whose scopes intersect,
// transitively, with a union-find over scope values.
func scopeComponents(tools []*inventory.Tool) [][]*inventory.Tool {
	parent := make([]int, len(tools))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(a, b int) { parent[find(a)] = find(b) }
	firstWith := map[string]int{}
	global := -1
	for i, t := range tools {
		for _, s := range t.Scope {
			if s == inventory.ScopeGlobal {
				if global >= 0 {
					union(i, global)
				}
				global = i
				continue
			}
			if j, ok := firstWith[s]; ok {
				union(i, j)
			} else {
				firstWith[s] = i
			}
		}
	}
	if global >= 0 {
		for i, t := range tools {
			if len(t.Scope) > 0 {
				union(i, global)
			}
		}
	}
	comps := map[int][]*inventory.Tool{}
	var roots []int
	for i, t := range tools {
		r := find(i)
		if _, ok := comps[r]; !ok {
			roots = append(roots, r)
		}
		comps[r] = append(comps[r], t)
	}
	out := make([][]*inventory.Tool, 0, len(roots))
	for _, r := range roots {
		out = append(out, comps[r])
	}
	return out
}

func fillOverlap(inv *inventory.Inventory, snap *usage.Snapshot, f *result.Facts, g *result.Overlap, asOf time.Time) {
	for _, id := range g.Tools {
		g.CombinedCost = g.CombinedCost.Add(f.Tool(id).AnnualCost)
	}
	decideOverlap(inv, f, g)
	g.SharedUsers = sharedUsers(snap, g.Tools, asOf)
}

func distinct(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, s := range list {
		m[s] = true
	}
	return m
}

// sharedUsers are emails active in the last 30 days in two or more tools.
func sharedUsers(snap *usage.Snapshot, tools []string, asOf time.Time) []string {
	out := []string{}
	if snap == nil {
		return out
	}
	since := asOf.AddDate(0, 0, -30)
	count := map[string]int{}
	for _, id := range tools {
		u := snap.Tools[id]
		if !u.Measured() {
			continue
		}
		seen := map[string]bool{}
		for _, user := range u.Users {
			email := strings.ToLower(user.Email)
			if email == "" || seen[email] || user.LastActive == nil || user.LastActive.Before(since) {
				continue
			}
			seen[email] = true
			count[email]++
		}
	}
	for _, email := range slices.Sorted(maps.Keys(count)) {
		if count[email] > 1 {
			out = append(out, email)
		}
	}
	return out
}

func renewals(inv *inventory.Inventory, f *result.Facts, asOf time.Time) []*result.Renewal {
	var out []*result.Renewal
	for _, t := range inv.Tools {
		c := t.Contract
		if c == nil || c.End.IsZero() || t.Status == inventory.StatusRetired {
			continue
		}
		tf := f.Tool(t.ID)
		r := &result.Renewal{Tool: t.ID, End: c.End, AutoRenew: c.AutoRenew, AnnualCost: tf.AnnualCost,
			Owner: tf.Owner, Utilization: tf.Utilization}
		if c.NoticeDays != nil {
			r.NoticeDays = *c.NoticeDays
		}
		r.NoticeDeadline, _ = c.NoticeDeadline()
		days := func(d time.Time) int { return daysUntil(asOf, d) }
		r.DaysToEnd = days(c.End)
		if c.AutoRenew {
			n := days(r.NoticeDeadline)
			r.DaysToNotice = &n
		}
		r.State = renewalState(c, r.NoticeDeadline, asOf)
		switch r.State {
		case "ended":
			r.DaysLeft = days(c.End)
			r.Action = "Contract ended: renew it, or retire the tool"
		case "notice-missed":
			r.DaysLeft = days(c.End)
			r.Action = fmt.Sprintf("Notice was due %s: renews automatically on %s; negotiate or accept", r.NoticeDeadline.Format("2006-01-02"), c.End.Format("2006-01-02"))
		case "notice-open":
			r.DaysLeft = days(r.NoticeDeadline)
			r.Action = fmt.Sprintf("Decide by %s: renew, renegotiate or give notice", r.NoticeDeadline.Format("2006-01-02"))
		default:
			r.DaysLeft = days(c.End)
			r.Action = fmt.Sprintf("Ends %s: renew or let it lapse", c.End.Format("2006-01-02"))
		}
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].NoticeDeadline.Equal(out[j].NoticeDeadline) {
			return out[i].NoticeDeadline.Before(out[j].NoticeDeadline)
		}
		return out[i].Tool < out[j].Tool
	})
	return out
}

func gaps(inv *inventory.Inventory) []*result.Gap {
	var out []*result.Gap
	add := func(kind string, s result.Subject, name, detail string, loc result.Location) {
		out = append(out, &result.Gap{Kind: kind, Subject: s, Name: name, Detail: detail, Location: loc})
	}
	owning := map[*inventory.Team]bool{}
	// A tool that only receives personal data needs a DPA as much as one
	// that stores it (the personal-data-without-dpa rule says so too).
	inbound := personalInbound(inv)
	for _, t := range inv.Tools {
		if t.Status == inventory.StatusRetired {
			continue
		}
		if t.Owner != nil {
			owning[t.Owner] = true
		}
		if t.Owner == nil {
			add("tool-owner", result.ToolSubject(t), t.Name, "no owning team", result.LocationOf(t.DeclRange))
		}
		if len(t.Objectives) == 0 && t.Cost != nil && t.Cost.Amount.IsPositive() {
			add("objective", result.ToolSubject(t), t.Name, "paid tool supports no objective", result.LocationOf(t.DeclRange))
		}
		if detail := dpaGapDetail(t, inbound[t]); detail != "" {
			add("dpa", result.ToolSubject(t), t.Name, detail, result.LocationOf(t.DeclRange))
		}
	}
	for _, fl := range inv.Flows {
		if fl.Owner != nil {
			owning[fl.Owner] = true
		} else {
			add("flow-owner", result.FlowSubject(fl), fl.ID, "no owning team", result.LocationOf(fl.DeclRange))
		}
	}
	for _, tm := range inv.Teams {
		if owning[tm] && tm.Lead == "" {
			add("team-lead", result.TeamSubject(tm), tm.Name, "owns tools or flows but has no lead", result.LocationOf(tm.DeclRange))
		}
	}
	for _, d := range inv.DataClasses {
		if d.Personal() && d.Steward == nil {
			add("data-steward", result.DataClassSubject(d), d.Name, d.Sensitivity+" data without a steward", result.LocationOf(d.DeclRange))
		}
	}
	for _, o := range inv.Objectives {
		if o.Owner == nil {
			add("objective-owner", result.ObjectiveSubject(o), o.Name, "no owning team", result.LocationOf(o.DeclRange))
		}
	}
	return out
}

// personalInbound lists the flows delivering personal data, by receiving
// tool, in flow id order: the Ownership gaps and the
// personal-data-without-dpa rule judge the same flows.
func personalInbound(inv *inventory.Inventory) map[*inventory.Tool][]*inventory.Flow {
	inbound := map[*inventory.Tool][]*inventory.Flow{}
	for _, fl := range inv.Flows {
		if fl.To != nil && len(dataPersonalClasses(fl.Data)) > 0 {
			inbound[fl.To] = append(inbound[fl.To], fl)
		}
	}
	return inbound
}

// dpaGapDetail says how a tool without a DPA comes to hold personal data:
// it stores it, receives it through flows (named with their data classes),
// or both; "" when it has a DPA or holds none.
func dpaGapDetail(t *inventory.Tool, flows []*inventory.Flow) string {
	if t.Contract != nil && t.Contract.DPA != nil && *t.Contract.DPA {
		return ""
	}
	var received []string
	for _, fl := range flows {
		var names []string
		for _, d := range dataPersonalClasses(fl.Data) {
			names = append(names, d.Name)
		}
		received = append(received, fmt.Sprintf("%s (%s)", fl.ID, strings.Join(names, ", ")))
	}
	word := "flow"
	if len(received) > 1 {
		word = "flows"
	}
	switch {
	case storesPersonal(t) && len(received) > 0:
		return fmt.Sprintf("stores personal data without a DPA, and receives it through %s %s", word, strings.Join(received, "; "))
	case storesPersonal(t):
		return "stores personal data without a DPA"
	case len(received) > 0:
		return fmt.Sprintf("receives personal data without a DPA through %s %s", word, strings.Join(received, "; "))
	}
	return ""
}

func storesPersonal(t *inventory.Tool) bool {
	for _, d := range t.Stores {
		if d.Personal() {
			return true
		}
	}
	return false
}

func copyInt(p *int) *int {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
