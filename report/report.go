package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/stackaudit/stackaudit/internal/plural"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
)

// Options change how a Result is rendered. The zero value renders without
// colour, with file names as the Result has them.
type Options struct {
	// Color turns on ANSI colour in the text format; set it only when
	// the output is a terminal and --no-color was not given.
	Color bool
	// Version is stackaudit's version (SARIF driver, footers). A version
	// that is not semver, such as "dev", becomes "0.0.0-dev" where SARIF
	// requires semver.
	Version string
	// BaseDir is the repository root: file names are made relative to it.
	// Empty keeps them as the Result has them.
	BaseDir string
	// Rules are the rules that ran, usually policies.Builtins(): SARIF
	// describes them in driver.rules, JUnit gives each a test suite.
	Rules []*policies.Rule
	// Title heads the Markdown comment and names the JUnit test suites;
	// default "stackaudit".
	Title string
	// FailOn is check's --fail-on (a severity or "none"): JUnit reports
	// as failures only the findings at or above it, the others as
	// skipped; the github format makes exactly those errors. Empty fails
	// every finding that counts, and github maps severities plainly.
	FailOn string
	// Width wraps the text format's messages at this many columns (the
	// terminal's width); 0 does not wrap.
	Width int
}

// ErrUnknownFormat is returned, wrapped, by Write for a format name that
// [Formats] does not list.
var ErrUnknownFormat = errors.New("unknown format")

// format is one entry of a registry (check's formats, diff's formats):
// its name on the command line and the function that renders a V into a
// buffer.
type format[V any] struct {
	name  string
	write func(*bytes.Buffer, V, Options) error
}

// registry is the explicit list of formats, in the order `--help` shows
// them.
func registry() []format[*result.Result] {
	return []format[*result.Result]{
		{"text", writeText},
		{"json", writeJSON},
		{"sarif", writeSARIF},
		{"markdown", writeMarkdown},
		{"junit", writeJUnit},
		{"github", writeGitHub},
	}
}

// Formats lists the format names Write accepts.
func Formats() []string { return formatNames(registry()) }

// Write renders r in the named format to w. An unknown name is an error
// wrapping ErrUnknownFormat that lists the known ones; there is no default.
// Nothing is written unless rendering succeeds.
func Write(w io.Writer, name string, r *result.Result, o Options) error {
	if r == nil {
		panic("report: Write called with a nil Result")
	}
	return writeFormat(w, registry(), name, r, o, name, name+" report")
}

// formatNames lists the names of a registry, in its order.
func formatNames[V any](formats []format[V]) []string {
	var names []string
	for _, f := range formats {
		names = append(names, f.name)
	}
	return names
}

// writeFormat renders v with the format of formats called name and writes
// it to w only once rendering succeeded, so that a failed render writes
// nothing; Write and WriteDiff share it. The errors say what failed to
// render or write (rendering, writing: the two differ for a report).
func writeFormat[V any](w io.Writer, formats []format[V], name string, v V, o Options, rendering, writing string) error {
	for _, f := range formats {
		if f.name != name {
			continue
		}
		var buf bytes.Buffer
		if err := f.write(&buf, v, o); err != nil {
			return fmt.Errorf("render %s: %w", rendering, err)
		}
		if _, err := w.Write(buf.Bytes()); err != nil {
			return fmt.Errorf("write %s: %w", writing, err)
		}
		return nil
	}
	return fmt.Errorf("%w %q: use one of %s", ErrUnknownFormat, name, strings.Join(formatNames(formats), ", "))
}

// title is the heading of the Markdown comment and the JUnit suites.
func (o Options) title() string {
	if t := strings.TrimSpace(o.Title); t != "" {
		return t
	}
	return "stackaudit"
}

// locator answers where a finding points, with file names relative to the
// base directory.
type locator struct {
	base string
	// decl is the declaration of each subject the Result knows a location
	// for ("tool.hubspot" → its block), from the facts.
	decl map[string]result.Location
	// first is the first file name (sorted) anywhere in the Result: the
	// last resort for SARIF, which needs a location on every result.
	first string
}

func newLocator(r *result.Result, base string) *locator {
	l := &locator{base: base, decl: map[string]result.Location{}}
	var files []string
	note := func(loc result.Location) {
		if loc.File != "" {
			files = append(files, loc.File)
		}
	}
	for _, t := range r.Tools {
		if t != nil && t.Location.File != "" {
			l.decl["tool."+t.ID] = t.Location
			note(t.Location)
		}
	}
	for _, g := range r.Gaps {
		if g == nil || g.Location.File == "" {
			continue
		}
		if _, ok := l.decl[g.Subject.String()]; !ok {
			l.decl[g.Subject.String()] = g.Location
		}
		note(g.Location)
	}
	for _, f := range r.Findings {
		note(f.Location)
	}
	if len(files) > 0 {
		sort.Strings(files)
		l.first = files[0]
	}
	return l
}

