package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"sort"
	"strings"

	"github.com/stackaudit/stackaudit/policies/result"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// writeJUnit writes JUnit XML: one <testsuite> per rule that ran
// (Options.Rules in their order, then the other rules with findings, such
// as custom policies, sorted), one <testcase> per finding, named after its
// subjects (rule × subject set; a finding's subjects are unique within its
// rule). An unwaived finding fails with its message and severity as type;
// a waived one is skipped ("waived: reason …"), and so is one already in
// the baseline or below Options.FailOn, since none of those fails the
// check. A rule without
// findings has one passing test case named after the rule. The testcase
// carries file and line attributes, as pytest writes them, for the CI
// systems that link them.
func writeJUnit(buf *bytes.Buffer, r *result.Result, o Options) error {
	loc := newLocator(r, o.BaseDir)
	byRule := map[string][]result.Finding{}
	for _, f := range r.Findings {
		byRule[f.Rule] = append(byRule[f.Rule], f)
	}
	doc := junitSuites{Name: o.title()}
	for _, id := range ruleIDs(o.Rules, r.Findings) {
		s := junitSuite{Name: id}
		fs := byRule[id]
		sort.SliceStable(fs, func(i, j int) bool {
			a, b := subjectList(fs[i].Subjects), subjectList(fs[j].Subjects)
			if a != b {
				return a < b
			}
			return fingerprint(&fs[i]) < fingerprint(&fs[j])
		})
		for i := range fs {
			s.Cases = append(s.Cases, junitCaseOf(loc, &fs[i], o.FailOn))
		}
		if len(fs) == 0 {
			s.Cases = []junitCase{{Name: id, Classname: id}}
		}
		for _, c := range s.Cases {
			s.Tests++
			switch {
			case c.Failure != nil:
				s.Failures++
			case c.Skipped != nil:
				s.Skipped++
			}
		}
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Skipped += s.Skipped
		doc.Suites = append(doc.Suites, s)
	}
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(buf)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	buf.WriteString("\n")
	return nil
}

func junitCaseOf(loc *locator, f *result.Finding, failOn string) junitCase {
	name := subjectList(f.Subjects)
	if name == "" {
		name = "(inventory)"
	}
	p := loc.of(f)
	c := junitCase{Name: name, Classname: f.Rule, File: p.File, Line: p.Line}
	msg := firstNonBlank(f.Message, f.Title, f.Rule)
	switch {
	case f.Waived():
		c.Skipped = &junitSkipped{Message: "waived: " + waiverNote(f.Waiver)}
	case f.Baseline == "existing":
		c.Skipped = &junitSkipped{Message: "existing: already in the baseline: " + msg}
	case failOn != "" && (failOn == "none" || !f.Severity.AtLeast(result.Severity(failOn))):
		c.Skipped = &junitSkipped{Message: fmt.Sprintf("below --fail-on %s: %s (%s)", failOn, msg, f.Severity)}
	default:
		var details strings.Builder
		fmt.Fprintf(&details, "%s\n\n", msg)
		fmt.Fprintf(&details, "rule: %s (%s)", f.Rule, f.Severity)
		if f.Title != "" {
			fmt.Fprintf(&details, ": %s", f.Title)
		}
		fmt.Fprintf(&details, "\n")
		if len(f.Subjects) > 0 {
			fmt.Fprintf(&details, "subjects: %s\n", subjectList(f.Subjects))
		}
		if where := p.String(); where != "" {
			fmt.Fprintf(&details, "location: %s\n", where)
		}
		fmt.Fprintf(&details, "fingerprint: %s\n", fingerprint(f))
		c.Failure = &junitFailure{Message: msg, Type: string(f.Severity), Text: details.String()}
	}
	return c
}
