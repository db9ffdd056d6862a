package report

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/stackaudit/stackaudit/policies/result"
)

// writeGitHub writes one GitHub Actions workflow command per finding that
// counts, so that findings show as annotations on the lines of any
// repository, with or without code scanning (SPEC §6):
//
//	::error file=inventory/tools/data.hcl,line=498,endLine=498,title=personal-data-without-dpa (high)::Matomo Cloud …
//
// Critical and high findings are errors, medium ones warnings, low and
// info notices; --fail-on moves the line between error and the rest, so
// that the red annotations are exactly the findings that fail the gate
// (with the default, high, that is the plain mapping).
//
// Waived findings are omitted: an annotation cannot carry a suppression
// (SARIF does), and a notice on every waived line teaches reviewers to
// ignore annotations. With --baseline, existing findings are omitted too:
// the change under review did not cause them.
func writeGitHub(buf *bytes.Buffer, r *result.Result, o Options) error {
	loc := newLocator(r, o.BaseDir)
	var fs []*result.Finding
	for i := range r.Findings {
		if r.Findings[i].Counts() {
			fs = append(fs, &r.Findings[i])
		}
	}
	// In file and line order, as a reviewer reads the files; the
	// Result's order is not part of the output.
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		pa, pb := loc.of(a), loc.of(b)
		switch {
		case pa.File != pb.File:
			return pa.File < pb.File
		case pa.Line != pb.Line:
			return pa.Line < pb.Line
		case a.Severity.Rank() != b.Severity.Rank():
			return a.Severity.Rank() > b.Severity.Rank()
		case a.Rule != b.Rule:
			return a.Rule < b.Rule
		}
		return fingerprint(a) < fingerprint(b)
	})
	for _, f := range fs {
		writeAnnotation(buf, loc, f, o.FailOn)
	}
	return nil
}

// writeAnnotation writes one finding as a workflow command. failOn is a
// severity, "none" or "" (the plain severity mapping).
func writeAnnotation(buf *bytes.Buffer, loc *locator, f *result.Finding, failOn string) {
	var props []string
	if p := loc.of(f); p.File != "" {
		props = append(props, "file="+ghProperty(p.File))
		if p.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", p.Line))
			if p.EndLine >= p.Line {
				props = append(props, fmt.Sprintf("endLine=%d", p.EndLine))
			}
		}
	}
	props = append(props, "title="+ghProperty(f.Rule+" ("+string(f.Severity)+")"))
	fmt.Fprintf(buf, "::%s %s::%s\n", ghLevel(f.Severity, failOn), strings.Join(props, ","), ghData(firstNonBlank(f.Message, f.Title)))
}

// ghLevel is the annotation level of a finding of severity s under
// --fail-on: error exactly when it fails the gate, else warning for what
// would be an error or a warning, else notice.
func ghLevel(s result.Severity, failOn string) string {
	level := "notice"
	switch s {
	case result.Critical, result.High:
		level = "error"
	case result.Medium:
		level = "warning"
	}
	if failOn == "" {
		return level
	}
	if failOn == "none" {
		if level == "error" {
			return "warning"
		}
		return level
	}
	if s.AtLeast(result.Severity(failOn)) {
		return "error"
	}
	if level == "error" {
		return "warning"
	}
	return level
}

// ghData escapes a workflow command's message as the runner's toolkit
// does: %, CR and LF, so that a message cannot end the command or start
// another.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a property value: the message escapes plus ':' and
// ',', which separate properties.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
