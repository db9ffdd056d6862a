package report

import (
	"bytes"
	"encoding/json"

	"github.com/stackaudit/stackaudit/policies/result"
)

// writeJSON writes the full Result, indented, in its own stable field
// names and versioned schema (result.Schema): the document that
// --baseline and `audit --previous` read back.
//
// The Result is not changed: a normalised copy is encoded, in which every
// list is `[]` rather than `null`, both severity maps name every level, and
// file names are relative to Options.BaseDir with forward slashes.
func writeJSON(buf *bytes.Buffer, r *result.Result, o Options) error {
	n := normalize(r, newLocator(r, o.BaseDir))
	enc := json.NewEncoder(buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(n)
}

// normalize returns a deep enough copy of r for encoding: slices and maps
// that would be null are empty, locations are relative. Nothing r points
// to is modified.
func normalize(r *result.Result, loc *locator) *result.Result {
	c := *r
	if c.Schema == "" {
		c.Schema = result.Schema
	}
	c.Summary.Findings = allSeverities(r.Summary.Findings)
	c.Summary.Counting = allSeverities(r.Summary.Counting)

	relLoc := func(l result.Location) result.Location {
		l.File = loc.rel(l.File)
		return l
	}

	c.Findings = make([]result.Finding, len(r.Findings))
	for i, f := range r.Findings {
		f.Subjects = nonNil(f.Subjects)
		f.Location = relLoc(f.Location)
		if f.Waiver != nil {
			w := *f.Waiver
			f.Waiver = &w
		}
		c.Findings[i] = f
	}

	c.Tools = make([]*result.ToolFact, 0, len(r.Tools))
	for _, t := range r.Tools {
		if t == nil {
			continue
		}
		tc := *t
		tc.Objectives = nonNil(t.Objectives)
		tc.Capabilities, tc.Scope, tc.Stages = nonNil(t.Capabilities), nonNil(t.Scope), nonNil(t.Stages)
		tc.Location = relLoc(t.Location)
		c.Tools = append(c.Tools, &tc)
	}

	c.Overlaps = make([]*result.Overlap, 0, len(r.Overlaps))
	for _, ov := range r.Overlaps {
		if ov == nil {
			continue
		}
		oc := *ov
		oc.Capabilities = nonNil(ov.Capabilities)
		oc.Tools = nonNil(ov.Tools)
		oc.SharedUsers = nonNil(ov.SharedUsers)
		c.Overlaps = append(c.Overlaps, &oc)
	}

	c.Renewals = make([]*result.Renewal, 0, len(r.Renewals))
	for _, rn := range r.Renewals {
		if rn != nil {
			rc := *rn
			c.Renewals = append(c.Renewals, &rc)
		}
	}

	c.Gaps = make([]*result.Gap, 0, len(r.Gaps))
	for _, g := range r.Gaps {
		if g != nil {
			gc := *g
			gc.Location = relLoc(g.Location)
			c.Gaps = append(c.Gaps, &gc)
		}
	}

	c.Flows = make([]*result.FlowFact, 0, len(r.Flows))
	for _, fl := range r.Flows {
		if fl != nil {
			fc := *fl
			fc.Data, fc.Gaps = nonNil(fl.Data), nonNil(fl.Gaps)
			fc.Location = relLoc(fl.Location)
			c.Flows = append(c.Flows, &fc)
		}
	}
	c.Seats = nonNil(r.Seats)
	c.Discovered = nonNil(r.Discovered)
	for _, lines := range []*[]result.SpendLine{&c.Spend.ByTeam, &c.Spend.ByCategory, &c.Spend.ByObjective, &c.Spend.ByStage, &c.Spend.ByRenewalQuarter} {
		*lines = nonNil(*lines)
	}
	return &c
}

// nonNil returns a copy of s that is never nil, so that it encodes as [].
func nonNil[T any](s []T) []T {
	return append(make([]T, 0, len(s)), s...)
}

// allSeverities copies a count map with every level present.
func allSeverities(m map[result.Severity]int) map[result.Severity]int {
	out := map[result.Severity]int{}
	for _, s := range result.AllSeverities() {
		out[s] = 0
	}
	for s, n := range m {
		out[s] = n
	}
	return out
}
