package report

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/stackaudit/stackaudit/policies/result"
)

// writeDiffGitHub writes one GitHub Actions workflow command per new,
// unwaived finding, so that it shows as an annotation on the changed line
// of the pull request, with or without code scanning:
//
//	::error file=inventory/tools/data.hcl,line=498,title=personal-data-without-dpa::Matomo Cloud (matomo) holds …
//
// Critical and high findings are errors, medium ones warnings, low and
// info notices. Findings the base already had, and resolved ones, are not
// annotated: the pull request did not cause them.
func writeDiffGitHub(buf *bytes.Buffer, d *result.Diff, o Options) error {
	loc := diffLocator(d, o.BaseDir)
	for i := range d.FindingsNew {
		f := &d.FindingsNew[i]
		if f.Waived() {
			continue
		}
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
		fmt.Fprintf(buf, "::%s %s::%s\n", ghLevel(f.Severity), strings.Join(props, ","), ghData(firstNonBlank(f.Message, f.Title)))
	}
	return nil
}

func ghLevel(s result.Severity) string {
	switch s {
	case result.Critical, result.High:
		return "error"
	case result.Medium:
		return "warning"
	default:
		return "notice"
	}
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
