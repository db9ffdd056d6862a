package report

import (
	"bytes"
	"encoding/json"

	"github.com/stackaudit/stackaudit/policies/result"
)

// writeDiffJSON writes the Diff, indented, in its versioned schema
// (result.DiffSchema). A normalised copy is encoded: every list is `[]`
// rather than `null`, every severity is counted, and file names are
// relative to Options.BaseDir with forward slashes.
func writeDiffJSON(buf *bytes.Buffer, d *result.Diff, o Options) error {
	loc := diffLocator(d, o.BaseDir)
	relLoc := func(l result.Location) result.Location {
		l.File = loc.rel(l.File)
		return l
	}
	findings := func(fs []result.Finding) []result.Finding {
		out := make([]result.Finding, len(fs))
		for i, f := range fs {
			f.Subjects = nonNil(f.Subjects)
			f.Location = relLoc(f.Location)
			out[i] = f
		}
		return out
	}
	flow := func(fl *result.FlowFact) {
		fl.Data, fl.Gaps = nonNil(fl.Data), nonNil(fl.Gaps)
		fl.Location = relLoc(fl.Location)
	}
	overlap := func(ov *result.Overlap) {
		ov.Capabilities, ov.Tools, ov.SharedUsers = nonNil(ov.Capabilities), nonNil(ov.Tools), nonNil(ov.SharedUsers)
	}
	c := *d
	if c.Schema == "" {
		c.Schema = result.DiffSchema
	}
	c.NewBySeverity = allSeverities(d.NewBySeverity)
	c.Tools = make([]result.ToolChange, len(d.Tools))
	for i, t := range d.Tools {
		t.Fields = nonNil(t.Fields)
		t.Location = relLoc(t.Location)
		c.Tools[i] = t
	}
	c.FlowsAdded, c.FlowsRemoved = copyEach(d.FlowsAdded, flow), copyEach(d.FlowsRemoved, flow)
	c.FlowsChanged = make([]result.FlowChange, len(d.FlowsChanged))
	for i, fc := range d.FlowsChanged {
		b, a := *fc.Before, *fc.After
		flow(&b)
		flow(&a)
		c.FlowsChanged[i] = result.FlowChange{Before: &b, After: &a, Fields: nonNil(fc.Fields)}
	}
	c.OverlapsCreated, c.OverlapsResolved = copyEach(d.OverlapsCreated, overlap), copyEach(d.OverlapsResolved, overlap)
	c.FindingsNew, c.FindingsResolved = findings(d.FindingsNew), findings(d.FindingsResolved)
	enc := json.NewEncoder(buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(&c)
}
