package report_test

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/report"
)

// The JUnit document as a CI system reads it.
type xmlSuites struct {
	XMLName  xml.Name   `xml:"testsuites"`
	Name     string     `xml:"name,attr"`
	Tests    int        `xml:"tests,attr"`
	Failures int        `xml:"failures,attr"`
	Errors   int        `xml:"errors,attr"`
	Skipped  int        `xml:"skipped,attr"`
	Suites   []xmlSuite `xml:"testsuite"`
}

type xmlSuite struct {
	Name     string    `xml:"name,attr"`
	Tests    int       `xml:"tests,attr"`
	Failures int       `xml:"failures,attr"`
	Errors   int       `xml:"errors,attr"`
	Skipped  int       `xml:"skipped,attr"`
	Cases    []xmlCase `xml:"testcase"`
}

type xmlCase struct {
	Name      string `xml:"name,attr"`
	Classname string `xml:"classname,attr"`
	File      string `xml:"file,attr"`
	Line      int    `xml:"line,attr"`
	Failure   *struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",chardata"`
	} `xml:"failure"`
	Skipped *struct {
		Message string `xml:"message,attr"`
	} `xml:"skipped"`
}

func parseJUnit(t *testing.T, out string) xmlSuites {
	t.Helper()
	require.True(t, strings.HasPrefix(out, `<?xml version="1.0" encoding="UTF-8"?>`))
	var doc xmlSuites
	require.NoError(t, xml.Unmarshal([]byte(out), &doc))
	return doc
}

// TestJUnitCounts parses the XML back: every count matches the test cases,
// one suite per rule, one case per rule × subject set.
func TestJUnitCounts(t *testing.T) {
	r := fixture()
	doc := parseJUnit(t, render(t, "junit", r, fixtureOptions()))
	assert.Equal(t, "stackaudit check", doc.Name)

	var wantSuites []string
	for _, rule := range fixtureRules() {
		wantSuites = append(wantSuites, rule.ID)
	}
	wantSuites = append(wantSuites, "pii-needs-dpa")
	var gotSuites []string
	tests, failures, skipped := 0, 0, 0
	for _, s := range doc.Suites {
		gotSuites = append(gotSuites, s.Name)
		f, sk := 0, 0
		for _, c := range s.Cases {
			assert.Equal(t, s.Name, c.Classname)
			assert.False(t, c.Failure != nil && c.Skipped != nil)
			if c.Failure != nil {
				f++
			}
			if c.Skipped != nil {
				sk++
			}
		}
		assert.Equal(t, len(s.Cases), s.Tests, s.Name)
		assert.Equal(t, f, s.Failures, s.Name)
		assert.Equal(t, sk, s.Skipped, s.Name)
		assert.Zero(t, s.Errors)
		tests, failures, skipped = tests+s.Tests, failures+s.Failures, skipped+s.Skipped
	}
	assert.Equal(t, wantSuites, gotSuites)
	assert.Equal(t, tests, doc.Tests)
	assert.Equal(t, failures, doc.Failures)
	assert.Equal(t, skipped, doc.Skipped)

	// 9 findings, 2 waived; 2 rules without findings (no-sso,
	// low-utilization has one) pass.
	assert.Equal(t, 7, doc.Failures)
	assert.Equal(t, 2, doc.Skipped)
	assert.Equal(t, 9+1, doc.Tests)

	suite := func(name string) xmlSuite {
		for _, s := range doc.Suites {
			if s.Name == name {
				return s
			}
		}
		t.Fatalf("no suite %s", name)
		return xmlSuite{}
	}
	pass := suite("no-sso")
	require.Len(t, pass.Cases, 1)
	assert.Equal(t, "no-sso", pass.Cases[0].Name)
	assert.Nil(t, pass.Cases[0].Failure)
	assert.Nil(t, pass.Cases[0].Skipped)

	rc := suite("redundant-capability")
	require.Len(t, rc.Cases, 1)
	assert.Equal(t, "tool.hubspot, tool.marketo", rc.Cases[0].Name)
	require.NotNil(t, rc.Cases[0].Skipped)
	assert.Equal(t, "waived: Migration to HubSpot completes 2027-Q2 (approved by cmo@acme.example, expires 2027-06-30)", rc.Cases[0].Skipped.Message)

	owner := suite("tool-without-owner").Cases[0]
	require.NotNil(t, owner.Failure)
	assert.Equal(t, "high", owner.Failure.Type)
	assert.Equal(t, "Marketo has no owning team", owner.Failure.Message)
	assert.Equal(t, "tools/marketo.hcl", owner.File)
	assert.Equal(t, 1, owner.Line)
	assert.Contains(t, owner.Failure.Text, "location: tools/marketo.hcl:1")

	// Escaping: the tricky message comes back byte for byte, in the
	// attribute and in the text.
	custom := suite("pii-needs-dpa").Cases[0]
	require.NotNil(t, custom.Failure)
	assert.Equal(t, tricky, custom.Failure.Message)
	assert.Contains(t, custom.Failure.Text, tricky)
	assert.Equal(t, "tools/a&b <ltd> 日本.hcl", custom.File)
}

// TestJUnitBaseline: existing findings are skipped, as they do not count
// towards --fail-on; only new unwaived ones fail.
func TestJUnitBaseline(t *testing.T) {
	doc := parseJUnit(t, render(t, "junit", fixtureBaseline(), fixtureOptions()))
	assert.Equal(t, 2, doc.Failures)
	assert.Equal(t, 7, doc.Skipped)
	assert.Equal(t, 10, doc.Tests)
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Failure != nil {
				assert.Contains(t, []string{"tool-without-owner", "pii-needs-dpa"}, s.Name)
			}
			if c.Skipped != nil && s.Name != "redundant-capability" && s.Name != "missing-cost" {
				assert.True(t, strings.HasPrefix(c.Skipped.Message, "existing: "), c.Skipped.Message)
			}
		}
	}
}

// TestJUnitControlCharacters: characters XML cannot hold do not make the
// document unreadable.
func TestJUnitControlCharacters(t *testing.T) {
	r := &result.Result{Findings: []result.Finding{
		finding("x", result.High, "t", "bell \a escape \x1b[31m nul \x00 end", result.Location{}, sub("tool", "a\x01b")),
	}}
	doc := parseJUnit(t, render(t, "junit", r, report.Options{}))
	require.Len(t, doc.Suites, 1)
	assert.Contains(t, doc.Suites[0].Cases[0].Failure.Message, "end")
}
