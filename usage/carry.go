package usage

import (
	"maps"
	"slices"
	"sort"
	"strings"
	"time"
)

// DiscoveryPrefix starts the key of a discovery source in the reasons given
// to CarryForward ("discovery.okta"); a tool id never has a dot.
const DiscoveryPrefix = "discovery."

// Carry is one tool or discovery source whose data CarryForward kept from
// the previous snapshot.
type Carry struct {
	// ID is the tool id, or DiscoveryPrefix + the source kind.
	ID         string
	MeasuredAt time.Time
	Reason     string
}

// MeasuredAt is when u was measured: its own date when it was carried
// forward from an earlier scan, else the snapshot's.
func (s *Snapshot) MeasuredAt(u *ToolUsage) time.Time {
	if u != nil && u.MeasuredAt != nil {
		return *u.MeasuredAt
	}
	return s.TakenAt
}

// Stale is every tool whose usage was carried forward, and every
// discovery source, by id as in Carry, with when it was measured.
func (s *Snapshot) Stale() []Carry {
	var out []Carry
	for _, id := range slices.Sorted(maps.Keys(s.Tools)) {
		if u := s.Tools[id]; u.Carried != "" {
			out = append(out, Carry{ID: id, MeasuredAt: s.MeasuredAt(u), Reason: u.Carried})
		}
	}
	for _, c := range s.Discovered.Carried {
		out = append(out, Carry{ID: DiscoveryPrefix + c.Source, MeasuredAt: c.MeasuredAt, Reason: c.Reason})
	}
	return out
}

// CarryForward keeps in next what prev knew about every tool and discovery
// source that next did not measure. reasons maps each such tool id, or
// DiscoveryPrefix + kind, to why it was not measured ("token unset:
// HUBSPOT_TOKEN", the error); only those are carried, so a tool removed
// from the inventory is not resurrected. A tool's usage is carried when
// prev measured it (or carried it itself), keeping the date it was
// measured; a discovery source's findings when prev ran it (or carried
// it). What prev never measured stays as next has it: not measured.
//
// It returns what was carried, in id order. prev may be nil.
func CarryForward(prev, next *Snapshot, reasons map[string]string) []Carry {
	if prev == nil || len(reasons) == 0 {
		return nil
	}
	if next.Tools == nil {
		next.Tools = map[string]*ToolUsage{}
	}
	var out []Carry
	var sources []string
	for _, id := range slices.Sorted(maps.Keys(reasons)) {
		reason := reasons[id]
		if kind, ok := strings.CutPrefix(id, DiscoveryPrefix); ok {
			sources = append(sources, kind)
			continue
		}
		p := prev.Tools[id]
		if !p.Measured() {
			continue
		}
		c := *p
		c.Users = slices.Clone(p.Users)
		at := prev.MeasuredAt(p)
		c.MeasuredAt, c.Carried = &at, reason
		next.Tools[id] = &c
		out = append(out, Carry{ID: id, MeasuredAt: at, Reason: reason})
	}
	for _, kind := range sources {
		at, ok := prev.sourceMeasuredAt(kind)
		if !ok {
			continue
		}
		reason := reasons[DiscoveryPrefix+kind]
		d, pd := &next.Discovered, prev.Discovered
		for _, t := range pd.Tools {
			if t.Source == kind {
				t.Scopes = slices.Clone(t.Scopes)
				d.Tools = append(d.Tools, t)
			}
		}
		for _, in := range pd.Integrations {
			if in.Source == kind {
				d.Integrations = append(d.Integrations, in)
			}
		}
		for _, f := range pd.Flows {
			if f.Source == kind {
				d.Flows = append(d.Flows, f)
			}
		}
		d.Carried = append(d.Carried, CarriedSource{Source: kind, MeasuredAt: at, Reason: reason})
		out = append(out, Carry{ID: DiscoveryPrefix + kind, MeasuredAt: at, Reason: reason})
	}
	if len(sources) > 0 {
		d := &next.Discovered
		// Sources stay together, each in the order its scan left it.
		sort.SliceStable(d.Tools, func(i, j int) bool { return d.Tools[i].Source < d.Tools[j].Source })
		sort.SliceStable(d.Integrations, func(i, j int) bool { return d.Integrations[i].Source < d.Integrations[j].Source })
		sort.SliceStable(d.Flows, func(i, j int) bool { return d.Flows[i].Source < d.Flows[j].Source })
		sort.SliceStable(d.Carried, func(i, j int) bool { return d.Carried[i].Source < d.Carried[j].Source })
	}
	return out
}

// sourceMeasuredAt is when the snapshot's discovery source kind was last
// measured, and false when it holds nothing measured from it: the source
// failed or was skipped without earlier data, or never ran.
func (s *Snapshot) sourceMeasuredAt(kind string) (time.Time, bool) {
	d := s.Discovered
	for _, c := range d.Carried {
		if c.Source == kind {
			return c.MeasuredAt, true
		}
	}
	for _, e := range d.Errors {
		if e.Source == kind {
			return time.Time{}, false
		}
	}
	if slices.Contains(d.Measured, kind) {
		return s.TakenAt, true
	}
	// Snapshots written before Measured existed: a source that left
	// findings ran.
	found := slices.ContainsFunc(d.Tools, func(t DiscoveredTool) bool { return t.Source == kind }) ||
		slices.ContainsFunc(d.Integrations, func(in Integration) bool { return in.Source == kind }) ||
		slices.ContainsFunc(d.Flows, func(f DiscoveredFlow) bool { return f.Source == kind })
	return s.TakenAt, found
}
