package result

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/shopspring/decimal"
	"github.com/stackaudit/stackaudit/usage"
)

// Changes compare this evaluation with a previous one (`audit
// --previous`): a previous result gives every change, a previous snapshot
// only the usage ones.
type Changes struct {
	PreviousAsOf string          `json:"previous_as_of"`
	SpendBefore  decimal.Decimal `json:"spend_before"`
	SpendDelta   decimal.Decimal `json:"spend_delta"`
	ToolsAdded   []string        `json:"tools_added"`
	ToolsRemoved []string        `json:"tools_removed"`
	// Utilization lists the tools measured both times.
	Utilization      []UtilizationChange `json:"utilization"`
	FindingsNew      []Finding           `json:"findings_new"`
	FindingsResolved []Finding           `json:"findings_resolved"`
	// UsageOnly is true when the previous input was a snapshot: spend and
	// findings are then unknown and left empty.
	UsageOnly bool `json:"usage_only"`
}

// UtilizationChange is a tool's utilization then and now.
type UtilizationChange struct {
	Tool   string  `json:"tool"`
	Before float64 `json:"before"`
	After  float64 `json:"after"`
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
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open previous audit: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 512<<20))
	if err != nil {
		return nil, fmt.Errorf("read previous audit %s: %w", path, err)
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

// Compare sets r.Changes: what changed since the previous audit.
func Compare(r *Result, prev *Previous) {
	c := &Changes{ToolsAdded: []string{}, ToolsRemoved: []string{}, Utilization: []UtilizationChange{},
		FindingsNew: []Finding{}, FindingsResolved: []Finding{}}
	before := map[string]float64{}
	if p := prev.Result; p != nil {
		c.PreviousAsOf = p.AsOf
		c.SpendBefore = p.Summary.AnnualSpend
		c.SpendDelta = r.Summary.AnnualSpend.Sub(p.Summary.AnnualSpend)
		was := map[string]*ToolFact{}
		for _, t := range p.Tools {
			was[t.ID] = t
			if t.Utilization != nil {
				before[t.ID] = *t.Utilization
			}
		}
		now := map[string]*ToolFact{}
		for _, t := range r.Tools {
			now[t.ID] = t
			if old := was[t.ID]; old == nil || old.Status == "retired" && t.Status != "retired" {
				c.ToolsAdded = append(c.ToolsAdded, t.ID)
			}
		}
		for _, t := range p.Tools {
			if cur := now[t.ID]; cur == nil && t.Status != "retired" || cur != nil && cur.Status == "retired" && t.Status != "retired" {
				c.ToolsRemoved = append(c.ToolsRemoved, t.ID)
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
		if b, ok := before[t.ID]; ok && t.Utilization != nil {
			c.Utilization = append(c.Utilization, UtilizationChange{Tool: t.ID, Before: b, After: *t.Utilization})
		}
	}
	sort.Strings(c.ToolsAdded)
	sort.Strings(c.ToolsRemoved)
	if c.UsageOnly {
		c.SpendBefore, c.SpendDelta = decimal.Zero, decimal.Zero
	}
	r.Changes = c
}

func fingerprintSet(fs []Finding) map[string]bool {
	m := make(map[string]bool, len(fs))
	for _, f := range fs {
		m[f.Fingerprint] = true
	}
	return m
}
