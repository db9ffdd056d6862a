package policies

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/usage"
)

// Facts are the figures every report needs, computed once per evaluation.
// Money is in the organization's currency.
type Facts struct {
	Currency string      `json:"-"`
	Tools    []*ToolFact `json:"tools"`
	Overlaps []*Overlap  `json:"overlaps"`
	Renewals []*Renewal  `json:"renewals"`
	Gaps     []*Gap      `json:"gaps"`
	Flows    []*FlowFact `json:"flows"`
	// Seats are the reclaimable seats: users of measured tools not active
	// in 30 days, most idle first.
	Seats []*SeatFact `json:"reclaimable_seats"`
	Spend Spend       `json:"spend"`
	// Discovered are the tools, integrations and flows discovery found
	// that match nothing in the inventory.
	Discovered []*DiscoveredItem `json:"discovered"`

	byTool map[string]*ToolFact
}

// Tool returns the facts of a tool by id, or nil.
func (f *Facts) Tool(id string) *ToolFact { return f.byTool[id] }

// ToolFact is one tool's cost, usage and contract position.
type ToolFact struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Vendor      string   `json:"vendor"`
	Category    string   `json:"category"`
	TopCategory string   `json:"top_category"`
	Owner       string   `json:"owner,omitempty"`
	Objectives  []string `json:"objectives"`
	Status      string   `json:"status"`
	// AnnualCost is the yearly cost in the organization's currency; zero
	// for retired tools and tools without a cost block (HasCost false).
	AnnualCost decimal.Decimal `json:"annual_cost"`
	HasCost    bool            `json:"has_cost"`
	// Seats are the purchased seats: the vendor's figure when scanned,
	// else the inventory's cost.seats; nil for flat fees.
	Seats *int `json:"seats,omitempty"`
	// Measured is true when the snapshot has usable data for the tool;
	// the usage fields below are nil otherwise.
	Measured          bool             `json:"measured"`
	Assigned          *int             `json:"assigned,omitempty"`
	Active30          *int             `json:"active_30d,omitempty"`
	Active90          *int             `json:"active_90d,omitempty"`
	LastActivity      *time.Time       `json:"last_activity,omitempty"`
	Utilization       *float64         `json:"utilization,omitempty"`
	CostPerActiveUser *decimal.Decimal `json:"cost_per_active_user,omitempty"`
	// UnusedSeatCost is the yearly cost of purchased seats without an
	// active user in 30 days (seats − active) × annual cost / seats.
	UnusedSeatCost decimal.Decimal `json:"unused_seat_cost"`
	Capabilities   []string        `json:"capabilities"`
	Scope          []string        `json:"scope"`
	Stages         []string        `json:"stages"`
	ContractEnd    *time.Time      `json:"contract_end,omitempty"`
	NoticeDeadline *time.Time      `json:"notice_deadline,omitempty"`
	AutoRenew      bool            `json:"auto_renew"`
	DPA            bool            `json:"dpa"`
	SSO            *bool           `json:"sso,omitempty"`
	Location       Location        `json:"location"`
}

// Overlap is a group of active tools with intersecting scopes that provide
// the same capabilities: a consolidation candidate.
type Overlap struct {
	Capabilities []string        `json:"capabilities"`
	Tools        []string        `json:"tools"`
	CombinedCost decimal.Decimal `json:"combined_cost"`
	// Keep is the tool the saving assumes the others consolidate onto: the
	// one with the most active users, else the most expensive.
	Keep string `json:"keep"`
	// EstimatedSaving is, for each other tool, its annual cost times the
	// share of its capabilities that Keep also provides.
	EstimatedSaving decimal.Decimal `json:"estimated_saving"`
	// SharedUsers are users active in 30 days in more than one of the tools
	// (from the snapshot), by email.
	SharedUsers []string `json:"shared_users"`
	// Waiver is the waiver of the overlap's redundant-capability finding;
	// a waived overlap's saving is not counted in the summary.
	Waiver *AppliedWaiver `json:"waiver,omitempty"`
}

// Renewal is a contract's position against the as-of date.
type Renewal struct {
	Tool           string          `json:"tool"`
	End            time.Time       `json:"end"`
	AutoRenew      bool            `json:"auto_renew"`
	NoticeDays     int             `json:"notice_days"`
	NoticeDeadline time.Time       `json:"notice_deadline"`
	DaysLeft       int             `json:"days_left"` // until the notice deadline (auto-renewing) or the end
	AnnualCost     decimal.Decimal `json:"annual_cost"`
	Action         string          `json:"action"`
}

