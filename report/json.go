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

	c.Tools = copyEach(r.Tools, func(t *result.ToolFact) {
		t.Objectives = nonNil(t.Objectives)
		t.Capabilities, t.Scope, t.Stages = nonNil(t.Capabilities), nonNil(t.Scope), nonNil(t.Stages)
		t.Location = relLoc(t.Location)
	})
	c.Overlaps = copyEach(r.Overlaps, func(ov *result.Overlap) {
		ov.Capabilities = nonNil(ov.Capabilities)
		ov.Tools = nonNil(ov.Tools)
		ov.SharedUsers = nonNil(ov.SharedUsers)
		ov.Unmeasured, ov.Drops = nonNil(ov.Unmeasured), nonNil(ov.Drops)
	})
	c.Actions = copyEach(r.Actions, func(a *result.Action) {
		a.Tools = nonNil(a.Tools)
		if a.Location != nil {
			l := relLoc(*a.Location)
			a.Location = &l
		}
	})
	c.Renewals = copyEach(r.Renewals, func(*result.Renewal) {})
	c.Gaps = copyEach(r.Gaps, func(g *result.Gap) { g.Location = relLoc(g.Location) })
	c.Flows = copyEach(r.Flows, func(fl *result.FlowFact) {
		fl.Data, fl.Gaps = nonNil(fl.Data), nonNil(fl.Gaps)
		fl.Location = relLoc(fl.Location)
	})
	c.Seats = nonNil(r.Seats)
	c.Discovered = nonNil(r.Discovered)
	if r.Usage != nil {
		u := *r.Usage
		u.Snapshot, u.Kinds = loc.rel(u.Snapshot), nonNil(u.Kinds)
		c.Usage = &u
	}
	for _, lines := range []*[]result.SpendLine{&c.Spend.ByTeam, &c.Spend.ByCategory, &c.Spend.ByObjective, &c.Spend.ByStage, &c.Spend.ByRenewalQuarter} {
		*lines = nonNil(*lines)
	}
	return &c
}

// copyEach returns a copy of each element of s that is not nil, changed by
// fix; the slice is never nil, so that it encodes as [].
func copyEach[T any](s []*T, fix func(*T)) []*T {
	out := make([]*T, 0, len(s))
	for _, p := range s {
		if p != nil {
			c := *p
			fix(&c)
			out = append(out, &c)
		}
	}
	return out
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
