package result

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/stackaudit/stackaudit/inventory"
)

// DiffSchema versions the JSON form of a Diff (`diff --format json`).
const DiffSchema = "stackaudit.diff/v1"

// ErrCurrencyMismatch is returned, wrapped, by ComputeDiff when the two
// organizations report in different currencies: a spend delta across
// currencies would need a rate neither side declares for the other, so the
// diff refuses rather than guess.
var ErrCurrencyMismatch = errors.New("the base and head inventories use different currencies")

// DiffSide is one side of a diff: an inventory and its evaluation.
type DiffSide struct {
	Inventory *inventory.Inventory
	Result    *Result
}

// Diff is what a change to an inventory does: to spend, tools, flows,
// overlaps and findings. Every list is sorted and never nil, so that the
// JSON form is deterministic and has `[]` for an empty list.
type Diff struct {
	Schema       string       `json:"schema"`
	AsOf         string       `json:"as_of"`
	Organization Organization `json:"organization"`
	// Base and Head name the two sides as the user gave them (a folder,
	// or a git ref); the renderer shows them, the computation ignores them.
	Base  string     `json:"base"`
	Head  string     `json:"head"`
	Spend SpendDelta `json:"spend"`
	// Tools lists every tool added, removed or changed, by id, with its
	// kind of change and its cost delta.
	Tools            []ToolChange     `json:"tools"`
	FlowsAdded       []*FlowFact      `json:"flows_added"`
	FlowsRemoved     []*FlowFact      `json:"flows_removed"`
	FlowsChanged     []FlowChange     `json:"flows_changed"`
	OverlapsCreated  []*Overlap       `json:"overlaps_created"`
	OverlapsResolved []*Overlap       `json:"overlaps_resolved"`
	FindingsNew      []Finding        `json:"findings_new"`
	FindingsResolved []Finding        `json:"findings_resolved"`
	NewBySeverity    map[Severity]int `json:"new_by_severity"`
}

// SpendDelta is the annual spend of both sides and their difference.
type SpendDelta struct {
	Before decimal.Decimal `json:"before"`
	After  decimal.Decimal `json:"after"`
	Delta  decimal.Decimal `json:"delta"`
}

// Kinds of change of a tool: of ToolChange (diff) and of ToolDelta (since
// the previous audit).
const (
	Added   = "added"
	Removed = "removed"
	Changed = "changed"
)

// ToolChange is one tool that the change added, removed or modified.
type ToolChange struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Change is Added, Removed or Changed.
	Change string `json:"change"`
	// CostBefore and CostAfter are annual costs in the organization's
	// currency: zero for the side without the tool, or a retired tool.
	CostBefore decimal.Decimal `json:"cost_before"`
	CostAfter  decimal.Decimal `json:"cost_after"`
	CostDelta  decimal.Decimal `json:"cost_delta"`
	// Fields are the attributes that differ, for a changed tool.
	Fields []FieldChange `json:"fields"`
	// Location is the tool's block on the head side (the base side for a
	// removed tool).
	Location Location `json:"location"`
}

// FieldChange is one attribute's value before and after, as text; "" is
// absent.
type FieldChange struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// FlowChange is a flow declared on both sides whose ends or data differ.
type FlowChange struct {
	Before *FlowFact     `json:"before"`
	After  *FlowFact     `json:"after"`
	Fields []FieldChange `json:"fields"`
}