// Gap is a missing owner, steward, lead, DPA or objective.
type Gap struct {
	Kind     string   `json:"kind"` // tool-owner, flow-owner, team-lead, data-steward, objective-owner, dpa, objective
	Subject  Subject  `json:"subject"`
	Name     string   `json:"name"`
	Detail   string   `json:"detail"`
	Location Location `json:"location"`
}

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

func computeFacts(inv *inventory.Inventory, snap *usage.Snapshot, asOf time.Time) *Facts {
	f := &Facts{Currency: inv.Organization.Currency, byTool: map[string]*ToolFact{}}
	for _, t := range inv.Tools {
		tf := toolFact(inv, snap, t)
		f.Tools = append(f.Tools, tf)
		f.byTool[t.ID] = tf
	}
	f.Overlaps = overlaps(inv, snap, f, asOf)
	f.Renewals = renewals(inv, f, asOf)
	f.Gaps = gaps(inv)
	f.Flows = flowFacts(inv)
	f.Seats = seatFacts(inv, snap, f, asOf)
	f.Spend = spend(inv, f)
	f.Discovered = discoveredFacts(inv, snap)
	return f
}

func toolFact(inv *inventory.Inventory, snap *usage.Snapshot, t *inventory.Tool) *ToolFact {
	tf := &ToolFact{
		ID: t.ID, Name: t.Name, Vendor: t.Vendor, Category: t.Category,
		TopCategory: inv.Catalog.TopLevel(t.Category), Status: t.Status,
		AnnualCost: annualCost(inv, t), HasCost: t.Cost != nil, SSO: t.SSO,
		Objectives: []string{}, Location: LocationOf(t.DeclRange),
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
		return tf
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
		return tf
	}
	tf.Measured = true
	tf.Active30, tf.Active90 = &a30, &a90
	tf.LastActivity = u.LastActivity
	if tf.Seats != nil && *tf.Seats > 0 {
		util := float64(a30) / float64(*tf.Seats)
		tf.Utilization = &util
		if unused := *tf.Seats - a30; unused > 0 {
			tf.UnusedSeatCost = tf.AnnualCost.Mul(decimal.NewFromInt(int64(unused))).Div(decimal.NewFromInt(int64(*tf.Seats))).Round(2)
		}
	}
	if a30 > 0 && tf.HasCost {
		c := tf.AnnualCost.Div(decimal.NewFromInt(int64(a30))).Round(2)
		tf.CostPerActiveUser = &c
	}
	return tf
}

