package result

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/stackaudit/stackaudit/inventory"
)

// FingerprintVersion names the fingerprint scheme, as SARIF's
// partialFingerprints key.
const FingerprintVersion = "stackaudit/v1"

// Subject is what a finding is about: "tool.hubspot", "flow.x", …
type Subject struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

// String is the reference form, e.g. "tool.hubspot".
func (s Subject) String() string { return s.Kind + "." + s.ID }

// Location is where a finding points: a file and a range in it.
type Location struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
}

// LocationOf converts an hcl range. A range without a file (a finding about
// the inventory as a whole) has an empty File.
func LocationOf(r hcl.Range) Location {
	return Location{File: r.Filename, Line: r.Start.Line, Column: r.Start.Column, EndLine: r.End.Line, EndColumn: r.End.Column}
}

// Finding is one problem a rule found.
type Finding struct {
	Rule     string    `json:"rule"`
	Severity Severity  `json:"severity"`
	Title    string    `json:"title"`
	Message  string    `json:"message"`
	Subjects []Subject `json:"subjects"`
	Location Location  `json:"location"`
	// Fingerprint identifies the finding across runs: the rule and its
	// subjects, never its message or position, so that moving, renaming
	// or reformatting files keeps it.
	Fingerprint string `json:"fingerprint"`
	// Waiver is set when a waiver applies: the finding stays visible but
	// never counts towards --fail-on.
	Waiver *AppliedWaiver `json:"waiver,omitempty"`
	// Baseline is "new" or "existing" when a baseline was given, "" when
	// not.
	Baseline string `json:"baseline,omitempty"`
}

// AppliedWaiver is the waiver that covers a finding.
type AppliedWaiver struct {
	ID         string    `json:"id"`
	Reason     string    `json:"reason"`
	ApprovedBy string    `json:"approved_by,omitempty"`
	Expires    time.Time `json:"expires"`
}

// Waived reports whether a waiver covers the finding.
func (f *Finding) Waived() bool { return f.Waiver != nil }

// Counts reports whether the finding counts towards --fail-on: it is not
// waived and, with a baseline, it is new.
func (f *Finding) Counts() bool { return f.Waiver == nil && f.Baseline != "existing" }

// Fingerprint computes the stable identity of a finding from its rule and
// subjects, independent of subject order.
func Fingerprint(rule string, subjects []Subject) string {
	keys := make([]string, len(subjects))
	for i, s := range subjects {
		keys[i] = s.String()
	}
	sort.Strings(keys)
	sum := sha256.Sum256([]byte(rule + "\x00" + strings.Join(keys, "\x00")))
	return hex.EncodeToString(sum[:16])
}

// SortedFindings returns the findings in the order of every output: most
// severe first, then by rule, file, line and fingerprint, so that runs are
// comparable. Findings without a fingerprint (built by hand) are ordered by
// the one they would have.
func SortedFindings(fs []Finding) []Finding {
	out := append([]Finding(nil), fs...)
	key := func(f *Finding) string {
		if f.Fingerprint != "" {
			return f.Fingerprint
		}
		return Fingerprint(f.Rule, f.Subjects)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := &out[i], &out[j]
		switch {
		case a.Severity.Rank() != b.Severity.Rank():
			return a.Severity.Rank() > b.Severity.Rank()
		case a.Rule != b.Rule:
			return a.Rule < b.Rule
		case a.Location.File != b.Location.File:
			return a.Location.File < b.Location.File
		case a.Location.Line != b.Location.Line:
			return a.Location.Line < b.Location.Line
		default:
			return key(a) < key(b)
		}
	})
	return out
}

// ToolSubject, FlowSubject, … name inventory elements as finding subjects.
func ToolSubject(t *inventory.Tool) Subject           { return Subject{"tool", t.ID} }
func FlowSubject(f *inventory.Flow) Subject           { return Subject{"flow", f.ID} }
func TeamSubject(t *inventory.Team) Subject           { return Subject{"team", t.ID} }
func ObjectiveSubject(o *inventory.Objective) Subject { return Subject{"objective", o.ID} }
func DataClassSubject(d *inventory.DataClass) Subject { return Subject{"data_class", d.ID} }
func WaiverSubject(w *inventory.Waiver) Subject       { return Subject{"waiver", w.ID} }
