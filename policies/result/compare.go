package result

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stackaudit/stackaudit/internal/safefile"
	"github.com/stackaudit/stackaudit/usage"
)

// Changes compare this evaluation with a previous one (`audit
// --previous`): a previous result gives every change, a previous snapshot
// only the usage ones. Amounts are in the organization's currency (Check
// refuses a previous result in another one).
type Changes struct {
	PreviousAsOf string          `json:"previous_as_of"`
	SpendBefore  decimal.Decimal `json:"spend_before"`
	SpendDelta   decimal.Decimal `json:"spend_delta"`
	// ToolsAdded and ToolsRemoved are the ids of Tools' added and removed
	// entries, kept for readers of the first form of Changes.
	ToolsAdded   []string `json:"tools_added"`
	ToolsRemoved []string `json:"tools_removed"`
	// Tools are the tools added, removed, or whose annual cost or seats
	// changed, each with its amounts: their CostDelta add up to
	// SpendDelta. Empty when UsageOnly.
	Tools []ToolDelta `json:"tools"`
	// Utilization lists the tools measured both times whose utilization
	// changed by at least 0.05 percentage points (0.0 pp once rounded
	// is no change).
	Utilization      []UtilizationChange `json:"utilization"`
	FindingsNew      []Finding           `json:"findings_new"`
	FindingsResolved []Finding           `json:"findings_resolved"`
	// UsageOnly is true when the previous input was a snapshot: spend and
	// findings are then unknown and left empty.
	UsageOnly bool `json:"usage_only"`
	// PreviousUsageTakenAt is when the usage the previous audit judged
	// was taken; nil when unknown (no snapshot then, or a result written
	// before results recorded it).
	PreviousUsageTakenAt *time.Time `json:"previous_usage_taken_at,omitempty"`
}

// ToolDelta is one tool's change of annual cost or seats since the
// previous audit. A retired tool costs nothing: retiring one removes it,
// bringing it back adds it.
type ToolDelta struct {
	Tool string `json:"tool"`
	Name string `json:"name"`
	// Change is Added, Removed or Changed.
	Change     string          `json:"change"`
	CostBefore decimal.Decimal `json:"cost_before"`
	CostAfter  decimal.Decimal `json:"cost_after"`
	CostDelta  decimal.Decimal `json:"cost_delta"`
	// SeatsBefore and SeatsAfter are the purchased seats; nil for a flat
	// fee (and before an added tool, after a removed one).
	SeatsBefore *int `json:"seats_before,omitempty"`
	SeatsAfter  *int `json:"seats_after,omitempty"`
}

// CostChanged reports whether the tool's annual cost changed.
func (c ToolDelta) CostChanged() bool { return !c.CostBefore.Equal(c.CostAfter) }

// SeatsChanged reports whether the tool's purchased seats changed (a flat
// fee becoming per seat, or the reverse, included).
func (c ToolDelta) SeatsChanged() bool { return !sameSeats(c.SeatsBefore, c.SeatsAfter) }

func sameSeats(a, b *int) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

// UtilizationChange is a tool's utilization then and now (shares of 1),
// and the change in percentage points, rounded to one decimal: 0.60 →
// 0.25 is −35.0 pp.
type UtilizationChange struct {
	Tool        string  `json:"tool"`
	Before      float64 `json:"before"`
	After       float64 `json:"after"`
	DeltaPoints float64 `json:"delta_pp"`
}

// Previous is what `audit --previous` compares with: a previous JSON
// result (every change) or a previous snapshot (usage changes only).
type Previous struct {
	Result   *Result
	Snapshot *usage.Snapshot
}

// ReadPrevious reads a previous result or snapshot, telling them apart by
// their schema.
func ReadPrevious(path string) (*Previous, error) {
	f, err := safefile.Open(context.Background(), path)
	if err != nil {
		return nil, fmt.Errorf("open previous audit: %w", err)
	}
	defer f.Close()
	data, err := safefile.ReadAll(context.Background(), f, path, 512<<20)
	if err != nil {
		return nil, fmt.Errorf("read previous audit %s: %w", path, err)
	}
	if err := refuseBOM(data, "previous audit", path); err != nil {
		return nil, err
	}
	var probe struct {
		Schema string `json:"schema"`
	}
	_ = json.Unmarshal(data, &probe) // a bad file is reported by the reader it goes to
	switch probe.Schema {
	case usage.SnapshotSchema:
		s, err := usage.Decode(bytes.NewReader(data), path)
		if err != nil {
			return nil, err
		}
		return &Previous{Snapshot: s}, nil
	case Schema:
		var r Result
		if err := json.Unmarshal(data, &r); err != nil {
			return nil, fmt.Errorf("previous audit %s is not a valid result: %v", path, err)
		}
		return &Previous{Result: &r}, nil
	}
	return nil, fmt.Errorf("previous audit %s is neither a result (%q, from check --format json) nor a snapshot (%q)", path, Schema, usage.SnapshotSchema)
}