// rel makes a file name relative to the base directory, with forward
// slashes. Names outside the base directory keep their "../" prefix; names
// that cannot be made relative (another volume) are kept as they are.
func (l *locator) rel(file string) string {
	if file == "" {
		return ""
	}
	p := file
	if l.base != "" {
		base, target := l.base, file
		if filepath.IsAbs(base) != filepath.IsAbs(target) {
			// One side is relative to the working directory: compare
			// both as absolute paths.
			if b, err := filepath.Abs(base); err == nil {
				base = b
			}
			if t, err := filepath.Abs(target); err == nil {
				target = t
			}
		}
		if r, err := filepath.Rel(base, target); err == nil {
			p = r
		}
	}
	p = filepath.ToSlash(filepath.Clean(p))
	return strings.TrimPrefix(p, "./")
}

// place is a resolved location: a relative file name and a 1-based line
// (0 when unknown).
type place struct {
	File      string
	Line      int
	Column    int
	EndLine   int
	EndColumn int
}

func (p place) String() string {
	switch {
	case p.File == "":
		return ""
	case p.Line < 1:
		return p.File
	default:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
}

// of is where a finding points: its own location, else the declaration of
// its first subject that has one (a finding about the inventory as a whole
// has neither, and gets an empty place).
func (l *locator) of(f *result.Finding) place {
	if f.Location.File != "" {
		return l.place(f.Location)
	}
	for _, s := range f.Subjects {
		if loc, ok := l.decl[s.String()]; ok {
			return place{File: l.rel(loc.File), Line: loc.Line}
		}
	}
	return place{}
}

func (l *locator) place(loc result.Location) place {
	return place{File: l.rel(loc.File), Line: loc.Line, Column: loc.Column, EndLine: loc.EndLine, EndColumn: loc.EndColumn}
}

// fingerprint is the finding's fingerprint, computed from its rule and
// subjects when a hand-built finding lacks one.
func fingerprint(f *result.Finding) string {
	if f.Fingerprint != "" {
		return f.Fingerprint
	}
	return result.Fingerprint(f.Rule, f.Subjects)
}

// subjectList is "tool.a, tool.b".
func subjectList(ss []result.Subject) string {
	names := make([]string, len(ss))
	for i, s := range ss {
		names[i] = s.String()
	}
	return strings.Join(names, ", ")
}

// waiverNote is "<reason> (approved by X, expires YYYY-MM-DD)", the
// justification of a waived finding in every format.
func waiverNote(w *result.AppliedWaiver) string {
	var extra []string
	if w.ApprovedBy != "" {
		extra = append(extra, "approved by "+w.ApprovedBy)
	}
	if !w.Expires.IsZero() {
		extra = append(extra, "expires "+w.Expires.Format("2006-01-02"))
	}
	reason := strings.TrimSpace(w.Reason)
	if reason == "" {
		reason = "waived by " + w.ID
	}
	if len(extra) == 0 {
		return reason
	}
	return reason + " (" + strings.Join(extra, ", ") + ")"
}

// counts tallies unwaived findings by severity, plus the waived and the
// new (baseline) ones: what the text and Markdown summaries show.
type counts struct {
	bySeverity map[result.Severity]int
	// newBySeverity counts the unwaived new findings (with a baseline).
	newBySeverity map[result.Severity]int
	open          int
	waived        int
	newOnes       int
	baseline      bool
}

func countFindings(fs []result.Finding) counts {
	c := counts{bySeverity: map[result.Severity]int{}, newBySeverity: map[result.Severity]int{}}
	for i := range fs {
		f := &fs[i]
		if f.Baseline != "" {
			c.baseline = true
		}
		if f.Waived() {
			c.waived++
			continue
		}
		c.open++
		c.bySeverity[f.Severity]++
		if f.Baseline == "new" {
			c.newOnes++
			c.newBySeverity[f.Severity]++
		}
	}
	return c
}

// severityName is the capitalised level, "High".
func severityName(s result.Severity) string {
	if s == "" {
		return "Unknown"
	}
	return plural.UpperFirst(string(s))
}

// severityGroups splits findings (already sorted) into runs of one
// severity, most severe first.
func severityGroups(fs []result.Finding) [][]result.Finding {
	var groups [][]result.Finding
	for i, f := range fs {
		if i == 0 || f.Severity != fs[i-1].Severity {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], f)
	}
	return groups
}

// ruleIDs lists the ids of the rules that ran: opts' rules in their order,
// then, sorted, every other rule that has a finding (custom policies).
func ruleIDs(rules []*policies.Rule, fs []result.Finding) []string {
	var ids []string
	seen := map[string]bool{}
	for _, r := range rules {
		if r != nil && !seen[r.ID] {
			seen[r.ID] = true
			ids = append(ids, r.ID)
		}
	}
	var extra []string
	for _, f := range fs {
		if !seen[f.Rule] {
			seen[f.Rule] = true
			extra = append(extra, f.Rule)
		}
	}
	sort.Strings(extra)
	return append(ids, extra...)
}