// ComputeDiff compares two evaluated inventories, usually evaluated with the
// same as-of date and snapshot so that only the inventory change shows.
// Findings are matched by fingerprint; tools and flows by id; overlaps by
// the set of tools in them.
func ComputeDiff(base, head DiffSide) (*Diff, error) {
	br, hr := base.Result, head.Result
	if br.Organization.Currency != hr.Organization.Currency {
		return nil, fmt.Errorf("%w: %s in the base, %s in the head; diff compares spend in one currency", ErrCurrencyMismatch,
			orNone(br.Organization.Currency), orNone(hr.Organization.Currency))
	}
	d := &Diff{
		Schema:       DiffSchema,
		AsOf:         hr.AsOf,
		Organization: hr.Organization,
		Spend: SpendDelta{
			Before: br.Summary.AnnualSpend,
			After:  hr.Summary.AnnualSpend,
			Delta:  hr.Summary.AnnualSpend.Sub(br.Summary.AnnualSpend),
		},
		Tools:            diffTools(base, head),
		FlowsAdded:       []*FlowFact{},
		FlowsRemoved:     []*FlowFact{},
		FlowsChanged:     []FlowChange{},
		OverlapsCreated:  []*Overlap{},
		OverlapsResolved: []*Overlap{},
		FindingsNew:      []Finding{},
		FindingsResolved: []Finding{},
		NewBySeverity:    map[Severity]int{},
	}
	diffFlows(d, br.Flows, hr.Flows)
	diffOverlaps(d, br.Overlaps, hr.Overlaps)

	had, has := fingerprintSet(br.Findings), fingerprintSet(hr.Findings)
	for _, f := range SortedFindings(hr.Findings) {
		if !had[f.Fingerprint] {
			d.FindingsNew = append(d.FindingsNew, f)
			if !f.Waived() {
				d.NewBySeverity[f.Severity]++
			}
		}
	}
	for _, f := range SortedFindings(br.Findings) {
		if !has[f.Fingerprint] {
			d.FindingsResolved = append(d.FindingsResolved, f)
		}
	}
	return d, nil
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// Empty reports whether nothing relevant changed: spend, tools, flows,
// overlaps and findings are all the same (`--skip-no-diff`).
func (d *Diff) Empty() bool {
	return d.Spend.Delta.IsZero() && len(d.Tools) == 0 && len(d.FlowsAdded) == 0 && len(d.FlowsRemoved) == 0 &&
		len(d.FlowsChanged) == 0 && len(d.OverlapsCreated) == 0 && len(d.OverlapsResolved) == 0 &&
		len(d.FindingsNew) == 0 && len(d.FindingsResolved) == 0
}

// Failing reports whether a new, unwaived finding is at or above the
// threshold; "" (--fail-on none) never fails. Findings the base already
// had never fail a diff.
func (d *Diff) Failing(threshold Severity) bool {
	if threshold == "" {
		return false
	}
	for _, f := range d.FindingsNew {
		if !f.Waived() && f.Severity.AtLeast(threshold) {
			return true
		}
	}
	return false
}

// ToolsBy returns the tool changes of one kind (Added, Removed, Changed).
func (d *Diff) ToolsBy(change string) []ToolChange {
	var out []ToolChange
	for _, t := range d.Tools {
		if t.Change == change {
			out = append(out, t)
		}
	}
	return out
}

func diffTools(base, head DiffSide) []ToolChange {
	baseInv, headInv := toolIndex(base.Inventory), toolIndex(head.Inventory)
	ids := map[string]bool{}
	for _, t := range base.Result.Tools {
		ids[t.ID] = true
	}
	for _, t := range head.Result.Tools {
		ids[t.ID] = true
	}
	out := []ToolChange{}
	for _, id := range slices.Sorted(maps.Keys(ids)) {
		bf, hf := base.Result.Tool(id), head.Result.Tool(id)
		c := ToolChange{ID: id, Fields: []FieldChange{}}
		switch {
		case bf == nil:
			c.Change, c.Name, c.CostAfter, c.Location = Added, hf.Name, hf.AnnualCost, hf.Location
		case hf == nil:
			c.Change, c.Name, c.CostBefore, c.Location = Removed, bf.Name, bf.AnnualCost, bf.Location
		default:
			c.Change, c.Name, c.CostBefore, c.CostAfter, c.Location = Changed, hf.Name, bf.AnnualCost, hf.AnnualCost, hf.Location
			c.Fields = toolFields(bf, hf, baseInv[id], headInv[id])
			if len(c.Fields) == 0 {
				continue
			}
		}
		c.CostDelta = c.CostAfter.Sub(c.CostBefore)
		out = append(out, c)
	}
	return out
}

func toolIndex(inv *inventory.Inventory) map[string]*inventory.Tool {
	m := map[string]*inventory.Tool{}
	if inv != nil {
		for _, t := range inv.Tools {
			m[t.ID] = t
		}
	}
	return m
}

// toolFields compares what a reviewer cares about in a tool: who owns it,
// what it costs and for how many seats, its contract, the personal data it
// stores and what it does.
func toolFields(bf, hf *ToolFact, bt, ht *inventory.Tool) []FieldChange {
	out := []FieldChange{}
	add := func(field, before, after string) {
		if before != after {
			out = append(out, FieldChange{Field: field, Before: before, After: after})
		}
	}
	add("owner", bf.Owner, hf.Owner)
	add("status", bf.Status, hf.Status)
	add("annual_cost", moneyText(bf.HasCost, bf.AnnualCost), moneyText(hf.HasCost, hf.AnnualCost))
	add("seats", intText(bf.Seats), intText(hf.Seats))
	bc, hc := contractOf(bt), contractOf(ht)
	add("contract_start", dateText(bc.Start), dateText(hc.Start))
	add("contract_end", dateText(bc.End), dateText(hc.End))
	add("auto_renew", strconv.FormatBool(bc.AutoRenew), strconv.FormatBool(hc.AutoRenew))
	add("notice_days", intText(bc.NoticeDays), intText(hc.NoticeDays))
	add("dpa", strconv.FormatBool(bf.DPA), strconv.FormatBool(hf.DPA))
	add("stores", strings.Join(storesOf(bt), ", "), strings.Join(storesOf(ht), ", "))
	add("capabilities", strings.Join(sortedCopy(bf.Capabilities), ", "), strings.Join(sortedCopy(hf.Capabilities), ", "))
	return out
}

func contractOf(t *inventory.Tool) inventory.Contract {
	if t == nil || t.Contract == nil {
		return inventory.Contract{}
	}
	return *t.Contract
}

func storesOf(t *inventory.Tool) []string {
	if t == nil {
		return nil
	}
	var ids []string
	for _, dc := range t.Stores {
		if dc != nil {
			ids = append(ids, dc.ID)
		}
	}
	sort.Strings(ids)
	return ids
}

func moneyText(has bool, d decimal.Decimal) string {
	if !has {
		return ""
	}
	return d.Round(2).String()
}

func intText(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	sort.Strings(out)
	return out
}

func diffFlows(d *Diff, before, after []*FlowFact) {
	was, is := map[string]*FlowFact{}, map[string]*FlowFact{}
	for _, f := range before {
		was[f.ID] = f
	}
	for _, f := range after {
		is[f.ID] = f
	}
	ids := map[string]bool{}
	for id := range was {
		ids[id] = true
	}
	for id := range is {
		ids[id] = true
	}
	for _, id := range slices.Sorted(maps.Keys(ids)) {
		b, a := was[id], is[id]
		switch {
		case b == nil:
			d.FlowsAdded = append(d.FlowsAdded, a)
		case a == nil:
			d.FlowsRemoved = append(d.FlowsRemoved, b)
		default:
			var fields []FieldChange
			add := func(field, x, y string) {
				if x != y {
					fields = append(fields, FieldChange{Field: field, Before: x, After: y})
				}
			}
			add("from", b.From, a.From)
			add("to", b.To, a.To)
			add("data", strings.Join(sortedCopy(b.Data), ", "), strings.Join(sortedCopy(a.Data), ", "))
			add("owner", b.Owner, a.Owner)
			if len(fields) > 0 {
				d.FlowsChanged = append(d.FlowsChanged, FlowChange{Before: b, After: a, Fields: fields})
			}
		}
	}
}

// overlapKey identifies an overlap by its tools: the same tools providing
// one more capability is the same consolidation candidate.
func overlapKey(o *Overlap) string { return strings.Join(sortedCopy(o.Tools), ",") }

func diffOverlaps(d *Diff, before, after []*Overlap) {
	was, is := map[string]bool{}, map[string]bool{}
	for _, o := range before {
		was[overlapKey(o)] = true
	}
	for _, o := range after {
		is[overlapKey(o)] = true
	}
	for _, o := range after {
		if !was[overlapKey(o)] {
			d.OverlapsCreated = append(d.OverlapsCreated, o)
		}
	}
	for _, o := range before {
		if !is[overlapKey(o)] {
			d.OverlapsResolved = append(d.OverlapsResolved, o)
		}
	}
	byKey := func(s []*Overlap) {
		sort.SliceStable(s, func(i, j int) bool { return overlapKey(s[i]) < overlapKey(s[j]) })
	}
	byKey(d.OverlapsCreated)
	byKey(d.OverlapsResolved)
}