// Compare sets r.Changes: what changed since the previous audit. Run
// Check first: Compare assumes the two are comparable.
func Compare(r *Result, prev *Previous) {
	c := &Changes{ToolsAdded: []string{}, ToolsRemoved: []string{}, Tools: []ToolDelta{}, Utilization: []UtilizationChange{},
		FindingsNew: []Finding{}, FindingsResolved: []Finding{}}
	before := map[string]float64{}
	if p := prev.Result; p != nil {
		c.PreviousAsOf = p.AsOf
		if p.Usage != nil {
			c.PreviousUsageTakenAt = &p.Usage.TakenAt
		}
		c.SpendBefore = p.Summary.AnnualSpend
		c.SpendDelta = r.Summary.AnnualSpend.Sub(p.Summary.AnnualSpend)
		for _, t := range p.Tools {
			if t.Utilization != nil {
				before[t.ID] = *t.Utilization
			}
		}
		c.Tools = toolChanges(p.Tools, r.Tools)
		for _, tc := range c.Tools {
			switch tc.Change {
			case Added:
				c.ToolsAdded = append(c.ToolsAdded, tc.Tool)
			case Removed:
				c.ToolsRemoved = append(c.ToolsRemoved, tc.Tool)
			}
		}
		had, has := fingerprintSet(p.Findings), fingerprintSet(r.Findings)
		for _, f := range r.Findings {
			if !had[f.Fingerprint] {
				c.FindingsNew = append(c.FindingsNew, f)
			}
		}
		for _, f := range p.Findings {
			if !has[f.Fingerprint] {
				c.FindingsResolved = append(c.FindingsResolved, f)
			}
		}
	} else if s := prev.Snapshot; s != nil {
		c.UsageOnly = true
		c.PreviousAsOf = s.TakenAt.UTC().Format("2006-01-02")
		taken := s.TakenAt
		c.PreviousUsageTakenAt = &taken
		for _, t := range r.Tools {
			u := s.Tools[t.ID]
			if !u.ActivityMeasured() {
				continue
			}
			seats := t.Seats
			if u.Seats.Purchased != nil {
				seats = u.Seats.Purchased
			}
			if seats != nil && *seats > 0 {
				before[t.ID] = float64(u.Active.D30) / float64(*seats)
			}
		}
	}
	for _, t := range r.Tools {
		b, ok := before[t.ID]
		if !ok || t.Utilization == nil {
			continue
		}
		// Rounded as shown: a change that shows as 0.0 pp is none. The
		// first rounding drops the float noise of the subtraction.
		pp := math.Round(math.Round((*t.Utilization-b)*1e9)/1e6) / 10
		if pp == 0 {
			continue
		}
		c.Utilization = append(c.Utilization, UtilizationChange{Tool: t.ID, Before: b, After: *t.Utilization, DeltaPoints: pp})
	}
	sort.Strings(c.ToolsAdded)
	sort.Strings(c.ToolsRemoved)
	if c.UsageOnly {
		c.SpendBefore, c.SpendDelta = decimal.Zero, decimal.Zero
	}
	r.Changes = c
}

// toolChanges lists the tools added, removed or changed in cost or seats
// between two audits: added first, then removed, then changed, each the
// largest amount first. A retired tool counts as absent.
func toolChanges(was, now []*ToolFact) []ToolDelta {
	live := func(ts []*ToolFact) map[string]*ToolFact {
		m := make(map[string]*ToolFact, len(ts))
		for _, t := range ts {
			if t != nil && t.Status != "retired" {
				m[t.ID] = t
			}
		}
		return m
	}
	before, after := live(was), live(now)
	var out []ToolDelta
	for id, t := range after {
		old := before[id]
		if old == nil {
			out = append(out, ToolDelta{Tool: id, Name: t.Name, Change: Added, CostAfter: t.AnnualCost, CostDelta: t.AnnualCost, SeatsAfter: t.Seats})
			continue
		}
		tc := ToolDelta{Tool: id, Name: t.Name, Change: Changed, CostBefore: old.AnnualCost, CostAfter: t.AnnualCost,
			CostDelta: t.AnnualCost.Sub(old.AnnualCost), SeatsBefore: old.Seats, SeatsAfter: t.Seats}
		if tc.CostChanged() || tc.SeatsChanged() {
			out = append(out, tc)
		}
	}
	for id, t := range before {
		if after[id] == nil {
			out = append(out, ToolDelta{Tool: id, Name: t.Name, Change: Removed, CostBefore: t.AnnualCost, CostDelta: t.AnnualCost.Neg(), SeatsBefore: t.Seats})
		}
	}
	rank := map[string]int{Added: 0, Removed: 1, Changed: 2}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Change != b.Change {
			return rank[a.Change] < rank[b.Change]
		}
		if d := a.CostDelta.Abs().Cmp(b.CostDelta.Abs()); d != 0 {
			return d > 0
		}
		return a.Tool < b.Tool
	})
	if out == nil {
		out = []ToolDelta{}
	}
	return out
}