// overlaps groups active tools by capability, then by intersecting scope,
// without comparing every pair: per capability, tools are joined through
// the scope values they share ("global" joins every scope). Groups with the
// same tools are merged into one overlap listing every shared capability.
func overlaps(inv *inventory.Inventory, snap *usage.Snapshot, f *Facts, asOf time.Time) []*Overlap {
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
	groups := map[string]*Overlap{} // key: sorted tool ids
	for _, capability := range sortedKeys(byCap) {
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
				g = &Overlap{Tools: ids}
				groups[key] = g
			}
			g.Capabilities = append(g.Capabilities, capability)
		}
	}
	out := make([]*Overlap, 0, len(groups))
	for _, key := range sortedKeys(groups) {
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

func fillOverlap(inv *inventory.Inventory, snap *usage.Snapshot, f *Facts, g *Overlap, asOf time.Time) {
	measured := true
	for _, id := range g.Tools {
		g.CombinedCost = g.CombinedCost.Add(f.byTool[id].AnnualCost)
		measured = measured && f.byTool[id].Active30 != nil
	}
	keep := g.Tools[0]
	for _, id := range g.Tools[1:] {
		if betterToKeep(f.byTool[id], f.byTool[keep], measured) {
			keep = id
		}
	}
	g.Keep = keep
	// Every tool of a group provides every capability of the group, and a
	// tool is in one group per capability, so its savings over all groups
	// never exceed its cost.
	for _, id := range g.Tools {
		t := inv.Tool(id)
		if id == keep || len(t.Capabilities) == 0 {
			continue
		}
		share := decimal.NewFromInt(int64(len(g.Capabilities))).Div(decimal.NewFromInt(int64(len(distinct(t.Capabilities)))))
		g.EstimatedSaving = g.EstimatedSaving.Add(f.byTool[id].AnnualCost.Mul(share))
	}
	g.EstimatedSaving = g.EstimatedSaving.Round(2)
	g.SharedUsers = sharedUsers(snap, g.Tools, asOf)
}

func distinct(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, s := range list {
		m[s] = true
	}
	return m
}

// betterToKeep decides which tool of an overlap the others consolidate
// onto: the one more people use when every tool of the group is measured
// (an unmeasured tool is not unused, its usage is unknown), else the more
// expensive one, which is usually the strategic platform. Ties keep the
// earlier id.
func betterToKeep(a, b *ToolFact, measured bool) bool {
	if measured && *a.Active30 != *b.Active30 {
		return *a.Active30 > *b.Active30
	}
	return a.AnnualCost.GreaterThan(b.AnnualCost)
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
	for _, email := range sortedKeys(count) {
		if count[email] > 1 {
			out = append(out, email)
		}
	}
	return out
}

func renewals(inv *inventory.Inventory, f *Facts, asOf time.Time) []*Renewal {
	var out []*Renewal
	for _, t := range inv.Tools {
		c := t.Contract
		if c == nil || c.End.IsZero() || t.Status == inventory.StatusRetired {
			continue
		}
		r := &Renewal{Tool: t.ID, End: c.End, AutoRenew: c.AutoRenew, AnnualCost: f.byTool[t.ID].AnnualCost}
		if c.NoticeDays != nil {
			r.NoticeDays = *c.NoticeDays
		}
		r.NoticeDeadline, _ = c.NoticeDeadline()
		days := func(d time.Time) int { return int(d.Sub(asOf).Hours() / 24) }
		switch {
		case c.End.Before(asOf):
			r.DaysLeft = days(c.End)
			r.Action = "Contract ended: renew it, or retire the tool"
		case c.AutoRenew && r.NoticeDeadline.Before(asOf):
			r.DaysLeft = days(r.NoticeDeadline)
			r.Action = fmt.Sprintf("Notice deadline passed: renews automatically on %s", c.End.Format("2006-01-02"))
		case c.AutoRenew:
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

func gaps(inv *inventory.Inventory) []*Gap {
	var out []*Gap
	add := func(kind string, s Subject, name, detail string, loc Location) {
		out = append(out, &Gap{Kind: kind, Subject: s, Name: name, Detail: detail, Location: loc})
	}
	owning := map[*inventory.Team]bool{}
	for _, t := range inv.Tools {
		if t.Status == inventory.StatusRetired {
			continue
		}
		if t.Owner != nil {
			owning[t.Owner] = true
		}
		if t.Owner == nil {
			add("tool-owner", ToolSubject(t), t.Name, "no owning team", LocationOf(t.DeclRange))
		}
		if len(t.Objectives) == 0 && t.Cost != nil && t.Cost.Amount.IsPositive() {
			add("objective", ToolSubject(t), t.Name, "paid tool supports no objective", LocationOf(t.DeclRange))
		}
		if storesPersonal(t) && (t.Contract == nil || t.Contract.DPA == nil || !*t.Contract.DPA) {
			add("dpa", ToolSubject(t), t.Name, "stores personal data without a DPA", LocationOf(t.DeclRange))
		}
	}
	for _, fl := range inv.Flows {
		if fl.Owner != nil {
			owning[fl.Owner] = true
		} else {
			add("flow-owner", FlowSubject(fl), fl.ID, "no owning team", LocationOf(fl.DeclRange))
		}
	}
	for _, tm := range inv.Teams {
		if owning[tm] && tm.Lead == "" {
			add("team-lead", TeamSubject(tm), tm.Name, "owns tools or flows but has no lead", LocationOf(tm.DeclRange))
		}
	}
	for _, d := range inv.DataClasses {
		if d.Personal() && d.Steward == nil {
			add("data-steward", DataClassSubject(d), d.Name, d.Sensitivity+" data without a steward", LocationOf(d.DeclRange))
		}
	}
	for _, o := range inv.Objectives {
		if o.Owner == nil {
			add("objective-owner", ObjectiveSubject(o), o.Name, "no owning team", LocationOf(o.DeclRange))
		}
	}
	return out
}

func storesPersonal(t *inventory.Tool) bool {
	for _, d := range t.Stores {
		if d.Personal() {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