// Check refuses a previous audit that cannot be compared with r: one of
// another organization, in another currency, not earlier than r (by
// as-of date, and by when its usage was taken, so that a previous result
// made with an earlier --as-of but this quarter's snapshot is not taken
// for last quarter's usage), or simulated when r is not (or the reverse).
// Its error names both sides and says how to make a comparable one.
func Check(r *Result, prev *Previous) error {
	const how = "make the previous result from last quarter's inventory and snapshot: stackaudit check DIR --as-of LAST-AS-OF --snapshot LAST-SNAPSHOT --format json --fail-on none -o results/LAST.json"
	if p := prev.Result; p != nil {
		if p.Organization.Name != "" && r.Organization.Name != "" && p.Organization.Name != r.Organization.Name {
			return fmt.Errorf("the previous result is for the organization %q and this audit is for %q: compare audits of one organization", p.Organization.Name, r.Organization.Name)
		}
		if p.Organization.Currency != "" && r.Organization.Currency != "" && p.Organization.Currency != r.Organization.Currency {
			return fmt.Errorf("the previous result counts money in %s and this audit in %s: amounts in two currencies cannot be compared", p.Organization.Currency, r.Organization.Currency)
		}
		if p.AsOf >= r.AsOf {
			return fmt.Errorf("the previous result is as of %s, not earlier than this audit's as-of %s: %s", p.AsOf, r.AsOf, how)
		}
		if p.Usage != nil && r.Usage != nil {
			if !p.Usage.TakenAt.Before(r.Usage.TakenAt) {
				return fmt.Errorf("the previous result (as of %s) judged usage taken %s (%s), not earlier than this audit's usage taken %s (%s): its utilization is not last quarter's; %s",
					p.AsOf, day(p.Usage.TakenAt), orUnnamed(p.Usage.Snapshot), day(r.Usage.TakenAt), orUnnamed(r.Usage.Snapshot), how)
			}
			if p.Usage.Simulated != r.Usage.Simulated {
				return fmt.Errorf("the previous result judged %s usage and this audit %s usage: simulated usage cannot be compared with measured usage", simulated(p.Usage.Simulated), simulated(r.Usage.Simulated))
			}
		}
		return nil
	}
	s := prev.Snapshot
	if s == nil {
		return nil
	}
	if s.Organization != "" && r.Organization.Name != "" && s.Organization != r.Organization.Name {
		return fmt.Errorf("the previous snapshot %s was taken for the organization %q and this audit is for %q: compare audits of one organization", orUnnamed(s.Path), s.Organization, r.Organization.Name)
	}
	if r.Usage != nil {
		if !s.TakenAt.Before(r.Usage.TakenAt) {
			return fmt.Errorf("the previous snapshot %s was taken %s, not earlier than this audit's usage taken %s (%s): pass last quarter's snapshot",
				orUnnamed(s.Path), day(s.TakenAt), day(r.Usage.TakenAt), orUnnamed(r.Usage.Snapshot))
		}
		if s.Simulated != r.Usage.Simulated {
			return fmt.Errorf("the previous snapshot %s holds %s usage and this audit %s usage: simulated usage cannot be compared with measured usage", orUnnamed(s.Path), simulated(s.Simulated), simulated(r.Usage.Simulated))
		}
	} else if day(s.TakenAt) >= r.AsOf {
		return fmt.Errorf("the previous snapshot %s was taken %s, not earlier than this audit's as-of %s: pass last quarter's snapshot", orUnnamed(s.Path), day(s.TakenAt), r.AsOf)
	}
	return nil
}

func day(t time.Time) string { return t.UTC().Format("2006-01-02") }

func orUnnamed(path string) string {
	if path == "" {
		return "snapshot not read from a file"
	}
	return path
}

func simulated(sim bool) string {
	if sim {
		return "simulated (--sandbox)"
	}
	return "measured"
}

func fingerprintSet(fs []Finding) map[string]bool {
	m := make(map[string]bool, len(fs))
	for _, f := range fs {
		m[f.Fingerprint] = true
	}
	return m
}
